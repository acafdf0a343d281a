// SPDX-License-Identifier: MIT
#include "cedrus/encoder.h"

#include "cedrus/log.h"

#include <algorithm>
#include <chrono>

#include <poll.h>

namespace cedrus {

using log::Category;

std::string_view name(EncoderState s)
{
	switch (s) {
	case EncoderState::Initial:
		return "initial";
	case EncoderState::Configured:
		return "configured";
	case EncoderState::Encoding:
		return "encoding";
	case EncoderState::Draining:
		return "draining";
	case EncoderState::Stopped:
		return "stopped";
	case EncoderState::Failed:
		return "failed";
	}
	return "?";
}

std::optional<M2MBufferTypes> m2mBufferTypes(const Device &dev)
{
	if (dev.caps() & V4L2_CAP_VIDEO_M2M_MPLANE)
		return M2MBufferTypes{ V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE,
				       V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE };
	if (dev.caps() & V4L2_CAP_VIDEO_M2M)
		return M2MBufferTypes{ V4L2_BUF_TYPE_VIDEO_OUTPUT, V4L2_BUF_TYPE_VIDEO_CAPTURE };
	return std::nullopt;
}

bool isH264Encoder(const Device &dev)
{
	auto types = m2mBufferTypes(dev);
	if (!types)
		return false;
	return dev.hasFormat(types->capture, V4L2_PIX_FMT_H264) &&
	       (dev.hasFormat(types->output, V4L2_PIX_FMT_NV12) ||
		dev.hasFormat(types->output, V4L2_PIX_FMT_NV12M));
}

EncoderSession::EncoderSession(std::unique_ptr<Device> dev, M2MBufferTypes types)
	: dev_(std::move(dev)), output_(*dev_, types.output), capture_(*dev_, types.capture)
{}

Result<std::unique_ptr<EncoderSession>> EncoderSession::create(std::unique_ptr<Device> dev)
{
	if (!dev)
		return makeError("EncoderSession", EINVAL, "no device");
	if (!isH264Encoder(*dev))
		return makeError(dev->name(), ENODEV,
				 "not an M2M encoder with H264 on CAPTURE and NV12 or NV12M "
				 "on OUTPUT");
	auto types = *m2mBufferTypes(*dev);
	return std::unique_ptr<EncoderSession>(new EncoderSession(std::move(dev), types));
}

Error EncoderSession::fail(Error e)
{
	state_ = EncoderState::Failed;
	return e;
}

static std::string describeSizes(const Device &dev, uint32_t fourcc)
{
	auto range = dev.frameSizes(fourcc);
	if (!range)
		return "the driver does not enumerate frame sizes";
	return fmt::format("the driver accepts {}x{} to {}x{} in steps of {}x{}", range->minWidth,
			   range->minHeight, range->maxWidth, range->maxHeight, range->stepWidth,
			   range->stepHeight);
}

static std::string formatList(const Device &dev, uint32_t bufType)
{
	std::string list;
	for (const auto &d : dev.formats(bufType))
		appendItem(list, " ", formatName(d.pixelformat));
	return list.empty() ? std::string("nothing") : list;
}

// The plane sizes an NV12 or NV12M format needs; empty when they fit.
static std::string checkNv12Layout(const PixFormat &f)
{
	const PlaneFormat &y = f.planes[0];
	if (f.numPlanes != memoryPlanes(f.pixelformat))
		return fmt::format("{} planes for {}", f.numPlanes, formatName(f.pixelformat));
	if (f.numPlanes == 1) {
		if (y.bytesperline < f.width ||
		    uint64_t(y.sizeimage) < uint64_t(y.bytesperline) * f.height * 3 / 2)
			return "sizeimage below bytesperline x height x 3/2";
		return {};
	}
	const PlaneFormat &uv = f.planes[1];
	if (y.bytesperline < f.width || uint64_t(y.sizeimage) < uint64_t(y.bytesperline) * f.height)
		return "luma plane below bytesperline x height";
	if (uv.bytesperline < f.width ||
	    uint64_t(uv.sizeimage) < uint64_t(uv.bytesperline) * (f.height / 2))
		return "chroma plane below bytesperline x height/2";
	return {};
}

Status EncoderSession::setOutputFormat(const EncoderConfig &cfg)
{
	const uint32_t type = output_.type();
	uint32_t fourcc = cfg.outputFourcc;
	if (!fourcc)
		fourcc = dev_->hasFormat(type, V4L2_PIX_FMT_NV12) ? V4L2_PIX_FMT_NV12
								  : V4L2_PIX_FMT_NV12M;
	const std::string name = formatName(fourcc);
	if (memoryPlanes(fourcc) > 1 && !output_.multiplanar())
		return makeError("VIDIOC_S_FMT(OUTPUT)", EINVAL,
				 fmt::format("{} needs the multi-planar API; {} is a "
					     "single-planar encoder (V4L2_CAP_VIDEO_M2M): use NV12",
					     name, dev_->name()));
	if (!dev_->hasFormat(type, fourcc))
		return makeError("VIDIOC_S_FMT(OUTPUT)", EINVAL,
				 fmt::format("{} does not offer {} on OUTPUT; it offers: {}",
					     dev_->name(), name, formatList(*dev_, type)));

	PixFormat want;
	want.width = cfg.width;
	want.height = cfg.height;
	want.pixelformat = fourcc;
	want.numPlanes = memoryPlanes(fourcc);
	for (unsigned i = 0; i < want.numPlanes; i++)
		want.planes[i].bytesperline = cfg.width;

	auto got = dev_->setFormat(type, want);
	if (!got) {
		Error e = got.error();
		e.detail = fmt::format("{} {}x{} refused; {}", name, cfg.width, cfg.height,
				       describeSizes(*dev_, fourcc));
		return e;
	}
	if (got->pixelformat != fourcc)
		return makeError("VIDIOC_S_FMT(OUTPUT)", 0,
				 fmt::format("driver replaced {} with {}", name,
					     formatName(got->pixelformat)));
	// The coded size may grow to the alignment; it must never shrink.
	if (got->width < cfg.width || got->height < cfg.height)
		return makeError("VIDIOC_S_FMT(OUTPUT)", 0,
				 fmt::format("{}x{} adjusted to {}x{}; {}", cfg.width, cfg.height,
					     got->width, got->height,
					     describeSizes(*dev_, fourcc)));
	if (auto bad = checkNv12Layout(*got); !bad.empty())
		return makeError("VIDIOC_S_FMT(OUTPUT)", 0,
				 fmt::format("inconsistent {} layout: {}: {}", name, bad,
					     describe(*got)));
	outFmt_ = *got;
	return {};
}

Status EncoderSession::setCaptureFormat(const EncoderConfig &cfg)
{
	PixFormat want;
	want.width = cfg.width;
	want.height = cfg.height;
	want.pixelformat = V4L2_PIX_FMT_H264;
	want.planes[0].sizeimage = cfg.captureSizeimage;

	auto got = dev_->setFormat(capture_.type(), want);
	if (!got)
		return got.error();
	if (got->pixelformat != V4L2_PIX_FMT_H264)
		return makeError("VIDIOC_S_FMT(CAPTURE)", 0,
				 fmt::format("driver replaced H264 with {}",
					     formatName(got->pixelformat)));
	capFmt_ = *got;
	return {};
}

Status EncoderSession::configure(const EncoderConfig &cfg)
{
	if (state_ != EncoderState::Initial && state_ != EncoderState::Configured)
		return makeError("configure", EBUSY, fmt::format("session is {}", name(state_)));
	if (cfg.width == 0 || cfg.height == 0)
		return makeError("configure", EINVAL, "empty frame size");
	cfg_ = cfg;

	if (cfg.order == FormatOrder::CaptureFirst) {
		if (auto st = setCaptureFormat(cfg); !st)
			return st;
		if (auto st = setOutputFormat(cfg); !st)
			return st;
	} else {
		if (auto st = setOutputFormat(cfg); !st)
			return st;
		if (auto st = setCaptureFormat(cfg); !st)
			return st;
		// Setting CAPTURE must not have clobbered OUTPUT.
		auto out = dev_->getFormat(output_.type());
		if (!out)
			return out.error();
		if (out->width != outFmt_.width || out->height != outFmt_.height)
			return makeError("VIDIOC_S_FMT(CAPTURE)", 0,
					 fmt::format("driver changed OUTPUT from {}x{} to {}x{}",
						     outFmt_.width, outFmt_.height, out->width,
						     out->height));
	}
	// OUTPUT decides the coded size; read CAPTURE back.
	auto cap = dev_->getFormat(capture_.type());
	if (!cap)
		return cap.error();
	capFmt_ = *cap;

	crop_ = { 0, 0, outFmt_.width, outFmt_.height };
	if (outFmt_.width != cfg.width || outFmt_.height != cfg.height) {
		// The core accepts the _MPLANE type here (and hands the driver
		// the single-planar one) since Linux 4.13.
		v4l2_selection sel{};
		sel.type = output_.type();
		sel.target = V4L2_SEL_TGT_CROP;
		sel.r = { 0, 0, cfg.width, cfg.height };
		if (auto st = dev_->xioctl(VIDIOC_S_SELECTION, &sel); !st) {
			Error e = st.error();
			e.detail = fmt::format("cannot crop {}x{} out of the coded {}x{}",
					       cfg.width, cfg.height, outFmt_.width,
					       outFmt_.height);
			return e;
		}
		if (sel.r.width != cfg.width || sel.r.height != cfg.height)
			log::warning(Category::Encoder, "{}: crop {}x{} adjusted to {}x{}",
				     dev_->name(), cfg.width, cfg.height, sel.r.width,
				     sel.r.height);
		crop_ = sel.r;
	}

	v4l2_streamparm parm{};
	parm.type = output_.type();
	parm.parm.output.timeperframe = { cfg.fpsDen, cfg.fpsNum };
	if (auto st = dev_->xioctl(VIDIOC_S_PARM, &parm); !st)
		log::warning(Category::Encoder, "{}: frame rate not set: {}", dev_->name(),
			     st.error().message());
	else
		timePerFrame_ = parm.parm.output.timeperframe;

	log::info(Category::Encoder, "{}: {} API, OUTPUT {}, CAPTURE {}", dev_->name(),
		  output_.multiplanar() ? "multi-planar" : "single-planar", describe(outFmt_),
		  describe(capFmt_));
	state_ = EncoderState::Configured;
	return {};
}

Status EncoderSession::importCaptureBuffers(std::vector<DmaBuffer> buffers)
{
	if (state_ != EncoderState::Configured)
		return makeError("importCaptureBuffers", EBUSY,
				 fmt::format("session is {}", name(state_)));
	const uint32_t sizeimage = capFmt_.planes[0].sizeimage;
	for (const DmaBuffer &b : buffers)
		if (b.size() < sizeimage)
			return makeError("importCaptureBuffers", EINVAL,
					 fmt::format("a dma-buf of {} bytes; CAPTURE needs "
						     "sizeimage = {} bytes",
						     b.size(), sizeimage));
	captureDmabufs_ = std::move(buffers);
	return {};
}

unsigned EncoderSession::captureCount() const
{
	if (captureDmabufs_.empty())
		return capture_.count();
	return std::min<unsigned>(capture_.count(), unsigned(captureDmabufs_.size()));
}

Status EncoderSession::queueCapture(unsigned index)
{
	QueueRequest r;
	r.index = index;
	if (!captureDmabufs_.empty()) {
		r.planes[0].dmabufFd = captureDmabufs_[index].fd();
		r.planes[0].length = uint32_t(captureDmabufs_[index].size());
	}
	return capture_.queue(r);
}

Status EncoderSession::start()
{
	if (state_ != EncoderState::Configured)
		return makeError("start", EBUSY, fmt::format("session is {}", name(state_)));

	auto nout = output_.request(cfg_.outputBuffers, cfg_.outputMemory);
	if (!nout)
		return fail(nout.error());
	const bool import = !captureDmabufs_.empty();
	auto ncap = capture_.request(import ? unsigned(captureDmabufs_.size())
					    : cfg_.captureBuffers,
				     import ? Memory::Dmabuf : Memory::Mmap);
	if (!ncap)
		return fail(ncap.error());
	if (*nout == 0 || *ncap == 0)
		return fail(makeError("VIDIOC_REQBUFS", ENOMEM, "driver granted no buffers"));
	outputFree_.assign(*nout, true);

	if (auto st = dev_->subscribeEvent(V4L2_EVENT_EOS); !st)
		log::warning(Category::Encoder, "{}: cannot subscribe to EOS: {}", dev_->name(),
			     st.error().message());

	for (unsigned i = 0; i < captureCount(); i++)
		if (auto st = queueCapture(i); !st)
			return fail(st.error());
	if (auto st = output_.streamOn(); !st)
		return fail(st.error());
	if (auto st = capture_.streamOn(); !st)
		return fail(st.error());
	state_ = EncoderState::Encoding;
	return {};
}

std::optional<unsigned> EncoderSession::freeOutput() const
{
	for (unsigned i = 0; i < outputFree_.size(); i++)
		if (outputFree_[i])
			return i;
	return std::nullopt;
}

Nv12Layout EncoderSession::outputLayout() const
{
	const bool twoPlanes = outFmt_.numPlanes > 1;
	return { cfg_.width, cfg_.height, outFmt_.planes[0].bytesperline, outFmt_.height,
		 twoPlanes ? outFmt_.planes[1].bytesperline : 0 };
}

Nv12Planes EncoderSession::outputPlanes(unsigned index) const
{
	if (output_.planes() == 1)
		return splitNv12(output_.mapping(index, 0), outputLayout());
	return { output_.mapping(index, 0), output_.mapping(index, 1) };
}

Status EncoderSession::queueFrame(unsigned index, timeval ts, std::span<const DmabufPlane> dmabufs)
{
	if (state_ != EncoderState::Encoding)
		return makeError("queueFrame", EBUSY, fmt::format("session is {}", name(state_)));
	if (index >= outputFree_.size() || !outputFree_[index])
		return makeError("queueFrame", EINVAL,
				 fmt::format("OUTPUT buffer {} is not free", index));
	const bool dmabuf = cfg_.outputMemory == Memory::Dmabuf;
	const unsigned planes = output_.planes();
	if (dmabuf && dmabufs.size() != planes)
		return makeError("queueFrame", EINVAL,
				 fmt::format("{} dma-bufs given for {} planes", dmabufs.size(),
					     planes));

	QueueRequest r;
	r.index = index;
	r.timestamp = ts;
	for (unsigned p = 0; p < planes; p++) {
		r.planes[p].bytesused = outFmt_.planes[p].sizeimage;
		if (dmabuf) {
			r.planes[p].dmabufFd = dmabufs[p].fd;
			r.planes[p].length = dmabufs[p].length;
		}
	}
	if (auto st = output_.queue(r); !st) {
		Error e = st.error();
		if (dmabuf && e.err == EFAULT)
			e.detail = "the encoder could not map the dma-buf as one contiguous "
				   "block: the exporter's memory is not physically "
				   "contiguous (vivid without allocators=1, udmabuf, the "
				   "system heap, shmem-backed DRM dumb buffers such as "
				   "vkms, USB cameras) and the Video Engine has no IOMMU; "
				   "use a CMA-backed exporter or --copy";
		else if (dmabuf && e.err == EINVAL)
			e.detail = dmabufSizeHint(dmabufs);
		return e;
	}
	outputFree_[index] = false;
	inFlight_++;
	return {};
}

std::string EncoderSession::dmabufSizeHint(std::span<const DmabufPlane> dmabufs) const
{
	const bool many = dmabufs.size() > 1;
	for (unsigned p = 0; p < dmabufs.size(); p++)
		if (dmabufs[p].length < outFmt_.planes[p].sizeimage)
			return fmt::format("{}dma-buf of {} bytes rejected; the encoder needs at "
					   "least sizeimage = {} bytes",
					   many ? fmt::format("plane {}: ", p) : "",
					   dmabufs[p].length, outFmt_.planes[p].sizeimage);
	return "dma-buf rejected (a bad fd, or smaller than the encoder's sizeimage "
	       "of " +
	       describe(outFmt_) + ")";
}

Status EncoderSession::dequeueOutputs()
{
	for (;;) {
		auto buf = output_.dequeue();
		if (!buf)
			return buf.error();
		if (!buf->has_value())
			return {};
		const DequeuedBuffer &b = **buf;
		outputFree_[b.index] = true;
		if (onRelease_)
			onRelease_(b.index, b.error());
	}
}

Status EncoderSession::dequeueCaptures()
{
	while (!lastSeen_) {
		auto buf = capture_.dequeue();
		if (!buf) {
			if (buf.error().err == EPIPE) {
				// LAST already consumed by someone else: drain done.
				lastSeen_ = true;
				epipeSeen_ = true;
				state_ = EncoderState::Stopped;
				return {};
			}
			return buf.error();
		}
		if (!buf->has_value())
			return {};
		const DequeuedBuffer &b = **buf;
		EncodedPacket p;
		p.index = b.index;
		p.flags = b.flags;
		p.sequence = b.sequence;
		p.timestamp = b.timestamp;
		std::span<const std::byte> mem = capture_.mapping(b.index);
		if (!captureDmabufs_.empty()) {
			auto map = captureDmabufs_[b.index].map();
			if (!map)
				return map.error();
			mem = *map;
		}
		uint32_t used = std::min<uint32_t>(b.bytesused, uint32_t(mem.size()));
		uint32_t offset = std::min(b.dataOffset, used);
		p.data = mem.subspan(offset, used - offset);
		if (b.error()) {
			errorBuffers_++;
			log::warning(Category::Encoder, "{}: CAPTURE buffer {} returned with ERROR",
				     dev_->name(), b.index);
		}
		if (used > 0 || b.error()) {
			inFlight_ -= inFlight_ > 0;
			// The CPU reads what the encoder wrote into an imported
			// buffer between SYNC START and END (cache maintenance).
			std::unique_ptr<DmaBufSync> sync;
			if (!captureDmabufs_.empty())
				sync = std::make_unique<DmaBufSync>(dev_->backend(),
								    captureDmabufs_[b.index].fd(),
								    SyncAccess::Read);
			if (onPacket_)
				if (auto st = onPacket_(p); !st)
					return st;
		}
		if (b.last()) {
			lastSeen_ = true;
			state_ = EncoderState::Stopped;
			return {};
		}
		if (auto st = queueCapture(b.index); !st)
			return st;
	}
	return {};
}

void EncoderSession::dequeueEvents()
{
	for (;;) {
		auto ev = dev_->dequeueEvent();
		if (!ev || !ev->has_value())
			return;
		if ((*ev)->type == V4L2_EVENT_EOS)
			eosSeen_ = true;
	}
}

Status EncoderSession::service(int timeoutMs)
{
	if (state_ != EncoderState::Encoding && state_ != EncoderState::Draining)
		return makeError("service", EBUSY, fmt::format("session is {}", name(state_)));

	auto rev = dev_->poll(POLLIN | POLLOUT | POLLPRI, timeoutMs);
	if (!rev)
		return fail(rev.error());
	if (*rev & POLLERR)
		log::debug(Category::Encoder, "{}: poll reported POLLERR", dev_->name());

	if (auto st = dequeueOutputs(); !st)
		return fail(st.error());
	if (auto st = dequeueCaptures(); !st)
		return fail(st.error());
	dequeueEvents();
	return {};
}

Result<unsigned> EncoderSession::waitFreeOutput(int timeoutMs)
{
	using Clock = std::chrono::steady_clock;
	auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);

