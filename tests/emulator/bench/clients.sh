#!/usr/bin/env bash
# make bench-clients: the guest CPU's instructions per steady-state frame
# (kernel and user space, one CPU) of each encode path, at 1280x720 and
# 1920x1080, and the CPU share that would take at 30 fps on a 1.2 GHz
# Cortex-A7. A benchmark: it prints figures, it is not part of make check,
# and a path that fails is reported in the table, not as an error.
#
# Counting: QEMU's TCG plugin tests/plugin/libinsn.so (built by make qemu)
# counts every instruction the guest executes (inline=on: one counter,
# written as "insns: N" into the -D file when QEMU exits). The guest runs
# on one CPU (maxcpus=1) with the instruction counter as its clock
# (-icount shift=0: 1 ns a instruction; sleep=off: idle time passes at
# once) and a fixed RTC (-rtc base=...,clock=vm, which also seeds the
# guest's random numbers the same way): a boot then executes the same
# instructions every time, to the last one, whatever the host's load.
# Every configuration boots twice, encoding N1 and N2 frames with
# everything else identical, so boot, setup and teardown cancel out:
#
#   insns/frame = (insns(N2 frames) - insns(N1 frames)) / (N2 - N1)
#
# The N1 frames also keep the first (IDR) frame and the pipeline's start
# out of the difference: it holds P frames only.
#
# Exact is not the same as precise: any change to a boot (here the frame
# count on the command line) moves every later event against the timer
# ticks, the kernel's periodic work and the clients' threads, and the
# total moves with it, as it would on a board. So the N2 boot runs twice,
# the second time with one more, unused kernel argument: the table gives
# the mean of the two figures, +/- their difference. (A sum of two such
# errors for the figures minus the camera.) At the end the very first
# boot runs again unchanged: its count must repeat to the instruction.
#
# The guest side is tests/emulator/guest/bench/clients.sh, booted with
# run-test.sh bench/clients; this script writes its parameters on the
# kernel command line (cedrus.bench=PATH,WxH,FRAMES). The
# paths (see that script for the details):
#   camera     vivid capture alone (v4l2-ctl): the tool's baseline
#   tool       v4l2-cedrus-enc-test --camera, zero-copy (EXPBUF)
#   tool-copy  the same with --copy
#   camera-mp  the multi-planar vivid (NV12M) alone: GStreamer's baseline
#   gst        gst-launch-1.0 v4l2src ! v4l2h264enc ! fakesink, dma-bufs
#   ffmpeg     ffmpeg -f rawvideo -i in.nv12 -c:v h264_v4l2m2m -f null
# vivid renders every frame with the CPU in the kernel, which a real
# sensor and CSI receiver do not: for the camera paths the table gives the
# raw figure and the client's cost, the raw figure minus its camera's
# baseline at the same size. The target (zero-copy at most 0.2x the copy
# path) is judged on the client's cost; missing it is reported, not an
# error.
#
# Variables: BENCH_PATHS (default: all six) and BENCH_SIZES (default
# "1280x720 1920x1080") select the rows; a camera path brings its baseline.
# Per boot the plugin's log, run-test.sh's output and the guest's results
# are kept in build/bench/clients/PATH-WxH-N{.insns.log,.run.log,/}, the
# table in build/bench/clients/table.txt; build/bench/clients/build/ holds
# the copies of the images the boots use.
set -euo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
build=${BUILD:-$top/build}
run_test=$top/tests/emulator/scripts/run-test.sh
out=$build/bench/clients

paths=${BENCH_PATHS:-camera tool tool-copy camera-mp gst ffmpeg}
sizes=${BENCH_SIZES:-1280x720 1920x1080}

# The estimate: a 1.2 GHz Cortex-A7 (the H3's top operating point)
# retiring 0.5 to 0.7 instructions a cycle on this code (the README,
# "CPU cost per frame", says why).
clock_hz=1200000000
fps=30
ipc_low=0.5
ipc_high=0.7

# frames_for SIZE: "N1 N2": four seconds of frames at 720p, three at
# 1080p, so that the kernel's periodic work averages out. Idle time costs
# no host time, so a frame costs little more than its instructions.
frames_for() {
	case "$1" in
	1280x720) echo "4 124" ;;
	*) echo "3 93" ;;
	esac
}

die() { echo "bench-clients: error: $*" >&2; exit 1; }

for p in $paths; do
	case "$p" in
	camera | camera-mp | tool | tool-copy | gst | ffmpeg) ;;
	*) die "BENCH_PATHS: unknown path '$p' (camera tool tool-copy camera-mp gst ffmpeg)" ;;
	esac
done
for s in $sizes; do
	case "$s" in
	1280x720 | 1920x1080) ;;
	*) die "BENCH_SIZES: unknown size '$s' (1280x720 1920x1080)" ;;
	esac
