// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cedrus-dec-h264-fields: drives a stateless H.264 decoder through the
 * request API with a PAFF stream (frame_mbs_only_flag 0: each picture is a
 * frame or a pair of fields) made of synthetic control values, for the
 * decoder differential test (dec-diff), which runs it on mainline staging
 * cedrus and on cedrus-ve and compares the VE register writes. x264, the
 * only H.264 encoder of Debian's ffmpeg, codes interlaced video as MBAFF
 * frames only, never as field pictures.
 *
 * The slice payloads are filler: the VE model decodes nothing, it
 * completes each job. The control values are those a client (GStreamer,
 * FFmpeg) would send for such a stream: field POCs, DPB entries with field
 * references, reference lists of fields, explicit weights.
 *
 * The stream, 64x64 (4x4 macroblocks, fields of 4x2), pictures in decoding
 * order, each on its own CAPTURE buffer (both fields of a frame go into
 * one: the first field's OUTPUT buffer holds the CAPTURE buffer,
 * V4L2_BUF_FLAG_M2M_HOLD_CAPTURE_BUF, the second has the same timestamp):
 *   frame 0  POC 0/1  I top field (IDR) in two slices, then a P bottom
 *            field referencing the top field;
 *   frame 1  POC 8/9  P field pair: the top field references both fields
 *            of frame 0, the bottom field also the top field before it;
 *   frame 2  POC 4/5  non-reference B field pair between frames 0 and 1;
 *   frame 3  POC 12   P frame picture (PAFF switches per picture)
 *            referencing frames 1 and 0 as frames;
 *   frame 4  POC 16/17 P field pair on the CAPTURE buffer frame 0 had
 *            (frame 0 slid out of the DPB), referencing the fields of
 *            frame 3 (a frame picture) and frame 1, the bottom field
 *            with a list of 18 entries (more than 16: fields only).
 * P and B slices carry explicit weights (weighted_pred_flag 1,
 * weighted_bipred_idc 1).
 *
 * Prints "job N NAME error=E" for each job and exits with 0 when every job
 * came back without ERROR, 1 otherwise or on a setup error.
 *
 * Usage: cedrus-dec-h264-fields [/dev/videoN]; without a node, the first
 * video node of driver "cedrus" (staging cedrus and cedrus-ve both report
 * it) whose OUTPUT queue takes H264_SLICE.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/media.h>
#include <linux/videodev2.h>

#include "cedrus-dec-common.h"

const char *const dec_prog_name = "cedrus-dec-h264-fields";

#define WIDTH		64
#define HEIGHT		64
#define OUT_BUFFERS	2
#define CAP_BUFFERS	4
#define PAYLOAD_SIZE	32

/* One slice, one request. */
struct slice_job {
	const char	*name;
	/* which CAPTURE buffer, and the picture's OUTPUT timestamp (s) */
	unsigned int	cap_index;
	unsigned int	ts;
	/* not the picture's last slice: hold the CAPTURE buffer */
	bool		hold;
	struct v4l2_ctrl_h264_slice_params	slice;
	struct v4l2_ctrl_h264_decode_params	decode;
	struct v4l2_ctrl_h264_pred_weights	weights;
};

struct decoder {
	int	video_fd;
	int	media_fd;
	void	*coded[OUT_BUFFERS];
	size_t	coded_size[OUT_BUFFERS];
	unsigned int	jobs;
	unsigned int	errors;
	struct v4l2_ctrl_h264_sps	sps;
	struct v4l2_ctrl_h264_pps	pps;
};

static bool node_decodes_h264(int fd)
{
	struct v4l2_fmtdesc desc = { .type = V4L2_BUF_TYPE_VIDEO_OUTPUT };

	for (desc.index = 0; !ioctl(fd, VIDIOC_ENUM_FMT, &desc); desc.index++)
		if (desc.pixelformat == V4L2_PIX_FMT_H264_SLICE)
			return true;
	return false;
}

