// SPDX-License-Identifier: MIT
#include "cedrus/encoder.h"

#include "cedrus/log.h"

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

bool isH264Encoder(const Device &dev)
{
	if (!(dev.caps() & V4L2_CAP_VIDEO_M2M))
		return false;
	return dev.hasFormat(V4L2_BUF_TYPE_VIDEO_CAPTURE, V4L2_PIX_FMT_H264) &&
	       dev.hasFormat(V4L2_BUF_TYPE_VIDEO_OUTPUT, V4L2_PIX_FMT_NV12);
}

EncoderSession::EncoderSession(std::unique_ptr<Device> dev)
	: dev_(std::move(dev)), output_(*dev_, V4L2_BUF_TYPE_VIDEO_OUTPUT),
	  capture_(*dev_, V4L2_BUF_TYPE_VIDEO_CAPTURE)
{
}

Result<std::unique_ptr<EncoderSession>> EncoderSession::create(std::unique_ptr<Device> dev)
{
	if (!dev)
		return makeError("EncoderSession", EINVAL, "no device");
	if (!isH264Encoder(*dev))
		return makeError(dev->name(), ENODEV,
				 "not a single-planar M2M encoder with H264 on CAPTURE "
				 "and NV12 on OUTPUT");
	return std::unique_ptr<EncoderSession>(new EncoderSession(std::move(dev)));
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
	return fmt::format("the driver accepts {}x{} to {}x{} in steps of {}x{}",
			   range->minWidth, range->minHeight, range->maxWidth,
			   range->maxHeight, range->stepWidth, range->stepHeight);
}

Status EncoderSession::setOutputFormat(const EncoderConfig &cfg)
{
	v4l2_format fmt{};
	fmt.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	fmt.fmt.pix.width = cfg.width;
	fmt.fmt.pix.height = cfg.height;
	fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_NV12;
	fmt.fmt.pix.field = V4L2_FIELD_NONE;
	fmt.fmt.pix.bytesperline = cfg.width;

	auto got = dev_->setFormat(fmt);
	if (!got) {
		Error e = got.error();
		e.detail = fmt::format("NV12 {}x{} refused; {}", cfg.width, cfg.height,
				       describeSizes(*dev_, V4L2_PIX_FMT_NV12));
		return e;
	}
	const v4l2_pix_format &pix = got->fmt.pix;
	if (pix.pixelformat != V4L2_PIX_FMT_NV12)
		return makeError("VIDIOC_S_FMT(OUTPUT)", 0,
				 fmt::format("driver replaced NV12 with {}",
					     fourccToString(pix.pixelformat)));
	// The coded size may grow to the alignment; it must never shrink.
	if (pix.width < cfg.width || pix.height < cfg.height)
		return makeError("VIDIOC_S_FMT(OUTPUT)", 0,
				 fmt::format("{}x{} adjusted to {}x{}; {}", cfg.width, cfg.height,
					     pix.width, pix.height,
					     describeSizes(*dev_, V4L2_PIX_FMT_NV12)));
	if (pix.bytesperline < pix.width ||
	    pix.sizeimage < pix.bytesperline * pix.height * 3 / 2)
		return makeError("VIDIOC_S_FMT(OUTPUT)", 0,
				 fmt::format("inconsistent NV12 layout: bytesperline {} "
					     "sizeimage {} for {}x{}",
					     pix.bytesperline, pix.sizeimage, pix.width,
					     pix.height));
	outFmt_ = *got;
	return {};
}

Status EncoderSession::setCaptureFormat(const EncoderConfig &cfg)
{
	v4l2_format fmt{};
	fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	fmt.fmt.pix.width = cfg.width;
	fmt.fmt.pix.height = cfg.height;
	fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_H264;
	fmt.fmt.pix.sizeimage = cfg.captureSizeimage;

	auto got = dev_->setFormat(fmt);
	if (!got)
		return got.error();
	if (got->fmt.pix.pixelformat != V4L2_PIX_FMT_H264)
		return makeError("VIDIOC_S_FMT(CAPTURE)", 0,
				 fmt::format("driver replaced H264 with {}",
					     fourccToString(got->fmt.pix.pixelformat)));
	capFmt_ = *got;
	return {};
}

