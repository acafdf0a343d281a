#!/usr/bin/env bash
# Host check of guest/tests/enc-regs.sh: what the driver programs into the
# VE, read from the QEMU trace of register writes (qemu.log, events from
# enc-regs.trace), against the settings the guest passed (NAME.args in
# summary.txt: size, frames and v4l2-cedrus-enc-test options) and the
# slice headers of the streams (FFmpeg's trace_headers, an independent
# parser). Register fields are those of driver/cedrus_regs.h; no expected
# value comes from driver code.
#
# A job is one ENC_START (the write after which the model schedules an
# encode); the value a register holds at ENC_START is the last one written
# before it, in this job or an earlier one. Jobs map to frames in order:
# the runs in NAME.args order, each with its FRAMES frames, none lost.
#
#  1. Deblocking: PARA0 DEBLOCK_IDC (13:12), ALPHA_OFFSET_DIV2 (19:16),
#     BETA_OFFSET_DIV2 (23:20, 4-bit two's complement) hold --loop-filter
#     (enabled 0, disabled 1, slice-boundary 2), --loop-filter-alpha and
#     --loop-filter-beta, and so do disable_deblocking_filter_idc and the
#     slice_*_offset_div2 of the slice header (absent, i.e. 0, with idc 1,
#     where PARA0 must say 0 as well). PARA0 SLICE_TYPE (5:4, 0 I, 1 P)
#     is the slice's type: the job is the frame it is compared with.
#  2. QP: PARA1 FIXED_QP (5:0) and 26 + pic_init_qp_minus26 +
#     slice_qp_delta are --qp-i for IDR and I frames and --qp-p for P
#     frames, the pair of a --qp-change-at FRAME:IQP:PQP from FRAME on.
#  3. Bitstream window: STM_END = STM_START + size - 1, size a multiple of
#     8 KiB (STM_BIT_MAX counts 8 KiB units on some VEs), STM_BIT_MAX =
#     size * 8, size <= the CAPTURE sizeimage the tool was given (its
#     --summary), and the windows of different CAPTURE buffers do not
#     overlap.
#  4. Register writes per frame, as driver/README.md documents them: a
#     frame runs from the write after the previous frame's interrupt
#     acknowledge (its STATUS write, which clears the interrupt) through
#     its ENC_START and its own acknowledge. Every put-bits trigger
#     carries 1 to 16 bits (STARTTRIG.NUM_BITS, bits 12:8; bit 13 clear),
#     and the triggers of a NAL unit carry its 32-bit start code and then
#     the H bits the kernel writes after it (NAL header and header syntax:
#     the whole SPS or PPS NAL unit, or the slice header), in 16-bit
#     batches: 2 + ceil(H / 16) triggers. H comes from the stream: the
#     NAL unit's size less its emulation prevention bytes for SPS and
#     PPS, where FFmpeg's trace_headers places the end of the slice
#     header for a slice. Writes: 45 + 2 PARA0 writes per NAL unit + 2
#     per trigger (PUTBITSDATA, STARTTRIG).
#  5. ISP input: PIC_INFO is the picture size in MBs, and the luma and
#     chroma lines the ISP reads (stride from PIC_STRIDE0, height_mbs x 16
#     and x 8 lines) lie, luma first, within OUTPUT sizeimage bytes of the
#     luma address (single-plane NV12: the plane starts at that address;
#     OUTPUT sizeimage and planes from the tool's --summary).
#
# Each run is also decoded (check_encode) to the VE's reconstruction on
# the lossy model, whose filter follows idc and offsets from PARA0: a
# driver whose headers disagreed would fail there. lf1 codes at QP 40/45
# without the filter: its PSNR floor is 25 dB (the model's QP 40-45
# pictures of this content measure 29.9-32 dB).
set -euo pipefail
CHECK_NAME=enc-regs
. "$(dirname "$0")/lib/enc.sh"
dir=$1

