#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-cli-imap.sh TAUBE SANDBOX - the IMAP commands (folders, list, read,
# flag, move, delete) against a sandbox Dovecot of their own, each result
# checked with a second client (test/lib/imapcheck.py, Python's imaplib). Also the
# cache: changes made elsewhere show on the next list, through QRESYNC,
# CONDSTORE and the plain fallback; a new UIDVALIDITY; a deleted cache.
# Set SANDBOX_KEEP=1 to keep the directory.
set -uo pipefail
taube=$1
sandbox=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
q="$here/../lib/imapcheck.py"

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}
for prog in dovecot openssl python3; do
	command -v "$prog" >/dev/null 2>&1 || [[ -x /usr/sbin/$prog ]] || skip_all "$prog is not installed"
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/taube-cli-imap.XXXXXX") || exit 1
cleanup() {
	"$sandbox" stop "$dir" >/dev/null 2>&1
	if [[ ${SANDBOX_KEEP:-0} == 1 ]]; then echo "# kept: $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

out=$("$sandbox" start -q "$dir" 2>&1) || { echo "Bail out! sandbox start: ${out//$'\n'/ }"; exit 1; }
out=$("$sandbox" seed "$dir" alice INBOX 300 2>&1 && "$sandbox" seed "$dir" alice Archive 40 2>&1) ||
	{ echo "Bail out! sandbox seed: ${out//$'\n'/ }"; exit 1; }
set -a
. "$dir/env"
set +a

work=$dir/work
mkdir -p "$work"
printf '%s\n' "$SANDBOX_ALICE_PASSWORD" >"$work/pw"
printf 'not-the-password\n' >"$work/badpw"
cat >"$work/config" <<EOF
[account sbx]
imap = imap://localhost:$SANDBOX_IMAP_PORT
user = alice
password_cmd = cat $work/pw
ca_file = $SANDBOX_CA

[account wrong]
imap = imap://localhost:$SANDBOX_IMAP_PORT
user = alice
password_cmd = cat $work/badpw
ca_file = $SANDBOX_CA
EOF
chmod 600 "$work/config"
export XDG_CACHE_HOME=$work/cache TAUBE_CONFIG=$work/config
unset TAUBE_IMAP_IGNORE

run() {
	"$taube" "$@" >"$work/out" 2>"$work/err"
	rc=$?
	out=$(cat "$work/out")
	err=$(cat "$work/err")
}
has() { grep -qF -- "$2" <<<"$1" || { tap_diag "missing: $2"; false; }; }
status_is() { [ "$rc" -eq "$1" ] || { tap_diag "exit $rc, wanted $1" "stderr: $err"; false; }; }
same() { [ "$1" = "$2" ] || { tap_diag "got:    ${1:0:300}" "wanted: ${2:0:300}"; false; }; }
# Python over the JSON lines in $work/out: `py EXPR` prints EXPR over `rows`.
py() {
	python3 -c 'import json,sys; rows=[json.loads(l) for l in open(sys.argv[1])]; print(eval(sys.argv[2]))' \
		"$work/out" "$1"
}
# The UIDs `taube list` printed (first column), one line.
list_uids() { awk '{print $1}' "$work/out" | tr '\n' ' ' | sed 's/ $//'; }
flags_of() { "$q" flags "$1" "$2"; }

# folders

run folders
tap_check "folders exits 0" status_is 0
inbox_unseen=$("$q" status INBOX | sed 's/.*UNSEEN \([0-9]*\).*/\1/')
tap_check "folders shows INBOX with unread/total as the server counts" has "$out" "INBOX    $inbox_unseen/300"
tap_check "folders shows Archive with its special use" grep -qE '^Archive +[0-9]+/40  \[Archive\]$' "$work/out"
tap_check "folders marks Trash, Sent, Drafts, Junk" \
	bash -c 'grep -q "\[Trash\]" "$1" && grep -q "\[Sent\]" "$1" && grep -q "\[Drafts\]" "$1" && grep -q "\[Junk\]" "$1"' _ "$work/out"
run folders --json
tap_check "folders --json is one JSON object per folder" same "$(py 'len(rows)')" "$(wc -l <"$work/out")"
tap_check "folders --json: INBOX counts and no special use" same \
	"$(py '[(r["unread"], r["total"], r["special_use"]) for r in rows if r["name"] == "INBOX"][0]')" \
	"($inbox_unseen, 300, None)"
tap_check "folders --json: Archive is Archive" same \
	"$(py '[r["special_use"] for r in rows if r["name"] == "Archive"][0]')" "Archive"

# list: the first open fills the cache

run list
tap_check "list exits 0" status_is 0
tap_check "list prints 300 lines" same "$(wc -l <"$work/out")" 300
tap_check "list gives the UIDs the server has, in order" same "$(list_uids)" "$("$q" uids INBOX)"
tap_check "the cache file is private" same "$(stat -c %a "$XDG_CACHE_HOME/taube/sbx.sqlite")" 600
unread_lines=$(awk '$2 ~ /^N/' "$work/out" | wc -l)
tap_check "list marks the unread messages N" same "$unread_lines" "$inbox_unseen"
run list --limit 10
tap_check "list --limit 10 keeps the last 10" same "$(list_uids)" "$("$q" uids INBOX | tr ' ' '\n' | tail -10 | tr '\n' ' ' | sed 's/ $//')"
run list --json
tap_check "list --json is valid JSON, one object per message" same "$(py 'len(rows)')" 300
tap_check "list --json: unread ones lack \"seen\"" same \
	"$(py '" ".join(str(r["uid"]) for r in rows if "seen" not in r["flags"])')" "$("$q" uids INBOX UNSEEN)"
uid=$(py 'rows[41]["uid"]')
tap_check "list --json: subject as imaplib decodes it" same "$(py 'rows[41]["subject"]')" "$("$q" subject INBOX "$uid")"
tap_check "list --json: date in RFC 3339 UTC, from with name and email" same \
	"$(py 'all((r["date"] is None or r["date"].endswith("Z")) and set(r["from"]) == {"name", "email"} and r["size"] > 0 for r in rows)')" True

# --search runs on the server: the same UIDs as imaplib's SEARCH

run list --search from:jsmith
tap_check "list --search from: matches SEARCH FROM" same "$(list_uids)" "$("$q" uids INBOX FROM jsmith)"
tap_check "list --search from: found some" test -n "$(list_uids)"
run list --search 'subject:"holiday plans"'
tap_check "list --search subject:\"two words\" matches SEARCH SUBJECT" same "$(list_uids)" "$("$q" uids INBOX SUBJECT '"holiday plans"')"
run list --search 'subject:Grüße'
tap_check "list --search with UTF-8 matches SEARCH CHARSET UTF-8" same "$(list_uids)" "$("$q" uids INBOX SUBJECT 'Grüße')"
run list --search 'is:unread from:example.com since:2025-11-15'
tap_check "list --search ANDs its terms" same "$(list_uids)" "$("$q" uids INBOX UNSEEN FROM example.com SINCE 15-Nov-2025)"
run list --search 'subject:re subject:holiday'
tap_check "list --search with a key twice ANDs both" same "$(list_uids)" "$("$q" uids INBOX SUBJECT re SUBJECT holiday)"
run list --search 'colour:red'
tap_check "an unknown search key is bad usage (exit 2)" status_is 2
tap_check "... and says which keys exist" has "$err" "unknown search key 'colour:'"

# read

unseen_uid=$("$q" uids INBOX UNSEEN | awk '{print $1}')
run read "$unseen_uid"
tap_check "read exits 0" status_is 0
tap_check "read shows the decoded subject" has "$out" "Subject: $("$q" subject INBOX "$unseen_uid")"
tap_check "read does not set \\Seen" bash -c '! grep -q "Seen" <<<"$1"' _ "$(flags_of INBOX "$unseen_uid")"
run read --raw "$unseen_uid"
"$q" fetch INBOX "$unseen_uid" >"$work/peek"
tap_check "read --raw is byte for byte what BODY.PEEK[] gives" cmp -s "$work/out" "$work/peek"
run read --json "$unseen_uid"
tap_check "read --json: one object with the subject" same "$(py 'rows[0]["subject"]')" "$("$q" subject INBOX "$unseen_uid")"
run read --mark-read "$unseen_uid"
tap_check "read --mark-read sets \\Seen" has "$(flags_of INBOX "$unseen_uid")" '\Seen'
run read 99999
tap_check "read of an unknown UID exits 1" status_is 1
tap_check "... saying so" has "$err" "no message with UID 99999 in INBOX"
run read --raw --json 5
tap_check "read --raw --json is bad usage" status_is 2

# flag

set -- $("$q" uids INBOX SEEN)
f1=$1 f2=$2
run flag "$f1" "$f2" +flagged -seen
tap_check "flag exits 0" status_is 0
tap_check "flag +flagged -seen: imaplib sees \\Flagged and no \\Seen" same "$(flags_of INBOX "$f1")|$(flags_of INBOX "$f2")" '\Flagged|\Flagged'
run flag "$f1" +answered +seen
tap_check "flag +answered +seen" same "$(flags_of INBOX "$f1")" '\Answered \Flagged \Seen'
run list --json --search is:flagged
tap_check "list shows the new flags from the cache" has "$(py '[r["flags"] for r in rows if r["uid"] == '"$f1"'][0]')" "['seen', 'answered', 'flagged']"
run flag "$f1" +bogus
tap_check "flag +bogus is bad usage" status_is 2
run flag +seen
tap_check "flag without a UID is bad usage" status_is 2
run flag 99999 +seen
tap_check "flag of an unknown UID exits 1 naming it" has "$err" "no message with UID 99999 in INBOX"

# move and delete

set -- $("$q" uids INBOX)
m1=$3 m2=$4 d1=$5
id1=$("$q" msgid INBOX "$m1") id2=$("$q" msgid INBOX "$m2") idd=$("$q" msgid INBOX "$d1")
run move "$m1" "$m2" Archive
tap_check "move exits 0" status_is 0
tap_check "moved messages are in Archive" bash -c '"$1" has-msgid Archive "$2" && "$1" has-msgid Archive "$3"' _ "$q" "$id1" "$id2"
tap_check "... and gone from INBOX" bash -c '! "$1" has-msgid INBOX "$2" && ! "$1" has-msgid INBOX "$3"' _ "$q" "$id1" "$id2"
tap_check "Archive has 42 messages" same "$("$q" count Archive)" 42
run move 99999 Archive
tap_check "move of an unknown UID exits 1" status_is 1
run move "$d1" Nowhere
tap_check "move to an unknown folder exits 1 naming it" has "$err" 'no folder "Nowhere"'
run delete "$d1"
tap_check "delete exits 0 and names the trash" has "$out" "moved 1 message to Trash"
tap_check "deleted message is in Trash, not INBOX" bash -c '"$1" has-msgid Trash "$2" && ! "$1" has-msgid INBOX "$2"' _ "$q" "$idd"
trash_uid=$("$q" uids Trash | awk '{print $1}')
run delete -f Trash "$trash_uid"
tap_check "delete in Trash removes for good" same "$out|$("$q" count Trash)" "deleted 1 message|0"
run list
tap_check "list after move and delete: 297 messages, as the server has" same "$(list_uids)" "$("$q" uids INBOX)"

# changes made elsewhere reach the cache on the next list

printf 'From: Outside <outside@example.test>\r\nTo: alice@example.test\r\nSubject: =?utf-8?q?Von_au=C3=9Fen?=\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\nMessage-ID: <outside-1@example.test>\r\n\r\nhello\r\n' >"$work/new.eml"
# change_elsewhere: a flag set, a flag cleared and a keyword set, one expunged, one appended.
change_elsewhere() {
	flagged=$("$q" uids INBOX UNFLAGGED | awk '{print $1}')
	unseen=$("$q" uids INBOX SEEN | awk '{print $NF}')
	gone=$("$q" uids INBOX | awk '{print $10}')
	"$q" store INBOX "$flagged" +FLAGS '(\Flagged)' &&
		"$q" store INBOX "$unseen" -FLAGS '(\Seen)' &&
		"$q" store INBOX "$unseen" +FLAGS '($Label1)' &&
		"$q" expunge INBOX "$gone" &&
		new_uid=$("$q" append INBOX "$work/new.eml")
}
# check_list HOW: the next list must show all of it.
check_list() {
	local how=$1
	run list --json
	tap_check "$how: list agrees with the server's UIDs" same "$(py '" ".join(str(r["uid"]) for r in rows)')" "$("$q" uids INBOX)"
	tap_check "$how: the expunged message is gone" same "$(py "[r for r in rows if r['uid'] == $gone]")" "[]"
	tap_check "$how: the appended message is there, decoded" same "$(py "[r['subject'] for r in rows if r['uid'] == $new_uid]")" "['Von außen']"
	tap_check "$how: a flag set elsewhere is seen" same "$(py "'flagged' in [r['flags'] for r in rows if r['uid'] == $flagged][0]")" True
	tap_check "$how: a flag cleared and a keyword set elsewhere are seen" same "$(py "[('seen' in f, '\$Label1' in f) for f in [r['flags'] for r in rows if r['uid'] == $unseen]]")" "[(False, True)]"
	tap_check "$how: unread and flagged agree with SEARCH" same \
		"$(py '" ".join(str(r["uid"]) for r in rows if "seen" not in r["flags"])')/$(py '" ".join(str(r["uid"]) for r in rows if "flagged" in r["flags"])')" \
		"$("$q" uids INBOX UNSEEN)/$("$q" uids INBOX FLAGGED)"
}
change_elsewhere && check_list "QRESYNC"
change_elsewhere && TAUBE_IMAP_IGNORE=QRESYNC check_list "CONDSTORE"
change_elsewhere && TAUBE_IMAP_IGNORE="QRESYNC CONDSTORE ESEARCH" check_list "plain"

# a folder made again has a new UIDVALIDITY: its cached messages go

"$q" create Proj && "$q" append Proj "$work/new.eml" >/dev/null && "$q" append Proj "$work/new.eml" >/dev/null
run list -f Proj
tap_check "a new folder lists" same "$(wc -l <"$work/out")" 2
"$q" delete Proj && "$q" create Proj && sed 's/Von_au=C3=9Fen/Neu/' "$work/new.eml" >"$work/new2.eml" &&
	"$q" append Proj "$work/new2.eml" >/dev/null
run list -f Proj --json
tap_check "after a new UIDVALIDITY, list shows the new folder's messages only" same "$(py '[r["subject"] for r in rows]')" "['Neu']"

# the cache is only a cache

run list
before=$out
rm -rf "$XDG_CACHE_HOME/taube"
run list
tap_check "with the cache deleted, list shows the same" same "$out" "$before"
printf 'this is no database' >"$XDG_CACHE_HOME/taube/sbx.sqlite"
rm -f "$XDG_CACHE_HOME/taube/sbx.sqlite-wal" "$XDG_CACHE_HOME/taube/sbx.sqlite-shm"
run list
tap_check "a damaged cache is made again" same "$rc|$out" "0|$before"
sed "s|imap://localhost:$SANDBOX_IMAP_PORT|imaps://localhost:$SANDBOX_IMAPS_PORT|" "$work/config" >"$work/moved"
chmod 600 "$work/moved"
run -c "$work/moved" list
tap_check "a cache filled from another server address starts again" same "$rc|$out" "0|$before"

# folder names in modified UTF-7

"$q" create '&AMQ-rger &ZeVnLIqe-'
run folders
tap_check "a non-ASCII folder shows decoded" has "$out" "Ärger 日本語"
"$q" append '&AMQ-rger &ZeVnLIqe-' "$work/new.eml" >/dev/null
run list -f 'Ärger 日本語'
tap_check "list -f opens it by its UTF-8 name" has "$out" "Von außen"

# wide characters take two columns: the subject starts where it does on other lines
printf 'From: =?utf-8?b?5bGx55Sw5aSq6YOO44Gu6ZW344GE5ZCN5YmN44Gn44GZ5bGx55Sw?= <yamada@example.test>\r\nSubject: Breit\r\nDate: Mon, 2 Mar 2026 11:00:00 +0000\r\n\r\nhi\r\n' >"$work/wide.eml"
"$q" append '&AMQ-rger &ZeVnLIqe-' "$work/wide.eml" >/dev/null
run list -f 'Ärger 日本語'
columns() {
	python3 -c 'import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(" ".join(str(w(l) - w(l.split("  ")[-1])) for l in sys.argv[1].splitlines()))' "$1"
}
tap_check "a name in wide characters is cut to the column's width" same "$(columns "$out")" "63 63"

# failures

run -a wrong folders
tap_check "a wrong password exits 1" status_is 1
tap_check "... with the server's refusal" has "$err" "IMAP login to localhost as alice refused"
run list -f Nowhere
tap_check "an unknown folder exits 1" same "$rc|$err" '1|taube: no folder "Nowhere" in account sbx'
cat >"$work/badca" <<EOF
[account sbx]
imap = imaps://localhost:$SANDBOX_IMAPS_PORT
user = alice
password_cmd = cat $work/pw
EOF
run -c "$work/badca" folders
tap_check "an untrusted certificate exits 1 saying so" same "$rc|$(grep -c 'not trusted' <<<"$err")" "1|1"

tap_done
