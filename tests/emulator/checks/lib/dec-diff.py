#!/usr/bin/env python3
"""Compare the VE register writes of two decoder drivers, job by job.

usage: dec-diff.py RESULTDIR DATADIR [--reduced OUTDIR]

RESULTDIR is the results of emu-test-dec-diff: qemu.log (QEMU's trace of
every VE register write, allwinner_ve_write, every decode job,
allwinner_ve_dec_job_schedule, and the guest's markers, allwinner_rtc_write
to the RTC's GP7 register), markers.txt ("N DRIVER STREAM begin|end": what
marker N means) and streams.list. DATADIR is tests/emulator/dec-diff:
streams.txt (each stream's codec), programs.txt if there is one (the
streams guest programs drive, listed in RESULTDIR/programs.list when they
ran), registers.txt (each codec's trigger
registers, SRAM port and DMA address fields) and differences.txt (the
differences we know, each with its reason).

Reduction, per driver and stream (the trace between the stream's markers):
- A job is every write up to the one that started a decode (the write the
  model's allwinner_ve_dec_job_schedule follows); what the driver writes
  after the last job is one more, the "tail".
- A job is cut into segments at each write to a trigger register (the
  H.264 INIT_SWDEC and FLUSH_BITS triggers before the decode trigger, say):
  a segment is the registers written since the previous trigger, each with
  the last value written (the VE acts on the registers when triggered, so
  the order of writes between two triggers does not matter), ended by its
  trigger write. Writes to an SRAM port (offset register, then data words
  at increasing word offsets) become writes of SRAM words, "sram[WORD]".
  Writes to a table register that takes the entry's index in the value
  (MPEG-2's quantiser matrix input) become writes of "REG[INDEX]".
- A DMA address becomes BUFFER+OFFSET: the address fields registers.txt
  lists are decoded (e.g. VLD_ADDR's shuffled high bits and its flags,
  H.265's addresses shifted right by 8);
  the addresses of "base" fields (picture luma, MV buffer, bitstream start,
  ...) are the buffers; an address lies in the highest buffer at or below
  it; buffers are numbered by first use in the stream (buf0, buf1, ...),
  so that the drivers' allocations, which differ, compare equal when they
  are used the same way.
Then each job of cedrus-ve is compared with the same job of staging,
segment by segment, register by register. A difference must match a line
of differences.txt (stream glob, register, the two values as globs), and
every line there must match at least one difference (no stale excuses).
Exit status 0 when every difference is listed, 1 otherwise (each unlisted
difference is printed), 2 on malformed input.
"""
import fnmatch
import os
import re
import sys

DRIVERS = ("staging", "cedrus-ve")


class InputError(Exception):
    pass


def data_lines(path):
    """Yield (line number, fields) of a data file, comments skipped."""
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if line:
                yield n, line.split()


def read_streams(path):
    """streams.txt: NAME CODEC EXT PARSER DECODER ARGS... -> {name: (codec,
    frames)}, frames from ffmpeg's -frames:v (0 if absent)."""
    streams = {}
    for n, f in data_lines(path):
        if len(f) < 6:
            raise InputError(f"{path}:{n}: fewer than 6 fields")
        frames = 0
        for opt, val in zip(f[5:], f[6:]):
            if opt in ("-frames:v", "-vframes"):
                frames = parse_int(val, f"{path}:{n}")
        streams[f[0]] = (f[1], frames)
    return streams


def read_programs(path, streams):
    """programs.txt: NAME CODEC JOBS PROGRAM... -> {name: (codec, jobs)};
    {} when there is no such file. A name must not be a stream's too."""
    programs = {}
    if not os.path.exists(path):
        return programs
    for n, f in data_lines(path):
        if len(f) < 4:
            raise InputError(f"{path}:{n}: fewer than 4 fields")
        if f[0] in streams or f[0] in programs:
            raise InputError(f"{path}:{n}: {f[0]} is listed twice")
        programs[f[0]] = (f[1], parse_int(f[2], f"{path}:{n}"))
    return programs


def parse_int(text, where):
    try:
        return int(text, 0)
    except ValueError:
        raise InputError(f"{where}: '{text}' is no number") from None


class Codec:
    """What registers.txt says of one codec."""

    def __init__(self):
        self.triggers = set()
        self.sram_ports = {}  # offset register -> data register
        self.sram_data = {}  # data register -> offset register
        self.addr_regs = {}  # register -> (encoding, is_base)
        # (first, last, stride, positions, is_base, shift)
        self.addr_sram = []
        self.indexed = {}  # register -> mask of the index in the value


