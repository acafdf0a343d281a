#!/bin/sh
# check-reg-names.sh MODEL_REGS DRIVER_REGS
#
# The model's register header (tests/emulator/ve-model/ve-regs.h) speaks
# the driver's names (driver/cedrus_regs.h): every register and field it
# defines must exist in the driver's header with the same value, written
# with VE_BIT/VE_GENMASK/VE_FIELD_PREP where the driver has
# BIT/GENMASK/FIELD_PREP_CONST. The few model-only names (fields the model
# reads differently, see their comments) are listed below; anything else
# the driver lacks is a typo or a rename on one side only.
set -eu

model=${1:?usage: check-reg-names.sh MODEL_REGS DRIVER_REGS}
driver=${2:?usage: check-reg-names.sh MODEL_REGS DRIVER_REGS}

model_only="VE_MODE_ENGINE VE_MODE_ENGINE_AVC_ENC VE_ISP_CTRL_FORMAT_MODEL
VE_DEC_H264_TRIGGER_TYPE_VP8_SLICE_DECODE VE_DEC_H264_TRIGGER_TYPE_VP8_UPDATE_COEF
VE_DEC_H264_TRIGGER_TYPE_VP8_GET_BITS
VE_DEC_H265_TRIGGER_TYPE_GET_BITS VE_DEC_H265_STATUS_OVER_TIME
VE_DEC_H265_STATUS_W1C_MASK"
# Blocks of decoder engines the driver does not have yet: the model names
# them alone while no name with the prefix is in the driver's header; once
# the driver names any, every one of the model's must match.
model_only_prefixes="VE_DEC_MPEG_ VE_DEC_H265_"

# "NAME VALUE" for every object-like #define, continuation lines joined,
# whitespace squeezed, the model's helper names mapped to the kernel's.
defines() {
	sed -e ':a' -e '/\\$/{N;s/\\\n//;ba' -e '}' "$1" |
		sed -n 's/^#define[[:space:]]\{1,\}\([A-Z0-9_]\{1,\}\)[[:space:]]\{1,\}\(.*\)$/\1 \2/p' |
		sed -e 's/[[:space:]]\{1,\}/ /g' -e 's/ $//' \
		    -e 's/\bVE_BIT(/BIT(/g' -e 's/\bVE_GENMASK(/GENMASK(/g' \
		    -e 's/\bVE_FIELD_PREP(/FIELD_PREP_CONST(/g'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
defines "$model" | grep -v '^VE_REGS_H' >"$tmp/model"
defines "$driver" >"$tmp/driver"

bad=0
checked=0
skipped=0
while read -r name value; do
	case " $(echo $model_only) " in *" $name "*) continue ;; esac
	prefix_only=
	for prefix in $model_only_prefixes; do
		case $name in "$prefix"*)
			grep -q "^$prefix" "$tmp/driver" || prefix_only=1 ;;
		esac
	done
	if [ -n "$prefix_only" ]; then
		skipped=$((skipped + 1))
		continue
	fi
	want=$(awk -v n="$name" '$1 == n { $1 = ""; sub(/^ /, ""); print; exit }' "$tmp/driver")
	if [ -z "$want" ]; then
		echo "check-reg-names: $name is not in $(basename "$driver")" >&2
		bad=1
	elif [ "$want" != "$value" ]; then
		echo "check-reg-names: $name is '$value' in the model, '$want' in the driver" >&2
		bad=1
	fi
	checked=$((checked + 1))
done <"$tmp/model"

for name in $model_only; do
	grep -q "^$name " "$tmp/model" ||
		{ echo "check-reg-names: model-only $name is not in $(basename "$model") any more: drop it from the list" >&2; bad=1; }
done

[ $bad = 0 ] || exit 1
echo "check-reg-names: $checked model names equal the driver's ($skipped of engines the driver lacks)"
