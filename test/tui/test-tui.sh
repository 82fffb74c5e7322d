#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-tui.sh TAUBE SANDBOX - the mail screen (taube without a command),
# the real binary in a private tmux server, against a sandbox Dovecot of its
# own seeded with the demo mail. Keys go in with send-keys, the screen comes
# back with capture-pane, and every change on the server is checked with a
# second client (test/lib/imapcheck.py). A slow server comes from
# test/imap/imap-proxy.py --delay-on. Checks of known faults carry TAP's
# "# TODO" until they are mended. Set SANDBOX_KEEP=1 to keep the directory.
set -uo pipefail
taube=$(realpath "$1")
sandbox=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
q="$here/../lib/imapcheck.py"
proxy="$here/../imap/imap-proxy.py"

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}
for prog in dovecot openssl python3 tmux; do
	command -v "$prog" >/dev/null 2>&1 || [[ -x /usr/sbin/$prog ]] || skip_all "$prog is not installed"
done

export LC_ALL=C.UTF-8 LANG=C.UTF-8
unset TMUX TMUX_PANE TAUBE_IMAP_IGNORE

dir=$(mktemp -d "${TMPDIR:-/tmp}/taube-tui.XXXXXX") || exit 1
sock=$dir/tmux.sock
proxy_pid=
cleanup() {
	tmux -S "$sock" kill-server >/dev/null 2>&1
	[[ -n $proxy_pid ]] && kill "$proxy_pid" 2>/dev/null
	"$sandbox" stop "$dir" >/dev/null 2>&1
	if [[ ${SANDBOX_KEEP:-0} == 1 ]]; then echo "# kept: $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

out=$("$sandbox" demo "$dir" 2>&1) || { echo "Bail out! sandbox demo: ${out//$'\n'/ }"; exit 1; }
set -a
. "$dir/env"
set +a

work=$dir/work
mkdir -p "$work/data"
printf '%s\n' "$SANDBOX_ALICE_PASSWORD" >"$work/pw"
cat >"$work/config" <<EOF
[account sbx]
from = Alice Example <alice@example.test>
imap = imap://localhost:$SANDBOX_IMAP_PORT
smtp = smtp://localhost:${SANDBOX_SUBMISSION_PORT:-1}
user = alice
password_cmd = cat $work/pw
ca_file = $SANDBOX_CA

[bind]
index.x = delete
EOF
chmod 600 "$work/config"

# What runs in each tmux window: taube on the window's terminal, then a line
# saying how it ended (its exit status, and whether the terminal's modes are
# as they were before), and a long sleep so the window stays to be read.
cat >"$work/run-taube" <<'EOF'
# run-taube TAUBE CONFIG CACHE DATA ERRFILE
export TERM=xterm-256color LC_ALL=C.UTF-8 LANG=C.UTF-8
export TAUBE_CONFIG=$2 XDG_CACHE_HOME=$3 XDG_DATA_HOME=$4 TZ=UTC
# the test's own viewer and editor, beside the configuration
export MAILCAPS=$(dirname "$2")/mailcap EDITOR=$(dirname "$2")/editor
modes=$(stty -g)
"$1" 2>"$5"
rc=$?
if [ "$(stty -g)" = "$modes" ]; then tty=restored; else tty=changed; fi
echo "EXIT=$rc TTY=$tty"
exec sleep 600
EOF

# --- the screen ---------------------------------------------------------

rows=30
win=main
tm() { tmux -S "$sock" "$@"; }
keys() { tm send-keys -t "$win" "$@"; }
type_text() { tm send-keys -t "$win" -l -- "$1"; }
screen() { tm capture-pane -p -t "$win"; }
line() { screen | sed -n "${1}p"; }
status_line() { line $((rows - 1)); }
note_line() { line "$rows"; }

# taube_start WINDOW CONFIG CACHE: taube in a new 100x30 window of the private server.
taube_start() {
	win=$1
	rows=30
	: >"$work/$win.err"
	tm -f /dev/null new-session -d -s "$win" -x 100 -y 30 \
		sh "$work/run-taube" "$taube" "$2" "$3" "$work/data" "$work/$win.err"
	tm set -g exit-empty off	# the server stays between windows
}

show_screen() {
	tap_diag "screen ($win):"
	screen | sed 's/^/#   |/'
	[[ -s $work/$win.err ]] && tap_diag "stderr: $(head -c 2000 "$work/$win.err")"
	return 0
}

# poll SECONDS COMMAND...: runs COMMAND every 50 ms until it succeeds.
poll() {
	local n
	n=$(awk -v s="$1" 'BEGIN { print int(s * 20) }')
	shift
	for ((; n >= 0; n--)); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}
# (grep -q reads no further than its match: never at the end of a pipe under pipefail)
shows() { grep -qF -- "$1" <<<"$(screen)"; }
shows_re() { grep -qE -- "$1" <<<"$(screen)"; }
# wait_for TEXT [SECONDS]: until the screen shows TEXT (default 15 s).
wait_for() {
	poll "${2:-15}" shows "$1" && return 0
	tap_diag "waited ${2:-15} s for: $1"
	show_screen
	return 1
}
wait_re() {
	poll "${2:-15}" shows_re "$1" && return 0
	tap_diag "waited ${2:-15} s for /$1/"
	show_screen
	return 1
}
hides() { ! shows "$1"; }
# no_row WORDS: no list row shows WORDS (the status line may, in its limit).
no_row() { [[ -z $(row "$1") ]]; }
wait_row_gone() {
	poll "${2:-15}" no_row "$1" && return 0
	tap_diag "waited ${2:-15} s for the row of \"$1\" to go"
	show_screen
	return 1
}
wait_gone() {
	poll "${2:-15}" hides "$1" && return 0
	tap_diag "waited ${2:-15} s for this to go: $1"
	show_screen
	return 1
}

# The text of the rows drawn in reverse video (the selected message), the
# status line left out: capture-pane -e gives the attributes as SGR codes.
selected() {
	tm capture-pane -p -e -t "$win" | python3 -c '
import re, sys
rev = False
for line in sys.stdin.read().split("\n"):
    text, first, i = "", None, 0
    while i < len(line):
        m = re.match(r"\x1b\[([0-9;:]*)m", line[i:])
        if m:
            ps = m.group(1).split(";") if m.group(1) else ["0"]
            k = 0
            while k < len(ps):
                p = ps[k]
                if p in ("38", "48", "58"):
                    k += 5 if k + 1 < len(ps) and ps[k + 1] == "2" else 3
                    continue
                if p in ("", "0"):
                    rev = False
                elif p == "7":
                    rev = True
                elif p == "27":
                    rev = False
                k += 1
            i += m.end()
            continue
        m = re.match(r"\x1b(\[[0-9;?]*[A-Za-z]|[()][0-9A-Za-z]|.)", line[i:])
        if m:
            i += m.end()
            continue
        if first is None:
            first = rev
        text += line[i]
        i += 1
    if first and not text.startswith("-- taube:"):
        print(text)
'
}
# selected_no: the list number of the selected row.
selected_no() { selected | awk 'NR == 1 { print $1 }'; }
selected_is() { [[ $(selected_no) == "$1" ]]; }
wait_selected() {
	poll 5 selected_is "$1" && return 0
	tap_diag "selected row: $(selected)" "wanted number $1"
	false
}

# row WORDS: the list row that shows WORDS; its flags column is ${row:7:1}.
row() { screen | head -n $((rows - 2)) | grep -F -- "$1" | head -1; }
flag_is() { local r; r=$(row "$1"); [[ -n $r && ${r:7:1} == "$2" ]]; }
wait_flag() {
	poll 10 flag_is "$1" "$2" && return 0
	tap_diag "row of \"$1\" wanted flag '$2': $(row "$1")"
	show_screen
	false
}
# index_rows: how many of the rows above the status line are list rows.
index_rows() {
	screen | head -n $((rows - 2)) |
		grep -cE '^ *[0-9]+ [ *][ DN][ !][ r] [A-Z][a-z]{2} [0-9]{2} '
}

# limit_to TEXT: l, TEXT, Enter; limit_all: l, Enter (no limit).
limit_to() {
	keys l && wait_for "Limit to messages matching" && type_text "$1" && keys Enter &&
		wait_for "limit: $1"
}
limit_all() {
	keys l && wait_for "Limit to messages matching" && keys Enter && wait_gone "limit:"
}

# --- checks -------------------------------------------------------------

has() { grep -qF -- "$2" <<<"$1" || { tap_diag "missing: $2" "in: ${1:0:600}"; false; }; }
lacks() { ! grep -qF -- "$2" <<<"$1" || { tap_diag "unwanted: $2" "in: ${1:0:600}"; false; }; }
same() { [ "$1" = "$2" ] || { tap_diag "got:    ${1:0:300}" "wanted: ${2:0:300}"; false; }; }
on_screen() { shows "$1" || { tap_diag "not on the screen: $1"; show_screen; false; }; }
in_folder() { "$q" has-msgid "$1" "$2"; }
not_in_folder() { ! "$q" has-msgid "$1" "$2"; }
flags_have() { grep -qF -- "$3" <<<"$("$q" flags "$1" "$2")"; }
# uid_of FOLDER SUBJECT: the UIDs whose subject holds SUBJECT (8-bit: one word).
uid_of() {
	if [[ $2 == *" "* ]]; then "$q" uids "$1" SUBJECT "\"$2\""; else "$q" uids "$1" SUBJECT "$2"; fi
}
# one_uid FOLDER SUBJECT: the UID of the one message whose subject holds
# SUBJECT; false when there are none or several (see demo_changed).
one_uid() {
	local u
	u=$(uid_of "$1" "$2")
	[[ $u =~ ^[0-9]+$ ]] && echo "$u"
}
demo_changed() {
	echo "Bail out! the demo mail changed: not one message in INBOX has \"$1\" in its subject"
	exit 1
}
# counts FOLDER: "N messages, N new" as the server counts.
counts() {
	local s n u
	s=$("$q" status "$1")
	[[ $s =~ MESSAGES\ ([0-9]+) ]] && n=${BASH_REMATCH[1]}
	[[ $s =~ UNSEEN\ ([0-9]+) ]] && u=${BASH_REMATCH[1]}
	echo "${n:-?} messages, ${u:-?} new"
}
# list_row_is LINE NUMBER SUBJECT: LINE is the list row NUMBER showing (the start of) SUBJECT.
list_row_is() {
	[[ $1 =~ ^\ *$2\ .{4}\ [A-Z][a-z]{2}\ [0-9]{2}\  && $1 == *"  ${3:0:30}"* ]] ||
		{ tap_diag "row: $1" "wanted: number $2, subject ${3:0:30}"; false; }
}

# tap_todo DESCRIPTION REASON COMMAND...: a check of a known fault, reported
# with "# TODO": its failure does not fail the run, its success says the
# fault is mended and the TODO can go.
tap_todo() {
	local desc=$1 why=$2
	shift 2
	tap_n=$((tap_n + 1))
	if "$@"; then
		echo "ok $tap_n - $desc # TODO $why"
	else
		echo "not ok $tap_n - $desc # TODO $why"
	fi
}

# body_lines FOLDER UID: up to two lines of the message's text with letters
# outside ASCII, decoded by Python's email package; then its attachments' names.
body_lines() {
	"$q" fetch "$1" "$2" | python3 -c '
import email, email.policy, sys
m = email.message_from_binary_file(sys.stdin.buffer, policy=email.policy.default)
n = 0
for line in m.get_body(preferencelist=("plain",)).get_content().splitlines():
    line = line.strip()
    if n < 2 and any(ord(c) > 127 for c in line) and len(line) < 90:
        print(line)
        n += 1
for part in m.iter_attachments():
    if part.get_filename():
        print(part.get_filename())
'
}

# The subject words used below name one message each in the demo's INBOX
# (its mail is the same on every run); one_uid checks it.
german="Sitzung"
czech="Dovolená"
uid_de=$(one_uid INBOX "$german") || demo_changed "$german"
uid_cs=$(one_uid INBOX "$czech") || demo_changed "$czech"
# unread, so that reading them is seen on the server
"$q" store INBOX "$uid_de,$uid_cs" -FLAGS '(\Seen)' || { echo "Bail out! imapcheck store"; exit 1; }

# the first screen

count=$("$q" count INBOX)
last_uid=$("$q" uids INBOX | awk '{ print $NF }')
last_subject=$("$q" subject INBOX "$last_uid")
taube_start main "$work/config" "$work/cache"
tap_check "the first screen shows INBOX's status line" wait_for "-- taube: sbx  INBOX  [$count messages"
tap_check "... with the message and unread counts the server has" same "$(status_line)" \
	"-- taube: sbx  INBOX  [$(counts INBOX), 0 deleted]"
tap_check "the list fills the rows above the status line" same "$(index_rows)" $((rows - 2))
tap_check "the last row is the newest message, numbered $count" \
	list_row_is "$(line $((rows - 2)))" "$count" "$last_subject"
tap_check "the newest message is selected" same "$(selected_no)" "$count"

# reading a German and a Czech message

for lang in de cs; do
	if [[ $lang == de ]]; then word=$german uid=$uid_de; else word=$czech uid=$uid_cs; fi
	subject=$("$q" subject INBOX "$uid")
	tap_check "$lang: l $word limits the list to that message" limit_to "$word"
	tap_check "$lang: one row, marked unread (N)" bash -c '[[ $1 == 1 ]] && [[ ${2:7:1} == N ]]' _ \
		"$(index_rows)" "$(row "$word")"
	keys Enter
	tap_check "$lang: Enter shows the message in the pager" wait_for "Subject: $subject"
	while IFS= read -r text; do
		tap_check "$lang: the pager shows \"$text\" decoded" on_screen "$text"
	done < <(body_lines INBOX "$uid")
	tap_check "$lang: the status line stays below the pager" has "$(status_line)" "-- taube: sbx  INBOX  ["
	tap_check "$lang: the message is \\Seen on the server" flags_have INBOX "$uid" '\Seen'
	tap_check "$lang: once the message shows, the bottom line no longer says it is being fetched" \
		eval '! grep -q fetching <<<"$(note_line)"'
	keys q
	tap_check "$lang: q returns to the list" wait_for "limit: $word"
	tap_check "$lang: ... where the row is no longer unread" wait_flag "$word" " "
done
tap_check "the status line counts as the server does, two fewer unread" wait_for "[$(counts INBOX), 0 deleted]"
tap_check "an empty limit shows the whole folder again" limit_all

# d, u, and d then $

word="Weekly status update"
uid=$(one_uid INBOX "$word") || demo_changed "$word"
msgid=$("$q" msgid INBOX "$uid")
limit_to "$word" >/dev/null
keys d
tap_check "d marks the message D" wait_flag "$word" D
tap_check "... and \\Deleted on the server" flags_have INBOX "$uid" '\Deleted'
tap_check "... and the status line counts it" has "$(status_line)" "1 deleted]"
keys u
tap_check "u clears the D" wait_flag "$word" " "
tap_check "... and \\Deleted is gone on the server" bash -c '! grep -qF "\\Deleted" <<<"$1"' _ "$("$q" flags INBOX "$uid")"
keys d
wait_flag "$word" D >/dev/null
keys '$'
tap_check "d then \$ takes the message off the list" wait_row_gone "$word"
tap_check "... it is gone from INBOX on the server" not_in_folder INBOX "$msgid"
tap_check "... and in Trash" in_folder Trash "$msgid"
tap_check "... without \\Deleted there" bash -c '! grep -qF "\\Deleted" <<<"$1"' _ \
	"$("$q" flags Trash "$("$q" uids Trash HEADER Message-ID "$msgid")")"
tap_check "... and the bottom line says it went to Trash" \
	eval 'grep -q "moved to Trash" <<<"$(note_line)"'
tap_check "the status line counts one message fewer" wait_for "INBOX  [$(counts INBOX), 0 deleted]"
limit_all >/dev/null

# s with Tab completion

word="Slides for tomorrow"
uid=$(one_uid INBOX "$word") || demo_changed "$word"
msgid=$("$q" msgid INBOX "$uid")
archived=$("$q" count Archive)
limit_to "$word" >/dev/null
keys s
tap_check "s asks for a folder" wait_for "Move to folder:"
type_text "Arc"
keys Tab
tap_check "Tab completes Arc to Archive" poll 5 eval '[[ $(note_line) == "Move to folder: Archive" ]]'
keys Enter
tap_check "Enter moves the message off the list" wait_row_gone "$word"
tap_check "... into Archive on the server" in_folder Archive "$msgid"
tap_check "... out of INBOX" not_in_folder INBOX "$msgid"
tap_check "... Archive has one message more" same "$("$q" count Archive)" $((archived + 1))
limit_all >/dev/null

# search and limit

count=$("$q" count INBOX)

word=offsite
read -ra all <<<"$("$q" uids INBOX)"
read -ra hits <<<"$("$q" uids INBOX SUBJECT "$word")"
pos=()
for h in "${hits[@]}"; do
	for i in "${!all[@]}"; do [[ ${all[$i]} == "$h" ]] && pos+=($((i + 1))); done
done
keys =
tap_check "= selects the first message" wait_selected 1
keys /
tap_check "/ asks what to search for" wait_for "Search for:"
type_text "$word"
keys Enter
tap_check "/$word jumps to the first match (row ${pos[0]})" wait_selected "${pos[0]}"
keys n
tap_check "n jumps to the next match (row ${pos[1]})" wait_selected "${pos[1]}"
for ((i = 2; i < ${#pos[@]}; i++)); do keys n; done
wait_selected "${pos[-1]}" >/dev/null
keys n
tap_check "n after the last match wraps to the first" wait_selected "${pos[0]}"
tap_check "... and says so" wait_for "search wrapped to the top"
tap_check "l $word limits the list" limit_to "$word"
tap_check "... to the ${#pos[@]} matches" same "$(index_rows)" "${#pos[@]}"
tap_check "... each with $word in it" same "$(screen | head -n $((rows - 2)) | grep -ciF "$word")" "${#pos[@]}"
tap_check "... and the status line says which limit" has "$(status_line)" "[$(counts INBOX), 0 deleted]  limit: $word"
tap_check "an empty limit shows all again" limit_all
tap_check "... the list is full again" same "$(index_rows)" $((rows - 2))
tap_check "... and the status line names no limit" same "$(status_line)" \
	"-- taube: sbx  INBOX  [$(counts INBOX), 0 deleted]"

# another folder

dev_count=$("$q" count Lists.dev)
dev_last=$("$q" uids Lists.dev | awk '{ print $NF }')
dev_subject=$("$q" subject Lists.dev "$dev_last")
keys c
tap_check "c asks for a folder" wait_for "Open folder:"
type_text "Lis"
keys Tab
tap_check "Tab completes Lis to Lists.dev" poll 5 eval '[[ $(note_line) == "Open folder: Lists.dev" ]]'
keys Enter
tap_check "the status line names Lists.dev with its counts" \
	wait_for "-- taube: sbx  Lists.dev  [$(counts Lists.dev), 0 deleted]"
tap_check "the list shows Lists.dev's newest message last" \
	list_row_is "$(line $((rows - 2)))" "$dev_count" "$dev_subject"
keys c
wait_for "Open folder:" >/dev/null
type_text INBOX
keys Enter
tap_check "c INBOX goes back" wait_for "-- taube: sbx  INBOX  [$count messages"

# a resized window

count=$("$q" count INBOX)

tm resize-window -t "$win" -x 80 -y 20
rows=20
tap_check "at 80x20 the status line is on row 19" poll 5 eval '[[ $(line 19) == "-- taube: sbx  INBOX  ["* ]]'
tap_check "... the screen has 20 rows" same "$(screen | wc -l)" 20
tap_check "... the list fills rows 1-18" same "$(index_rows)" 18
tap_check "... ending with the newest message, still selected" same "$(line 18 | awk '{ print $1 }')/$(selected_no)" \
	"$count/$count"
tm resize-window -t "$win" -x 120 -y 40
rows=40
tap_check "at 120x40 the status line is on row 39" poll 5 eval '[[ $(line 39) == "-- taube: sbx  INBOX  ["* ]]'
tap_check "... the list fills rows 1-38" same "$(index_rows)" 38
tm resize-window -t "$win" -x 100 -y 30
rows=30
tap_check "back at 100x30 the status line is on row 29" poll 5 eval '[[ $(line 29) == "-- taube: sbx  INBOX  ["* ]]'

# escape sequences in a subject

count=$("$q" count INBOX)

esc=$'\e' bel=$'\a' c1=$'\xc2\x9b'
printf '%s\r\n' \
	"From: =?utf-8?q?Eve_=1B=5B2J?= <eve@example.test>" \
	"To: alice@example.test" \
	"Date: Thu, 01 Jan 2026 10:00:00 +0000" \
	"Subject: Esc ${esc}[2Jclear ${esc}]0;pwned${bel}title ${esc}[5;5Hmoved ${c1}2Jend" \
	"Message-ID: <escapes@example.test>" \
	"" \
	"body ${esc}[31mred${esc}[0m here ${esc}]0;pwned2${bel}" >"$work/escapes.eml"
keys '*'
wait_selected "$count" >/dev/null
before=$(screen)
"$q" append INBOX "$work/escapes.eml" >/dev/null
count=$((count + 1))
keys C-r
wait_for "INBOX  [$count messages" >/dev/null
keys '*'
visible='Esc ^[[2Jclear ^[]0;pwned^Gtitle ^[[5;5Hmoved \u009b2Jend'
tap_check "a subject with ESC[2J, ESC]0;..BEL, a cursor move and a C1 CSI shows them made visible" \
	wait_for "$visible"
screen >"$work/after"
after=$(cat "$work/after")
tap_check "... in the newest row, with the sender's ESC visible too" \
	grep -qF "$(printf '%5d  N   Jan 01 %-20s  %s' "$count" 'Eve ^[[2J' "$visible")" <<<"$(sed -n 28p <<<"$after")"
tap_check "... the rows above are the ones before, moved up by one" same \
	"$(sed -n 1,27p <<<"$after")" "$(sed -n 2,28p <<<"$before")"
tap_check "... the status line is still on row 29" same "$(sed -n 29p <<<"$after")" \
	"-- taube: sbx  INBOX  [$(counts INBOX), 0 deleted]"
tap_check "... the screen still has 30 rows" same "$(wc -l <"$work/after")" 30
tap_check "... the window's title was not changed" lacks "$(tm display -p -t "$win" '#{pane_title}')" pwned
keys Enter
tap_check "the pager shows the subject made visible" wait_for "Subject: $visible"
tap_check "... and the body's escapes" on_screen 'body ^[[31mred^[[0m here ^[]0;pwned2^G'
tap_check "... the status line is still on row 29" has "$(status_line)" "-- taube: sbx  INBOX  [$count messages"
tap_check "... the title unchanged" lacks "$(tm display -p -t "$win" '#{pane_title}')" pwned
keys q
wait_for "INBOX  [$count messages" >/dev/null

# help and [bind]

keys '?'
tap_check "? shows the help" wait_for "Message list keys:"
help=$(screen)
tap_check "help: d and the bound x delete" grep -qE '^  d x +delete +mark for deletion$' <<<"$help"
tap_check "help: q quits" grep -qE '^  q +quit +quit taube$' <<<"$help"
tap_check "help: / searches, l limits, c changes folder, s saves, \$ purges" bash -c \
	'for k in "/ +search" "l +limit" "c +change-folder" "s +save" "\\$ +purge"; do grep -qE "^  $k " <<<"$1" || exit 1; done' _ "$help"
keys Space
tap_check "space pages the help on to the pager keys" wait_for "Pager keys:"
for _ in 1 2 3 4 5; do shows "index.x = delete" && break; keys Space; sleep 0.3; done
tap_check "... which end with how to change them" wait_for "index.x = delete"
keys q
tap_check "q leaves the help" wait_gone "Pager keys:"
word="Besprechung am Donnerstag"
uid=$(one_uid INBOX "$word") || demo_changed "$word"
limit_to "$word" >/dev/null
keys x
tap_check "x, bound to delete in [bind], marks D" wait_flag "$word" D
tap_check "... and \\Deleted on the server" flags_have INBOX "$uid" '\Deleted'
keys u
wait_flag "$word" " " >/dev/null
limit_all >/dev/null

# keys typed ahead of the server: d and $ at once

word="Pozdrav z Brna"
uid=$(one_uid INBOX "$word") || demo_changed "$word"
msgid=$("$q" msgid INBOX "$uid")
limit_to "$word" >/dev/null
keys d '$'
tap_check "d\$ typed at once moves the message to Trash" poll 5 not_in_folder INBOX "$msgid"
if in_folder INBOX "$msgid"; then
	wait_flag "$word" D >/dev/null
	keys '$'
fi
wait_row_gone "$word" >/dev/null
limit_all >/dev/null

# q with a message marked deleted, then y

word="Kündigung"
uid=$(one_uid INBOX "$word") || demo_changed "$word"
msgid=$("$q" msgid INBOX "$uid")
tap_check "a limit typed in UTF-8 ($word)" limit_to "$word"
keys d
wait_flag "$word" D >/dev/null
keys q
tap_check "q with a message marked deleted asks first" wait_for "Move the messages marked deleted to Trash? (y/n)"
keys y
tap_check "y: taube ends" wait_for "EXIT="
tap_check "... with status 0" on_screen "EXIT=0 "
tap_check "... the terminal's modes restored" on_screen "TTY=restored"
tap_check "... and the mail screen gone from it" bash -c '! grep -qF -- "-- taube:" <<<"$1"' _ "$(screen)"
tap_check "... the marked message went to Trash" in_folder Trash "$msgid"
tap_check "... out of INBOX" not_in_folder INBOX "$msgid"
tap_check "... nothing on stderr" same "$(cat "$work/$win.err")" ""

# d and q at once: the question must still come

newest=$("$q" uids INBOX | awk '{ print $NF }')
taube_start ahead "$work/config" "$work/cache"
wait_for "-- taube: sbx  INBOX  [$(counts INBOX)" >/dev/null
keys d q
tap_check "dq typed at once still asks before quitting" wait_for "(y/n)" 3
shows "(y/n)" && keys n
tap_check "... taube ends with status 0" wait_for "EXIT=0 TTY=restored"
"$q" store INBOX "$newest" -FLAGS '(\Deleted)'
tm kill-session -t ahead

# a slow server: the screen answers keys meanwhile

# proxy_start ARGS...: imap-proxy.py with ARGS between taube and Dovecot (TLS
# toward taube), and $work/config-slow pointing at it.
proxy_start() {
	local fifo=$work/proxy.fifo port
	: >"$work/proxy.log"
	: >"$work/proxy.port"
	rm -f "$fifo" && mkfifo "$fifo" || return 1
	python3 "$proxy" --upstream "$SANDBOX_IMAP_PORT" \
		--tls "$SANDBOX_DIR/tls/server.pem" "$SANDBOX_DIR/tls/server.key" \
		--log "$work/proxy.log" "$@" <"$fifo" >"$work/proxy.port" 2>>"$work/proxy.err" &
	proxy_pid=$!
	exec {proxy_in}>"$fifo"
	poll 5 test -s "$work/proxy.port"
	port=$(head -1 "$work/proxy.port")
	[[ -n $port ]] || { echo "Bail out! imap-proxy.py did not start: $(cat "$work/proxy.err")"; exit 1; }
	cat >"$work/config-slow" <<EOF
[account slow]
imap = imaps://localhost:$port
user = alice
password_cmd = cat $work/pw
ca_file = $SANDBOX_CA
EOF
	chmod 600 "$work/config-slow"
}
proxy_stop() {
	[[ -n $proxy_pid ]] || return 0
	exec {proxy_in}>&-	# the proxy goes when its standard input closes
	wait "$proxy_pid" 2>/dev/null
	proxy_pid=
}
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'; }
less_than() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }' || { tap_diag "took $1 s"; false; }; }

count=$("$q" count INBOX)
proxy_start --delay-on '^\S+ UID FETCH ' --delay 5
t0=$EPOCHREALTIME
taube_start slow "$work/config-slow" "$work/cache-slow"
tap_check "slow server: the status line says (working...) while the folder loads" wait_for "(working...)" 5
tap_check "the proxy holds back the answer to a UID FETCH" \
	poll 5 grep -q '^delay [^ ]* UID FETCH ' "$work/proxy.log"
t1=$EPOCHREALTIME
keys '?'
poll 3 shows "Message list keys:"
took=$(elapsed "$t1")
tap_check "? shows the help within a second meanwhile" less_than "$took" 1
tap_check "... while the status line still says (working...)" has "$(status_line)" "(working...)"
tap_check "once the answer comes, the folder is there" wait_for "-- taube: slow  INBOX  [$(counts INBOX), 0 deleted]" 20
tap_check "... not before the delay was over" bash -c 'awk -v t="$1" "BEGIN { exit !(t >= 4) }"' _ "$(elapsed "$t0")"
keys q
tap_check "... q leaves the help for the list" poll 5 eval '[[ $(index_rows) == 28 ]]'
tap_check "... the (working...) is gone" lacks "$(status_line)" "(working...)"
newest=$("$q" uids INBOX | awk '{ print $NF }')
keys d
wait_re "^ *$count  D" 10 >/dev/null
keys q
tap_check "q with a mark asks" wait_for "(y/n)"
keys n
tap_check "n: taube ends with status 0" wait_for "EXIT=0 TTY=restored"
tap_check "... and the marked message stays in INBOX, \\Deleted" flags_have INBOX "$newest" '\Deleted'
tm kill-session -t slow
proxy_stop

proxy_start --delay-on '^\S+ UID FETCH ' --delay 5
taube_start slow2 "$work/config-slow" "$work/cache-slow2"
wait_for "(working...)" 5 >/dev/null
poll 5 grep -q '^delay ' "$work/proxy.log"
t1=$EPOCHREALTIME
keys q
wait_for "EXIT=" 15 >/dev/null
took=$(elapsed "$t1")
tap_check "q while the folder loads: taube ends with status 0" on_screen "EXIT=0 TTY=restored"
tap_check "... within a second, not once the slow answer came" less_than "$took" 1
tm kill-session -t slow2
proxy_stop

# an attachment opened through a test mailcap; a reply written in a scripted editor, sent

printf 'text/plain; cp %%s %s\n' "$work/viewed" >"$work/mailcap"
printf '#!/bin/sh\nprintf "Thanks, the notes are fine.\\n" >>"$1"\n' >"$work/editor"
chmod +x "$work/editor"
att_subject="Poznámky k schůzce $$"
att_body="marker-$$-přílohy"
printf '%s\r\n' "From: Bob Builder <bob@example.test>" "To: alice@example.test" \
	"Subject: =?utf-8?b?$(printf %s "$att_subject" | base64 -w0)?=" \
	"Date: Mon, 2 Mar 2026 10:00:00 +0000" "Message-ID: <notes-$$@example.test>" \
	"MIME-Version: 1.0" "Content-Type: multipart/mixed; boundary=b1" "" "--b1" \
	"Content-Type: text/plain; charset=utf-8" "" "See the notes." "--b1" \
	"Content-Type: text/plain; charset=utf-8" \
	"Content-Disposition: attachment; filename*=utf-8''pozn%C3%A1mky.txt" \
	"Content-Transfer-Encoding: base64" "" "$(printf %s "$att_body" | base64 -w0)" "--b1--" \
	>"$work/notes.eml"
"$q" append INBOX "$work/notes.eml" >/dev/null
taube_start mail "$work/config" "$work/cache-mail"
wait_for "-- taube: sbx  INBOX  [$(counts INBOX)" >/dev/null
keys l
type_text "Poznámky k schůzce"
keys Enter
tap_check "the message with an attachment is found" wait_for "Poznámky k schůzce $$"
keys v
tap_check "v lists its parts with the attachment's name" wait_for "poznámky.txt"
keys j Enter
tap_check "Enter opens the attachment through the test mailcap" \
	poll 10 eval '[[ $(cat "$work/viewed" 2>/dev/null) == "$att_body" ]]'
tap_check "... and the screen comes back with the list of parts" wait_for "poznámky.txt"
keys q
if [[ ${SANDBOX_HAVE_SMTP:-no} == yes ]]; then
	keys r
	tap_check "r: after the editor, the compose screen shows the reply" \
		wait_for "Subject: Re: Poznámky k schůzce $$"
	tap_check "... to the sender" on_screen "To: Bob Builder <bob@example.test>"
	keys y
	tap_check "y sends it" wait_for "sent, copy in Sent" 30
	reply_file() { grep -l "^In-Reply-To: <notes-$$@example.test>" "$SANDBOX_BOB_MAILDIR"/new/* 2>/dev/null | head -1; }
	tap_check "the reply arrives in bob's mailbox" poll 20 eval '[[ -n $(reply_file) ]]'
	f=$(reply_file)
	tap_check "... with References to the message" grep -q "^References: <notes-$$@example.test>" "$f"
	tap_check "... from alice, to bob" bash -c 'grep -q "^From: Alice Example <alice@example.test>" "$1" && grep -q "^To: Bob Builder <bob@example.test>" "$1"' _ "$f"
	tap_check "... with the quote and the editor's text" bash -c 'grep -q "^> See the notes." "$1" && grep -q "^Thanks, the notes are fine." "$1"' _ "$f"
	tap_check "the message is marked answered on the server" flags_have INBOX "$("$q" uids INBOX HEADER Message-ID "notes-$$@example.test")" '\Answered'
else
	for c in "r: the compose screen" "y sends it" "the reply arrives" "References" "from, to" \
		"quote and text" "answered"; do
		tap_skip "$c" "the sandbox has no Postfix"
	done
fi
keys q
poll 3 shows "(y/n)" && keys n
tap_check "q ends it, status 0" wait_for "EXIT=0 TTY=restored"
tm kill-session -t mail

tap_done
