#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-with-sandbox.sh SANDBOX TAG [--seed N] [--postfix] TEST - runs one
# integration test program against a sandbox of its own: starts the sandbox
# in a temporary directory (taube-TAG-test.*), seeds alice's INBOX with N
# messages when asked, exports the sandbox's settings, runs TEST (which
# prints TAP), and stops the sandbox again whatever happened, on a signal
# too. With --postfix the test needs the sandbox's Postfix and is skipped
# when it has none (not run as root, or Postfix missing).
#
# Set SANDBOX_KEEP=1 to keep the directory (configuration, logs, Maildirs).

set -uo pipefail

sandbox=$1
tag=$2
shift 2
seed=0 need_postfix=no
while [[ $# -gt 1 ]]; do
	case $1 in
	--seed) seed=$2; shift 2 ;;
	--postfix) need_postfix=yes; shift ;;
	*) break ;;
	esac
done
test_prog=$1

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
if [[ $need_postfix == yes ]] && { [[ $(id -u) != 0 ]] || ! have postfix; }; then
	skip_all "the sandbox has no Postfix (it needs root and postfix)"
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/taube-$tag-test.XXXXXX") || exit 1

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

if [[ $need_postfix == yes && ${SANDBOX_HAVE_SMTP:-no} != yes ]]; then
	skip_all "the sandbox has no Postfix (SANDBOX_HAVE_SMTP=no)"
fi

"$test_prog"
