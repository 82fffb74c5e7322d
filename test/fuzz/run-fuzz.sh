#!/usr/bin/env bash
# run-fuzz.sh: runs one libFuzzer target for a short while and reports in TAP.
#
# run-fuzz.sh TARGET NAME SEEDS MAX_LEN [DICT] [CORPUS]
#
# The fuzzer starts from SEEDS and, when the folder exists, the message folders
# of CORPUS (TAUBE_CORPUS overrides it). New inputs go to a fresh temporary
# folder given first, the only one libFuzzer writes to; the script checks that
# the other folders are left as they were. TAUBE_FUZZ_SECONDS (default 8) is
# the time budget. A crash keeps its input and prints it with the report.
set -u

target=$1 name=$2 seeds=$3 max_len=$4
dict=${5:-}
corpus=${TAUBE_CORPUS:-${6:-}}
seconds=${TAUBE_FUZZ_SECONDS:-8}

# Undefined behaviour and leaks must stop the run, so that the input is kept.
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:abort_on_error=1:print_stacktrace=1}

echo "1..1"

work=$(mktemp -d "${TMPDIR:-/tmp}/taube-fuzz-$name.XXXXXX") || exit 1
crashes=$(mktemp -d "${TMPDIR:-/tmp}/taube-fuzz-$name-crash.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
mkdir "$work/new"

inputs=("$seeds")
if [ -n "$corpus" ] && [ -d "$corpus" ]; then
	for d in "$corpus"/*/; do
		[ "$(basename "$d")" = LICENSES ] || inputs+=("${d%/}")
	done
fi

# A fingerprint of the read-only folders: names and sizes of every file.
fingerprint() {
	find "${inputs[@]}" -type f -printf '%p %s\n' 2>/dev/null | sort | cksum
}
before=$(fingerprint)

args=(-max_total_time="$seconds" -timeout=10 -max_len="$max_len"
	-artifact_prefix="$crashes/" -print_final_stats=1)
[ -n "$dict" ] && [ -f "$dict" ] && args+=(-dict="$dict")

"$target" "${args[@]}" "$work/new" "${inputs[@]}" >"$work/log" 2>&1
rc=$?

runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$work/log" | tail -n 1)
cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$work/log" | tail -n 1)

if [ "$rc" -eq 0 ] && [ "$(fingerprint)" != "$before" ]; then
	echo "not ok 1 - $name: the fuzzer changed a read-only corpus folder"
	rmdir "$crashes"
	exit 1
fi
if [ "$rc" -eq 0 ] && [ -n "$runs" ]; then
	echo "ok 1 - $name: $runs runs, no crash"
	echo "# $cov, $(find "$work/new" -type f | wc -l) new inputs"
	rmdir "$crashes"
	exit 0
fi

input=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$work/log" | tail -n 1)
if [ -n "$input" ]; then
	echo "not ok 1 - $name: crash (exit $rc), input kept at $input"
else
	echo "not ok 1 - $name: the fuzzer failed (exit $rc)"
	rmdir "$crashes" 2>/dev/null
fi
grep -v '^#[0-9]' "$work/log" | tail -n 80 | sed 's/^/# /'
exit 1