	for (;;) {
		if (auto idx = freeOutput())
			return *idx;
		auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
										  Clock::now());
		if (left.count() <= 0)
			return makeError("waiting for an OUTPUT buffer", ETIMEDOUT,
					 "the encoder did not return any buffer");
		if (auto st = service(static_cast<int>(left.count())); !st)
			return st.error();
	}
}

Status EncoderSession::waitEncoded(int timeoutMs)
{
	using Clock = std::chrono::steady_clock;
	auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);

	while (inFlight_ > 0 && !lastSeen_) {
		auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
										  Clock::now());
		if (left.count() <= 0)
			return makeError("waiting for the frames queued", ETIMEDOUT,
					 fmt::format("{} frames still in the encoder", inFlight_));
		if (auto st = service(static_cast<int>(left.count())); !st)
			return st;
	}
	return {};
}

Status EncoderSession::restartCapture(int timeoutMs)
{
	if (state_ != EncoderState::Encoding)
		return makeError("restartCapture", EBUSY,
				 fmt::format("session is {}", name(state_)));
	if (auto st = waitEncoded(timeoutMs); !st)
		return st;
	if (auto st = capture_.streamOff(); !st)
		return fail(st.error());
	for (unsigned i = 0; i < captureCount(); i++)
		if (auto st = queueCapture(i); !st)
			return fail(st.error());
	if (auto st = capture_.streamOn(); !st)
		return fail(st.error());
	return {};
}

