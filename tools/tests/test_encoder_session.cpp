// SPDX-License-Identifier: MIT
// The encoder session against the in-process fake device: the
// dev-encoder.rst sequences (formats, streaming, STOP drain, LAST, EPIPE,
// EOS) and the error paths users hit (EFAULT, EINVAL, ERROR buffers).
#include "fake_encoder.h"

#include "cedrus/encoder.h"
#include "cedrus/frame.h"
#include "cedrus/log.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace cedrus;
using cedrus::test::Api;
using cedrus::test::FakeEncoder;

// Most cases run against a single-planar and a multi-planar fake encoder.
#define BOTH_APIS \
	const Api api = GENERATE(Api::SinglePlanar, Api::MultiPlanar); \
	INFO("fake encoder: " << cedrus::test::name(api))

namespace {

uint32_t outputType(Api api)
{
	return api == Api::MultiPlanar ? V4L2_BUF_TYPE_VIDEO_OUTPUT_MPLANE
				       : V4L2_BUF_TYPE_VIDEO_OUTPUT;
}

uint32_t captureType(Api api)
{
	return api == Api::MultiPlanar ? V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE
				       : V4L2_BUF_TYPE_VIDEO_CAPTURE;
}

std::unique_ptr<EncoderSession> openSession(FakeEncoder &fake)
{
	auto dev = Device::open(FakeEncoder::path, fake);
	REQUIRE(dev.ok());
	auto s = EncoderSession::create(std::move(dev.value()));
	REQUIRE(s.ok());
	return std::move(s.value());
}

EncoderConfig config(uint32_t w, uint32_t h)
{
	EncoderConfig c;
	c.width = w;
	c.height = h;
	c.fpsNum = 25;
	c.fpsDen = 1;
	return c;
}

// Index of the first call named `name` in the fake's log.
size_t firstCall(const FakeEncoder &f, const std::string &name)
{
	auto it = std::find(f.calls.begin(), f.calls.end(), name);
	return size_t(it - f.calls.begin());
}

struct Collected {
	std::vector<EncodedPacket> packets;
	std::vector<std::vector<std::byte>> data;
};

void collect(EncoderSession &s, Collected &c)
{
	s.onPacket([&c](const EncodedPacket &p) {
		c.packets.push_back(p);
		c.data.emplace_back(p.data.begin(), p.data.end());
		return Status();
	});
}

Status encodeFrames(EncoderSession &s, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		auto slot = s.waitFreeOutput(100);
		if (!slot)
			return slot.error();
		timeval ts{ 0, suseconds_t(40000 * (i + 1)) };
		if (auto st = s.queueFrame(*slot, ts); !st)
			return st;
		if (auto st = s.service(0); !st)
			return st;
	}
	return {};
}

} // namespace

