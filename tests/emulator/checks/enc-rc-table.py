#!/usr/bin/env python3
"""Rate-control figures of an enc-rc result directory, and their bounds.

Usage: enc-rc-table.py RESULTDIR... [--no-bounds]

Every NAME.summary with a target_bitrate_bps above 0 is a run; its frames
are in NAME.csv (columns index,type,bytes,...,qp); an optional content=
key names the content (else the second word of NAME). Prints one table row per
run: size, content, mode, target, achieved after the first second, error %, the
bucket's peak as a share of the CPB, the QP range and the largest QP step
between frames of one type. Exits 1 if any run is outside the bounds (see
checks/enc-rc.sh), unless --no-bounds.

A run named lim-* shows a documented limit of the rate control
(driver/README.md: the still-to-noise cut, a target below what QP 51
gives): it keeps the QP step bound, and its bucket must overflow the CPB
(no average bound), so that the day it no longer does the documentation
gets updated.
"""
import csv
import os
import sys

FPS = 30
CBR_TOLERANCE = 0.05
VBR_MARGIN = 0.01
QP_STEP_MAX = 4


def summary(path):
    kv = {}
    with open(path) as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                kv[k] = v
    return kv


def frames(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def check_run(dir, name):
    s = summary(os.path.join(dir, name + ".summary"))
    rows = frames(os.path.join(dir, name + ".csv"))
    target = int(s["target_bitrate_bps"])
    peak = int(s.get("peak_bitrate_bps", "0"))
    mode = s.get("rc", "default")
    vbr = mode == "vbr"
    if mode == "default":
        mode = "cbr (default)"
    if vbr and peak < target:
        peak = 2 * target
    errors = []

    if len(rows) != 300:
        errors.append(f"{len(rows)} frames, want 300")
    limit = name.startswith("lim-")
    bad = [r["index"] for r in rows if r["type"] not in ("I", "P")]
    lost = [r["index"] for r in rows if r["type"] == "E"]
    if limit and lost:
        # part of the limit: frames lost to a full CAPTURE buffer (no bits)
        print(f"enc-rc: {name}: frames {','.join(lost)} lost to a full CAPTURE buffer "
              "(ERROR)", file=sys.stderr)
        bad = [i for i in bad if i not in lost]
    if bad:
        errors.append(f"frames {','.join(bad)} are not I or P (ERROR buffers?)")
    unread = [r["index"] for r in rows if r["qp"] == "" and r["type"] != "E"]
    if unread:
        errors.append(f"no slice QP read for frames {','.join(unread[:5])}")
    if bad or unread:
        return None, errors

    bits = [int(r["bytes"]) * 8 for r in rows]
    coded = [r for r in rows if r["type"] in ("I", "P")]
    qps = [int(r["qp"]) for r in coded]
    types = [r["type"] for r in coded]

    after = bits[FPS:]
    achieved = sum(after) * FPS / len(after) if after else 0
    err = (achieved - target) / target

    drain_rate = peak if vbr else target
    cpb = drain_rate  # one second at the drain rate (the driver's default)
    drain = drain_rate / FPS
    fill = peak_fill = 0.0
    overflow = []
    for i, b in enumerate(bits):
        fill += b
        if fill > cpb:
            overflow.append(i)
        peak_fill = max(peak_fill, fill)
        fill = max(0.0, fill - drain)

    step = 0
    last = {}
    last_at = {}
    lost_at = [int(i) for i in lost]
    for r, t, q in zip(coded, types, qps):
        at = int(r["index"])
        # The QPs of lost frames (ERROR, lim- runs only) are in no slice
        # header: a step across them is not judged.
        if t in last and not any(last_at[t] < i < at for i in lost_at):
            step = max(step, abs(q - last[t]))
            if abs(q - last[t]) > QP_STEP_MAX:
                errors.append(f"frame {at} ({t}): QP {q} after {last[t]}")
        last[t] = q
        last_at[t] = at

    if limit:
        # A documented limit (driver/README.md): the run must still show it.
        if not overflow:
            errors.append("the bucket no longer overflows the CPB: the limit this run "
                          "documents is gone, update driver/README.md and the run")
        else:
            print(f"enc-rc: {name}: the known limit, the bucket overflows the CPB ({cpb} bits) "
                  f"at {len(overflow)} frames from frame {overflow[0]}", file=sys.stderr)
        overflow = []
        mode += " (limit" + (f", {len(lost)} lost" if lost else "") + ")"
    elif vbr:
        if achieved > target * (1 + VBR_MARGIN):
            errors.append(f"VBR average {achieved:.0f} bit/s above the target {target}")
    elif abs(err) > CBR_TOLERANCE:
        errors.append(f"CBR average {achieved:.0f} bit/s, {err * 100:+.1f} % off {target}")
    if overflow:
        errors.append(f"the bucket overflows the CPB ({cpb} bits) at frames "
                      f"{','.join(map(str, overflow[:5]))}")

    content = s.get("content", name.split("-")[1] if name.count("-") >= 2 else name)
    size = f"{s.get('width', '?')}x{s.get('height', '?')}"
    row = (size, content, mode + (f" (peak {peak // 1000}k)" if vbr else ""),
           f"{target / 1000:.0f}k", f"{achieved / 1000:.1f}k", f"{err * 100:+.1f} %",
           f"{peak_fill * 100 / cpb:.0f} % of {cpb // 1000}k",
           f"{min(qps)}..{max(qps)} (I {min(q for q, t in zip(qps, types) if t == 'I')}.."
           f"{max(q for q, t in zip(qps, types) if t == 'I')})", str(step))
    return row, errors


def main():
    dirs = [a for a in sys.argv[1:] if a != "--no-bounds"]
    bounds = "--no-bounds" not in sys.argv[1:]
    runs = []
    for dir in dirs:
        for f in sorted(os.listdir(dir)):
            if not f.endswith(".summary"):
                continue
            s = summary(os.path.join(dir, f))
            if int(s.get("target_bitrate_bps", "0")) > 0:
                # smaller sizes first
                runs.append((int(s.get("width", "0")) * int(s.get("height", "0")), dir, f[:-8]))
    runs.sort(key=lambda r: r[0])
    if not runs:
        print("enc-rc: no rate-controlled runs in", " ".join(dirs), file=sys.stderr)
        return 1
    head = ("size", "content", "mode", "target", "achieved", "error", "buffer peak", "QP range",
            "QP step")
    table = [head]
    failed = []
    for _, dir, n in runs:
        row, errors = check_run(dir, n)
        if row:
            table.append(row)
        failed += [f"{n}: {e}" for e in errors]
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    for r in table:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    if failed and bounds:
        for f in failed:
            print(f"check enc-rc: {f}", file=sys.stderr)
        return 1
    limits = sum(1 for _, _, n in runs if n.startswith("lim-"))
    if limits:
        print(f"check enc-rc: {limits} lim- runs show their documented limit (CPB overflow)")
    print(f"check enc-rc: {len(runs) - limits} runs: CBR within {CBR_TOLERANCE * 100:.0f} % after "
          f"the first second, VBR at most the target, no CPB overflow, QP steps <= {QP_STEP_MAX}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
