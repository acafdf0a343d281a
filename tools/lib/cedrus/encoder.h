// SPDX-License-Identifier: MIT
// A stateful V4L2 M2M H.264 encoder session (dev-encoder.rst): formats,
// buffers, streaming, and the ENCODER_CMD STOP drain (LAST, then EPIPE).
#pragma once

#include "cedrus/dmabuf.h"
#include "cedrus/frame.h"
#include "cedrus/queue.h"

#include <functional>
#include <memory>
#include <optional>

namespace cedrus {

enum class FormatOrder { CaptureFirst, OutputFirst };

struct EncoderConfig {
	uint32_t width = 0; // visible size
	uint32_t height = 0;
	uint32_t fpsNum = 30;
	uint32_t fpsDen = 1;
	unsigned outputBuffers = 3;
	unsigned captureBuffers = 3;
	Memory outputMemory = Memory::Mmap;
	FormatOrder order = FormatOrder::CaptureFirst;
	uint32_t captureSizeimage = 0; // 0: let the driver choose
	// V4L2_PIX_FMT_NV12 or V4L2_PIX_FMT_NV12M (multi-planar API only);
	// 0: NV12 when the encoder offers it, else NV12M.
	uint32_t outputFourcc = 0;
};

// One dma-buf given for one plane of an OUTPUT buffer.
struct DmabufPlane {
	int fd = -1;
	uint32_t length = 0; // size of the dma-buf
};

struct EncodedPacket {
	std::span<const std::byte> data;
	unsigned index = 0;
	uint32_t flags = 0;
	uint32_t sequence = 0;
	timeval timestamp{};

	[[nodiscard]] bool keyframe() const { return flags & V4L2_BUF_FLAG_KEYFRAME; }
	[[nodiscard]] bool error() const { return flags & V4L2_BUF_FLAG_ERROR; }
	[[nodiscard]] bool last() const { return flags & V4L2_BUF_FLAG_LAST; }
};

enum class EncoderState { Initial, Configured, Encoding, Draining, Stopped, Failed };

[[nodiscard]] std::string_view name(EncoderState s);

// The queues of a memory-to-memory node, from QUERYCAP's device_caps:
// multi-planar with V4L2_CAP_VIDEO_M2M_MPLANE (preferred when a node has
// both), single-planar with V4L2_CAP_VIDEO_M2M; nullopt for other nodes.
struct M2MBufferTypes {
	uint32_t output;
	uint32_t capture;
};
[[nodiscard]] std::optional<M2MBufferTypes> m2mBufferTypes(const Device &dev);

// True when the node looks like a stateful H.264 encoder this library can
// drive: M2M (either API), H264 on CAPTURE, NV12 or NV12M on OUTPUT.
[[nodiscard]] bool isH264Encoder(const Device &dev);

class EncoderSession {
public:
	using PacketHandler = std::function<Status(const EncodedPacket &)>;
	using ReleaseHandler = std::function<void(unsigned index, bool error)>;

	static Result<std::unique_ptr<EncoderSession>> create(std::unique_ptr<Device> dev);

	[[nodiscard]] const Device &device() const { return *dev_; }
	[[nodiscard]] Queue &output() { return output_; }
	[[nodiscard]] Queue &capture() { return capture_; }
	[[nodiscard]] const Queue &output() const { return output_; }
	[[nodiscard]] const Queue &capture() const { return capture_; }
	[[nodiscard]] EncoderState state() const { return state_; }

	// S_FMT on both queues in the configured order, crop on OUTPUT when
	// the coded size is larger than the visible one, S_PARM(OUTPUT).
	Status configure(const EncoderConfig &cfg);
	[[nodiscard]] const PixFormat &outputFormat() const { return outFmt_; }
	[[nodiscard]] const PixFormat &captureFormat() const { return capFmt_; }
	// Where a frame of the configured visible size goes in an OUTPUT buffer.
	[[nodiscard]] Nv12Layout outputLayout() const;
	// The planes of MMAP OUTPUT buffer `index`, for the CPU to fill.
	[[nodiscard]] Nv12Planes outputPlanes(unsigned index) const;
	[[nodiscard]] const v4l2_rect &crop() const { return crop_; }
	// Frame interval the driver kept (S_PARM read back).
	[[nodiscard]] v4l2_fract timePerFrame() const { return timePerFrame_; }

