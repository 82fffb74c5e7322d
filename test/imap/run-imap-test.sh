#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-imap-test.sh SANDBOX TEST [SEED] - runs one IMAP integration test
# program against a sandbox of its own, alice's INBOX seeded with SEED
# messages (default 0): see test/lib/run-with-sandbox.sh.

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export IMAP_TEST_SCRIPTS=$here
exec "$here/../lib/run-with-sandbox.sh" "$1" imap --seed "${3:-0}" "$2"