def read_registers(path):
    """registers.txt: CODEC KIND ARGS... -> {codec: Codec}"""
    codecs = {}
    for n, f in data_lines(path):
        where = f"{path}:{n}"
        if len(f) < 3:
            raise InputError(f"{where}: fewer than 3 fields")
        codec = codecs.setdefault(f[0], Codec())
        kind, args = f[1], f[2:]
        if kind == "trigger":
            codec.triggers.add(parse_int(args[0], where))
        elif kind == "sram-port":
            if len(args) != 2:
                raise InputError(f"{where}: sram-port OFFSET_REG DATA_REG")
            off, data = (parse_int(a, where) for a in args)
            codec.sram_ports[off] = data
            codec.sram_data[data] = off
        elif kind in ("addr", "vld-addr", "addr-shr8"):
            base = args[1:] == ["base"]
            if args[1:] not in ([], ["base"]):
                raise InputError(f"{where}: {kind} REG [base]")
            codec.addr_regs[parse_int(args[0], where)] = (kind, base)
        elif kind == "sram-addr":
            # sram-addr FIRST-LAST/STRIDE:POS,POS [base]: the SRAM words
            # FIRST + k * STRIDE + POS (FIRST..LAST) hold addresses.
            # "shr8": the words hold the address shifted right by 8.
            m = re.fullmatch(r"(\w+)-(\w+)/(\w+):([\w,]+)", args[0])
            if not m or not set(args[1:]) <= {"base", "shr8"}:
                raise InputError(f"{where}: sram-addr FIRST-LAST/STRIDE:POS,... [base] [shr8]")
            first, last, stride = (parse_int(m.group(i), where) for i in (1, 2, 3))
            positions = {parse_int(p, where) for p in m.group(4).split(",")}
            codec.addr_sram.append((first, last, stride, positions, "base" in args[1:],
                                    8 if "shr8" in args[1:] else 0))
        elif kind == "indexed":
            if len(args) != 2 or not parse_int(args[1], where):
                raise InputError(f"{where}: indexed REG INDEX_MASK")
            codec.indexed[parse_int(args[0], where)] = parse_int(args[1], where)
        else:
            raise InputError(f"{where}: unknown kind '{kind}'")
    return codecs


def sram_addr_field(codec, word):
    """(is address, is base, shift) of SRAM word WORD."""
    for first, last, stride, positions, base, shift in codec.addr_sram:
        if first <= word <= last and (word - first) % stride in positions:
            return True, base, shift
    return False, False, 0


def split_trace(resultdir):
    """{(driver, stream): [trace lines]} between the guest's markers."""
    meaning = {}
    for n, f in data_lines(os.path.join(resultdir, "markers.txt")):
        if len(f) != 4 or f[1] not in DRIVERS or f[3] not in ("begin", "end"):
            raise InputError(f"markers.txt:{n}: want 'N DRIVER STREAM begin|end'")
        meaning[int(f[0])] = (f[1], f[2], f[3])
    marker = re.compile(r"allwinner_rtc_write addr 0x11c value 0x([0-9a-f]+)$")
    parts, current, seen = {}, None, set()
    with open(os.path.join(resultdir, "qemu.log")) as f:
        for line in f:
            line = line.rstrip("\n")
            m = marker.match(line)
            if m:
                n = int(m.group(1), 16)
                if n not in meaning:
                    raise InputError(f"qemu.log: marker {n} is not in markers.txt")
                driver, stream, what = meaning[n]
                seen.add(n)
                if what == "begin":
                    current = (driver, stream)
                    parts[current] = []
                else:
                    if current != (driver, stream):
                        raise InputError(f"qemu.log: marker {n} ends what never began")
                    current = None
                continue
            if current and line.startswith("allwinner_ve_"):
                parts[current].append(line)
    missing = sorted(set(meaning) - seen)
    if missing:
        raise InputError(f"qemu.log lacks the markers {missing} (trace not applied?)")
    return parts


WRITE = re.compile(r"allwinner_ve_write offset 0x([0-9a-f]+) value 0x([0-9a-f]+)$")