Status EncoderSession::configure(const EncoderConfig &cfg)
{
	if (state_ != EncoderState::Initial && state_ != EncoderState::Configured)
		return makeError("configure", EBUSY,
				 fmt::format("session is {}", name(state_)));
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
		auto out = dev_->getFormat(V4L2_BUF_TYPE_VIDEO_OUTPUT);
		if (!out)
			return out.error();
		if (out->fmt.pix.width != outFmt_.fmt.pix.width ||
		    out->fmt.pix.height != outFmt_.fmt.pix.height)
			return makeError("VIDIOC_S_FMT(CAPTURE)", 0,
					 fmt::format("driver changed OUTPUT from {}x{} to {}x{}",
						     outFmt_.fmt.pix.width,
						     outFmt_.fmt.pix.height,
						     out->fmt.pix.width, out->fmt.pix.height));
	}
	// OUTPUT decides the coded size; read CAPTURE back.
	auto cap = dev_->getFormat(V4L2_BUF_TYPE_VIDEO_CAPTURE);
	if (!cap)
		return cap.error();
	capFmt_ = *cap;

	crop_ = { 0, 0, outFmt_.fmt.pix.width, outFmt_.fmt.pix.height };
	if (outFmt_.fmt.pix.width != cfg.width || outFmt_.fmt.pix.height != cfg.height) {
		v4l2_selection sel{};
		sel.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
		sel.target = V4L2_SEL_TGT_CROP;
		sel.r = { 0, 0, cfg.width, cfg.height };
		if (auto st = dev_->xioctl(VIDIOC_S_SELECTION, &sel); !st) {
			Error e = st.error();
			e.detail = fmt::format("cannot crop {}x{} out of the coded {}x{}",
					       cfg.width, cfg.height, outFmt_.fmt.pix.width,
					       outFmt_.fmt.pix.height);
			return e;
		}
		if (sel.r.width != cfg.width || sel.r.height != cfg.height)
			log::warning(Category::Encoder, "{}: crop {}x{} adjusted to {}x{}",
				     dev_->name(), cfg.width, cfg.height, sel.r.width,
				     sel.r.height);
		crop_ = sel.r;
	}

	v4l2_streamparm parm{};
	parm.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	parm.parm.output.timeperframe = { cfg.fpsDen, cfg.fpsNum };
	if (auto st = dev_->xioctl(VIDIOC_S_PARM, &parm); !st)
		log::warning(Category::Encoder, "{}: frame rate not set: {}", dev_->name(),
			     st.error().message());
	else
		timePerFrame_ = parm.parm.output.timeperframe;

	log::info(Category::Encoder, "{}: OUTPUT NV12 {}x{} bpl {} size {}, CAPTURE H264 {}x{} size {}",
		  dev_->name(), outFmt_.fmt.pix.width, outFmt_.fmt.pix.height,
		  outFmt_.fmt.pix.bytesperline, outFmt_.fmt.pix.sizeimage,
		  capFmt_.fmt.pix.width, capFmt_.fmt.pix.height, capFmt_.fmt.pix.sizeimage);
	state_ = EncoderState::Configured;
	return {};
}

Status EncoderSession::start()
{
	if (state_ != EncoderState::Configured)
		return makeError("start", EBUSY, fmt::format("session is {}", name(state_)));

	auto nout = output_.request(cfg_.outputBuffers, cfg_.outputMemory);
	if (!nout)
		return fail(nout.error());
	auto ncap = capture_.request(cfg_.captureBuffers, Memory::Mmap);
	if (!ncap)
		return fail(ncap.error());
	if (*nout == 0 || *ncap == 0)
		return fail(makeError("VIDIOC_REQBUFS", ENOMEM, "driver granted no buffers"));
	outputFree_.assign(*nout, true);

	if (auto st = dev_->subscribeEvent(V4L2_EVENT_EOS); !st)
		log::warning(Category::Encoder, "{}: cannot subscribe to EOS: {}", dev_->name(),
			     st.error().message());

	for (unsigned i = 0; i < *ncap; i++) {
		QueueRequest r;
		r.index = i;
		if (auto st = capture_.queue(r); !st)
			return fail(st.error());
	}
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

Status EncoderSession::queueFrame(unsigned index, uint32_t bytesused, timeval ts,
				  int dmabufFd, uint32_t dmabufLength)
{
	if (state_ != EncoderState::Encoding)
		return makeError("queueFrame", EBUSY, fmt::format("session is {}", name(state_)));
	if (index >= outputFree_.size() || !outputFree_[index])
		return makeError("queueFrame", EINVAL,
				 fmt::format("OUTPUT buffer {} is not free", index));

	QueueRequest r;
	r.index = index;
	r.bytesused = bytesused;
	r.timestamp = ts;
	r.dmabufFd = dmabufFd;
	r.length = dmabufLength;
	if (auto st = output_.queue(r); !st) {
		Error e = st.error();
		if (cfg_.outputMemory == Memory::Dmabuf && e.err == EFAULT)
			e.detail = "the encoder could not map the dma-buf as one contiguous "
				   "block: the exporter's memory is not physically "
				   "contiguous (vivid without allocators=1, udmabuf, the "
				   "system heap, USB cameras) and the Video Engine has no "
				   "IOMMU; use a CMA-backed exporter or --copy";
		else if (cfg_.outputMemory == Memory::Dmabuf && e.err == EINVAL)
			e.detail = fmt::format("dma-buf of {} bytes rejected; the encoder "
					       "needs at least sizeimage = {} bytes",
					       dmabufLength, outFmt_.fmt.pix.sizeimage);
		return e;
	}
	outputFree_[index] = false;
	return {};
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
		uint32_t used = std::min<uint32_t>(b.bytesused, capture_.length(b.index));
		p.data = capture_.mapping(b.index).first(used);
		if (b.error()) {
			errorBuffers_++;
			log::warning(Category::Encoder, "{}: CAPTURE buffer {} returned with ERROR",
				     dev_->name(), b.index);
		}
		if (onPacket_ && (used > 0 || b.error()))
			if (auto st = onPacket_(p); !st)
				return st;
		if (b.last()) {
			lastSeen_ = true;
			state_ = EncoderState::Stopped;
			return {};
		}
		QueueRequest r;
		r.index = b.index;
		if (auto st = capture_.queue(r); !st)
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
		auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
			deadline - Clock::now());
		if (left.count() <= 0)
			return makeError("waiting for an OUTPUT buffer", ETIMEDOUT,
					 "the encoder did not return any buffer");
		if (auto st = service(static_cast<int>(left.count())); !st)
			return st.error();
	}
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
		auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
			deadline - Clock::now());
		if (left.count() <= 0)
			return fail(makeError("drain", ETIMEDOUT,
					      "no CAPTURE buffer flagged LAST"));
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