# frame types: open GOP with I period 3, IDR forced at 6; closed GOP 4;
# closed GOP 2. SPS/PPS: every IDR (the driver's default), every IDR
# (--prepend-headers), the first IDR only (prepend turned off by --ctrl)
check_encode "$dir" lf0 320 240 DPPIPPDP 2
check_encode "$dir" lf2 320 240 DPPPDPPP 2
STREAM_PSNR_MIN=25 check_encode "$dir" lf1 320 240 DPDP 1

python3 - "$dir" <<'EOF'
import re
import subprocess
import sys

res = sys.argv[1]
errors = []


def fail(msg):
    errors.append(msg)


def die(msg):
    print(f"check enc-regs: {msg}", file=sys.stderr)
    sys.exit(1)


# Figures of driver/README.md, "H.264 encoder register writes per frame":
# writes besides put-bits and PARA0, the put-bits batch in bits
README_BASE_WRITES = 45
README_BATCH_BITS = 16

# Registers and fields (driver/cedrus_regs.h)
VE_ISP_PIC_INFO = 0xa00              # width MBs 26:16, height MBs 10:0
VE_ISP_PIC_STRIDE0 = 0xa04           # input stride MBs 26:16
VE_ISP_INPUT_LUMA = 0xa78
VE_ISP_INPUT_CHROMA0 = 0xa7c
PARA0 = 0xb04                        # beta 23:20, alpha 19:16, idc 13:12,
                                     # slice type 5:4
PARA1 = 0xb08                        # fixed QP 5:0
STARTTRIG = 0xb18                    # type 3:0: 1 put-bits, 8 ENC_START
STATUS = 0xb1c                       # interrupt bits 3:0, write 1 to clear
STM_START = 0xb80
STM_END = 0xb84
STM_BIT_MAX = 0xb8c
STARTTRIG_PUT_BITS = 1
STARTTRIG_NUM_BITS = (12, 8)
STARTTRIG_NUM_BITS_WIDER = 13        # the old, wrong, 13:8 field's top bit
STARTTRIG_ENC_START = 8
STM_GRANULE = 8192


def field(value, hi, lo):
    return (value >> lo) & ((1 << (hi - lo + 1)) - 1)


def s4(value):
    """4-bit two's complement"""
    return value - 16 if value & 8 else value


def kv(path):
    out = {}
    with open(path) as f:
        for line in f:
            key, sep, value = line.rstrip("\n").partition("=")
            if sep:
                out[key] = value
    return out


# The runs and their settings: "WxH FRAMES OPTIONS..." as regs_tool
# recorded them, OPTIONS those of v4l2-cedrus-enc-test. Every setting
# checked must be there: the tool leaves what it is not given to the
# driver, and no expected value may come from the driver.
LOOP_FILTER_IDC = {"enabled": 0, "disabled": 1, "slice-boundary": 2}


def run_settings(name, args):
    words = args.split()
    if len(words) < 2 or not re.fullmatch(r"\d+x\d+", words[0]) or \
       not words[1].isdigit():
        die(f"{name}: the record '{args}' does not start with WxH FRAMES")
    single = ("--loop-filter", "--loop-filter-alpha", "--loop-filter-beta",
              "--qp-i", "--qp-p")
    opts, changes = {}, []
    i = 2
    while i < len(words):
        if words[i] in single + ("--qp-change-at",):
            if i + 1 == len(words):
                die(f"{name}: {words[i]} without a value")
            if words[i] == "--qp-change-at":
                m = re.fullmatch(r"(\d+):(\d+):(\d+)", words[i + 1])
                if not m:
                    die(f"{name}: --qp-change-at '{words[i + 1]}'")
                at, iqp, pqp = (int(x) for x in m.groups())
                changes.append((at, (iqp, pqp)))
            else:
                opts[words[i]] = words[i + 1]
            i += 2
        else:
            i += 1
    for o in single:
        if o not in opts:
            die(f"{name}: the run does not set {o}")
    if opts["--loop-filter"] not in LOOP_FILTER_IDC:
        die(f"{name}: --loop-filter '{opts['--loop-filter']}'")
    width, height = (int(x) for x in words[0].split("x"))
    s = {
        "name": name, "args": args,
        "width": width, "height": height, "frames": int(words[1]),
        "idc": LOOP_FILTER_IDC[opts["--loop-filter"]],
        "alpha": int(opts["--loop-filter-alpha"]),
        "beta": int(opts["--loop-filter-beta"]),
        "qp": (int(opts["--qp-i"]), int(opts["--qp-p"])),
        # in frame order; the tool applies them in the order given
        "changes": sorted(changes, key=lambda c: c[0]),
    }
    # The buffer sizes the tool was given (its --summary).
    out = kv(f"{res}/{name}.summary")
    for key in ("capture_sizeimage", "output_sizeimage0", "output_planes"):
        if key not in out:
            die(f"{name}.summary has no {key}")
        s[key] = int(out[key])
    return s


