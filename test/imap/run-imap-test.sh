#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-imap-test.sh SANDBOX TEST [SEED] - runs one IMAP integration test
# program against a sandbox of its own: starts the sandbox in a temporary
# directory, seeds alice's INBOX with SEED messages (default 0), exports
# the sandbox's settings, runs TEST (which prints TAP), and stops the
# sandbox again whatever happened, on a signal too.
#
# Set SANDBOX_KEEP=1 to keep the directory (configuration, logs, Maildirs).

set -uo pipefail

sandbox=$1
test_prog=$2
seed=${3:-0}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

have() {
	command -v "$1" >/dev/null 2>&1 || [[ -x /usr/sbin/$1 ]]
}

for prog in dovecot openssl python3; do
	have "$prog" || skip_all "$prog is not installed"
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/taube-imap-test.XXXXXX") || exit 1

cleanup() {
	"$sandbox" stop "$dir" >/dev/null 2>&1
	if [[ ${SANDBOX_KEEP:-0} == 1 ]]; then
		echo "# sandbox directory kept: $dir"
	else
		rm -rf "$dir"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! out=$("$sandbox" start -q "$dir" 2>&1); then
	echo "Bail out! sandbox start failed: ${out//$'\n'/ }"
	exit 1
fi
if [[ $seed -gt 0 ]] && ! out=$("$sandbox" seed "$dir" alice INBOX "$seed" 2>&1); then
	echo "Bail out! sandbox seed failed: ${out//$'\n'/ }"
	exit 1
fi

set -a
# shellcheck disable=SC1091
. "$dir/env"
set +a
# What taube writes for itself (the joined trust file, caches) stays in the directory too.
export XDG_CACHE_HOME=$dir/cache XDG_DATA_HOME=$dir/data
export IMAP_TEST_SCRIPTS=$here

"$test_prog"