TEST_CASE("capture-first setup, encode, drain with LAST, EPIPE and EOS", "[encoder]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	auto s = openSession(fake);
	Collected got;
	collect(*s, got);

	REQUIRE(s->configure(config(1280, 720)).ok());
	const std::vector<uint32_t> order = { captureType(api), outputType(api) };
	CHECK(fake.formatsSet == order);
	CHECK(s->outputFormat().width == 1280);
	CHECK(s->outputFormat().height == 720);
	CHECK(s->outputFormat().planes[0].bytesperline == 1280);
	CHECK(s->outputFormat().planes[0].sizeimage == 1280 * 720 * 3 / 2);
	CHECK(s->captureFormat().pixelformat == V4L2_PIX_FMT_H264);
	CHECK(fake.timePerFrame.numerator == 1);
	CHECK(fake.timePerFrame.denominator == 25);
	// No crop needed: 720 is a multiple of 16.
	CHECK(firstCall(fake, "VIDIOC_S_SELECTION") == fake.calls.size());

	REQUIRE(s->start().ok());
	CHECK(s->state() == EncoderState::Encoding);
	CHECK(s->output().count() == 3);
	CHECK(s->capture().count() == 3);

	REQUIRE(encodeFrames(*s, 5).ok());
	REQUIRE(s->drain(1000).ok());
	CHECK(s->state() == EncoderState::Stopped);
	CHECK(s->lastSeen());
	CHECK(s->epipeSeen());
	CHECK(s->eosSeen());
	CHECK(firstCall(fake, "VIDIOC_ENCODER_CMD") < fake.calls.size());

	REQUIRE(got.packets.size() == 5);
	for (unsigned i = 0; i < 5; i++) {
		CHECK(got.data[i].size() == FakeEncoder::packetSize(i));
		CHECK(std::to_integer<int>(got.data[i][5]) == int(i));
		// Timestamps are copied from OUTPUT to CAPTURE.
		CHECK(got.packets[i].timestamp.tv_usec == suseconds_t(40000 * (i + 1)));
	}
	CHECK(got.packets[0].keyframe());
	CHECK_FALSE(got.packets[1].keyframe());
	// Everything was encoded before STOP: LAST comes on an empty buffer,
	// which is not handed out as a packet.
	CHECK_FALSE(got.packets[4].last());
	REQUIRE(s->stop().ok());
}

TEST_CASE("output-first order gives the same formats", "[encoder]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	auto s = openSession(fake);
	auto c = config(640, 480);
	c.order = FormatOrder::OutputFirst;
	REQUIRE(s->configure(c).ok());
	const std::vector<uint32_t> order = { outputType(api), captureType(api) };
	CHECK(fake.formatsSet == order);
	CHECK(s->outputFormat().width == 640);
	CHECK(s->captureFormat().width == 640);
	CHECK(s->captureFormat().height == 480);
}

TEST_CASE("output-first detects a driver that resets OUTPUT on S_FMT(CAPTURE)", "[encoder]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	fake.clobberOutputOnCaptureFmt = true;
	auto s = openSession(fake);
	auto c = config(1280, 720);
	c.order = FormatOrder::OutputFirst;
	auto st = s->configure(c);
	REQUIRE_FALSE(st.ok());
	CHECK(st.error().detail == "driver changed OUTPUT from 1280x720 to 640x480");
}

TEST_CASE("1920x1080: picture height kept, coded 1920x1088, no crop needed", "[encoder]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	auto s = openSession(fake);
	REQUIRE(s->configure(config(1920, 1080)).ok());
	// Chroma at 1920 x 1080, sizeimage covering 68 macroblock rows.
	CHECK(s->outputFormat().height == 1080);
	CHECK(s->outputFormat().planes[0].sizeimage == 1920 * 1088 * 3 / 2);
	CHECK(s->captureFormat().width == 1920);
	CHECK(s->captureFormat().height == 1088);
	CHECK(firstCall(fake, "VIDIOC_S_SELECTION") == fake.calls.size());
	CHECK(s->crop().height == 1080);
}

TEST_CASE("1920x1080 on a driver that rounds OUTPUT to 1088 gets an OUTPUT crop", "[encoder]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	fake.alignOutputHeight = true;
	auto s = openSession(fake);
	REQUIRE(s->configure(config(1920, 1080)).ok());
	CHECK(s->outputFormat().height == 1088);
	CHECK(s->outputFormat().planes[0].sizeimage == 1920 * 1088 * 3 / 2);
	CHECK(fake.crop.width == 1920);
	CHECK(fake.crop.height == 1080);
	CHECK(s->crop().height == 1080);
}

TEST_CASE("a size the driver cannot reach is refused with its range", "[encoder]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	auto s = openSession(fake);
	auto st = s->configure(config(8192, 720));
	REQUIRE_FALSE(st.ok());
	CHECK(st.error().detail ==
	      "8192x720 adjusted to 4096x720; the driver accepts 16x16 to 4096x4096 in "
	      "steps of 16x16");
}