	// CAPTURE buffers to import (DMABUF) instead of the driver's MMAP
	// ones: one dma-buf per buffer, each at least the CAPTURE sizeimage
	// (after configure(), before start()). The session reads the coded
	// frames through their mappings, bracketed by DMA_BUF_IOCTL_SYNC.
	Status importCaptureBuffers(std::vector<DmaBuffer> buffers);

	// REQBUFS on both queues, queue every CAPTURE buffer, subscribe to EOS,
	// STREAMON both.
	Status start();

	void onPacket(PacketHandler h) { onPacket_ = std::move(h); }
	void onOutputReleased(ReleaseHandler h) { onRelease_ = std::move(h); }

	// An OUTPUT buffer the application may fill, if any.
	[[nodiscard]] std::optional<unsigned> freeOutput() const;
	// Queue OUTPUT buffer `index` holding one frame: filled through
	// outputPlanes() (MMAP), or the dma-bufs given, one per plane (DMABUF).
	// bytesused is each plane's sizeimage.
	Status queueFrame(unsigned index, timeval ts, std::span<const DmabufPlane> dmabufs = {});

	// Wait up to timeoutMs for activity, then dequeue everything ready:
	// released OUTPUT buffers, encoded CAPTURE buffers (handed to the
	// packet handler and re-queued), events.
	Status service(int timeoutMs);
	// service() until an OUTPUT buffer is free; ETIMEDOUT after timeoutMs.
	Result<unsigned> waitFreeOutput(int timeoutMs);
	// service() until every queued frame came back on CAPTURE (encoded or
	// ERROR); ETIMEDOUT after timeoutMs. A control set then applies from
	// the next frame queued: drivers read them when a job starts, not at
	// QBUF.
	Status waitEncoded(int timeoutMs);
	// waitEncoded(), then STREAMOFF and STREAMON of CAPTURE with every
	// buffer queued again: the encoder starts a new stream (SPS, PPS, IDR)
	// with the next frame (dev-encoder.rst, "Encoding" restarted).
	Status restartCapture(int timeoutMs);
	// Frames queued and not yet back on CAPTURE.
	[[nodiscard]] unsigned framesInFlight() const { return inFlight_; }

	// ENCODER_CMD STOP, then service() until the LAST buffer; checks that
	// the next DQBUF(CAPTURE) fails with EPIPE.
	Status drain(int timeoutMs);
	// STREAMOFF both queues.
	Status stop();

	[[nodiscard]] bool lastSeen() const { return lastSeen_; }
	[[nodiscard]] bool epipeSeen() const { return epipeSeen_; }
	[[nodiscard]] bool eosSeen() const { return eosSeen_; }
	[[nodiscard]] unsigned errorBuffers() const { return errorBuffers_; }

private:
	EncoderSession(std::unique_ptr<Device> dev, M2MBufferTypes types);

	Status setOutputFormat(const EncoderConfig &cfg);
	Status setCaptureFormat(const EncoderConfig &cfg);
	[[nodiscard]] std::string dmabufSizeHint(std::span<const DmabufPlane> dmabufs) const;
	// QBUF of CAPTURE buffer `index`, MMAP or its imported dma-buf.
	Status queueCapture(unsigned index);
	// CAPTURE buffers in use: the driver's, or no more than were imported.
	[[nodiscard]] unsigned captureCount() const;
	Status dequeueOutputs();
	Status dequeueCaptures();
	void dequeueEvents();
	Error fail(Error e);

	std::unique_ptr<Device> dev_;
	Queue output_;
	Queue capture_;
	EncoderConfig cfg_;
	PixFormat outFmt_{};
	PixFormat capFmt_{};
	v4l2_rect crop_{};
	v4l2_fract timePerFrame_{ 1, 30 };
	EncoderState state_ = EncoderState::Initial;
	PacketHandler onPacket_;
	ReleaseHandler onRelease_;
	std::vector<bool> outputFree_;
	std::vector<DmaBuffer> captureDmabufs_; // imported CAPTURE buffers
	bool lastSeen_ = false;
	bool epipeSeen_ = false;
	bool eosSeen_ = false;
	unsigned errorBuffers_ = 0;
	unsigned inFlight_ = 0;
};

} // namespace cedrus
