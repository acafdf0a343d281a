// SPDX-License-Identifier: MIT
// The encode command: find the encoder, set it up from the options, feed it
// frames (file, pattern or camera, zero-copy when possible), write the
// Annex-B stream and report.
#include "cmd_encode.h"

#include "controls.h"
#include "discovery.h"
#include "failure.h"
#include "output_sink.h"
#include "summary.h"

#include "cedrus/camera.h"
#include "cedrus/dmabuf.h"
#include "cedrus/encoder.h"
#include "cedrus/frame.h"
#include "cedrus/h264.h"
#include "cedrus/log.h"
#include "cedrus/shared_buffers.h"
#include "cedrus/stats.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <map>

#include <sys/resource.h>
#include <unistd.h>

namespace cedrus::cli {

using log::Category;

namespace {

std::atomic<bool> interrupted{ false };

void onSignal(int)
{
	interrupted = true;
}

void installSignalHandlers()
{
	interrupted = false;
	struct sigaction sa {};
	sa.sa_handler = onSignal;
	// A second Ctrl-C kills the process the usual way.
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, nullptr);
	sigaction(SIGTERM, &sa, nullptr);
	signal(SIGPIPE, SIG_IGN);
}

uint64_t nowUs()
{
	using namespace std::chrono;
	return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

double cpuSeconds()
{
	rusage ru{};
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// Everything the frame loops share.
class Encode {
public:
	Encode(const EncodeOptions &o, EncoderSession &enc, OutputSink &out)
		: o_(o), enc_(enc), out_(out), progress_(isatty(STDERR_FILENO) && !o.quiet)
	{
		enc_.onPacket([this](const EncodedPacket &p) { return onPacket(p); });
	}

	uint64_t copied = 0;
	uint32_t submitted = 0;
	std::vector<FrameRecord> records;
	// The first failure of the run: a later one (often a consequence) does
	// not replace it.
	Failure fail;
	void setFailure(Failure f)
	{
		if (!fail.failed())
			fail = std::move(f);
	}
	std::string path;
	h264::StreamInspector inspector;
	unsigned typeMismatches = 0;

	Status openSaveInput(const std::string &file)
	{
		if (file.empty())
			return {};
		save_ = std::make_unique<OutputSink>();
		return save_->open(file);
	}

	Status closeSaveInput() { return save_ ? save_->close() : Status(); }

	// --save-input: the visible picture of a frame laid out as `layout`,
	// written from the buffer itself (a plane whose stride is the width in
	// one piece: on a slow CPU a copy row by row costs more than the
	// encode).
	Status saveFrame(Nv12ConstPlanes frame, const Nv12Layout &layout)
	{
		if (!save_)
			return {};
		auto pieces = visibleNv12(frame, layout);
		if (pieces.empty())
			return makeError("--save-input", EINVAL, "frame smaller than its layout");
		return save_->write(pieces);
	}

	// The driver applies FORCE_KEY_FRAME to the next job it starts, which
	// may be a frame queued earlier: let those finish first.
	Status forceKeyIfAsked(uint32_t n)
	{
		if (!o_.forceKeyAt(n))
			return {};
		if (auto st = enc_.waitEncoded(int(o_.timeoutMs)); !st)
			return st;
		return enc_.device().setControl(V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME, 1);
	}

	// --qp-change-at: the frame QPs from frame n on. Like FORCE_KEY_FRAME,
	// a driver reads them when it starts a job: the frames queued before
	// are encoded with the old ones first.
	Status changeQpIfAsked(uint32_t n)
	{
		for (const QpChange &c : o_.qpChanges) {
			if (c.frame != n)
				continue;
			if (auto st = enc_.waitEncoded(int(o_.timeoutMs)); !st)
				return st;
			if (auto st = setOptionControl(enc_.device(),
						       V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP, c.qpI,
						       "--qp-change-at");
			    !st)
				return st;
			if (auto st = setOptionControl(enc_.device(),
						       V4L2_CID_MPEG_VIDEO_H264_P_FRAME_QP, c.qpP,
						       "--qp-change-at");
			    !st)
				return st;
			log::info(Category::Encoder, "frame {}: I QP {}, P QP {}", n, c.qpI, c.qpP);
		}
		return {};
	}

	unsigned restarts = 0;

	// --restart-capture-at: CAPTURE stopped and started again before frame n.
	Status restartIfAsked(uint32_t n)
	{
		const auto &at = o_.restartFrames;
		if (std::find(at.begin(), at.end(), n) == at.end())
			return {};
		if (auto st = enc_.restartCapture(int(o_.timeoutMs)); !st)
			return st;
		restarts++;
		return {};
	}

	Status queue(unsigned slot, timeval ts, std::span<const DmabufPlane> dmabufs = {})
	{
		if (auto st = restartIfAsked(submitted); !st)
			return st;
		if (auto st = changeQpIfAsked(submitted); !st)
			return st;
		if (auto st = forceKeyIfAsked(submitted); !st)
			return st;
		uint64_t key = uint64_t(ts.tv_sec) * 1000000 + ts.tv_usec;
		queuedAt_[key] = nowUs();
		if (auto st = enc_.queueFrame(slot, ts, dmabufs); !st)
			return st;
		submitted++;
		return {};
	}

	// No more frames after Ctrl-C, the frame count, or a failure (the
	// stream cannot be written: the encoder is drained all the same).
	bool wantMore() const
	{
		return !interrupted && !fail.failed() && (o_.frames == 0 || submitted < o_.frames);
	}

	void endProgress()
	{
		if (progress_ && shown_)
			(void)printText(stderr, "stderr", "\n");
	}

private:
	// The frame type: the CAPTURE flags, or the slice when they give
	// none (an encoder may flag only random access points KEYFRAME, and
	// leave a non-IDR I frame without a type flag).
	static char frameType(const EncodedPacket &p, const std::optional<h264::SliceHeader> &slice)
	{
		if (p.error())
			return 'E';
		if (p.keyframe())
			return 'I';
		if (p.flags & V4L2_BUF_FLAG_BFRAME)
			return 'B';
		if ((p.flags & V4L2_BUF_FLAG_PFRAME) || !slice)
			return 'P';
		return h264::sliceTypeChar(slice->type);
	}

	// The CAPTURE flags must agree with the stream: an IDR is flagged
	// KEYFRAME; otherwise KEYFRAME goes with an I slice and PFRAME never
	// does. A non-IDR I slice may carry KEYFRAME or no type flag.
	static bool flagsMatch(const EncodedPacket &p, const h264::SliceHeader &slice)
	{
		const bool iSlice = slice.type == h264::SliceType::I;

		if (slice.idr)
			return p.keyframe();
		if (p.keyframe() && !iSlice)
			return false;
		return !((p.flags & V4L2_BUF_FLAG_PFRAME) && iSlice);
	}

	Status onPacket(const EncodedPacket &p)
	{
		std::optional<h264::SliceHeader> slice;
		if (!p.error()) {
			auto au = std::span(reinterpret_cast<const uint8_t *>(p.data.data()),
					    p.data.size());
			slice = inspector.feed(au);
		}

		FrameRecord r;
		r.index = static_cast<uint32_t>(records.size());
		r.type = frameType(p, slice);
		r.bytes = static_cast<uint32_t>(p.data.size());
		r.timestampUs = uint64_t(p.timestamp.tv_sec) * 1000000 + p.timestamp.tv_usec;
		r.doneUs = nowUs();
		r.flags = p.flags;
		if (slice && slice->qp)
			r.qp = *slice->qp;
		auto it = queuedAt_.find(r.timestampUs);
		if (it != queuedAt_.end()) {
			r.queuedUs = it->second;
			queuedAt_.erase(it);
		} else {
			r.queuedUs = r.doneUs;
		}
		records.push_back(r);
		if (slice && !flagsMatch(p, *slice)) {
			typeMismatches++;
			log::warning(Category::Encoder,
				     "frame {}: CAPTURE flags {}, the slice is {}{}", r.index,
				     flagLetters(p.flags), h264::sliceTypeChar(slice->type),
				     slice->idr ? " (IDR)" : "");
		}
		// A stream that cannot be written (ENOSPC, EIO) fails the run,
		// not the encoder session: the frame loop stops and the encoder
		// is drained cleanly, its packets no longer written.
		if (!p.error() && !outFailed_)
			if (auto st = out_.write(p.data); !st) {
				setFailure(failure(ExitIo, st.error()));
				outFailed_ = true;
			}
		bytes_ += p.data.size();
		if (progress_ && (records.size() % 10 == 0)) {
			double secs = (nowUs() - start_) / 1e6;
			(void)printText(stderr, "stderr",
					fmt::format("\rframe {:6}  {:6.1f} fps  {:9} bytes",
						    records.size(),
						    secs > 0 ? records.size() / secs : 0.0,
						    bytes_));
			shown_ = true;
		}
		return {};
	}

	const EncodeOptions &o_;
	EncoderSession &enc_;
	OutputSink &out_;
	std::map<uint64_t, uint64_t> queuedAt_;
	std::unique_ptr<OutputSink> save_;
	uint64_t bytes_ = 0;
	uint64_t start_ = nowUs();
	bool progress_;
	bool shown_ = false;
	bool outFailed_ = false; // the stream cannot be written any more
};

// A free OUTPUT buffer, waiting in short slices so that Ctrl-C is noticed
// even when the encoder holds every buffer; nullopt when interrupted.
Result<std::optional<unsigned>> waitSlot(EncoderSession &enc, unsigned timeoutMs)
{
	constexpr unsigned sliceMs = 100;
	for (unsigned waited = 0;; waited += sliceMs) {
		if (interrupted)
			return std::optional<unsigned>();
		auto slot = enc.waitFreeOutput(int(std::min(sliceMs, timeoutMs)));
		if (slot)
			return std::optional<unsigned>(*slot);
		if (slot.error().err != ETIMEDOUT || waited + sliceMs >= timeoutMs)
			return slot.error();
	}
}

timeval frameTimestamp(uint32_t n, uint32_t fpsNum, uint32_t fpsDen)
{
	uint64_t us = uint64_t(n) * 1000000ull * fpsDen / fpsNum;
	return { static_cast<time_t>(us / 1000000), static_cast<suseconds_t>(us % 1000000) };
}

Nv12ConstPlanes constPlanes(Nv12Planes p)
{
	return { p.luma, p.chroma };
}

// File and pattern input: the CPU writes every frame into MMAP buffers.
Status runSource(Encode &run, EncoderSession &enc, FrameSource &src, const EncodeOptions &o,
		 uint32_t fpsNum, uint32_t fpsDen)
{
	const Nv12Layout layout = enc.outputLayout();
	while (run.wantMore()) {
		auto slot = waitSlot(enc, o.timeoutMs);
		if (!slot) {
			run.setFailure(failure(ExitEncode, slot.error()));
			return slot.error();
		}
		if (!slot->has_value())
			break;
		const Nv12Planes planes = enc.outputPlanes(**slot);
		auto more = src.next(layout, planes);
		if (!more && interrupted)
			break;
		if (!more) {
			run.setFailure(failure(ExitIo, more.error()));
			return more.error();
		}
		if (!*more)
			break;
		run.copied += layout.bytes();
		if (auto st = run.saveFrame(constPlanes(planes), layout); !st) {
			run.setFailure(failure(ExitIo, st.error()));
			return st;
		}
		auto st = run.queue(**slot, frameTimestamp(run.submitted, fpsNum, fpsDen));
		if (!st) {
			run.setFailure(failure(bufferFailure(st.error()), st.error()));
			return st;
		}
		if (auto s = enc.service(0); !s) {
			run.setFailure(failure(ExitEncode, s.error()));
			return s;
		}
	}
	return {};
}

// --save-input on the zero-copy path: read the camera's buffer (CPU reads
// are not counted as copies into the encoder).
Status saveCameraFrame(Encode &run, Queue &cq, CameraBuffers &cb, unsigned index,
		       const Nv12Layout &layout)
{
	if (cq.memory() == Memory::Mmap) {
		if (cq.planes() == 1)
			return run.saveFrame(splitNv12(std::span<const std::byte>(
							       cq.mapping(index)),
						       layout),
					     layout);
		return run.saveFrame({ cq.mapping(index, 0), cq.mapping(index, 1) }, layout);
	}
	std::vector<std::span<std::byte>> maps;
	std::vector<std::unique_ptr<DmaBufSync>> syncs;
	for (DmaBuffer &buf : cb.owned[index]) {
		auto map = buf.map();
		if (!map)
			return map.error();
		maps.push_back(*map);
		syncs.push_back(std::make_unique<DmaBufSync>(cq.device().backend(), buf.fd(),
							     SyncAccess::Read));
	}
	if (maps.size() == 1)
		return run.saveFrame(splitNv12(std::span<const std::byte>(maps[0]), layout),
				     layout);
	return run.saveFrame({ maps[0], maps[1] }, layout);
}

// Why an EFAULT import failed, for the buffers this run shares.
std::string importHint(bool ownBuffers, bool drm)
{
	if (!ownBuffers)
		return "the camera's buffers are not physically contiguous: load vivid with "
		       "allocators=1, or use --copy";
	if (drm)
		return "these DRM dumb buffers are not physically contiguous (e.g. vkms or "
		       "virtio-gpu use shmem); zero-copy with DRM dumb buffers needs a display "
		       "driver with contiguous GEM DMA buffers, such as sun4i-drm: use "
		       "--allocator cma, or --copy";
	return "the shared buffers are not physically contiguous: use --copy";
}

Status runCamera(Encode &run, EncoderSession &enc, CaptureDevice &cam, const EncodeOptions &o,
		 bool zeroCopy)
{
	Queue &cq = cam.queue();
	const PixFormat &encPix = enc.outputFormat();
	const PixFormat &camPix = cam.format();
	const unsigned count = enc.output().count();
	CameraBuffers cb;
	std::string allocatedFrom;
	const Nv12Layout camLayout{ o.width, o.height, camPix.planes[0].bytesperline, camPix.height,
				    camPix.numPlanes > 1 ? camPix.planes[1].bytesperline : 0 };
	bool drmBuffers = false;

	auto failWith = [&](int code, const Error &e, std::string_view hint = {}) {
		run.setFailure(failure(code, e, hint));
		return Status(e);
	};

	if (zeroCopy) {
		bool exported = false;
		if (o.allocatorValue == SharedAllocator::Auto) {
			auto st = exportCameraBuffers(cam, count, encPix, cb);
			if (!st)
				log::info(Category::Camera,
					  "{}: cannot share the camera's buffers ({}); "
					  "allocating shared buffers",
					  cam.device().name(), st.error().message());
			exported = st.ok();
		}
		if (exported) {
			run.path = "zero-copy, camera buffers (EXPBUF)";
			log::info(Category::Camera, "{}: encoder imports the camera's buffers",
				  cam.device().name());
		} else {
			auto bufs = allocateSharedBuffers(cam.device().backend(), o.allocatorValue,
							  count,
							  sharedPlaneFormats(camPix, encPix));
			if (!bufs)
				return failWith(
					ExitBuffers, bufs.error(),
					"zero-copy needs a CMA heap (/dev/dma_heap) or a DRM "
					"device with dumb buffers; or use --copy");
			allocatedFrom = bufs->from;
			drmBuffers = bufs->drm;
			cb.adopt(std::move(bufs->buffers));
			if (auto r = cq.request(count, Memory::Dmabuf); !r)
				return failWith(ExitBuffers, r.error());
			run.path = fmt::format("zero-copy, {} buffers", allocatedFrom);
			log::info(Category::Camera, "{}: importing {} shared buffers ({}) from {}",
				  cam.device().name(), count, describe(encPix), allocatedFrom);
		}
	} else {
		if (auto n = cq.request(count, Memory::Mmap); !n)
			return failWith(ExitBuffers, n.error());
		run.path = "camera, CPU copy";
	}
	const bool ownBuffers = !cb.owned.empty();

	for (unsigned i = 0; i < cq.count(); i++)
		if (auto st = cq.queue(cameraRequest(cq, cb, i)); !st)
			return failWith(
				ExitBuffers, st.error(),
				st.error().err == EFAULT
					? "the camera could not import the shared buffers: " +
						  importHint(ownBuffers, drmBuffers)
					: "");
	if (auto st = cq.streamOn(); !st)
		return failWith(ExitEncode, st.error());

	// Encoder slot -> camera buffer it carries (zero-copy).
	std::vector<int> slotToCam(enc.output().count(), -1);
	Status requeueError;
	enc.onOutputReleased([&](unsigned slot, bool) {
		int ci = slotToCam[slot];
		if (ci < 0)
			return;
		slotToCam[slot] = -1;
		if (auto st = cq.queue(cameraRequest(cq, cb, unsigned(ci))); !st)
			requeueError = st;
	});
	// The handler uses this function's locals: it must not outlive them,
	// though the drain after the loop still releases OUTPUT buffers.
	struct HandlerReset {
		EncoderSession &enc;
		~HandlerReset() { enc.onOutputReleased({}); }
	} handlerReset{ enc };

	const Nv12Layout layout = enc.outputLayout();
	std::vector<std::byte> packed;
	uint64_t waited = 0;
	while (run.wantMore()) {
		if (!requeueError)
			return failWith(ExitEncode, requeueError.error());
		auto ready = cam.wait(10);
		if (!ready)
			return failWith(ExitEncode, ready.error());
		if (!*ready) {
			if (auto st = enc.service(0); !st)
				return failWith(ExitEncode, st.error());
			waited += 10;
			if (waited > o.timeoutMs)
				return failWith(
					ExitEncode,
					makeError(cam.device().name(), ETIMEDOUT,
						  "no frame from the camera"),
					"is the camera streaming? (vivid: check its input)");
			continue;
		}
		waited = 0;
		auto buf = cq.dequeue();
		if (!buf)
			return failWith(ExitEncode, buf.error());
		if (!buf->has_value())
			continue;
		const DequeuedBuffer b = **buf;
		auto waitedSlot = waitSlot(enc, o.timeoutMs);
		if (!waitedSlot)
			return failWith(ExitEncode, waitedSlot.error());
		if (!waitedSlot->has_value())
			break;
		const unsigned slot = **waitedSlot;

		Status st;
		if (zeroCopy) {
			if (auto sv = saveCameraFrame(run, cq, cb, b.index, camLayout); !sv)
				return failWith(ExitIo, sv.error());
			slotToCam[slot] = int(b.index);
			st = run.queue(slot, b.timestamp, cb.planes[b.index]);
		} else {
			packCameraFrame(cq.mapping(b.index), camPix, o.width, o.height, packed);
			PixelFormat packedFmt = camPix.pixelformat == V4L2_PIX_FMT_NV12
							? PixelFormat::Nv12
							: PixelFormat::I420;
			const Nv12Planes planes = enc.outputPlanes(slot);
			if (!convertToNv12(packedFmt, packed, layout, planes))
				return failWith(ExitBuffers,
						makeError("convert camera frame", EINVAL,
							  "OUTPUT buffer smaller than its format"));
			if (auto sv = run.saveFrame(constPlanes(planes), layout); !sv)
				return failWith(ExitIo, sv.error());
			run.copied += layout.bytes();
			st = run.queue(slot, b.timestamp);
			if (auto q = cq.queue(cameraRequest(cq, cb, b.index)); !q)
				return failWith(ExitEncode, q.error());
		}
		if (!st) {
			if (zeroCopy && st.error().err == EFAULT)
				return failWith(ExitBuffers, st.error(),
						importHint(ownBuffers, drmBuffers));
			return failWith(bufferFailure(st.error()), st.error());
		}
		if (auto s = enc.service(0); !s)
			return failWith(ExitEncode, s.error());
	}
	return {};
}

} // namespace

int runEncode(const EncodeOptions &o, IoctlBackend &backend)
{
	log::setThreshold(o.verbose ? log::Severity::Debug : log::Severity::Warning);
	installSignalHandlers();

	auto report = [](const Failure &f) {
		log::error(Category::Cli, "{}", f.message());
		return f.code;
	};

	auto dev = findEncoder(o.device, o.deviceDir, backend);
	if (!dev)
		return report(failure(ExitNoDevice, dev.error()));

	// The source decides size and rate unless the options override them.
	std::unique_ptr<FrameSource> source;
	std::unique_ptr<CaptureDevice> cam;
	uint32_t w = o.width, h = o.height;
	uint32_t fpsNum = o.fpsNum, fpsDen = o.fpsDen;
	if (o.inputKind == InputKind::File) {
		auto src = o.inputFmt == InputFormat::Y4m
				   ? openY4mSource(o.input)
				   : openRawSource(o.input,
						   o.inputFmt == InputFormat::I420
							   ? PixelFormat::I420
							   : PixelFormat::Nv12,
						   o.width, o.height);
		if (!src)
			return report(failure(ExitIo, src.error()));
		source = std::move(src.value());
		w = source->width();
		h = source->height();
		if (!o.fpsGiven && source->fpsNum()) {
			fpsNum = source->fpsNum();
			fpsDen = source->fpsDen();
		}
		if (w % 2 || h % 2)
			return report(
				{ ExitIo, makeError("", 0,
						    fmt::format("input size {}x{} is odd; 4:2:0 "
								"needs even sizes",
								w, h)) });
	} else if (o.inputKind == InputKind::Pattern) {
		source = std::make_unique<PatternSource>(w, h);
	} else {
		auto c = CaptureDevice::open(o.camera, backend);
		if (!c)
			return report(failure(ExitNoDevice, c.error(), openHint(c.error().err)));
		cam = std::move(c.value());
	}

	auto sess = EncoderSession::create(std::move(dev.value()));
	if (!sess)
		return report(failure(ExitNoDevice, sess.error()));
	EncoderSession &enc = **sess;

	EncoderConfig cfg;
	cfg.width = w;
	cfg.height = h;
	cfg.fpsNum = fpsNum;
	cfg.fpsDen = fpsDen;
	cfg.outputBuffers = o.outputBuffers;
	cfg.captureBuffers = o.captureBuffers;
	cfg.order = o.order;
	cfg.captureSizeimage = o.captureSizeValue;
	cfg.outputFourcc = o.outputFourcc;
	if (auto st = enc.configure(cfg); !st)
		return report(failure(ExitFormat, st.error()));
	if (auto st = applyControls(enc.device(), o); !st)
		return report(failure(ExitFormat, st.error()));

	// Camera: ask for the encoder's coded layout so its buffers can be
	// imported as they are; fall back to copying when it cannot deliver it.
	bool zeroCopy = false;
	std::string path = o.inputKind == InputKind::Camera    ? "camera, CPU copy"
			   : o.inputKind == InputKind::Pattern ? "pattern, CPU write"
							       : "file, CPU copy";
	if (cam) {
		const PixFormat &pix = enc.outputFormat();
		bool wantZero = !o.copy && o.cameraFourcc == V4L2_PIX_FMT_NV12;
		if (wantZero) {
			// The encoder's own format (NV12, or NV12M in two planes):
			// the same layout plane by plane, or no sharing.
			auto got = cam->setFormat(pix.width, pix.height, pix.pixelformat);
			zeroCopy = got && got->height == pix.height &&
				   got->numPlanes == pix.numPlanes;
			for (unsigned p = 0; zeroCopy && p < pix.numPlanes; p++)
				zeroCopy = got->planes[p].bytesperline ==
					   pix.planes[p].bytesperline;
			if (!zeroCopy)
				log::warning(Category::Camera,
					     "{}: cannot capture the encoder layout {} ({}); "
					     "copying frames",
					     cam->device().name(), describe(pix),
					     got ? "got " + describe(*got) : got.error().message());
		}
		if (!zeroCopy) {
			auto got = cam->setFormat(w, h, o.cameraFourcc);
			if (!got)
				return report(failure(ExitFormat, got.error()));
		}
		if (auto r = cam->setFrameRate(fpsNum, fpsDen); !r)
			log::warning(Category::Camera, "{}: frame rate not set: {}",
				     cam->device().name(), r.error().message());
		if (zeroCopy) {
			cfg.outputMemory = Memory::Dmabuf;
			// Re-apply the configuration with DMABUF memory.
			if (auto st = enc.configure(cfg); !st)
				return report(failure(ExitFormat, st.error()));
		}
	}

	if (o.captureMemory == Memory::Dmabuf) {
		const PlaneFormat coded{ 0, enc.captureFormat().planes[0].sizeimage };
		auto bufs = allocateSharedBuffers(backend, SharedAllocator::CmaHeap,
						  o.captureBuffers, std::span(&coded, 1));
		if (!bufs)
			return report(failure(ExitBuffers, bufs.error(),
					      "--capture-memory dmabuf needs a CMA heap "
					      "(/dev/dma_heap, CONFIG_DMABUF_HEAPS_CMA)"));
		std::vector<DmaBuffer> captures;
		for (auto &planes : bufs->buffers)
			captures.push_back(std::move(planes[0]));
		if (auto st = enc.importCaptureBuffers(std::move(captures)); !st)
			return report(failure(ExitBuffers, st.error()));
		log::info(Category::Encoder, "{}: CAPTURE imports {} dma-bufs of {} bytes from {}",
			  enc.device().name(), o.captureBuffers, coded.sizeimage, bufs->from);
	}

	OutputSink out;
	if (auto st = out.open(o.output); !st)
		return report(failure(ExitIo, st.error()));

	if (auto st = enc.start(); !st)
		return report(failure(bufferFailure(st.error()), st.error(),
				      st.error().err == ENOMEM
					      ? "not enough CMA memory: try fewer buffers "
						"(--output-buffers 2 --capture-buffers 2)"
					      : ""));

	Encode run(o, enc, out);
	if (auto st = run.openSaveInput(o.saveInput); !st)
		return report(failure(ExitIo, st.error()));
	uint64_t t0 = nowUs();
	double cpu0 = cpuSeconds();
	Status loop = cam ? runCamera(run, enc, *cam, o, zeroCopy)
			  : runSource(run, enc, *source, o, fpsNum, fpsDen);

	// Drain even after an input or output error or Ctrl-C so the stream is
	// complete (as far as it could be written) and the encoder stops
	// cleanly.
	int code = ExitOk;
	if (!loop || run.fail.failed())
		code = run.fail.failed() ? run.fail.code : ExitEncode;
	if (enc.state() == EncoderState::Encoding) {
		if (auto st = enc.drain(int(o.timeoutMs)); !st) {
			log::error(Category::Cli, "drain failed: {}", st.error().message());
			if (code == ExitOk)
				code = ExitEncode;
		}
	}
	if (cam && cam->queue().streaming())
		(void)cam->queue().streamOff();
	(void)enc.stop();
	run.endProgress();
	// The files are complete: close() may report what the writes did not.
	for (Status st : { out.close(), run.closeSaveInput() })
		if (!st)
			run.setFailure(failure(ExitIo, st.error()));
	if (code == ExitOk && run.fail.failed())
		code = run.fail.code;

	double wall = (nowUs() - t0) / 1e6;
	Summary s = summarize(run.records, wall, cpuSeconds() - cpu0,
			      double(enc.timePerFrame().denominator) /
				      std::max<uint32_t>(1, enc.timePerFrame().numerator),
			      run.copied);
	if (!o.stats.empty())
		if (auto st = writeStats(o.stats, run.records); !st) {
			log::error(Category::Cli, "{}", st.error().message());
			if (code == ExitOk)
				code = ExitIo;
		}
	RunReport result = encoderReport(enc);
	result.stats = s;
	result.path = run.path.empty() ? path : run.path;
	result.stream = run.inspector.info();
	result.typeMismatches = run.typeMismatches;
	result.captureRestarts = run.restarts;
	result.targetBitrate = o.bitrateValue;
	result.peakBitrate = o.peakValue;
	result.rateControl = rateControlName(o);
	{
		// After the first second, where the first I frame weighs most.
		double fps = s.fpsNominal;
		size_t first = fps > 0 ? size_t(fps + 0.5) : 0;
		result.bitrateAfterFirstSecond = averageBitrateFrom(run.records, first, fps);
	}
	const bool tableOnStderr = o.output == "-";
	if (auto st = printSummary(result, tableOnStderr ? stderr : stdout,
				   tableOnStderr ? "stderr" : "stdout", o.quiet, o.summary);
	    !st) {
		log::error(Category::Cli, "{}", st.error().message());
		if (code == ExitOk)
			code = ExitIo;
	}

	if (!loop || run.fail.failed())
		log::error(Category::Cli, "{}",
			   run.fail.failed() ? run.fail.message() : loop.error().message());
	if (interrupted)
		log::warning(Category::Cli, "interrupted after {} frames; stream drained",
			     run.submitted);
	bool errorsFailed = false;
	if (o.expectErrors) {
		if (s.errors)
			log::info(Category::Cli,
				  "{} CAPTURE buffers came back with ERROR, as expected", s.errors);
		else
			log::error(Category::Cli,
				   "no CAPTURE buffer came back with ERROR (--expect-errors)");
		errorsFailed = s.errors == 0;
	} else if (s.errors) {
		log::error(Category::Cli,
			   "{} CAPTURE buffers came back with ERROR\n  hint: a frame that does "
			   "not fit the {} byte CAPTURE buffer fails; try a larger --capture-size",
			   s.errors, enc.captureFormat().planes[0].sizeimage);
		errorsFailed = true;
	}
	if (code == ExitOk && (errorsFailed || run.typeMismatches))
		code = ExitEncode;
	return code;
}

} // namespace cedrus::cli
