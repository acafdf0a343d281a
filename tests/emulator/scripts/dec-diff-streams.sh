#!/usr/bin/env bash
# Generate the streams of the decoder differential test (dec-diff) with the
# host's ffmpeg, from tests/emulator/dec-diff/streams.txt, into OUTDIR:
# OUTDIR/NAME.EXT for each line, and OUTDIR/streams.list (NAME CODEC EXT
# PARSER DECODER a line) for the guest. Incremental: a stream is encoded again only
# when its line changed (OUTDIR/NAME.args holds the line it was made from),
# and no file is rewritten with the same content, so that the initramfs,
# which hashes its inputs, is not rebuilt for nothing.
set -euo pipefail
list=${1:?usage: dec-diff-streams.sh STREAMS.TXT OUTDIR}
out=${2:?usage: dec-diff-streams.sh STREAMS.TXT OUTDIR}
die() { echo "dec-diff-streams: error: $*" >&2; exit 1; }

mkdir -p "$out"
exec 9>"$out/.lock"
flock 9

guest_list=$(mktemp)
trap 'rm -f "$guest_list" "$out"/.tmp.*' EXIT
declare -A seen=()
while read -r name codec ext parser decoder args; do
	case "$name" in '' | '#'*) continue ;; esac
	[ -n "$args" ] || die "$list: line of $name has fewer than 6 fields"
	[[ "$name" =~ ^[a-z0-9][a-z0-9-]*$ ]] || die "$list: bad stream name '$name'"
	[ -z "${seen[$name]:-}" ] || die "$list: stream $name listed twice"
	seen[$name]=1
	echo "$name $codec $ext $parser $decoder" >>"$guest_list"
	line="$codec $ext $args"
	file=$out/$name.$ext
	if [ -f "$file" ] && [ "$(cat "$out/$name.args" 2>/dev/null)" = "$line" ]; then
		continue
	fi
	echo "dec-diff-streams: encoding $name"
	# shellcheck disable=SC2086 # ARGS is a list of words
	ffmpeg -nostdin -hide_banner -loglevel error -y $args -fflags +bitexact \
		-flags +bitexact "$out/.tmp.$name.$ext" ||
		die "ffmpeg failed for $name: ffmpeg $args"
	[ -s "$out/.tmp.$name.$ext" ] || die "ffmpeg wrote nothing for $name"
	mv "$out/.tmp.$name.$ext" "$file"
	echo "$line" >"$out/$name.args"
done <"$list"
[ -s "$guest_list" ] || die "$list lists no stream"
if ! cmp -s "$guest_list" "$out/streams.list"; then
	cat "$guest_list" >"$out/streams.list"
fi