/* The first cedrus video node that decodes H.264: its fd. */
static int open_decoder(void)
{
	char path[32];
	int i;

	for (i = 0; i < 32; i++) {
		struct v4l2_capability cap;
		int fd;

		snprintf(path, sizeof(path), "/dev/video%d", i);
		fd = open(path, O_RDWR | O_NONBLOCK);
		if (fd < 0)
			continue;
		if (!ioctl(fd, VIDIOC_QUERYCAP, &cap) &&
		    !strcmp((const char *)cap.driver, "cedrus") &&
		    node_decodes_h264(fd)) {
			printf("node %s card=%s\n", path, (const char *)cap.card);
			return fd;
		}
		close(fd);
	}

	errno = ENODEV;
	die("no cedrus video node decoding H264_SLICE");
}

/* Interlaced main profile stream parameters: PAFF, no MBAFF. */
static void stream_init(struct decoder *dec)
{
	struct v4l2_ctrl_h264_sps *sps = &dec->sps;
	struct v4l2_ctrl_h264_pps *pps = &dec->pps;

	memset(sps, 0, sizeof(*sps));
	sps->profile_idc = 77;
	sps->level_idc = 30;
	sps->chroma_format_idc = 1;
	sps->log2_max_frame_num_minus4 = 0;
	sps->pic_order_cnt_type = 0;
	sps->log2_max_pic_order_cnt_lsb_minus4 = 2;
	sps->max_num_ref_frames = 2;
	sps->pic_width_in_mbs_minus1 = WIDTH / 16 - 1;
	/* map units are macroblock pairs: 2 of them for 4 rows */
	sps->pic_height_in_map_units_minus1 = HEIGHT / 32 - 1;
	/* direct_8x8_inference_flag must be 1 without frame_mbs_only_flag */
	sps->flags = V4L2_H264_SPS_FLAG_DIRECT_8X8_INFERENCE;

	memset(pps, 0, sizeof(*pps));
	pps->num_ref_idx_l0_default_active_minus1 = 1;
	pps->num_ref_idx_l1_default_active_minus1 = 1;
	pps->weighted_bipred_idc = 1;
	pps->pic_init_qp_minus26 = -2;
	pps->chroma_qp_index_offset = 1;
	pps->second_chroma_qp_index_offset = 1;
	pps->flags = V4L2_H264_PPS_FLAG_ENTROPY_CODING_MODE |
		     V4L2_H264_PPS_FLAG_WEIGHTED_PRED |
		     V4L2_H264_PPS_FLAG_DEBLOCKING_FILTER_CONTROL_PRESENT;
}

static void setup(struct decoder *dec, const char *node)
{
	struct v4l2_ext_control ctrl[] = {
		DEC_CTRL(V4L2_CID_STATELESS_H264_SPS, dec->sps),
		DEC_CTRL(V4L2_CID_STATELESS_H264_PPS, dec->pps),
	};
	struct v4l2_format fmt;

	mark("open");
	if (node) {
		dec->video_fd = open(node, O_RDWR | O_NONBLOCK);
		if (dec->video_fd < 0)
			die(node);
	} else {
		dec->video_fd = open_decoder();
	}
	dec->media_fd = open_media();

	if (dec_set_coded_format(dec->video_fd, &fmt, V4L2_PIX_FMT_H264_SLICE,
				 WIDTH, HEIGHT, 4096))
		die("S_FMT(OUTPUT)");

	/* As clients do: the stream's SPS before the CAPTURE buffers. */
	stream_init(dec);
	if (dec_set_ctrls(dec->video_fd, -1, ctrl, 2))
		die("S_EXT_CTRLS(SPS, PPS)");

	dec_setup_queues(dec->video_fd, OUT_BUFFERS, dec->coded,
			 dec->coded_size, CAP_BUFFERS);
}

static void set_request_ctrls(struct decoder *dec, int req_fd,
			      const struct slice_job *job)
{
	struct v4l2_ext_control ctrl[] = {
		DEC_CTRL(V4L2_CID_STATELESS_H264_SPS, dec->sps),
		DEC_CTRL(V4L2_CID_STATELESS_H264_PPS, dec->pps),
		DEC_CTRL(V4L2_CID_STATELESS_H264_SLICE_PARAMS, job->slice),
		DEC_CTRL(V4L2_CID_STATELESS_H264_DECODE_PARAMS, job->decode),
		DEC_CTRL(V4L2_CID_STATELESS_H264_PRED_WEIGHTS, job->weights),
	};
	/* I slices carry no weight table */
	bool weights = job->slice.slice_type != V4L2_H264_SLICE_TYPE_I;

	if (dec_set_ctrls(dec->video_fd, req_fd, ctrl, weights ? 5 : 4))
		die("S_EXT_CTRLS(request)");
}

