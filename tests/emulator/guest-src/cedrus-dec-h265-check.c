// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cedrus-dec-h265-check: guest test program for the cedrus H.265 decode
 * engine, run on the emulated board. The VE model completes decode jobs
 * with the success status and the interrupt but decodes nothing (no pixel
 * is written); it does return bitstream bits to SHOW_BITS, which the
 * driver uses to find the end of the slice segment header. This checks:
 * - control validation: every malformed SPS, PPS, slice or decode
 *   parameter the driver or the control framework must refuse is refused
 *   by VIDIOC_TRY_EXT_CTRLS with EINVAL, one case per line ("ctrl_*");
 * - job validation: requests whose values only make sense against other
 *   controls, the format or the buffers are failed before the hardware
 *   runs: the CAPTURE buffer comes back with ERROR at once ("job_*" with
 *   error=1);
 * - valid requests reach the hardware and come back DONE ("job_*" with
 *   error=0), through the VE's interrupt (no 2 s watchdog);
 * - a stream in one context: pictures of two slice segments each (the
 *   first held with V4L2_BUF_FLAG_M2M_HOLD_CAPTURE_BUF), an IDR, then P
 *   pictures referencing the picture before and B pictures referencing
 *   the two before through the DPB; every picture must come back DONE
 *   ("stream" line).
 *
 * With --ten-bit (a board whose VE has the H6 variant, 10-bit HEVC), only
 * the 10-bit path instead ("ten_bit_*" lines): the CAPTURE format's
 * sizeimage as the SPS's bit depth goes 8 -> 10 -> 8 -> 10 before any
 * buffer (the host checks the 2-bit area is added and removed), a 12-bit
 * SPS refused, the CAPTURE buffers' length, a 10-bit and an 8-bit picture
 * DONE in those buffers, and, in a second context whose CAPTURE buffers
 * were allocated for 8 bits, a 10-bit SPS refused.
 *
 * Prints one line per check: "NAME key=value ...". The guest script turns
 * them into summary.txt, the host check judges them. Exit code 0 when the
 * program ran to the end (the verdict is the host's), 1 on a setup error.
 *
 * Usage: cedrus-dec-h265-check [--frames N | --ten-bit] /dev/videoN
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
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/media.h>
#include <linux/videodev2.h>

#include "cedrus-dec-common.h"

const char *const dec_prog_name = "cedrus-dec-h265-check";

/* 64x64 luma samples: 4x4 CTBs of 16, or 1x1 CTB of 64. */
#define WIDTH		64
#define HEIGHT		64
#define CTB_LOG2	4
#define CTBS		((WIDTH >> CTB_LOG2) * (HEIGHT >> CTB_LOG2))
#define OUT_BUFFERS	2
#define CAP_BUFFERS	4
#define STREAM_FRAMES	12

struct decoder {
	int		video_fd;
	int		media_fd;
	void		*coded[OUT_BUFFERS];
	size_t		coded_size[OUT_BUFFERS];
	unsigned int	out_index;
	unsigned int	cap_index;
	unsigned int	sequence;
};

/* Main profile, 8-bit 4:2:0, 16x16 CTBs, 8x8 minimum CBs, 4x4..16x16 TBs. */
static void sps_init(struct v4l2_ctrl_hevc_sps *sps)
{
	memset(sps, 0, sizeof(*sps));
	sps->pic_width_in_luma_samples = WIDTH;
	sps->pic_height_in_luma_samples = HEIGHT;
	sps->chroma_format_idc = 1;
	sps->log2_max_pic_order_cnt_lsb_minus4 = 4;
	sps->sps_max_dec_pic_buffering_minus1 = 2;
	sps->log2_min_luma_coding_block_size_minus3 = 0;
	sps->log2_diff_max_min_luma_coding_block_size = CTB_LOG2 - 3;
	sps->log2_min_luma_transform_block_size_minus2 = 0;
	sps->log2_diff_max_min_luma_transform_block_size = 2;
	sps->max_transform_hierarchy_depth_inter = 1;
	sps->max_transform_hierarchy_depth_intra = 1;
	sps->flags = V4L2_HEVC_SPS_FLAG_SAMPLE_ADAPTIVE_OFFSET |
		     V4L2_HEVC_SPS_FLAG_SPS_TEMPORAL_MVP_ENABLED |
		     V4L2_HEVC_SPS_FLAG_STRONG_INTRA_SMOOTHING_ENABLED;
}

static void pps_init(struct v4l2_ctrl_hevc_pps *pps)
{
	memset(pps, 0, sizeof(*pps));
	pps->init_qp_minus26 = 4;
	pps->flags = V4L2_HEVC_PPS_FLAG_PPS_LOOP_FILTER_ACROSS_SLICES_ENABLED;
}

/*
 * A slice segment NAL unit: 2-byte NAL header, slice header bytes, the
 * byte holding the last header bits and the alignment bit (0xa8: three
 * header bits, then 1, then zeros), then slice data. data_byte_offset 5.
 */
#define SLICE_DATA_OFFSET	5
static const uint8_t slice_nal[24] = {
	0x26, 0x01, 0xaf, 0x1c, 0xa8, 0x5a, 0x33, 0x0f,
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xf0, 0x80,
};

static void slice_init(struct v4l2_ctrl_hevc_slice_params *slice)
{
	memset(slice, 0, sizeof(*slice));
	slice->bit_size = sizeof(slice_nal) * 8;
	slice->data_byte_offset = SLICE_DATA_OFFSET;
	slice->nal_unit_type = 19;	/* IDR_W_RADL */
	slice->nuh_temporal_id_plus1 = 1;
	slice->slice_type = V4L2_HEVC_SLICE_TYPE_I;
	slice->five_minus_max_num_merge_cand = 0;
	slice->flags = V4L2_HEVC_SLICE_PARAMS_FLAG_SLICE_SAO_LUMA |
		       V4L2_HEVC_SLICE_PARAMS_FLAG_SLICE_SAO_CHROMA;
}

static void check_ctrl(struct decoder *dec, const char *name, uint32_t id,
		       void *data, uint32_t size)
{
	int err;

	mark(name);
	err = try_ctrl(dec->video_fd, id, data, size);
	printf("%s errno=%d\n", name, err);
	fflush(stdout);
}

#define CHECK_SPS(name, field_change)					\
	do {								\
		struct v4l2_ctrl_hevc_sps sps;				\
		sps_init(&sps);						\
		field_change;						\
		check_ctrl(dec, name, V4L2_CID_STATELESS_HEVC_SPS,	\
			   &sps, sizeof(sps));				\
	} while (0)

#define CHECK_PPS(name, field_change)					\
	do {								\
		struct v4l2_ctrl_hevc_pps pps;				\
		pps_init(&pps);						\
		field_change;						\
		check_ctrl(dec, name, V4L2_CID_STATELESS_HEVC_PPS,	\
			   &pps, sizeof(pps));				\
	} while (0)

#define CHECK_SLICE(name, field_change)					\
	do {								\
		struct v4l2_ctrl_hevc_slice_params slice;		\
		slice_init(&slice);					\
		field_change;						\
		check_ctrl(dec, name,					\
			   V4L2_CID_STATELESS_HEVC_SLICE_PARAMS,	\
			   &slice, sizeof(slice));			\
	} while (0)

/* One line per value the driver (or the control framework) refuses. */
static void check_ctrl_validation(struct decoder *dec)
{
	struct v4l2_ctrl_hevc_decode_params decode;

	CHECK_SPS("ctrl_sps_valid", (void)0);
	CHECK_SPS("ctrl_sps_422", sps.chroma_format_idc = 2);
	CHECK_SPS("ctrl_sps_separate_planes",
		  sps.flags |= V4L2_HEVC_SPS_FLAG_SEPARATE_COLOUR_PLANE);
	/* The H3 decodes 8 bits only; only the H6 has 10-bit HEVC. */
	CHECK_SPS("ctrl_sps_10bit_without_h6",
		  sps.bit_depth_luma_minus8 = sps.bit_depth_chroma_minus8 = 2);
	CHECK_SPS("ctrl_sps_depth_mismatch", sps.bit_depth_chroma_minus8 = 1);
	CHECK_SPS("ctrl_sps_zero_width", sps.pic_width_in_luma_samples = 0);
	CHECK_SPS("ctrl_sps_too_wide", sps.pic_width_in_luma_samples = 4104);
	CHECK_SPS("ctrl_sps_too_high", sps.pic_height_in_luma_samples = 2312);
	CHECK_SPS("ctrl_sps_ctb_128",
		  sps.log2_diff_max_min_luma_coding_block_size = 4);
	CHECK_SPS("ctrl_sps_ctb_8",
		  sps.log2_diff_max_min_luma_coding_block_size = 0);
	CHECK_SPS("ctrl_sps_width_not_min_cb", sps.pic_width_in_luma_samples = 68);
	CHECK_SPS("ctrl_sps_min_tb_not_below_min_cb",
		  sps.log2_min_luma_transform_block_size_minus2 = 1;
		  sps.log2_diff_max_min_luma_transform_block_size = 0);
	CHECK_SPS("ctrl_sps_max_tb_64",
		  sps.log2_diff_max_min_luma_coding_block_size = 3;
		  sps.log2_diff_max_min_luma_transform_block_size = 4);
	CHECK_SPS("ctrl_sps_tree_depth",
		  sps.max_transform_hierarchy_depth_intra = 3);
	CHECK_SPS("ctrl_sps_pcm_depth",
		  sps.flags |= V4L2_HEVC_SPS_FLAG_PCM_ENABLED;
		  sps.pcm_sample_bit_depth_luma_minus1 = 8);

	CHECK_PPS("ctrl_pps_valid", (void)0);
	CHECK_PPS("ctrl_pps_init_qp_52", pps.init_qp_minus26 = 26);
	CHECK_PPS("ctrl_pps_cu_qp_depth_4",
		  pps.flags |= V4L2_HEVC_PPS_FLAG_CU_QP_DELTA_ENABLED;
		  pps.diff_cu_qp_delta_depth = 4);
	CHECK_PPS("ctrl_pps_cb_offset_13", pps.pps_cb_qp_offset = 13);
	CHECK_PPS("ctrl_pps_cr_offset_m13", pps.pps_cr_qp_offset = -13);
	CHECK_PPS("ctrl_pps_beta_7", pps.pps_beta_offset_div2 = 7);
	CHECK_PPS("ctrl_pps_merge_level_7",
		  pps.log2_parallel_merge_level_minus2 = 5);
	CHECK_PPS("ctrl_pps_tile_columns_21",
		  pps.flags |= V4L2_HEVC_PPS_FLAG_TILES_ENABLED;
		  pps.num_tile_columns_minus1 = 20);
	CHECK_PPS("ctrl_pps_tile_rows_23",
		  pps.flags |= V4L2_HEVC_PPS_FLAG_TILES_ENABLED;
		  pps.num_tile_rows_minus1 = 22);

	CHECK_SLICE("ctrl_slice_valid", (void)0);
	CHECK_SLICE("ctrl_slice_type_3", slice.slice_type = 3);
	CHECK_SLICE("ctrl_slice_l0_17_refs",
		    slice.slice_type = V4L2_HEVC_SLICE_TYPE_P;
		    slice.num_ref_idx_l0_active_minus1 = 16);
	CHECK_SLICE("ctrl_slice_l1_17_refs",
		    slice.slice_type = V4L2_HEVC_SLICE_TYPE_B;
		    slice.num_ref_idx_l1_active_minus1 = 16);
	CHECK_SLICE("ctrl_slice_merge_cand_0",
		    slice.five_minus_max_num_merge_cand = 5);
	CHECK_SLICE("ctrl_slice_colour_plane_1", slice.colour_plane_id = 1);
	CHECK_SLICE("ctrl_slice_cb_offset_13", slice.slice_cb_qp_offset = 13);
	CHECK_SLICE("ctrl_slice_tc_m7", slice.slice_tc_offset_div2 = -7);
	CHECK_SLICE("ctrl_slice_pic_struct_13", slice.pic_struct = 13);
	CHECK_SLICE("ctrl_slice_entry_points_257",
		    slice.num_entry_point_offsets = 257);
	CHECK_SLICE("ctrl_slice_luma_denom_8",
		    slice.pred_weight_table.luma_log2_weight_denom = 8);
	CHECK_SLICE("ctrl_slice_chroma_denom_m1",
		    slice.pred_weight_table.luma_log2_weight_denom = 1;
		    slice.pred_weight_table.delta_chroma_log2_weight_denom = -2);

	memset(&decode, 0, sizeof(decode));
	decode.num_active_dpb_entries = 17;
	check_ctrl(dec, "ctrl_decode_dpb_17",
		   V4L2_CID_STATELESS_HEVC_DECODE_PARAMS, &decode,
		   sizeof(decode));
}

static void set_output_format(struct decoder *dec)
{
	struct v4l2_format fmt;

	if (dec_set_coded_format(dec->video_fd, &fmt, V4L2_PIX_FMT_HEVC_SLICE,
				 WIDTH, HEIGHT, 4096))
		die("S_FMT(OUTPUT)");
	if (fmt.fmt.pix.pixelformat != V4L2_PIX_FMT_HEVC_SLICE) {
		errno = EINVAL;
		die("S_FMT(OUTPUT) did not take HEVC_SLICE");
	}
}

static void setup_queues(struct decoder *dec)
{
	set_output_format(dec);
	dec_setup_queues(dec->video_fd, OUT_BUFFERS, dec->coded,
			 dec->coded_size, CAP_BUFFERS);
}

/* One slice segment request: its controls and payload. */
struct job {
	const char				*name;
	struct v4l2_ctrl_hevc_sps		sps;
	struct v4l2_ctrl_hevc_pps		pps;
	struct v4l2_ctrl_hevc_slice_params	slice;
	struct v4l2_ctrl_hevc_decode_params	decode;
	uint32_t				entry_points[4];
	unsigned int				entry_count;
	const uint8_t				*data;
	unsigned int				size;
	bool					zeroed;	/* all-zero payload */
	bool					hold;	/* more slices follow */
};

static void job_init(struct job *job, const char *name)
{
	memset(job, 0, sizeof(*job));
	job->name = name;
	sps_init(&job->sps);
	pps_init(&job->pps);
	slice_init(&job->slice);
	job->data = slice_nal;
	job->size = sizeof(slice_nal);
}

static void set_request_ctrls(struct decoder *dec, int req_fd,
			      const struct job *job)
{
	struct v4l2_ext_control ctrl[] = {
		DEC_CTRL(V4L2_CID_STATELESS_HEVC_SPS, job->sps),
		DEC_CTRL(V4L2_CID_STATELESS_HEVC_PPS, job->pps),
		DEC_CTRL(V4L2_CID_STATELESS_HEVC_SLICE_PARAMS, job->slice),
		DEC_CTRL(V4L2_CID_STATELESS_HEVC_DECODE_PARAMS, job->decode),
		/* only with entry points */
		DEC_CTRL(V4L2_CID_STATELESS_HEVC_ENTRY_POINT_OFFSETS,
			 job->entry_points),
	};

	ctrl[4].size = job->entry_count * sizeof(uint32_t);
	if (dec_set_ctrls(dec->video_fd, req_fd, ctrl,
			  job->entry_count ? 5 : 4))
		die("S_EXT_CTRLS(request)");
}

/* Wait for @events on the node, or die naming @job. */
static void wait_events(struct decoder *dec, short events, const char *job)
{
	struct pollfd pfd = { .fd = dec->video_fd, .events = events };

	if (poll(&pfd, 1, TIMEOUT_MS) <= 0) {
		printf("%s returned=0\n", job);
		fflush(stdout);
		errno = ETIMEDOUT;
		die("job did not finish");
	}
}

/*
 * Queue one slice segment in a request; its OUTPUT buffer carries
 * @timestamp (the slices of a picture share it). Unless the slice is held
 * (more slices of the picture follow), the picture's CAPTURE buffer is
 * queued with the first slice and dequeued after the last: returns
 * whether it came back with ERROR.
 */
static bool submit_slice(struct decoder *dec, const struct job *job,
			 bool first, uint64_t timestamp_s)
{
	unsigned int index = dec->out_index++ % OUT_BUFFERS;
	int req_fd = dec_request_alloc(dec->media_fd);
	struct v4l2_buffer out, cap;

	dec_output_buffer(&out, index,
			  job->zeroed ? dec->coded_size[index] : job->size,
			  req_fd);
	if (job->hold)
		out.flags |= V4L2_BUF_FLAG_M2M_HOLD_CAPTURE_BUF;
	dec_capture_buffer(&cap, dec->cap_index % CAP_BUFFERS);
	set_request_ctrls(dec, req_fd, job);

	if (job->zeroed)
		memset(dec->coded[index], 0, dec->coded_size[index]);
	else
		memcpy(dec->coded[index], job->data, job->size);
	out.timestamp.tv_sec = timestamp_s;
	if (ioctl(dec->video_fd, VIDIOC_QBUF, &out))
		die("QBUF(OUTPUT)");
	if (first && ioctl(dec->video_fd, VIDIOC_QBUF, &cap))
		die("QBUF(CAPTURE)");
	if (ioctl(req_fd, MEDIA_REQUEST_IOC_QUEUE))
		die("MEDIA_REQUEST_IOC_QUEUE");

	/* The OUTPUT buffer comes back when its job is done. */
	wait_events(dec, POLLOUT, job->name);
	out.flags = 0;
	if (ioctl(dec->video_fd, VIDIOC_DQBUF, &out))
		die("DQBUF(OUTPUT)");
	close(req_fd);

	if (job->hold)
		return false;

	wait_events(dec, POLLIN, job->name);
	if (ioctl(dec->video_fd, VIDIOC_DQBUF, &cap))
		die("DQBUF(CAPTURE)");
	dec->cap_index++;
	return cap.flags & V4L2_BUF_FLAG_ERROR;
}

/* A one-slice picture: prints the CAPTURE flags and the time it took. */
static void run_job(struct decoder *dec, const struct job *job)
{
	long start = now_ms();
	bool error;

	mark(job->name);
	error = submit_slice(dec, job, true, ++dec->sequence);
	printf("%s returned=1 error=%d ms=%ld\n", job->name, error,
	       now_ms() - start);
	fflush(stdout);
}

/* A P slice whose list 0 names DPB entry 0 (the buffer of @ref_ts s). */
static void job_p(struct job *job, const char *name, uint64_t ref_ts)
{
	job_init(job, name);
	job->slice.nal_unit_type = 1;	/* TRAIL_R */
	job->slice.slice_type = V4L2_HEVC_SLICE_TYPE_P;
	job->slice.slice_pic_order_cnt = 2;
	job->decode.pic_order_cnt_val = 2;
	job->decode.num_active_dpb_entries = 1;
	job->decode.num_poc_st_curr_before = 1;
	job->decode.dpb[0].timestamp = ref_ts * 1000000000ULL;
	job->decode.dpb[0].pic_order_cnt_val = 0;
}

static void check_jobs(struct decoder *dec)
{
	struct job job;

	/* Valid: reach the VE, DONE. */
	job_init(&job, "job_idr_valid");
	run_job(dec, &job);

	/* A DPB entry naming no buffer: pointed at the output picture. */
	job_p(&job, "job_dpb_without_buffer", 0xdead);
	run_job(dec, &job);

	/* Wavefronts: one entry point per CTB row after the first. */
	job_init(&job, "job_wpp_valid");
	job.pps.flags |= V4L2_HEVC_PPS_FLAG_ENTROPY_CODING_SYNC_ENABLED;
	job.slice.num_entry_point_offsets = 3;
	job.entry_count = 3;
	job.entry_points[0] = 1;
	job.entry_points[1] = 2;
	job.entry_points[2] = 3;
	run_job(dec, &job);

	/* Tiles: 2x2 tiles of 2x2 CTBs, one entry point per further tile. */
	job_init(&job, "job_tiles_valid");
	job.pps.flags |= V4L2_HEVC_PPS_FLAG_TILES_ENABLED;
	job.pps.num_tile_columns_minus1 = 1;
	job.pps.num_tile_rows_minus1 = 1;
	job.pps.column_width_minus1[0] = 1;
	job.pps.column_width_minus1[1] = 1;
	job.pps.row_height_minus1[0] = 1;
	job.pps.row_height_minus1[1] = 1;
	job.slice.num_entry_point_offsets = 3;
	job.entry_count = 3;
	run_job(dec, &job);

	/* Invalid against the format, the buffers or other controls: ERROR. */
	job_init(&job, "job_sps_larger_than_format");
	job.sps.pic_width_in_luma_samples = 2 * WIDTH;
	run_job(dec, &job);

	job_init(&job, "job_slice_addr_past_picture");
	job.slice.slice_segment_addr = CTBS;
	run_job(dec, &job);

	/* Before the end of the 2-byte NAL header: no slice header. */
	job_init(&job, "job_data_offset_0");
	job.slice.data_byte_offset = 0;
	run_job(dec, &job);

	job_init(&job, "job_data_offset_1");
	job.slice.data_byte_offset = 1;
	run_job(dec, &job);

	/* Slice data may be empty (offset = payload), not start after it. */
	job_init(&job, "job_data_offset_past_payload");
	job.slice.data_byte_offset = sizeof(slice_nal) + 1;
	run_job(dec, &job);

	job_init(&job, "job_no_alignment_bit");
	job.zeroed = true;
	run_job(dec, &job);

	job_p(&job, "job_l0_index_past_dpb", 1);
	job.slice.ref_idx_l0[0] = 1;
	run_job(dec, &job);

	job_p(&job, "job_l0_index_200", 1);
	job.slice.ref_idx_l0[0] = 200;
	run_job(dec, &job);

	job_p(&job, "job_collocated_past_list", 1);
	job.slice.flags |=
		V4L2_HEVC_SLICE_PARAMS_FLAG_SLICE_TEMPORAL_MVP_ENABLED |
		V4L2_HEVC_SLICE_PARAMS_FLAG_COLLOCATED_FROM_L0;
	job.slice.collocated_ref_idx = 1;
	run_job(dec, &job);

	job_init(&job, "job_qp_above_51");
	job.pps.init_qp_minus26 = 25;
	job.slice.slice_qp_delta = 1;
	run_job(dec, &job);

	job_init(&job, "job_qp_below_0");
	job.pps.init_qp_minus26 = -26;
	job.slice.slice_qp_delta = -1;
	run_job(dec, &job);

	job_init(&job, "job_entry_points_without_tiles");
	job.slice.num_entry_point_offsets = 1;
	job.entry_count = 1;
	run_job(dec, &job);

	job_init(&job, "job_entry_points_count_mismatch");
	job.pps.flags |= V4L2_HEVC_PPS_FLAG_ENTROPY_CODING_SYNC_ENABLED;
	job.slice.num_entry_point_offsets = 3;
	job.entry_count = 2;
	run_job(dec, &job);

	job_init(&job, "job_wpp_entries_past_rows");
	job.pps.flags |= V4L2_HEVC_PPS_FLAG_ENTROPY_CODING_SYNC_ENABLED;
	job.slice.num_entry_point_offsets = 4;
	job.entry_count = 4;
	run_job(dec, &job);

	job_init(&job, "job_tiles_not_covering");
	job.pps.flags |= V4L2_HEVC_PPS_FLAG_TILES_ENABLED;
	job.pps.num_tile_columns_minus1 = 19;
	run_job(dec, &job);

	job_init(&job, "job_tile_entries_past_tiles");
	job.pps.flags |= V4L2_HEVC_PPS_FLAG_TILES_ENABLED;
	job.pps.num_tile_columns_minus1 = 1;
	job.pps.column_width_minus1[0] = 1;
	job.pps.column_width_minus1[1] = 1;
	job.pps.row_height_minus1[0] = 3;
	job.slice.num_entry_point_offsets = 2;
	job.entry_count = 2;
	run_job(dec, &job);

	job_init(&job, "job_cu_qp_depth_past_ctb");
	job.pps.flags |= V4L2_HEVC_PPS_FLAG_CU_QP_DELTA_ENABLED;
	job.pps.diff_cu_qp_delta_depth = 2;
	run_job(dec, &job);
}

/*
 * @frames pictures of two slice segments each (CTB rows 0-1, then 2-3):
 * an IDR, then alternately a P picture (list 0: the picture before) and a
 * B picture (list 0: the picture two before, list 1: the one before; the
 * collocated picture from list 1). Prints "stream frames=N done=D
 * error=E slices=S max_ms=M total_ms=T".
 */
static void check_stream(struct decoder *dec, unsigned int frames)
{
	unsigned int f, s, done = 0, errors = 0, slices = 0;
	long max_ms = 0, start = now_ms();
	uint64_t ts[2] = { 0, 0 };	/* the two pictures before */

	mark("stream");
	for (f = 0; f < frames; f++) {
		uint64_t now = ++dec->sequence;
		long pic_start = now_ms(), ms;
		bool error = false;

		for (s = 0; s < 2; s++) {
			struct v4l2_ctrl_hevc_decode_params *d;
			struct v4l2_ctrl_hevc_slice_params *sl;
			struct job job;

			job_init(&job, "stream");
			d = &job.decode;
			sl = &job.slice;
			sl->slice_segment_addr = s * CTBS / 2;
			sl->slice_pic_order_cnt = 2 * f;
			d->pic_order_cnt_val = 2 * f;
			job.hold = s == 0;
			if (f) {
				sl->nal_unit_type = 1;	/* TRAIL_R */
				sl->slice_type = V4L2_HEVC_SLICE_TYPE_P;
				sl->flags |=
				V4L2_HEVC_SLICE_PARAMS_FLAG_SLICE_TEMPORAL_MVP_ENABLED |
				V4L2_HEVC_SLICE_PARAMS_FLAG_COLLOCATED_FROM_L0;
				d->num_active_dpb_entries = 1;
				d->dpb[0].timestamp = ts[0] * 1000000000ULL;
				d->dpb[0].pic_order_cnt_val = 2 * (f - 1);
				sl->ref_idx_l0[0] = 0;
			}
			if (f >= 2 && f % 2 == 0) {
				sl->slice_type = V4L2_HEVC_SLICE_TYPE_B;
				sl->flags &=
				~V4L2_HEVC_SLICE_PARAMS_FLAG_COLLOCATED_FROM_L0;
				d->num_active_dpb_entries = 2;
				d->dpb[1].timestamp = ts[1] * 1000000000ULL;
				d->dpb[1].pic_order_cnt_val = 2 * (f - 2);
				sl->ref_idx_l0[0] = 1;
				sl->ref_idx_l1[0] = 0;
				if (f == 2)	/* a long-term reference */
					d->dpb[1].flags =
					V4L2_HEVC_DPB_ENTRY_LONG_TERM_REFERENCE;
			}
			if (s)
				sl->flags |=
				V4L2_HEVC_SLICE_PARAMS_FLAG_DEPENDENT_SLICE_SEGMENT;
			error |= submit_slice(dec, &job, s == 0, now);
			slices++;
		}
		ts[1] = ts[0];
		ts[0] = now;
		if (error)
			errors++;
		else
			done++;
		ms = now_ms() - pic_start;
		if (ms > max_ms)
			max_ms = ms;
	}
	printf("stream frames=%u done=%u error=%u slices=%u max_ms=%ld total_ms=%ld\n",
	       frames, done, errors, slices, max_ms, now_ms() - start);
	fflush(stdout);
}

/* S_EXT_CTRLS of the context's SPS at @depth bits: 0 or the errno. */
static int set_sps_depth(struct decoder *dec, unsigned int depth)
{
	struct v4l2_ctrl_hevc_sps sps;
	struct v4l2_ext_control ctrl = DEC_CTRL(V4L2_CID_STATELESS_HEVC_SPS, sps);

	sps_init(&sps);
	sps.bit_depth_luma_minus8 = depth - 8;
	sps.bit_depth_chroma_minus8 = depth - 8;
	return dec_set_ctrls(dec->video_fd, -1, &ctrl, 1);
}

/* "NAME errno=E fourcc=F width=W height=H bytesperline=B sizeimage=S" */
static void print_sps_and_format(struct decoder *dec, const char *name,
				 unsigned int depth)
{
	struct v4l2_format fmt = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	int err;

	mark(name);
	err = set_sps_depth(dec, depth);
	if (ioctl(dec->video_fd, VIDIOC_G_FMT, &fmt))
		die("G_FMT(CAPTURE)");
	printf("%s errno=%d fourcc=%.4s width=%u height=%u bytesperline=%u sizeimage=%u\n",
	       name, err, (const char *)&fmt.fmt.pix.pixelformat,
	       fmt.fmt.pix.width, fmt.fmt.pix.height,
	       fmt.fmt.pix.bytesperline, fmt.fmt.pix.sizeimage);
	fflush(stdout);
}

static void check_ten_bit(struct decoder *dec, const char *node)
{
	struct v4l2_buffer cap = {
		.type	= V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.memory	= V4L2_MEMORY_MMAP,
	};
	struct decoder other = { 0 };
	struct job job;
	int err;

	set_output_format(dec);
	print_sps_and_format(dec, "ten_bit_sps8", 8);
	print_sps_and_format(dec, "ten_bit_sps10", 10);
	print_sps_and_format(dec, "ten_bit_sps12", 12);
	print_sps_and_format(dec, "ten_bit_sps8_again", 8);
	print_sps_and_format(dec, "ten_bit_sps10_again", 10);

	/* CAPTURE buffers allocated with the 10-bit format. */
	dec_setup_queues(dec->video_fd, OUT_BUFFERS, dec->coded,
			 dec->coded_size, CAP_BUFFERS);
	if (ioctl(dec->video_fd, VIDIOC_QUERYBUF, &cap))
		die("QUERYBUF(CAPTURE)");
	printf("ten_bit_cap_buffer length=%u\n", cap.length);

	job_init(&job, "ten_bit_job_10bit");
	job.sps.bit_depth_luma_minus8 = 2;
	job.sps.bit_depth_chroma_minus8 = 2;
	run_job(dec, &job);
	job_init(&job, "ten_bit_job_8bit");
	run_job(dec, &job);

	/* Another context, its CAPTURE buffers allocated for 8 bits. */
	mark("ten_bit_second_context");
	other.video_fd = open(node, O_RDWR | O_NONBLOCK);
	if (other.video_fd < 0)
		die(node);
	set_output_format(&other);
	print_sps_and_format(&other, "ten_bit_other_sps8", 8);
	dec_setup_queues(other.video_fd, OUT_BUFFERS, other.coded,
			 other.coded_size, CAP_BUFFERS);
	err = set_sps_depth(&other, 10);
	printf("ten_bit_other_sps10_after_reqbufs errno=%d\n", err);
	fflush(stdout);
	close(other.video_fd);
}

int main(int argc, char **argv)
{
	struct decoder dec = { 0 };
	unsigned int frames;

	if (argc == 3 && !strcmp(argv[1], "--ten-bit")) {
		char *args[] = { argv[0], argv[2], NULL };

		dec_open(2, args, &dec.video_fd, &dec.media_fd);
		check_ten_bit(&dec, argv[2]);
		printf("done\n");
		return 0;
	}

	frames = dec_open(argc, argv, &dec.video_fd, &dec.media_fd);

	if (frames) {
		setup_queues(&dec);
		check_stream(&dec, frames);
		printf("done\n");
		return 0;
	}

	setup_queues(&dec);
	check_ctrl_validation(&dec);
	check_jobs(&dec);
	check_stream(&dec, STREAM_FRAMES);

	printf("done\n");
	return 0;
}