done
# The camera paths bring their camera's baseline; the table's order.
case " $paths " in
*" tool "* | *" tool-copy "*) paths="$paths camera" ;;
esac
case " $paths " in
*" gst "*) paths="$paths camera-mp" ;;
esac
selected=
for p in camera tool tool-copy camera-mp gst ffmpeg; do
	case " $paths " in
	*" $p "*) selected="$selected $p" ;;
	esac
done
paths=${selected# }

mkdir -p "$out"
rm -rf "${out:?}"/*

# The files every boot uses, copied once into a build directory of the
# bench's own (run-test.sh takes them from $BUILD): others may rebuild
# build/ while the bench runs, and the two boots of a pair must run the
# same kernel, initramfs and QEMU.
images=$out/build
for f in qemu/qemu-system-arm qemu/tests/plugin/libinsn.so linux/arch/arm/boot/zImage \
	 linux/arch/arm/boot/dts/allwinner/sun8i-h3-orangepi-pc.dtb rootfs/initrd.cpio.gz \
	 clients/clients.img; do
	[ -f "$build/$f" ] || die "$build/$f is missing: run 'make kernel qemu rootfs clients-image'"
	mkdir -p "$images/${f%/*}"
	cp "$build/$f" "$images/$f"
done
plugin=$images/qemu/tests/plugin/libinsn.so
results=$images/emulator/results/bench/clients

boots=1
for s in $sizes; do
	for p in $paths; do
		boots=$((boots + 3))
	done
done

# boot PATH SIZE FRAMES [TAG [KERNEL_ARGUMENT]]: one boot; sets insns
# (empty when the boot failed, with the reason in failure) and prints a
# line.
boot_n=0
boot() {
	local path=$1 size=$2 frames=$3
	local tag=${4:-$path-$size-$frames} extra=${5:-}
	local log=$out/$tag.insns.log start rc=0
	boot_n=$((boot_n + 1))
	start=$(date +%s)
	BUILD=$images EMU_APPEND="maxcpus=1 cedrus.bench=$path,$size,$frames $extra" \
	EMU_QEMU_ARGS="-icount shift=0,sleep=off -rtc base=2025-01-01T00:00:00,clock=vm
		       -plugin $plugin,inline=on -d plugin -D $log" \
		"$run_test" bench/clients >"$out/$tag.run.log" 2>&1 || rc=$?
	[ ! -d "$results" ] || cp -a "$results" "$out/$tag"
	insns=$(sed -n 's/^insns: \([0-9]*\)$/\1/p' "$log" 2>/dev/null || true)
	failure=
	if [ $rc != 0 ] || [ -z "$insns" ]; then
		insns=
		failure=$(sed -n 's/^failure=//p' "$out/$tag/summary.txt" 2>/dev/null || true)
		[ -n "$failure" ] ||
			failure=$(grep -m 1 'FAIL' "$out/$tag.run.log" || echo "see ${out#"$top"/}/$tag.run.log")
	fi
	printf 'bench-clients: [%d/%d] %s %s, %d frames: %s (%d s)\n' "$boot_n" "$boots" \
		"$path" "$size" "$frames" "${insns:+$insns insns}${failure:+FAILED: $failure}" \
		$(( $(date +%s) - start ))
}

echo "bench-clients: $boots boots (one CPU, -icount, libinsn); results in ${out#"$top"/}/"
bench_start=$(date +%s)
: >"$out/counts.txt"
first=
# counts.txt: "PATH SIZE N1 INSNS N2 INSNS INSNS_PERTURBED" a row, or
# "PATH SIZE failed".
for s in $sizes; do
	read -r n1 n2 <<<"$(frames_for "$s")"
	for p in $paths; do
		row="$p $s"
		for run in "$n1" "$n2" "$n2 $p-$s-$n2-b cedrus.bench.unused=1"; do
			# shellcheck disable=SC2086 # FRAMES [TAG ARGUMENT]
			boot "$p" "$s" $run
			if [ -n "$failure" ]; then
				echo "$p $s: $failure" >>"$out/failures.txt"
				row="$p $s failed"
				break
			fi
			case "$run" in
			*" "*) row="$row $insns" ;;
			*) row="$row $run $insns" ;;
			esac
			[ -n "${first:-}" ] || first="$p $s $n1 $insns"
		done
		echo "$row" >>"$out/counts.txt"
	done
done

# The very first boot again: the count must repeat.
read -r p s n first_insns <<<"$first"
boot "$p" "$s" "$n" "$p-$s-$n-repeat"
if [ -z "$first_insns" ] || [ -z "$insns" ]; then
	repeat="not checked (a boot failed)"
elif [ "$insns" = "$first_insns" ]; then
	repeat="identical ($insns insns)"
else
	repeat="DIFFERS by $((insns - first_insns)) insns ($first_insns, then $insns)"
fi

awk -v clock="$clock_hz" -v fps="$fps" -v ipc_lo="$ipc_low" -v ipc_hi="$ipc_high" \
    -v date="$(date -u +%Y-%m-%d)" -v paths="$paths" -v sizes="$sizes" \
    -v repeat="$p $s, $n frames, booted again: $repeat" '
function label(p) {
	if (p == "camera") return "camera alone (vivid, v4l2-ctl)"
	if (p == "tool") return "tool, zero-copy (EXPBUF)"
	if (p == "tool-copy") return "tool --copy"
	if (p == "camera-mp") return "camera alone (vivid NV12M)"
	if (p == "gst") return "GStreamer, dma-buf"
	if (p == "ffmpeg") return "FFmpeg, raw file"
	return p
}
function abs(x) { return x < 0 ? -x : x }
# share(insns per frame): "a-b %", the CPU at fps on clock at IPC hi..lo.
function share(ipf,  lo, hi, f) {
	lo = 100 * ipf * fps / (clock * ipc_hi)
	hi = 100 * ipf * fps / (clock * ipc_lo)
	f = hi < 1 ? "%.2f-%.2f %%" : "%.1f-%.1f %%"
	return sprintf(f, lo, hi)
}
function mi(x, e) { return sprintf("%.3f +- %.3f", x / 1e6, e / 1e6) }
{
	key = $1 " " $2
	if ($3 == "failed") { failed[key] = 1; next }
	# The two figures, with the N2 boot as it was and perturbed.
	a = ($6 - $4) / ($5 - $3)
	b = ($7 - $4) / ($5 - $3)
	frames[key] = $3 "/" $5
	ipf[key] = (a + b) / 2
	err[key] = abs(a - b)
}
END {
	np = split(paths, P, " ")
	ns = split(sizes, S, " ")
	printf "\nGuest instructions per steady-state frame (millions), kernel and user space, one\n"
	printf "CPU (%s), and the CPU share at 30 fps of a %.1f GHz Cortex-A7 at IPC %s-%s\n",
	       date, clock / 1e9, ipc_lo, ipc_hi
	printf "(an estimate)\n\n"
	fmt = "%-30s %-9s %6s %15s %15s %12s\n"
	printf fmt, "path", "size", "frames", "insns/frame", "minus camera", "CPU, 30 fps"
	for (s = 1; s <= ns; s++)
		for (p = 1; p <= np; p++) {
			key = P[p] " " S[s]
			if (!(key in ipf)) {
				printf fmt, label(P[p]), S[s], "-",
				       (key in failed) ? "FAILED" : "-", "-", "not measured"
				continue
			}
			client = ipf[key]
			cerr = err[key]
			minus = "-"
			if (P[p] == "tool" || P[p] == "tool-copy" || P[p] == "gst") {
				cam = (P[p] == "gst" ? "camera-mp " : "camera ") S[s]
				if (cam in ipf) {
					client = ipf[key] - ipf[cam]
					cerr = err[key] + err[cam]
					minus = mi(client, cerr)
				} else {
					client = ""
					minus = "no baseline"
				}
			}
			cost[key] = client
			cost_err[key] = cerr
			printf fmt, label(P[p]), S[s], frames[key], mi(ipf[key], err[key]), minus,
			       client == "" ? "-" : share(client)
		}
	printf "\nframes: N1/N2, insns/frame = (insns(N2) - insns(N1)) / (N2 - N1), the mean of\n"
	printf "two N2 boots, one with an extra kernel argument, +- their difference. minus\n"
	printf "camera: the path less its camera alone at the same size (vivid renders frames\n"
	printf "with the CPU; a sensor and CSI receiver do not). CPU, 30 fps: of that client\n"
	printf "cost (camera alone and FFmpeg: of their own figure), insns/frame x %d /\n", fps
	printf "(%.1f GHz x IPC).\nCounts: %s.\n\n", clock / 1e9, repeat
	for (s = 1; s <= ns; s++) {
		z = "tool " S[s]; c = "tool-copy " S[s]
		if (!((z in cost) && (c in cost)) || cost[z] == "" || cost[c] == "" || cost[c] <= 0) {
			printf "target at %s, zero-copy <= 0.2x copy: not measured\n", S[s]
			continue
		}
		ratio = cost[z] / cost[c]
		worst = cost[c] > cost_err[c] ? (cost[z] + cost_err[z]) / (cost[c] - cost_err[c]) : 1e9
		printf "target at %s, zero-copy <= 0.2x copy (client cost): %.2fx (at most %.2fx), %s\n",
		       S[s], ratio, worst, worst <= 0.2 ? "met" : ratio <= 0.2 ? "met within the error" : "NOT met"
	}
}' "$out/counts.txt" >"$out/table.txt"
if [ -s "$out/failures.txt" ]; then
	{
		echo
		echo "Not measured (failed boots):"
		sort -u "$out/failures.txt" | sed 's/^/  /'
	} >>"$out/table.txt"
fi
cat "$out/table.txt"

elapsed=$(( $(date +%s) - bench_start ))
echo
echo "bench-clients: $boots boots in $((elapsed / 60)) min $((elapsed % 60)) s; table in ${out#"$top"/}/table.txt"