/*
 * The slice NAL unit: a header byte (nal_unit_type 1 or 5), then filler
 * standing for the slice header and data; the VE model reads none of it.
 */
static void fill_payload(uint8_t *data, const struct slice_job *job)
{
	unsigned int i;

	data[0] = (job->decode.nal_ref_idc << 5) |
		  (job->decode.flags & V4L2_H264_DECODE_PARAM_FLAG_IDR_PIC ?
		   5 : 1);
	for (i = 1; i < PAYLOAD_SIZE; i++)
		data[i] = 0x5a ^ (i * 7) ^ job->ts;
}

/* Waits for the request to complete (its OUTPUT buffer is done). */
static void wait_request(int req_fd)
{
	struct pollfd pfd = { .fd = req_fd, .events = POLLPRI };

	if (poll(&pfd, 1, TIMEOUT_MS) <= 0) {
		errno = ETIMEDOUT;
		die("request did not complete");
	}
}

static void run_job(struct decoder *dec, const struct slice_job *job)
{
	unsigned int out_index = dec->jobs % OUT_BUFFERS;
	struct v4l2_buffer out, cap;
	bool error = false;
	int req_fd;

	mark(job->name);
	req_fd = dec_request_alloc(dec->media_fd);
	set_request_ctrls(dec, req_fd, job);
	fill_payload(dec->coded[out_index], job);

	dec_output_buffer(&out, out_index, PAYLOAD_SIZE, req_fd);
	dec_capture_buffer(&cap, job->cap_index);
	if (job->hold)
		out.flags |= V4L2_BUF_FLAG_M2M_HOLD_CAPTURE_BUF;
	out.timestamp.tv_sec = job->ts;

	/* The first job of a picture queues its CAPTURE buffer. */
	if (job->slice.first_mb_in_slice == 0 &&
	    !(job->decode.flags & V4L2_H264_DECODE_PARAM_FLAG_BOTTOM_FIELD)) {
		if (ioctl(dec->video_fd, VIDIOC_QBUF, &cap))
			die("QBUF(CAPTURE)");
	}

	if (ioctl(dec->video_fd, VIDIOC_QBUF, &out))
		die("QBUF(OUTPUT)");
	if (ioctl(req_fd, MEDIA_REQUEST_IOC_QUEUE))
		die("MEDIA_REQUEST_IOC_QUEUE");

	if (job->hold) {
		wait_request(req_fd);
	} else {
		/* The picture's last job: its CAPTURE buffer comes back. */
		struct pollfd pfd = { .fd = dec->video_fd, .events = POLLIN };

		if (poll(&pfd, 1, TIMEOUT_MS) <= 0) {
			errno = ETIMEDOUT;
			die("picture did not come back");
		}
		if (ioctl(dec->video_fd, VIDIOC_DQBUF, &cap))
			die("DQBUF(CAPTURE)");
		error = cap.flags & V4L2_BUF_FLAG_ERROR;
		if (cap.index != job->cap_index) {
			errno = EPROTO;
			die("another CAPTURE buffer came back");
		}
	}
	dqbuf_output(dec->video_fd, V4L2_MEMORY_MMAP);
	close(req_fd);

	printf("job %u %s error=%d\n", dec->jobs, job->name, error);
	fflush(stdout);
	dec->jobs++;
	if (error)
		dec->errors++;
}

/* reference_ts of the picture whose OUTPUT timestamp is @ts seconds */
static uint64_t ts_ns(unsigned int ts)
{
	return ts * 1000000000ULL;
}