TEST_CASE("frames still queued at STOP are encoded, the last one flagged LAST", "[encoder]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	fake.deferUntilStop = true;
	auto s = openSession(fake);
	Collected got;
	collect(*s, got);
	REQUIRE(s->configure(config(320, 240)).ok());
	REQUIRE(s->start().ok());
	REQUIRE(encodeFrames(*s, 2).ok());
	CHECK(got.packets.empty());
	REQUIRE(s->drain(1000).ok());
	REQUIRE(got.packets.size() == 2);
	CHECK_FALSE(got.packets[0].last());
	CHECK(got.packets[1].last());
	CHECK(got.data[1].size() == FakeEncoder::packetSize(1));
	CHECK(s->epipeSeen());
	CHECK(s->eosSeen());
}

TEST_CASE("STOP with nothing queued completes with an empty LAST buffer", "[encoder]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	auto s = openSession(fake);
	Collected got;
	collect(*s, got);
	REQUIRE(s->configure(config(320, 240)).ok());
	REQUIRE(s->start().ok());
	REQUIRE(s->drain(1000).ok());
	CHECK(s->lastSeen());
	CHECK(s->epipeSeen());
	CHECK(got.packets.empty());
}

TEST_CASE("an ERROR CAPTURE buffer is counted and reported", "[encoder]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	fake.errorOnFrame = 1;
	auto s = openSession(fake);
	Collected got;
	collect(*s, got);
	unsigned releasedWithError = 0;
	s->onOutputReleased([&](unsigned, bool error) { releasedWithError += error; });
	REQUIRE(s->configure(config(320, 240)).ok());
	REQUIRE(s->start().ok());
	REQUIRE(encodeFrames(*s, 3).ok());
	REQUIRE(s->drain(1000).ok());
	CHECK(s->errorBuffers() == 1);
	REQUIRE(got.packets.size() == 3);
	CHECK(got.packets[1].error());
	CHECK(got.packets[1].data.empty());
	CHECK(releasedWithError == 1);
}

TEST_CASE("a driver without EPIPE after LAST still drains, and it is visible", "[encoder]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	fake.noEpipe = true;
	fake.noEosEvent = true;
	auto s = openSession(fake);
	log::setSink([](log::Severity, log::Category, std::string_view) {});
	REQUIRE(s->configure(config(320, 240)).ok());
	REQUIRE(s->start().ok());
	REQUIRE(encodeFrames(*s, 2).ok());
	REQUIRE(s->drain(1000).ok());
	log::setSink({});
	CHECK(s->lastSeen());
	CHECK_FALSE(s->epipeSeen());
	CHECK_FALSE(s->eosSeen());
}

TEST_CASE("DMABUF import EFAULT explains contiguity", "[encoder][dmabuf]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	fake.qbufDmabufErrno = EFAULT;
	auto s = openSession(fake);
	auto c = config(320, 240);
	c.outputMemory = Memory::Dmabuf;
	REQUIRE(s->configure(c).ok());
	REQUIRE(s->start().ok());
	const DmabufPlane buf[] = { { 99, 320 * 240 * 3 / 2 } };
	auto st = s->queueFrame(0, {}, buf);
	REQUIRE_FALSE(st.ok());
	CHECK(st.error().err == EFAULT);
	CHECK(st.error().op == "VIDIOC_QBUF(OUTPUT 0)");
	CHECK(st.error().detail.find("not physically contiguous") != std::string::npos);
	CHECK(st.error().detail.find("no IOMMU") != std::string::npos);
}