def expected_qp(s, frame, key):
    qp = s["qp"]
    for at, pair in s["changes"]:
        if frame >= at:
            qp = pair
    return qp[0] if key else qp[1]


# Slice headers, parameter sets and access units, from FFmpeg's parser
def stream_frames(name):
    cmd = ["ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-v", "info",
           "-i", f"{res}/{name}.h264", "-c:v", "copy",
           "-bsf:v", "trace_headers", "-f", "null", "-"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        die(f"{name}: ffmpeg trace_headers failed:\n{p.stderr}")
    element = re.compile(r"^(\d+)\s+(\S+)\s+([01]+) = (-?\d+)$")
    frames, block, pps, sps_count, started = [], None, None, 0, False
    for line in p.stderr.splitlines():
        m = re.match(r"^.*?\[trace_headers @ [^\]]*\] (.*)$", line)
        if not m:
            continue
        text = m.group(1).strip()
        if text.startswith("Packet:"):
            started = True      # what came before is the extradata copy
            continue
        if not started:
            continue
        if text == "Sequence Parameter Set":
            sps_count += 1
            block = {}
        elif text == "Picture Parameter Set":
            pps = block = {}
        elif text == "Slice Header":
            if pps is None:
                die(f"{name}: a slice before any PPS")
            block = {"pps": pps, "sps_in_au": sps_count, "_end": 0}
            frames.append(block)
            sps_count = 0
        else:
            m = element.match(text)
            if m and block is not None:
                block[m.group(2)] = int(m.group(4))
                # bit position in the NAL unit (header byte included);
                # CABAC's alignment ones belong to the slice data: the VE
                # writes them
                if not m.group(2).startswith("cabac_alignment_one_bit"):
                    block["_end"] = max(block.get("_end", 0),
                                        int(m.group(1)) + len(m.group(3)))
    # The size of every NAL unit the kernel writes whole (SPS, PPS): its
    # bytes less the emulation prevention bytes, from the Annex B stream.
    data = open(f"{res}/{name}.h264", "rb").read()
    starts = [m.end() for m in re.finditer(b"\x00\x00\x01", data)]
    param_bits = []
    for a, b in zip(starts, starts[1:] + [len(data) + 3]):
        nal = data[a:b - 3].rstrip(b"\x00")
        if nal and nal[0] & 0x1f in (7, 8):
            param_bits.append(8 * (len(nal) - nal.count(b"\x00\x00\x03")))
    return frames, param_bits


# VE register writes and jobs, from the QEMU trace
def trace_jobs():
    regs, jobs, cur, job = {}, [], [], None
    log = f"{res}/qemu.log"
    try:
        lines = open(log).read().splitlines()
    except OSError:
        die(f"no {log} (enc-regs.trace not applied?)")
    for line in lines:
        w = line.split()
        if not w:
            continue
        if w[0] == "allwinner_ve_write":
            off, val = int(w[2], 16), int(w[4], 16)
            regs[off] = val
            if job is not None and job["done"] is not None:
                # the interrupt acknowledge of the finished job
                job["ack"].append((off, val))
                if off == STATUS and val & 0xf:
                    job = None
                continue
            if job is not None:
                die(f"register {off:#x} written while job {len(jobs) - 1} runs")
            cur.append((off, val))
        elif w[0] == "allwinner_ve_job_schedule":
            if not cur or cur[-1][0] != STARTTRIG or \
               field(cur[-1][1], 3, 0) != STARTTRIG_ENC_START:
                die(f"job {len(jobs)} not started by an ENC_START write")
            job = {"writes": cur, "regs": dict(regs), "ack": [],
                   "done": None}
            jobs.append(job)
            cur = []
        elif w[0] == "allwinner_ve_job_done":
            if job is None:
                die(f"job done without a job: {line}")
            job["done"] = " ".join(w[1:])
    return jobs


summary = kv(f"{res}/summary.txt")
runs = [run_settings(k[:-len(".args")], v.split(None, 1)[1])
        for k, v in summary.items() if k.endswith(".args")]
# kv keeps the order the guest wrote them in; a dict keeps it too
if not runs:
    die("no NAME.args in summary.txt")
jobs = trace_jobs()
total = sum(s["frames"] for s in runs)
if len(jobs) != total:
    die(f"{len(jobs)} ENC_START jobs in qemu.log, the runs have {total} frames")

j0 = 0
for s in runs:
    name = s["name"]
    frames, param_bits = stream_frames(name)
    if len(frames) != s["frames"]:
        die(f"{name}: {len(frames)} slices in the stream, want {s['frames']}")
    windows = set()
    seen_counts = set()
    qps = []
    for n, (sh, job) in enumerate(zip(frames, jobs[j0:j0 + s["frames"]])):
        where = f"{name} frame {n}"
        r = job["regs"]
        if not (job["done"] or "").startswith("finished"):
            fail(f"{where}: job ended '{job['done']}'")

        # frame type: IDR (nal_unit_type 5), I (slice_type 2 or 7) or P
        idr = sh.get("nal_unit_type") == 5
        key = sh.get("slice_type", -1) % 5 == 2
        kind = "IDR" if idr else "I" if key else "P"

        # 1. deblocking
        idc = s["idc"]
        alpha, beta = (0, 0) if idc == 1 else (s["alpha"], s["beta"])
        p0 = r.get(PARA0, 0)
        got = (field(p0, 13, 12), s4(field(p0, 19, 16)),
               s4(field(p0, 23, 20)))
        if got != (idc, alpha, beta):
            fail(f"{where}: PARA0 {p0:#010x} has idc/alpha/beta {got}, "
                 f"want {(idc, alpha, beta)}")
        if field(p0, 5, 4) != (0 if key else 1):
            fail(f"{where}: PARA0 {p0:#010x} slice type "
                 f"{field(p0, 5, 4)} for a {kind} slice")
        hdr = (sh.get("disable_deblocking_filter_idc"),
               sh.get("slice_alpha_c0_offset_div2", 0),
               sh.get("slice_beta_offset_div2", 0))
        if hdr != (idc, alpha, beta):
            fail(f"{where}: slice header idc/alpha/beta {hdr}, "
                 f"want {(idc, alpha, beta)}")

        # 2. QP
        qp = expected_qp(s, n, key)
        qps.append(str(qp))
        if field(r.get(PARA1, 0), 5, 0) != qp:
            fail(f"{where}: PARA1 {r.get(PARA1, 0):#010x} QP "
                 f"{field(r.get(PARA1, 0), 5, 0)}, want {qp} ({kind})")
        slice_qp = 26 + sh["pps"].get("pic_init_qp_minus26", 0) + \
            sh.get("slice_qp_delta", 0)
        if slice_qp != qp:
            fail(f"{where}: slice QP {slice_qp}, want {qp} ({kind})")

        # 3. bitstream window
        start, end, bitmax = (r.get(x, 0) for x in
                              (STM_START, STM_END, STM_BIT_MAX))
        size = end - start + 1
        if size <= 0 or size % STM_GRANULE:
            fail(f"{where}: STM {start:#x}..{end:#x}: {size} bytes, not a "
                 f"positive multiple of {STM_GRANULE}")
        if bitmax != size * 8:
            fail(f"{where}: STM_BIT_MAX {bitmax}, want {size * 8}")
        if size > s["capture_sizeimage"]:
            fail(f"{where}: STM window {size} bytes > CAPTURE sizeimage "
                 f"{s['capture_sizeimage']}")
        windows.add((start, end))

        # 4. register writes per frame
        writes = job["writes"] + job["ack"]
        puts = [v for o, v in writes if o == STARTTRIG and
                field(v, 3, 0) == STARTTRIG_PUT_BITS]
        count = (len(writes), len(puts),
                 sum(1 for o, v in writes if o == PARA0))
        for v in puts:
            nbits = field(v, *STARTTRIG_NUM_BITS)
            if v & (1 << STARTTRIG_NUM_BITS_WIDER) or \
               not 1 <= nbits <= README_BATCH_BITS:
                fail(f"{where}: put-bits trigger {v:#x} carries more than "
                     f"{README_BATCH_BITS} bits or none")
        nal_bits = [sh["_end"]]
        if sh["sps_in_au"]:
            if not idr:
                fail(f"{where}: SPS before a non-IDR slice")
            # the SPS and PPS of this access unit, in stream order
            nal_bits = param_bits[:2] + nal_bits
            del param_bits[:2]
        triggers = sum(2 + -(-h // README_BATCH_BITS) for h in nal_bits)
        want = (README_BASE_WRITES + 2 * len(nal_bits) + 2 * triggers,
                triggers, 2 * len(nal_bits))
        if count != want:
            fail(f"{where}: {kind}{' + SPS/PPS' if sh['sps_in_au'] else ''}"
                 f" (kernel-written bits per NAL unit {nal_bits}) took "
                 f"{count[0]} writes, {count[1]} put-bits, {count[2]}"
                 f" PARA0; driver/README.md says {want}")
        sent = sum(field(v, *STARTTRIG_NUM_BITS) for v in puts)
        if sent != sum(32 + h for h in nal_bits):
            fail(f"{where}: put-bits sent {sent} bits, the stream's "
                 f"headers have {sum(32 + h for h in nal_bits)}")
        seen_counts.add((kind + ("+SPS/PPS" if sh["sps_in_au"] else ""),
                         count))

        # 5. ISP input
        info = r.get(VE_ISP_PIC_INFO, 0)
        wmbs, hmbs = (s["width"] + 15) // 16, (s["height"] + 15) // 16
        if (field(info, 26, 16), field(info, 10, 0)) != (wmbs, hmbs):
            fail(f"{where}: ISP PIC_INFO {info:#x}, want {wmbs}x{hmbs} MBs")
        if s["output_planes"] == 1:
            stride = field(r.get(VE_ISP_PIC_STRIDE0, 0), 26, 16) * 16
            luma = r.get(VE_ISP_INPUT_LUMA, 0)
            chroma = r.get(VE_ISP_INPUT_CHROMA0, 0)
            if stride < s["width"] or \
               luma + stride * hmbs * 16 > chroma or \
               chroma + stride * hmbs * 8 > luma + s["output_sizeimage0"]:
                fail(f"{where}: ISP reads luma {luma:#x} and chroma "
                     f"{chroma:#x}, stride {stride}: not within the "
                     f"{s['output_sizeimage0']} bytes of the OUTPUT plane")

    ws = sorted(windows)
    for a, b in zip(ws, ws[1:]):
        if a[1] >= b[0]:
            fail(f"{name}: STM windows {a[0]:#x}..{a[1]:#x} and "
                 f"{b[0]:#x}..{b[1]:#x} overlap")
    j0 += s["frames"]
    if not errors:
        offsets = "offsets 0 (not sent)" if s["idc"] == 1 else \
            f"alpha {s['alpha']} beta {s['beta']}"
        print(f"check enc-regs: {name} ok: PARA0 and slice headers idc "
              f"{s['idc']} {offsets}; PARA1 and slice QPs "
              f"{','.join(qps)}; {len(ws)} STM windows <= "
              f"{s['capture_sizeimage']} bytes; writes per frame " +
              ", ".join(f"{k} {c[0]} ({c[1]} put-bits, {c[2]} PARA0)"
                        for k, c in sorted(seen_counts)))

if errors:
    for e in errors[:20]:
        print(f"check enc-regs: {e}", file=sys.stderr)
    if len(errors) > 20:
        print(f"check enc-regs: ... {len(errors) - 20} more",
              file=sys.stderr)
    sys.exit(1)
EOF