/* Explicit weights differing per list entry, so that every word counts. */
static void weights_set(struct v4l2_ctrl_h264_pred_weights *w,
			unsigned int refs0, unsigned int refs1, int seed)
{
	unsigned int list, i;

	memset(w, 0, sizeof(*w));
	w->luma_log2_weight_denom = 5;
	w->chroma_log2_weight_denom = 4;
	for (list = 0; list < 2; list++) {
		struct v4l2_h264_weight_factors *f = &w->weight_factors[list];
		unsigned int refs = list ? refs1 : refs0;

		for (i = 0; i < refs; i++) {
			int k = seed + 3 * (int)i + 11 * (int)list;

			f->luma_weight[i] = 32 + k;
			f->luma_offset[i] = -k;
			f->chroma_weight[i][0] = 16 - k;
			f->chroma_offset[i][0] = k - 2;
			f->chroma_weight[i][1] = 17 + k;
			f->chroma_offset[i][1] = -2 * k;
		}
	}
}

enum { FRAME, TOP, BOTTOM };

/*
 * A DPB entry: the picture of OUTPUT timestamp @ts (0: the entry is
 * unused), its frame_num and POCs, which of its fields are references,
 * and whether it was decoded as field pictures.
 */
struct dpb_pic {
	uint8_t	ts;
	uint8_t	frame_num;
	uint8_t	top_poc;
	uint8_t	bottom_poc;
	uint8_t	fields;
	bool	field_pic;
};

/* A reference list entry: a DPB index and its field(s); fields 0 ends. */
struct list_ref {
	uint8_t	index;
	uint8_t	fields;
};

/*
 * One slice job of the stream: the picture of OUTPUT timestamp @ts on
 * CAPTURE buffer @cap, a FRAME, TOP or BOTTOM field picture; the picture
 * order count lsb is the POC of that field (the top one of a frame).
 * P and B slices carry explicit weights from @seed.
 */
struct slice_desc {
	const char	*name;
	uint8_t		ts;
	uint8_t		cap;
	uint8_t		frame_num;
	uint8_t		field;
	uint8_t		slice_type;
	uint8_t		nal_ref_idc;
	uint8_t		top_poc;
	uint8_t		bottom_poc;
	bool		idr;
	bool		hold;
	bool		direct_spatial;
	uint8_t		first_mb;
	int		seed;
	struct dpb_pic	dpb[3];
	struct list_ref	l0[18];
	struct list_ref	l1[2];
};

#define SLICE(n, t, c, fn, fld, type, ref_idc, top, bottom)		\
	.name = (n), .ts = (t), .cap = (c), .frame_num = (fn),		\
	.field = (fld), .slice_type = V4L2_H264_SLICE_TYPE_##type,	\
	.nal_ref_idc = (ref_idc), .top_poc = (top), .bottom_poc = (bottom)
#define REF_TOP		V4L2_H264_TOP_FIELD_REF
#define REF_BOTTOM	V4L2_H264_BOTTOM_FIELD_REF
#define REF_FRAME	V4L2_H264_FRAME_REF

