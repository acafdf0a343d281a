#!/usr/bin/env python3
"""Match a lossy encode with the VE model's reconstruction dump.

usage: rec-match.py REC DECODED WIDTH HEIGHT FRAMES

REC is the allwinner-ve rec-dump file of one boot: every finished encode
job's reconstruction in encode order, each a 12-byte header "%5u %5u\\n"
(the macroblock-aligned width and height) and the NV12 picture. It holds
the frames of every stream the boot encoded, so the FRAMES frames of
DECODED (the host decode of one stream, packed NV12 of WIDTH x HEIGHT, the
visible size) must appear in it in order, each equal to the top-left
WIDTH x HEIGHT of one reconstruction of the stream's coded size: a decoder
that reconstructs exactly what the VE wrote to REC proves that the slice
headers the driver wrote agree with the registers it programmed.

Exit status 0 and one line "matched N frames (REC frames I..J of K)", or
1 and the first frame that matches no later reconstruction.
"""
import sys


def rec_frames(path):
    """Yield (index, width, height, data) for every frame of the dump."""
    with open(path, "rb") as f:
        index = 0
        while True:
            header = f.read(12)
            if not header:
                return
            fields = header.decode("ascii", "replace").split()
            if len(header) != 12 or len(fields) != 2 or not header.endswith(b"\n"):
                sys.exit(f"rec-match: {path}: bad header {header!r} at frame {index}")
            w, h = int(fields[0]), int(fields[1])
            size = w * h * 3 // 2
            data = f.read(size)
            if len(data) != size:
                sys.exit(f"rec-match: {path}: frame {index} truncated")
            yield index, w, h, data
            index += 1


def crop(data, coded_w, coded_h, w, h):
    """The top-left w x h of a coded_w x coded_h NV12 picture, packed."""
    rows = [data[r * coded_w:r * coded_w + w] for r in range(h)]
    chroma = coded_w * coded_h
    rows += [data[chroma + r * coded_w:chroma + r * coded_w + w]
             for r in range(h // 2)]
    return b"".join(rows)


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__.strip().splitlines()[2])
    rec, decoded = sys.argv[1], sys.argv[2]
    w, h, n = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    coded_w, coded_h = (w + 15) // 16 * 16, (h + 15) // 16 * 16
    size = w * h * 3 // 2

    with open(decoded, "rb") as f:
        frames = [f.read(size) for _ in range(n)]
    if any(len(d) != size for d in frames):
        sys.exit(f"rec-match: {decoded} has fewer than {n} frames of {w}x{h}")

    k = 0
    first = last = total = None
    for index, rw, rh, data in rec_frames(rec):
        total = index + 1
        if k == n or (rw, rh) != (coded_w, coded_h):
            continue
        if crop(data, rw, rh, w, h) == frames[k]:
            first = index if first is None else first
            last = index
            k += 1
    if total is None:
        sys.exit(f"rec-match: {rec} holds no frame (was the test run with NAME.rec-dump?)")
    if k < n:
        after = f"after REC frame {last}" if last is not None else "anywhere"
        print(f"rec-match: decoded frame {k} of {n} ({w}x{h}) equals no "
              f"{coded_w}x{coded_h} reconstruction {after} ({total} in the dump): "
              f"the decoder does not reconstruct what the VE did", file=sys.stderr)
        sys.exit(1)
    print(f"matched {n} frames (REC frames {first}..{last} of {total})")


if __name__ == "__main__":
    main()