TEST_CASE("DMABUF smaller than sizeimage gives EINVAL with both sizes", "[encoder][dmabuf]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	auto s = openSession(fake);
	auto c = config(320, 240);
	c.outputMemory = Memory::Dmabuf;
	REQUIRE(s->configure(c).ok());
	REQUIRE(s->start().ok());
	// 320x240 NV12 needs 115200 bytes.
	const DmabufPlane small[] = { { 99, 4096 } };
	auto st = s->queueFrame(0, {}, small);
	REQUIRE_FALSE(st.ok());
	CHECK(st.error().err == EINVAL);
	CHECK(st.error().detail ==
	      "dma-buf of 4096 bytes rejected; the encoder needs at least sizeimage = "
	      "115200 bytes");

	const DmabufPlane enough[] = { { 99, 115200 } };
	auto ok = s->queueFrame(0, {}, enough);
	CHECK(ok.ok());
	REQUIRE(fake.dmabufPlanes.size() == 1);
	CHECK(fake.dmabufPlanes[0] == std::vector<std::pair<int, uint32_t>>{ { 99, 115200 } });
}

TEST_CASE("session state is enforced", "[encoder]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	auto s = openSession(fake);
	CHECK(s->start().error().err == EBUSY);
	CHECK(s->queueFrame(0, {}).error().err == EBUSY);
	REQUIRE(s->configure(config(320, 240)).ok());
	REQUIRE(s->start().ok());
	CHECK(s->configure(config(320, 240)).error().err == EBUSY);
	auto st = s->queueFrame(7, {});
	CHECK(st.error().err == EINVAL);
}

TEST_CASE("a node without encoder formats is not an encoder", "[encoder]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	fake.noEncoderFormats = true;
	auto dev = Device::open(FakeEncoder::path, fake);
	REQUIRE(dev.ok());
	auto s = EncoderSession::create(std::move(dev.value()));
	REQUIRE_FALSE(s.ok());
	CHECK(s.error().err == ENODEV);
}

TEST_CASE("controls by id and by v4l2-ctl name", "[encoder][controls]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	auto dev = Device::open(FakeEncoder::path, fake);
	REQUIRE(dev.ok());
	auto byName = (*dev)->findControl("h264_i_frame_period");
	REQUIRE(byName.ok());
	CHECK(byName->id == V4L2_CID_MPEG_VIDEO_H264_I_PERIOD);
	auto profile = (*dev)->findControl(V4L2_CID_MPEG_VIDEO_H264_PROFILE);
	REQUIRE(profile.ok());
	// Menu items 0..4 without the skipped Extended (3).
	REQUIRE(profile->menu.size() == 4);
	CHECK(profile->menu[3].first == 4);
	REQUIRE((*dev)->setControl(V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP, 30).ok());
	CHECK(fake.controls[V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP] == 30);
	auto v = (*dev)->getControl(V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP);
	REQUIRE(v.ok());
	CHECK(*v == 30);
	auto bad = (*dev)->setControl(V4L2_CID_MPEG_VIDEO_H264_I_FRAME_QP, 60);
	CHECK(bad.error().err == ERANGE);
	CHECK_FALSE((*dev)->findControl(V4L2_CID_MPEG_VIDEO_BITRATE).ok());
	CHECK_FALSE((*dev)->findControl("video_bitrate").ok());
}

TEST_CASE("FORCE_KEY_FRAME makes the next frame a key frame", "[encoder][controls]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	auto s = openSession(fake);
	Collected got;
	collect(*s, got);
	REQUIRE(s->configure(config(320, 240)).ok());
	REQUIRE(s->start().ok());
	REQUIRE(encodeFrames(*s, 2).ok());
	REQUIRE(s->device().setControl(V4L2_CID_MPEG_VIDEO_FORCE_KEY_FRAME, 1).ok());
	REQUIRE(encodeFrames(*s, 2).ok());
	REQUIRE(s->drain(1000).ok());
	REQUIRE(got.packets.size() == 4);
	CHECK(got.packets[0].keyframe());
	CHECK_FALSE(got.packets[1].keyframe());
	CHECK(got.packets[2].keyframe());
	CHECK_FALSE(got.packets[3].keyframe());
}