def reduce_stream(lines, codec):
    """The jobs of one stream: [job], job = [segment], segment =
    (dict key -> value, trigger (key, value) or None), values raw ints;
    and the set of addresses of base fields. Addresses are kept as
    ("addr", address, flags) until buffers are known."""
    jobs, segments, regs = [], [], {}
    bases = set()
    sram_ptr = {}  # offset register -> current word
    last_write = None

    def close_segment(trigger):
        nonlocal regs
        segments.append((regs, trigger))
        regs = {}

    for line in lines:
        if line.startswith("allwinner_ve_dec_job_schedule"):
            if last_write is None:
                raise InputError("a decode job with no write before it")
            # The last write started the job: it is its trigger (whether
            # or not the trigger registers list it).
            if not (segments and segments[-1][1] == last_write and not regs):
                regs.pop(last_write[0], None)
                close_segment(last_write)
            jobs.append(segments)
            segments = []
            last_write = None
            continue
        m = WRITE.match(line)
        if not m:
            continue
        reg, value = int(m.group(1), 16), int(m.group(2), 16)
        if reg in codec.sram_ports:
            sram_ptr[reg] = value >> 2
            last_write = None
            continue
        if reg in codec.sram_data:
            port = codec.sram_data[reg]
            if port not in sram_ptr:
                raise InputError(f"SRAM data written at 0x{reg:03x} before its offset")
            word = sram_ptr[port]
            sram_ptr[port] = word + 1
            key = f"sram[0x{word:03x}]"
            is_addr, base, shift = sram_addr_field(codec, word)
            if is_addr and value:
                value <<= shift
                if base:
                    bases.add(value)
                value = ("addr", value, 0)
            regs[key] = value
            last_write = (key, value)
            continue
        key = f"0x{reg:03x}"
        if reg in codec.indexed:
            mask = codec.indexed[reg]
            index = (value & mask) // (mask & -mask)
            key = f"0x{reg:03x}[0x{index:02x}]"
        if reg in codec.addr_regs and value:
            kind, base = codec.addr_regs[reg]
            flags = 0
            if kind == "vld-addr":
                # VLD_ADDR: address bits 27:4 in place, 31:28 in 3:0,
                # flags in 30:28.
                flags = value & 0x70000000
                value = (value & 0x0FFFFFF0) | ((value & 0xF) << 28)
            elif kind == "addr-shr8":
                # H.265: address bits 35:8 in 27:0, flags in 31:28.
                flags = value & 0xF0000000
                value = (value & 0x0FFFFFFF) << 8
            if base:
                bases.add(value)
            value = ("addr", value, flags)
        last_write = (key, value)
        if reg in codec.triggers:
            close_segment((key, value))
        else:
            regs[key] = value
    if regs:
        close_segment(None)
    jobs.append(segments)  # the tail, maybe empty
    return jobs, bases


def name_buffers(jobs, bases):
    """Turn every ("addr", a, flags) into "bufN+0xOFF[|flags]" text, N by
    first use; everything else into 0x%08x."""
    ordered = sorted(bases)
    names = {}

    def text(v):
        if not isinstance(v, tuple):
            return f"0x{v:08x}"
        _, addr, flags = v
        base = None
        lo, hi = 0, len(ordered)
        while lo < hi:
            mid = (lo + hi) // 2
            if ordered[mid] <= addr:
                lo = mid + 1
            else:
                hi = mid
        base = ordered[lo - 1] if lo else addr
        if base not in names:
            names[base] = f"buf{len(names)}"
        out = f"{names[base]}+0x{addr - base:x}"
        if flags:
            out += f"|0x{flags:08x}"
        return out

    named = []
    for job in jobs:
        segs = []
        for regs, trigger in job:
            r = {k: text(v) for k, v in regs.items()}
            t = (trigger[0], text(trigger[1])) if trigger else None
            segs.append((r, t))
        named.append(segs)
    return named


def key_order(key):
    if key.startswith("sram["):
        return (1, int(key[5:-1], 16), 0)
    reg, _, index = key.partition("[")
    return (0, int(reg, 16), int(index[:-1], 16) if index else -1)


def dump(named, path):
    with open(path, "w") as f:
        for j, job in enumerate(named):
            f.write(f"job {j}\n")
            for s, (regs, trigger) in enumerate(job):
                for k in sorted(regs, key=key_order):
                    f.write(f"  {s} {k} {regs[k]}\n")
                if trigger:
                    f.write(f"  {s} trigger {trigger[0]} {trigger[1]}\n")


class Excuse:
    def __init__(self, n, fields, reason):
        self.n = n
        self.stream, self.key, self.staging, self.ours = fields
        self.reason = reason
        self.used = 0

    def matches(self, stream, key, a, b):
        return (fnmatch.fnmatchcase(stream, self.stream) and
                fnmatch.fnmatchcase(key, self.key) and
                fnmatch.fnmatchcase(a, self.staging) and
                fnmatch.fnmatchcase(b, self.ours))


def read_differences(path):
    """differences.txt: STREAM-GLOB KEY STAGING CEDRUS-VE REASON..."""
    out = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = line.split(None, 4)
            if len(fields) < 5:
                raise InputError(f"{path}:{n}: want STREAM KEY STAGING CEDRUS-VE REASON")
            out.append(Excuse(n, fields[:4], fields[4].strip()))
    return out


