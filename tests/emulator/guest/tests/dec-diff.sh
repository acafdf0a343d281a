# The decoder differential test (guest/lib/dec-diff.sh): GStreamer decodes
# every stream of /usr/share/cedrus/dec-diff/streams.list (from
# tests/emulator/dec-diff/streams.txt) on mainline staging cedrus
# (sunxi-cedrus, "make staging-cedrus"), then, after rmmod, on cedrus-ve,
# both on the same VE model in this one boot; so do the guest programs of
# tests/emulator/dec-diff/programs.txt (streams no host encoder makes, with
# synthetic controls: H.264 field pictures). QEMU traces every VE register
# write (dec-diff.trace), cut per driver and stream by the numbered markers
# (markers.txt); the host check (checks/dec-diff.sh) compares the writes of
# each decode job, stream by stream.
. /opt/cedrus/lib/dec-diff.sh

dec_diff_setup /usr/share/cedrus/dec-diff
[ -s $STREAMS/programs.txt ] || fail "no $STREAMS/programs.txt in the initramfs"
grep -Ev '^[[:space:]]*(#|$)' $STREAMS/programs.txt >programs.list

# run_programs DRIVER: the guest programs of programs.txt, each driving the
# decoder itself (synthetic controls; it finds the node), between markers
# as a stream. The host check reads each one's exit code (DRIVER-NAME_rc).
run_programs() {
	driver=$1
	while read -r name _ _ program; do
		case "$name" in '' | '#'*) continue ;; esac
		out=$driver-$name
		marker "$driver $name begin"
		log "$driver: $name: $program"
		# shellcheck disable=SC2086 # PROGRAM is the command and its arguments
		run_bounded 30 "${out}_rc" "$out.log" "$out.err" $program
		marker "$driver $name end"
	done <$STREAMS/programs.txt
}

dec_diff_run run_programs
