# Host side of the decoder differential tests (guest/lib/dec-diff.sh),
# sourced by checks/dec-diff.sh and checks/dec-diff-h6.sh after they define
# fail MESSAGE (exits) and val KEY (the last KEY= of summary.txt).

DEC_DIFF_PY=$(dirname "${BASH_SOURCE[0]}")/dec-diff.py
DEC_DIFF_TMP=()
trap 'rm -rf "${DEC_DIFF_TMP[@]}"' EXIT

# dec_diff_mktemp VAR: a new temporary directory in VAR, removed at exit.
dec_diff_mktemp() {
	local tmp
	tmp=$(mktemp -d)
	DEC_DIFF_TMP+=("$tmp")
	printf -v "$1" '%s' "$tmp"
}

# dec_diff_check_streams DIR: both drivers decoded every stream of
# DIR/streams.list (gst-launch-1.0 exited with 0), each with the
# v4l2codecs decoder element it names. Adds their number to DEC_DIFF_RUNS.
DEC_DIFF_RUNS=0
dec_diff_check_streams() {
	local dir=$1 name decoder driver run
	while read -r name _ _ _ decoder; do
		for driver in staging cedrus-ve; do
			run=$driver-$name
			[ "$(val "${run}_rc")" = 0 ] ||
				fail "$run: gst-launch-1.0 ... ! $decoder ! fakesink exited '$(val "${run}_rc")': $(head -c 600 "$dir/$run.err" "$dir/$run.log" 2>/dev/null)"
			grep -q "^v4l2codecs: *${decoder%%!*}:" "$dir/$driver-elements.txt" ||
				fail "$driver: GStreamer has no ${decoder%%!*} element"
		done
		DEC_DIFF_RUNS=$((DEC_DIFF_RUNS + 1))
	done <"$dir/streams.list"
}

# dec_diff_compare DIR DATADIR: dec-diff.py compares the drivers' register
# writes in DIR's trace, job by job, with DATADIR's registers.txt and
# differences.txt; prints its report, fails on an unlisted difference. The
# reduced traces are left in DIR/reduced/DRIVER/STREAM.txt.
dec_diff_compare() {
	local dir=$1 data=$2
	rm -rf "$dir/reduced"
	if ! python3 "$DEC_DIFF_PY" "$dir" "$data" --reduced "$dir/reduced" >"$dir/dec-diff.txt" 2>&1; then
		cat "$dir/dec-diff.txt" >&2
		fail "the drivers' register writes differ (see above; reduced traces in $dir/reduced)"
	fi
	cat "$dir/dec-diff.txt"
}

# The same comparison on a trace with one value changed must fail, naming
# it. dec_diff_inject DIR DATADIR CODEC OFFSET VALUE REPORTED WHAT [STREAM]:
# in a copy of DIR's trace, cedrus-ve's first write to OFFSET in the first
# stream of CODEC (or in STREAM) becomes VALUE (8 hex digits); dec-diff.py
# must fail with an "unlisted difference" at REPORTED (OFFSET, or
# OFFSET[index] for an indexed register). WHAT names the value in
# messages. Returns 1 when no stream of CODEC was run.
dec_diff_inject() {
	local dir=$1 data=$2 codec=$3 offset=$4 value=$5 reported=$6 what=$7
	local first=${8:-} begin work
	[ -n "$first" ] ||
		first=$(awk -v c="$codec" '$2 == c { print $1; exit }' "$dir/streams.list")
	[ -n "$first" ] || return 1
	dec_diff_mktemp work
	cp "$dir/markers.txt" "$dir/streams.list" "$work/"
	[ ! -f "$dir/programs.list" ] || cp "$dir/programs.list" "$work/"
	begin=$(awk -v s="$first" '$2 == "cedrus-ve" && $3 == s && $4 == "begin" { print $1 }' "$dir/markers.txt")
	awk -v m="$(printf 'allwinner_rtc_write addr 0x11c value 0x%x' "$begin")" \
	    -v w="^allwinner_ve_write offset $offset value " -v v="value $value" '
		$0 == m { inside = 1 }
		inside && !done && $0 ~ w { sub(/value 0x.*/, v); done = 1 }
		{ print }' "$dir/qemu.log" >"$work/qemu.log"
	cmp -s "$dir/qemu.log" "$work/qemu.log" &&
		fail "could not inject a difference into the $codec trace"
	if python3 "$DEC_DIFF_PY" "$work" "$data" >"$work/out.txt" 2>&1; then
		fail "an injected difference ($what of cedrus-ve on $first) passed the comparison"
	fi
	grep -q "^unlisted difference: $first job 0 .*: $reported staging 0x[0-9a-f]* cedrus-ve $value\$" \
		<(sed 's/\[/(/g; s/\]/)/g' "$work/out.txt") ||
		fail "the injected $codec difference was not reported as such: $(head -n 5 "$work/out.txt")"
	echo "${CHECK_NAME:-dec-diff}: injected $what on $first: caught"
}
