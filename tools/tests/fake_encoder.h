// SPDX-License-Identifier: MIT
// An in-process fake of a stateful M2M H.264 encoder node, behind the
// IoctlBackend interface, single-planar (V4L2_CAP_VIDEO_M2M, NV12) or
// multi-planar (V4L2_CAP_VIDEO_M2M_MPLANE, NV12 in one plane and NV12M in
// two). It follows dev-encoder.rst and the cedrus encoder's format rules:
// OUTPUT keeps the picture height (chroma at bytesperline x height, or in
// its own plane for NV12M) with sizes covering 16-aligned rows, CAPTURE
// reports the 16-aligned coded size, crop on OUTPUT, one CAPTURE buffer per
// OUTPUT buffer with the timestamp copied, CAPTURE buffers MMAP or imported
// dma-bufs, STOP drain with LAST + EPIPE + EOS. Like the V4L2 core, it
// refuses buffer types of the other API. Knobs inject faults or select the
// other layout drivers use.
#pragma once

#include "fake_dmabuf.h"

#include "cedrus/ioctl_backend.h"

#include <linux/videodev2.h>

#include <deque>
#include <map>
#include <string>
#include <vector>

namespace cedrus::test {

enum class Api { SinglePlanar, MultiPlanar };

[[nodiscard]] const char *name(Api api);

class FakeEncoder final : public IoctlBackend {
public:
	static constexpr const char *path = "/dev/fake-encoder";

	explicit FakeEncoder(Api api = Api::SinglePlanar);
	~FakeEncoder() override;

	int open(const std::string &path, int flags) override;
	int ioctl(int fd, unsigned long request, void *arg) override;
	void *mmap(size_t length, int prot, int flags, int fd, off_t offset, int *err) override;
	void munmap(void *addr, size_t length) override;
	int poll(int fd, short events, int timeoutMs) override;

	// Fault injection.
	int qbufDmabufErrno = 0;		// returned by QBUF(OUTPUT) with DMABUF
	int errorOnFrame = -1;			// this frame's CAPTURE buffer gets ERROR
	bool noEpipe = false;			// DQBUF after LAST gives EAGAIN, not EPIPE
	bool clobberOutputOnCaptureFmt = false; // S_FMT(CAPTURE) resets OUTPUT size
	bool noEncoderFormats = false;		// ENUM_FMT lists nothing
	bool noNv12 = false;			// multi-planar: OUTPUT offers NV12M only
	bool noEosEvent = false;
	bool deferUntilStop = false; // encode nothing until ENCODER_CMD STOP
	// Encode only while the client waits in poll() (or drains): frames
	// pile up as on hardware slower than the client.
	bool encodeWhenWaited = false;
	bool alignOutputHeight = false; // S_FMT(OUTPUT) rounds the height to 16
	int reqbufsErrno = 0;		// returned by REQBUFS with count > 0
	int openErrno = 0;		// returned by open()
	uint32_t captureDataOffset = 0; // multi-planar: packets start here
	FakeDmaBufs *dmabufs = nullptr; // to read imported frames

	// What the client did.
	std::vector<std::string> calls;	  // ioctl names in order
	std::vector<uint32_t> formatsSet; // buffer types of S_FMT, in order
	v4l2_rect crop{};
	v4l2_fract timePerFrame{ 1, 25 };
	std::map<uint32_t, int64_t> controls;
	unsigned framesEncoded = 0;
	unsigned forcedKeyFrames = 0;
	unsigned captureRestarts = 0; // CAPTURE STREAMON after frames were encoded
	// Per encoded frame: the QP it was encoded with, read from the I or P
	// frame QP control when the frame is encoded, as a driver starting a
	// job does.
	std::vector<int64_t> frameQps;
	// Per encoded frame: the visible picture it read (packed NV12, crop
	// size), when the memory was reachable (MMAP, or a known dma-buf).
	std::vector<std::vector<std::byte>> inputs;
	// Per CAPTURE QBUF with DMABUF: the dma-buf's fd.
	std::vector<int> captureDmabufs;
	// Per OUTPUT QBUF with DMABUF: the fd and length of every plane.
	std::vector<std::vector<std::pair<int, uint32_t>>> dmabufPlanes;

	[[nodiscard]] uint32_t outputFourcc() const { return out_.fmt.fourcc; }
	[[nodiscard]] uint32_t captureSizeimage() const { return cap_.fmt.size[0]; }
	[[nodiscard]] uint32_t outputMemory() const { return out_.memory; }

	// Bytes the fake writes for frame n: 00 00 00 01 65|41 n size...
	static uint32_t packetSize(unsigned n) { return 64 + n; }

private:
	struct Format {
		uint32_t fourcc = 0;
		uint32_t width = 0;
		uint32_t height = 0;
		unsigned planes = 1;
		uint32_t bpl[2] = {};
		uint32_t size[2] = {};
	};
	struct Buffer {
		std::vector<std::vector<std::byte>> mem; // per plane (MMAP)
		std::vector<int> fds;			 // per plane (DMABUF)
		bool queued = false;
		uint32_t bytesused = 0;
		uint32_t flags = 0;
		timeval timestamp{};
		uint32_t sequence = 0;
	};
	struct Queue {
		Format fmt;
		uint32_t memory = V4L2_MEMORY_MMAP;
		std::vector<Buffer> bufs;
		std::deque<unsigned> pending; // queued, waiting for the device
		std::deque<unsigned> done;    // ready for DQBUF
		bool streaming = false;
	};

	[[nodiscard]] bool mplane() const { return api_ == Api::MultiPlanar; }
	[[nodiscard]] uint32_t outputType() const;
	[[nodiscard]] uint32_t captureType() const;
	// The queue of a buffer type of this node's API, or nullptr.
	Queue *queueFor(uint32_t type);
	bool offersOutput(uint32_t fourcc) const;
	void readFormat(const v4l2_format &f, Format &out) const;
	void writeFormat(const Format &in, v4l2_format &f) const;
	int setFormat(v4l2_format *f, bool apply);
	int queueBuffer(v4l2_buffer *b);
	int dequeueBuffer(v4l2_buffer *b);
	int encoderCmd(v4l2_encoder_cmd *c, bool apply);
	int queryExtCtrl(v4l2_query_ext_ctrl *q);
	int extCtrls(v4l2_ext_controls *c, bool set);
	void recordInput(const Buffer &b);
	void run();
	void finishDrainOn(unsigned capIndex);

	Api api_;
	int fd_ = -1;
	Queue out_, cap_;
	bool draining_ = false;
	bool waited_ = false; // in poll(), for encodeWhenWaited
	bool lastDequeued_ = false;
	bool forceKey_ = false;
	std::deque<v4l2_event> events_;
	bool eosSubscribed_ = false;
	unsigned sequence_ = 0;
};

} // namespace cedrus::test