/* The stream of the header comment, in decoding order. */
static const struct slice_desc stream[] = {
	/* Frame 0 (ts 1, POC 0/1): IDR I top field in two slices. */
	{ SLICE("f0_top_i_slice0", 1, 0, 0, TOP, I, 3, 0, 0),
	  .idr = true, .hold = true },
	/* second slice: field macroblock row 1 (first_mb 4, y 1) */
	{ SLICE("f0_top_i_slice1", 1, 0, 0, TOP, I, 3, 0, 0),
	  .idr = true, .hold = true, .first_mb = WIDTH / 16 },
	/* P bottom field: its list 0 is the top field of this frame. */
	{ SLICE("f0_bottom_p", 1, 0, 0, BOTTOM, P, 2, 0, 1), .seed = 1,
	  .dpb = { { 1, 0, 0, 0, REF_TOP, true } },
	  .l0 = { { 0, REF_TOP } } },
	/*
	 * Frame 1 (ts 2, POC 8/9): P top field, both fields of frame 0, the
	 * same parity first (8.2.4.2.5).
	 */
	{ SLICE("f1_top_p", 2, 1, 1, TOP, P, 2, 8, 0), .seed = 2, .hold = true,
	  .dpb = { { 1, 0, 0, 1, REF_FRAME, true } },
	  .l0 = { { 0, REF_TOP }, { 0, REF_BOTTOM } } },
	/* P bottom field: its own top field first, then frame 0's. */
	{ SLICE("f1_bottom_p", 2, 1, 1, BOTTOM, P, 2, 8, 9), .seed = 3,
	  .dpb = { { 1, 0, 0, 1, REF_FRAME, true },
		   { 2, 1, 8, 0, REF_TOP, true } },
	  .l0 = { { 0, REF_BOTTOM }, { 1, REF_TOP }, { 0, REF_TOP } } },
	/* Frame 2 (ts 3, POC 4/5): non-reference B field pair. */
	{ SLICE("f2_top_b", 3, 2, 2, TOP, B, 0, 4, 0), .seed = 4, .hold = true,
	  .direct_spatial = true,
	  .dpb = { { 1, 0, 0, 1, REF_FRAME, true },
		   { 2, 1, 8, 9, REF_FRAME, true } },
	  .l0 = { { 0, REF_TOP }, { 0, REF_BOTTOM } },
	  .l1 = { { 1, REF_TOP }, { 1, REF_BOTTOM } } },
	{ SLICE("f2_bottom_b", 3, 2, 2, BOTTOM, B, 0, 4, 5), .seed = 5,
	  .dpb = { { 1, 0, 0, 1, REF_FRAME, true },
		   { 2, 1, 8, 9, REF_FRAME, true } },
	  .l0 = { { 0, REF_BOTTOM }, { 0, REF_TOP } },
	  .l1 = { { 1, REF_BOTTOM }, { 1, REF_TOP } } },
	/* Frame 3 (ts 4, POC 12/12): a P frame picture. */
	{ SLICE("f3_frame_p", 4, 3, 2, FRAME, P, 1, 12, 12), .seed = 6,
	  .dpb = { { 1, 0, 0, 1, REF_FRAME, true },
		   { 2, 1, 8, 9, REF_FRAME, true } },
	  .l0 = { { 1, REF_FRAME }, { 0, REF_FRAME } } },
	/*
	 * Frame 4 (ts 5, POC 16/17) on CAPTURE buffer 0: frame 0 slid out
	 * (max_num_ref_frames 2). Fields of frame 3, a frame picture.
	 */
	{ SLICE("f4_top_p", 5, 0, 3, TOP, P, 1, 16, 0), .seed = 7, .hold = true,
	  .dpb = { { 2, 1, 8, 9, REF_FRAME, true },
		   { 4, 2, 12, 12, REF_FRAME, false } },
	  .l0 = { { 1, REF_TOP }, { 1, REF_BOTTOM }, { 0, REF_TOP } } },
	/*
	 * 18 entries: only field pictures have lists longer than 16 (up to
	 * 32), here through reordering commands naming fields again.
	 */
	{ SLICE("f4_bottom_p", 5, 0, 3, BOTTOM, P, 1, 16, 17), .seed = 8,
	  .dpb = { { 2, 1, 8, 9, REF_FRAME, true },
		   { 4, 2, 12, 12, REF_FRAME, false },
		   { 5, 3, 16, 0, REF_TOP, true } },
	  .l0 = { { 2, REF_TOP }, { 1, REF_BOTTOM }, { 1, REF_TOP },
		  { 0, REF_BOTTOM }, { 2, REF_TOP }, { 1, REF_BOTTOM },
		  { 1, REF_TOP }, { 0, REF_BOTTOM }, { 2, REF_TOP },
		  { 1, REF_BOTTOM }, { 1, REF_TOP }, { 0, REF_BOTTOM },
		  { 2, REF_TOP }, { 1, REF_BOTTOM }, { 1, REF_TOP },
		  { 0, REF_BOTTOM }, { 2, REF_TOP }, { 1, REF_BOTTOM } } },
};

/* Copies reference list @refs (up to @max entries): how many it has. */
static unsigned int list_set(struct v4l2_h264_reference *list,
			     const struct list_ref *refs, unsigned int max)
{
	unsigned int n;

	for (n = 0; n < max && refs[n].fields; n++) {
		list[n].index = refs[n].index;
		list[n].fields = refs[n].fields;
	}
	return n;
}

