#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-smtp-test.sh SANDBOX TEST [postfix] - runs one SMTP integration test
# program against a sandbox of its own; with "postfix" the test needs the
# sandbox's Postfix and is skipped without it: see
# test/lib/run-with-sandbox.sh.

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export SMTP_TEST_SCRIPTS=$here
if [[ ${3:-} == postfix ]]; then
	exec "$here/../lib/run-with-sandbox.sh" "$1" smtp --postfix "$2"
fi
exec "$here/../lib/run-with-sandbox.sh" "$1" smtp "$2"