TEST_CASE("ioctl errors carry the ioctl name and errno", "[encoder]")
{
	FakeEncoder fake;
	auto dev = Device::open("/dev/nothing", fake);
	REQUIRE_FALSE(dev.ok());
	CHECK(dev.error().op == "open(/dev/nothing)");
	CHECK(dev.error().err == ENOENT);
	CHECK(dev.error().message() == "open(/dev/nothing) failed: No such file or directory (2)");
}

TEST_CASE("the API follows QUERYCAP: both kinds of node are encoders", "[encoder][mplane]")
{
	BOTH_APIS;
	FakeEncoder fake(api);
	auto dev = Device::open(FakeEncoder::path, fake);
	REQUIRE(dev.ok());
	CHECK(isH264Encoder(**dev));
	auto types = m2mBufferTypes(**dev);
	REQUIRE(types);
	CHECK(types->output == outputType(api));
	CHECK(types->capture == captureType(api));
	auto s = EncoderSession::create(std::move(dev.value()));
	REQUIRE(s.ok());
	CHECK((*s)->output().multiplanar() == (api == Api::MultiPlanar));
	// The fake refuses the other API's buffer types, as the V4L2 core does,
	// so a whole session proves every ioctl used the right ones.
	REQUIRE((*s)->configure(config(64, 40)).ok());
	REQUIRE((*s)->start().ok());
	REQUIRE(encodeFrames(**s, 2).ok());
	REQUIRE((*s)->drain(1000).ok());
	CHECK(fake.framesEncoded == 2);
	CHECK(fake.outputFourcc() == V4L2_PIX_FMT_NV12);
}

TEST_CASE("NV12M: two planes, each filled and queued", "[encoder][mplane][nv12m]")
{
	FakeEncoder fake(Api::MultiPlanar);
	auto s = openSession(fake);
	auto c = config(64, 40);
	c.outputFourcc = V4L2_PIX_FMT_NV12M;
	REQUIRE(s->configure(c).ok());
	const PixFormat &f = s->outputFormat();
	CHECK(f.pixelformat == V4L2_PIX_FMT_NV12M);
	REQUIRE(f.numPlanes == 2);
	// Luma and chroma planes each cover the 48 rows of 3 macroblocks.
	CHECK(f.planes[0].sizeimage == 64 * 48);
	CHECK(f.planes[1].sizeimage == 64 * 24);
	const Nv12Layout l = s->outputLayout();
	CHECK(l.stride == 64);
	CHECK(l.rows == 40);
	CHECK(l.uvStride() == 64);

	REQUIRE(s->start().ok());
	CHECK(s->output().planes() == 2);
	auto slot = s->waitFreeOutput(100);
	REQUIRE(slot.ok());
	Nv12Planes planes = s->outputPlanes(*slot);
	CHECK(planes.luma.size() == 64 * 48);
	CHECK(planes.chroma.size() == 64 * 24);
	PatternSource pattern(64, 40);
	REQUIRE(pattern.next(l, planes).ok());
	REQUIRE(s->queueFrame(*slot, {}).ok());
	REQUIRE(s->drain(1000).ok());

	// What the fake read from its two planes: Y(x, 0, 0) = x, the square
	// (235) from row 10, Cb 128 + cx * 64 / 32, Cr 128 + cy * 64 / 20.
	REQUIRE(fake.inputs.size() == 1);
	const auto &in = fake.inputs[0];
	REQUIRE(in.size() == 64 * 40 * 3 / 2);
	CHECK(std::to_integer<int>(in[40]) == 40);
	CHECK(std::to_integer<int>(in[10 * 64 + 3]) == 235);
	CHECK(std::to_integer<int>(in[64 * 40 + 32]) == 160);
	CHECK(std::to_integer<int>(in[64 * 40 + 10 * 64 + 1]) == 160);
}