def compare(stream, a_jobs, b_jobs):
    """Yield (where, key, staging value, cedrus-ve value); '-' = not
    written; 'jobs'/'segments' keys for count mismatches."""
    if len(a_jobs) != len(b_jobs):
        yield ("stream", "jobs", str(len(a_jobs) - 1), str(len(b_jobs) - 1))
    for j, (a, b) in enumerate(zip(a_jobs, b_jobs)):
        where = f"job {j}" if j < len(a_jobs) - 1 else "tail"
        if len(a) != len(b):
            yield (where, "segments", str(len(a)), str(len(b)))
        for s, ((ra, ta), (rb, tb)) in enumerate(zip(a, b)):
            for k in sorted(set(ra) | set(rb), key=key_order):
                va, vb = ra.get(k, "-"), rb.get(k, "-")
                if va != vb:
                    yield (f"{where} segment {s}", k, va, vb)
            ta = f"{ta[0]}={ta[1]}" if ta else "-"
            tb = f"{tb[0]}={tb[1]}" if tb else "-"
            if ta != tb:
                yield (f"{where} segment {s}", "trigger", ta, tb)


def main(argv):
    if len(argv) not in (3, 5) or (len(argv) == 5 and argv[3] != "--reduced"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    resultdir, datadir = argv[1], argv[2]
    outdir = argv[4] if len(argv) == 5 else None
    try:
        streams = read_streams(os.path.join(datadir, "streams.txt"))
        # Streams driven by guest programs (programs.txt): their "frames"
        # are the jobs they run.
        streams.update(read_programs(os.path.join(datadir, "programs.txt"), streams))
        codecs = read_registers(os.path.join(datadir, "registers.txt"))
        excuses = read_differences(os.path.join(datadir, "differences.txt"))
        parts = split_trace(resultdir)
        wanted = [f[0] for _, f in data_lines(os.path.join(resultdir, "streams.list"))]
        if os.path.exists(os.path.join(resultdir, "programs.list")):
            wanted += [f[0] for _, f in data_lines(os.path.join(resultdir, "programs.list"))]
        unlisted, total_jobs = [], 0
        for stream in wanted:
            if stream not in streams:
                raise InputError(f"stream {stream} is not in streams.txt")
            codec_name, frames = streams[stream]
            codec = codecs.get(codec_name)
            if codec is None:
                raise InputError(f"codec {codec_name} has no registers.txt lines")
            reduced = {}
            for driver in DRIVERS:
                if (driver, stream) not in parts:
                    raise InputError(f"no trace of {driver} decoding {stream}")
                jobs, bases = reduce_stream(parts[(driver, stream)], codec)
                reduced[driver] = name_buffers(jobs, bases)
                if outdir:
                    os.makedirs(os.path.join(outdir, driver), exist_ok=True)
                    dump(reduced[driver], os.path.join(outdir, driver, stream + ".txt"))
            a, b = reduced["staging"], reduced["cedrus-ve"]
            njobs = len(a) - 1
            if njobs < max(frames, 1):
                # A decode job per picture at least (one per slice for
                # slice-based decoders): fewer means the decode stopped.
                raise InputError(f"staging ran {njobs} decode jobs for {stream} "
                                 f"of {frames} frames")
            total_jobs += njobs
            writes = sum(len(r) + (t is not None) for job in a for r, t in job)
            diffs = 0
            for where, key, va, vb in compare(stream, a, b):
                diffs += 1
                for e in excuses:
                    if e.matches(stream, key, va, vb):
                        e.used += 1
                        break
                else:
                    unlisted.append(f"{stream} {where}: {key} staging {va} cedrus-ve {vb}")
            print(f"{stream}: {njobs} jobs on staging, {len(b) - 1} on cedrus-ve; "
                  f"{writes} reduced writes, {diffs} differences")
        for e in excuses:
            print(f"differences.txt:{e.n}: {e.used} times: {e.stream} {e.key} "
                  f"{e.staging} -> {e.ours}: {e.reason}")
        stale = [e for e in excuses if not e.used]
        for e in stale:
            print(f"differences.txt:{e.n} matches no difference (stale): "
                  f"{e.stream} {e.key} {e.staging} {e.ours}", file=sys.stderr)
        for u in unlisted[:60]:
            print(f"unlisted difference: {u}", file=sys.stderr)
        if len(unlisted) > 60:
            print(f"... and {len(unlisted) - 60} more unlisted differences", file=sys.stderr)
        if unlisted or stale:
            return 1
        print(f"all {total_jobs} jobs compared: every difference is listed")
        return 0
    except (InputError, OSError) as e:
        print(f"dec-diff.py: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