Status EncoderSession::drain(int timeoutMs)
{
	using Clock = std::chrono::steady_clock;

	if (state_ != EncoderState::Encoding)
		return makeError("drain", EBUSY, fmt::format("session is {}", name(state_)));

	v4l2_encoder_cmd cmd{};
	cmd.cmd = V4L2_ENC_CMD_STOP;
	if (auto st = dev_->xioctl(VIDIOC_ENCODER_CMD, &cmd); !st)
		return fail(st.error());
	state_ = EncoderState::Draining;

	auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
	while (!lastSeen_) {
		auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
										  Clock::now());
		if (left.count() <= 0)
			return fail(
				makeError("drain", ETIMEDOUT, "no CAPTURE buffer flagged LAST"));
		if (auto st = service(static_cast<int>(left.count())); !st)
			return st;
	}
	// Release whatever OUTPUT buffers are still done, then check EPIPE.
	(void)dequeueOutputs();
	if (!epipeSeen_) {
		auto next = capture_.dequeue();
		if (!next && next.error().err == EPIPE)
			epipeSeen_ = true;
		else
			log::warning(Category::Encoder,
				     "{}: DQBUF(CAPTURE) after LAST did not fail with EPIPE",
				     dev_->name());
	}
	dequeueEvents();
	if (!eosSeen_)
		log::info(Category::Encoder, "{}: no EOS event after the drain", dev_->name());
	state_ = EncoderState::Stopped;
	return {};
}

Status EncoderSession::stop()
{
	Status result;
	if (output_.streaming())
		if (auto st = output_.streamOff(); !st)
			result = st;
	if (capture_.streaming())
		if (auto st = capture_.streamOff(); !st)
			result = st;
	outputFree_.assign(outputFree_.size(), true);
	if (state_ != EncoderState::Failed)
		state_ = EncoderState::Stopped;
	return result;
}

} // namespace cedrus
