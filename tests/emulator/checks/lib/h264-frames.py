#!/usr/bin/env python3
"""Per-frame sizes, types and slice QPs of a raw H.264 stream.

usage: h264-frames.py STREAM CSV

Host ffmpeg's trace_headers bitstream filter reads the stream the way a
decoder does: ffmpeg's raw H.264 demuxer cuts it into access units (the
packets, SPS and PPS going with the picture after them) and the filter
prints each packet's size, then the syntax elements of its NAL units.
From those, one CSV row per access unit, in the columns of the tool's
--stats that enc-rc-table.py reads: index, type (I for slice_type 2 or 7,
P for 0 or 5, else what the slice type is), bytes, qp (26 +
pic_init_qp_minus26 of the PPS + slice_qp_delta of the first slice).
Exits 1 if the stream has no packet or a packet without a slice.
"""
import csv
import re
import subprocess
import sys

TYPES = {0: "P", 5: "P", 2: "I", 7: "I", 1: "B", 6: "B"}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    stream, out = sys.argv[1], sys.argv[2]
    trace = subprocess.run(
        ["ffmpeg", "-nostdin", "-hide_banner", "-v", "verbose", "-i", stream,
         "-c", "copy", "-bsf:v", "trace_headers", "-f", "null", "-"],
        capture_output=True, text=True, errors="replace")
    if trace.returncode:
        sys.exit(f"h264-frames: ffmpeg failed on {stream}: {trace.stderr[-500:]}")

    frames = []
    init_qp = None
    field = re.compile(r"\]\s+\d+\s+(\w+)\s+[01]+ = (-?\d+)$")
    packet = re.compile(r"\] Packet: (\d+) bytes")
    # ffmpeg's progress lines end in \r, before the next message
    for line in trace.stderr.replace("\r", "\n").splitlines():
        m = packet.search(line)
        if m:
            frames.append({"bytes": int(m.group(1)), "type": None, "qp": None})
            continue
        m = field.search(line)
        if not m:
            continue
        name, value = m.group(1), int(m.group(2))
        if name == "pic_init_qp_minus26":
            init_qp = 26 + value
        elif not frames:
            continue
        elif name == "slice_type" and frames[-1]["type"] is None:
            frames[-1]["type"] = TYPES.get(value, str(value))
        elif name == "slice_qp_delta" and frames[-1]["qp"] is None:
            if init_qp is None:
                sys.exit(f"h264-frames: {stream}: a slice before any PPS")
            frames[-1]["qp"] = init_qp + value

    if not frames:
        sys.exit(f"h264-frames: {stream}: no packet")
    for i, f in enumerate(frames):
        if f["type"] is None or f["qp"] is None:
            sys.exit(f"h264-frames: {stream}: packet {i} ({f['bytes']} bytes) has no slice")
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["index", "type", "bytes", "qp"])
        for i, fr in enumerate(frames):
            w.writerow([i, fr["type"], fr["bytes"], fr["qp"]])


if __name__ == "__main__":
    main()
