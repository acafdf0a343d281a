/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cedrus VE driver: tracepoints of the job flow shared by every engine
 * (job run and finish, with the engine's name) and of VE resets.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM cedrus

#if !defined(_CEDRUS_TRACE_H_) || defined(TRACE_HEADER_MULTI_READ)
#define _CEDRUS_TRACE_H_

#include <linux/tracepoint.h>

TRACE_EVENT(cedrus_job_run,
	TP_PROTO(const char *engine, const void *ctx, u32 out_seq,
		 u32 cap_seq),
	TP_ARGS(engine, ctx, out_seq, cap_seq),
	TP_STRUCT__entry(
		__string(engine, engine)
		__field(const void *, ctx)
		__field(u32, out_seq)
		__field(u32, cap_seq)
	),
	TP_fast_assign(
		__assign_str(engine);
		__entry->ctx = ctx;
		__entry->out_seq = out_seq;
		__entry->cap_seq = cap_seq;
	),
	TP_printk("%s ctx %p OUTPUT #%u CAPTURE #%u", __get_str(engine),
		  __entry->ctx, __entry->out_seq, __entry->cap_seq)
);

TRACE_EVENT(cedrus_job_finish,
	TP_PROTO(const char *engine, const void *ctx, int state, bool last),
	TP_ARGS(engine, ctx, state, last),
	TP_STRUCT__entry(
		__string(engine, engine)
		__field(const void *, ctx)
		__field(int, state)
		__field(bool, last)
	),
	TP_fast_assign(
		__assign_str(engine);
		__entry->ctx = ctx;
		__entry->state = state;
		__entry->last = last;
	),
	TP_printk("%s ctx %p %s%s", __get_str(engine), __entry->ctx,
		  __entry->state == VB2_BUF_STATE_DONE ? "done" : "error",
		  __entry->last ? " (last of drain)" : "")
);

TRACE_EVENT(cedrus_ve_reset,
	TP_PROTO(const char *reason),
	TP_ARGS(reason),
	TP_STRUCT__entry(
		__string(reason, reason)
	),
	TP_fast_assign(
		__assign_str(reason);
	),
	TP_printk("%s", __get_str(reason))
);

#endif /* _CEDRUS_TRACE_H_ */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE cedrus_trace
#include <trace/define_trace.h>