TEST_CASE("NV12M DMABUF: one dma-buf per plane, sizes checked per plane",
	  "[encoder][mplane][nv12m][dmabuf]")
{
	FakeEncoder fake(Api::MultiPlanar);
	auto s = openSession(fake);
	auto c = config(64, 48);
	c.outputFourcc = V4L2_PIX_FMT_NV12M;
	c.outputMemory = Memory::Dmabuf;
	REQUIRE(s->configure(c).ok());
	REQUIRE(s->start().ok());

	const DmabufPlane one[] = { { 40, 64 * 48 } };
	auto st = s->queueFrame(0, {}, one);
	REQUIRE_FALSE(st.ok());
	CHECK(st.error().detail == "1 dma-bufs given for 2 planes");

	const DmabufPlane small[] = { { 40, 64 * 48 }, { 41, 100 } };
	st = s->queueFrame(0, {}, small);
	REQUIRE_FALSE(st.ok());
	CHECK(st.error().err == EINVAL);
	CHECK(st.error().detail == "plane 1: dma-buf of 100 bytes rejected; the encoder needs "
				   "at least sizeimage = 1536 bytes");

	const DmabufPlane planes[] = { { 40, 64 * 48 }, { 41, 64 * 24 } };
	REQUIRE(s->queueFrame(0, {}, planes).ok());
	REQUIRE(fake.dmabufPlanes.size() == 1);
	const std::vector<std::pair<int, uint32_t>> want = { { 40, 64 * 48 }, { 41, 64 * 24 } };
	CHECK(fake.dmabufPlanes[0] == want);
}

TEST_CASE("NV12M needs the multi-planar API", "[encoder][nv12m]")
{
	FakeEncoder fake(Api::SinglePlanar);
	auto s = openSession(fake);
	auto c = config(64, 48);
	c.outputFourcc = V4L2_PIX_FMT_NV12M;
	auto st = s->configure(c);
	REQUIRE_FALSE(st.ok());
	CHECK(st.error().detail == "NV12M needs the multi-planar API; /dev/fake-encoder "
				   "(fake-enc) is a single-planar encoder (V4L2_CAP_VIDEO_M2M): "
				   "use NV12");
	CHECK(fake.formatsSet.size() == 1); // CAPTURE only
}

TEST_CASE("without NV12 on OUTPUT the default is NV12M; asking NV12 lists the offer",
	  "[encoder][mplane][nv12m]")
{
	FakeEncoder fake(Api::MultiPlanar);
	fake.noNv12 = true;
	{
		auto s = openSession(fake);
		REQUIRE(s->configure(config(64, 48)).ok());
		CHECK(s->outputFormat().pixelformat == V4L2_PIX_FMT_NV12M);
		CHECK(s->outputFormat().numPlanes == 2);
	}
	auto s = openSession(fake);
	auto c = config(64, 48);
	c.outputFourcc = V4L2_PIX_FMT_NV12;
	auto st = s->configure(c);
	REQUIRE_FALSE(st.ok());
	CHECK(st.error().detail == "/dev/fake-encoder (fake-enc) does not offer NV12 on OUTPUT; "
				   "it offers: NV12M");
}

TEST_CASE("multi-planar CAPTURE: the packet starts at data_offset", "[encoder][mplane]")
{
	FakeEncoder fake(Api::MultiPlanar);
	fake.captureDataOffset = 16;
	auto s = openSession(fake);
	Collected got;
	collect(*s, got);
	REQUIRE(s->configure(config(64, 48)).ok());
	REQUIRE(s->start().ok());
	REQUIRE(encodeFrames(*s, 2).ok());
	REQUIRE(s->drain(1000).ok());
	REQUIRE(got.data.size() == 2);
	CHECK(got.data[1].size() == FakeEncoder::packetSize(1));
	CHECK(std::to_integer<int>(got.data[1][3]) == 1);
	CHECK(std::to_integer<int>(got.data[1][4]) == 0x41);
}
