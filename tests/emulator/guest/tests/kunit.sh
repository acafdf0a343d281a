# KUnit in the guest: load kunit and the cedrus test module (the suites run
# at load time), then keep each suite's KTAP results from debugfs.
# Host check: tests/emulator/checks/kunit.sh.
. /opt/cedrus/lib/common.sh

load_module kunit

# In tree the module is installed with the kernel's; out of tree it is a
# guest file under /opt/cedrus.
if ! modprobe cedrus-ve-kunit 2>/dev/null; then
	ko=$(find /lib/modules /opt/cedrus -name 'cedrus-ve-kunit.ko*' 2>/dev/null | head -n 1)
	[ -n "$ko" ] || fail "cedrus-ve-kunit.ko is not in the image"
	insmod "$ko" || fail "insmod $ko failed"
fi
log "loaded cedrus-ve-kunit"

[ -d /sys/kernel/debug/kunit ] || fail "no /sys/kernel/debug/kunit (CONFIG_KUNIT_DEBUGFS)"
suites=0
for dir in /sys/kernel/debug/kunit/*/; do
	[ -f "$dir/results" ] || continue
	suite=$(basename "$dir")
	cp "$dir/results" "kunit-$suite.ktap"
	log "suite $suite: $(grep -c '^ *ok ' "kunit-$suite.ktap") ok, $(grep -c '^ *not ok ' "kunit-$suite.ktap") not ok"
	suites=$((suites + 1))
done
kv suites "$suites"
[ "$suites" -gt 0 ] || fail "no KUnit results in debugfs"
exit 0