/* The controls of slice job @d. */
static void job_prepare(struct slice_job *job, const struct slice_desc *d)
{
	struct v4l2_ctrl_h264_decode_params *decode = &job->decode;
	struct v4l2_ctrl_h264_slice_params *slice = &job->slice;
	unsigned int i, refs0, refs1;

	memset(job, 0, sizeof(*job));
	job->name = d->name;
	job->ts = d->ts;
	job->cap_index = d->cap;
	job->hold = d->hold;

	slice->header_bit_size = 29 + 3 * d->ts;
	slice->first_mb_in_slice = d->first_mb;
	slice->slice_type = d->slice_type;
	slice->slice_qp_delta = (int)d->ts - 2;
	slice->disable_deblocking_filter_idc = d->ts % 3;
	slice->slice_alpha_c0_offset_div2 = 1;
	slice->slice_beta_offset_div2 = -1;
	slice->cabac_init_idc = d->ts % 3;
	if (d->direct_spatial)
		slice->flags |= V4L2_H264_SLICE_FLAG_DIRECT_SPATIAL_MV_PRED;

	decode->nal_ref_idc = d->nal_ref_idc;
	decode->frame_num = d->frame_num;
	decode->top_field_order_cnt = d->top_poc;
	decode->bottom_field_order_cnt = d->bottom_poc;
	decode->pic_order_cnt_lsb = d->field == BOTTOM ? d->bottom_poc :
							 d->top_poc;
	if (d->idr)
		decode->flags |= V4L2_H264_DECODE_PARAM_FLAG_IDR_PIC;
	if (d->field != FRAME)
		decode->flags |= V4L2_H264_DECODE_PARAM_FLAG_FIELD_PIC;
	if (d->field == BOTTOM)
		decode->flags |= V4L2_H264_DECODE_PARAM_FLAG_BOTTOM_FIELD;
	if (d->slice_type == V4L2_H264_SLICE_TYPE_P)
		decode->flags |= V4L2_H264_DECODE_PARAM_FLAG_PFRAME;
	if (d->slice_type == V4L2_H264_SLICE_TYPE_B)
		decode->flags |= V4L2_H264_DECODE_PARAM_FLAG_BFRAME;

	for (i = 0; i < 3 && d->dpb[i].ts; i++) {
		struct v4l2_h264_dpb_entry *e = &decode->dpb[i];

		e->reference_ts = ts_ns(d->dpb[i].ts);
		e->frame_num = d->dpb[i].frame_num;
		e->pic_num = d->dpb[i].frame_num;
		e->fields = d->dpb[i].fields;
		e->top_field_order_cnt = d->dpb[i].top_poc;
		e->bottom_field_order_cnt = d->dpb[i].bottom_poc;
		e->flags = V4L2_H264_DPB_ENTRY_FLAG_VALID |
			   V4L2_H264_DPB_ENTRY_FLAG_ACTIVE;
		if (d->dpb[i].field_pic)
			e->flags |= V4L2_H264_DPB_ENTRY_FLAG_FIELD;
	}

	refs0 = list_set(slice->ref_pic_list0, d->l0, 18);
	refs1 = list_set(slice->ref_pic_list1, d->l1, 2);
	if (refs0)
		slice->num_ref_idx_l0_active_minus1 = refs0 - 1;
	if (refs1)
		slice->num_ref_idx_l1_active_minus1 = refs1 - 1;
	if (d->slice_type != V4L2_H264_SLICE_TYPE_I)
		weights_set(&job->weights, refs0, refs1, d->seed);
}

static void run_stream(struct decoder *dec)
{
	struct slice_job job;
	unsigned int i;

	for (i = 0; i < sizeof(stream) / sizeof(stream[0]); i++) {
		job_prepare(&job, &stream[i]);
		run_job(dec, &job);
	}
}

int main(int argc, char **argv)
{
	struct decoder dec;

	if (argc > 2) {
		fprintf(stderr, "usage: %s [/dev/videoN]\n", argv[0]);
		return 1;
	}

	memset(&dec, 0, sizeof(dec));
	setup(&dec, argc == 2 ? argv[1] : NULL);
	run_stream(&dec);

	printf("jobs=%u errors=%u\n", dec.jobs, dec.errors);
	return dec.errors ? 1 : 0;
}
