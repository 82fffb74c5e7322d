#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-cli-send.sh TAUBE SANDBOX - sending through the real binary (send,
# outbox list|flush, reply, forward, --postpone) against a sandbox of its
# own: what the sandbox's Postfix delivers is read back from the Maildirs
# with Python's email package (mailcheck.py), the Sent and Drafts folders
# with imaplib (test/lib/imapcheck.py), and test/smtp/smtp-fake.py gives
# what Postfix will not on demand: a 451 to DATA, a 550 to RCPT, a 554
# after the data, no STARTTLS, a stall or silence while taube is killed.
# Without Postfix in the sandbox (SANDBOX_HAVE_SMTP=no) the cases that need
# it are skipped. Set SANDBOX_KEEP=1 to keep the directory.
set -uo pipefail
taube=$1
sandbox=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
q="$here/../lib/imapcheck.py"
mc="$here/mailcheck.py"
fake_py="$here/../smtp/smtp-fake.py"

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}
for prog in dovecot openssl python3; do
	command -v "$prog" >/dev/null 2>&1 || [[ -x /usr/sbin/$prog ]] || skip_all "$prog is not installed"
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/taube-cli-send.XXXXXX") || exit 1
fake_pid=
bg_pid=
cleanup() {
	[[ -n $bg_pid ]] && kill -9 "$bg_pid" 2>/dev/null
	[[ -n $fake_pid ]] && kill "$fake_pid" 2>/dev/null
	"$sandbox" stop "$dir" >/dev/null 2>&1
	if [[ ${SANDBOX_KEEP:-0} == 1 ]]; then echo "# kept: $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

out=$("$sandbox" start -q "$dir" 2>&1) || { echo "Bail out! sandbox start: ${out//$'\n'/ }"; exit 1; }
set -a
. "$dir/env"
set +a
postfix=no
[[ ${SANDBOX_HAVE_SMTP:-no} == yes ]] && postfix=yes
postqueue=$(command -v postqueue || echo /usr/sbin/postqueue)

# Nothing of taube's lands outside the test's directory.
work=$dir/work
mkdir -p "$work/home"
export HOME=$work/home XDG_CONFIG_HOME=$work/config-home XDG_DATA_HOME=$work/data \
	XDG_CACHE_HOME=$work/cache TAUBE_CONFIG=$work/config
unset TAUBE_IMAP_IGNORE
printf '%s\n' "$SANDBOX_ALICE_PASSWORD" >"$work/pw"
printf 'not-the-password\n' >"$work/badpw"
submission=${SANDBOX_SUBMISSION_PORT:-1}
outbox=$XDG_DATA_HOME/taube/outbox

# Each account has its own outbox, so each case sees only its messages;
# smtp_port[NAME] says where its smtp points (Postfix or a fake).
declare -A smtp_port=([alice]=$submission [retry]=$submission [refuse]=$submission
	[clear]=$submission [wrongpw]=$submission [killed]=$submission)
declare -A pw_file=([wrongpw]=$work/badpw)
accounts="alice retry refuse clear wrongpw killed"
write_config() {
	local name
	for name in $accounts; do
		cat <<EOF
[account $name]
from = Älice Ärger <alice@example.test>
imap = imap://localhost:$SANDBOX_IMAP_PORT
smtp = smtp://localhost:${smtp_port[$name]}
user = alice
password_cmd = cat ${pw_file[$name]:-$work/pw}
ca_file = $SANDBOX_CA

EOF
	done >"$work/config"
	chmod 600 "$work/config"
}
write_config

run() {
	"$taube" "$@" >"$work/out" 2>"$work/err" </dev/null
	rc=$?
	out=$(cat "$work/out")
	err=$(cat "$work/err")
}
# run_in FILE ARGS...: with FILE on standard input.
run_in() {
	local input=$1
	shift
	"$taube" "$@" >"$work/out" 2>"$work/err" <"$input"
	rc=$?
	out=$(cat "$work/out")
	err=$(cat "$work/err")
}
has() { [[ $1 == *"$2"* ]] || { tap_diag "missing: $2" "in: ${1:0:400}"; false; }; }
lacks() { [[ $1 != *"$2"* ]] || { tap_diag "unwanted: $2" "in: ${1:0:400}"; false; }; }
status_is() { [ "$rc" -eq "$1" ] || { tap_diag "exit $rc, wanted $1" "stderr: $err"; false; }; }
same() { [ "$1" = "$2" ] || { tap_diag "got:    ${1:0:300}" "wanted: ${2:0:300}"; false; }; }
# jq-like: `js FILE EXPR` prints EXPR over `m`, the JSON object in FILE.
js() {
	python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
# `rows EXPR` prints EXPR over `rows`, the JSON lines taube printed last.
rows() {
	python3 -c 'import json,sys; rows=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]; print(eval(sys.argv[2]))' \
		"$work/out" "$1"
}
# show_json FILE: `taube show --json FILE` into $work/show.json.
show_json() { "$taube" show --json "$1" >"$work/show.json" 2>"$work/show.err"; }
# The queued (or failed) message files of an account.
queued_files() { find "$outbox/$1/new" "$outbox/$1/cur" -type f 2>/dev/null; }
# Waits until the sandbox's Postfix has nothing left to deliver.
postfix_idle() {
	local i
	for ((i = 0; i < 200; i++)); do
		"$postqueue" -c "$SANDBOX_POSTFIX_CONF" -p 2>/dev/null | grep -q '^Mail queue is empty' && return 0
		sleep 0.05
	done
	tap_diag "Postfix's queue did not empty"
	return 1
}
# delivered MAILDIR FIELD VALUE [COUNT]: waits for COUNT (1) copies, their paths in $got.
delivered() {
	got=$("$mc" wait "$1" "$2" "$3" "${4:-1}" 30)
	[ -n "$got" ] || tap_diag "no message with $2 \"$3\" in $1"
	[ "$(grep -c . <<<"$got")" -ge "${4:-1}" ]
}
# copies MAILDIR FIELD VALUE: how many copies there are, once Postfix is done.
copies() { postfix_idle; "$mc" count "$@"; }
# sent_flags MSGID: the flags of the one message in Sent with that Message-ID.
sent_flags() {
	local uids
	uids=$("$q" uids Sent HEADER Message-ID "$1")
	[[ $uids =~ ^[0-9]+$ ]] || { echo "not once in Sent: '$uids'"; return; }
	"$q" flags Sent "$uids"
}
newest_uid() { "$q" uids "$1" | awk '{print $NF}'; }

# The fake server, started as a coprocess: its stdout gives the port, and
# its stdin closes when this script ends.
fake_n=0
fake_start() {
	rec=$work/fake-$((++fake_n)).rec
	fake_port=
	coproc FAKE { exec python3 "$fake_py" --tls "$SANDBOX_DIR/tls/server.pem" \
		"$SANDBOX_DIR/tls/server.key" --record "$rec" --mode "$1"; }
	fake_pid=$FAKE_PID
	read -r -t 20 -u "${FAKE[0]}" fake_port
	[[ $fake_port =~ ^[0-9]+$ ]] || { echo "Bail out! smtp-fake.py --mode $1 did not start"; exit 1; }
}
fake_stop() {
	[[ -n $fake_pid ]] || return 0
	kill "$fake_pid" 2>/dev/null
	{ wait "$fake_pid"; } 2>/dev/null
	fake_pid=
}
# wait_rec PATTERN: waits until the fake's record has a line matching PATTERN (grep -E).
wait_rec() {
	local i
	for ((i = 0; i < 400; i++)); do
		grep -aqE -- "$1" "$rec" 2>/dev/null && return 0
		sleep 0.05
	done
	tap_diag "the fake never saw $1"
	return 1
}

printf 'Hällo Bob,\nzwei Zeilen — mit Umlauten und €.\n' >"$work/body"
att="$work/Ünïcødé Datei №1.bin"
head -c 5000 /dev/urandom >"$att"
head -c 10485760 /dev/urandom >"$work/big.bin"

skip_postfix() { tap_skip "$1" "the sandbox has no Postfix"; }

# 1. Composed from options: To, Cc, Bcc, non-ASCII names, subject, file name

subject1='Grüße aus Köln — ☃ №1'
if [[ $postfix == yes ]]; then
	run send --to 'Alice Ärger <alice@example.test>' --cc 'Pöstmaster Pröll <postmaster@example.test>' \
		--bcc 'Bob Büttner <bob@example.test>' --subject "$subject1" --body "$work/body" --attach "$att"
	tap_check "send composed from options exits 0" status_is 0
	tap_check "... and says nothing on success when stderr is no terminal" same "$err" ""
	tap_check "the Bcc recipient (bob) receives it" delivered "$SANDBOX_BOB_MAILDIR" Subject "$subject1"
	bob_copy=$got
	# the Cc, postmaster, is an alias of alice: she gets one copy as To, one as Cc
	tap_check "alice receives it as To and as Cc (postmaster is her alias)" \
		delivered "$SANDBOX_ALICE_MAILDIR" Subject "$subject1" 2
	alice_copies=$got
	tap_check "Postfix delivered to the Cc address" \
		grep -q 'orig_to=<postmaster@example.test>.*status=sent' "$SANDBOX_POSTFIX_LOG"
	bcc_fields=$(for f in $bob_copy $alice_copies; do "$mc" field "$f" Bcc; done)
	tap_check "no delivered copy has a Bcc: field" same "$bcc_fields" ""
	tap_check "bob's copy names him in no To or Cc" \
		lacks "$("$mc" field "$bob_copy" To; "$mc" field "$bob_copy" Cc)" bob@example.test
	show_json "$bob_copy"
	tap_check "the subject survives the trip" same "$(js "$work/show.json" 'm["subject"]')" "$subject1"
	tap_check "the From display name survives" same \
		"$(js "$work/show.json" '(m["from"][0]["name"], m["from"][0]["email"])')" \
		"('Älice Ärger', 'alice@example.test')"
	tap_check "the To and Cc display names survive" same \
		"$(js "$work/show.json" '[(a["name"], a["email"]) for a in m["to"] + m["cc"]]')" \
		"[('Alice Ärger', 'alice@example.test'), ('Pöstmaster Pröll', 'postmaster@example.test')]"
	tap_check "the text survives" same "$(js "$work/show.json" 'm["text"]')" "$(cat "$work/body")"
	tap_check "the attachment keeps its non-ASCII name and size" same \
		"$(js "$work/show.json" '[(a["filename"], a["size"]) for a in m["attachments"]]')" \
		"[('$(basename "$att")', 5000)]"
	tap_check "the attachment arrives byte for byte" same \
		"$("$mc" attachment "$bob_copy" "$(basename "$att")")" "$("$mc" sha256 "$att")"
	msgid1=$("$mc" field "$bob_copy" Message-ID)
	tap_check "a copy is in alice's Sent folder, \\Seen" has "$(sent_flags "$msgid1")" '\Seen'
	sent_uid=$("$q" uids Sent HEADER Message-ID "$msgid1")
	tap_check "... and it keeps the Bcc: field, the sender's record" has \
		"$("$q" fetch Sent "$sent_uid" | tr -d '\r' | sed '/^$/q')" "Bcc: "
	run outbox list --json
	tap_check "outbox list --json exits 0" status_is 0
	tap_check "... and prints nothing: the outbox is empty" same "$out" ""
	tap_check "the outbox lives under XDG_DATA_HOME, private" same "$(stat -c %a "$outbox/alice")" 700
	tap_check "the joined trust file lives under XDG_CACHE_HOME" test -d "$XDG_CACHE_HOME/taube/trust"
else
	skip_postfix "send composed from options, delivered to To, Cc and Bcc"
fi

# 2. A 10 MB attachment

if [[ $postfix == yes ]]; then
	t0=$(date +%s%N)
	run send --to bob@example.test --subject 'Zehn Megabyte' --body "$work/body" --attach "$work/big.bin"
	tap_check "send with a 10 MB attachment exits 0" status_is 0
	tap_check "... and says nothing (its Sent copy was saved)" same "$err" ""
	tap_check "... and it arrives" delivered "$SANDBOX_BOB_MAILDIR" Subject 'Zehn Megabyte'
	tap_diag "sent and delivered in $((($(date +%s%N) - t0) / 1000000)) ms"
	tap_check "the 10 MB attachment arrives byte for byte" same \
		"$("$mc" attachment "$got" big.bin)" "$("$mc" sha256 "$work/big.bin")"
	show_json "$got"
	tap_check "taube show reads its size back" same \
		"$(js "$work/show.json" '[(a["filename"], a["size"]) for a in m["attachments"]]')" "[('big.bin', 10485760)]"
	tap_check "its Sent copy is there too" has \
		"$(sent_flags "$("$mc" field "$got" Message-ID)")" '\Seen'
else
	skip_postfix "a 10 MB attachment arrives byte for byte"
fi

# 3. A whole message on standard input: raw UTF-8 in Subject and body, no Date or Message-ID

subject3='Rohes UTF-8: Grüße, ½ € ☃'
cat >"$work/msg3" <<EOF
From: Älice Ärger <alice@example.test>
To: Bob Büttner <bob@example.test>
Bcc: Alice <alice@example.test>
Subject: $subject3

Zeile eins: äöü ÄÖÜ ß
Zeile zwei: € ☃ 😀
.
a line of its own with a dot above, and this one is long enough to need more than one line of quoted-printable, which has a limit of 76 characters
EOF
text3=$(sed '1,/^$/d' "$work/msg3")
if [[ $postfix == yes ]]; then
	run_in "$work/msg3" send -
	tap_check "send - (a whole message on stdin) exits 0" status_is 0
	tap_check "... and it arrives" delivered "$SANDBOX_BOB_MAILDIR" Subject "$subject3"
	copy3=$got
	show_json "$copy3"
	tap_check "the raw UTF-8 subject arrives decoded the same" same "$(js "$work/show.json" 'm["subject"]')" "$subject3"
	tap_check "the 8-bit body arrives the same, dot line and all" same "$(js "$work/show.json" 'm["text"]')" "$text3"
	tap_check "the From display name arrives the same" same "$(js "$work/show.json" 'm["from"][0]["name"]')" "Älice Ärger"
	tap_check "a Date was added" same "$(js "$work/show.json" 'm["date"] is not None')" True
	tap_check "a Message-ID was added" same "$(js "$work/show.json" 'bool(m["message_id"])')" True
	tap_check "the message travelled 7-bit" "$mc" seven-bit "$copy3"
	tap_check "the Bcc in the message (alice) receives it" delivered "$SANDBOX_ALICE_MAILDIR" Subject "$subject3"
	tap_check "... without a Bcc: field" same "$("$mc" field "$got" Bcc; "$mc" field "$copy3" Bcc)" ""
else
	skip_postfix "a whole message on stdin arrives intact"
fi

# 4. Reply, reply to all, forward, postpone

cat >"$work/parent.eml" <<'EOF'
From: =?UTF-8?Q?Bob_B=C3=BCttner?= <bob@example.test>
To: =?UTF-8?Q?Alice_=C3=84rger?= <alice@example.test>, Carol <carol@example.net>
Cc: Dave <postmaster@example.test>, alice@example.test
Subject: =?UTF-8?Q?Pl=C3=A4ne_f=C3=BCr_Freitag?=
Date: Fri, 20 Nov 2026 10:00:00 +0100
Message-ID: <parent.cli-send@example.test>
In-Reply-To: <root.cli-send@example.test>
References: <root.cli-send@example.test>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Hallo Alice,
treffen wir uns um zwölf?
Bob
EOF
puid=$("$q" append INBOX "$work/parent.eml")
tap_check "a message from bob is in alice's INBOX" test -n "$puid"
# the header of a printed draft: everything before the first empty line
draft_head() { sed '/^$/q' <<<"$out"; }
draft_field() { draft_head | sed -n "s/^$1: //p"; }

run reply "$puid"
tap_check "reply UID exits 0" status_is 0
tap_check "reply: To is the sender" same "$(draft_field To)" 'Bob Büttner <bob@example.test>'
tap_check "reply: no Cc" same "$(draft_field Cc)" ''
tap_check "reply: Subject is Re: ..." same "$(draft_field Subject)" 'Re: Pläne für Freitag'
tap_check "reply: In-Reply-To is the parent" same "$(draft_field In-Reply-To)" '<parent.cli-send@example.test>'
tap_check "reply: References is the parent's and the parent" same "$(draft_field References)" \
	'<root.cli-send@example.test> <parent.cli-send@example.test>'
tap_check "reply: the text is quoted under an attribution line" has "$out" \
	$'Bob Büttner wrote:\n> Hallo Alice,\n> treffen wir uns um zwölf?\n> Bob'
tap_check "reply: the attribution names the date" grep -qE '^On .*20 Nov 2026.*, Bob Büttner wrote:$' "$work/out"
tap_check "reply does not mark the message read" lacks "$("$q" flags INBOX "$puid")" '\Seen'

run reply --all "$puid"
tap_check "reply --all exits 0" status_is 0
tap_check "reply --all: To is the sender" same "$(draft_field To)" 'Bob Büttner <bob@example.test>'
tap_check "reply --all: Cc has the other recipients" same "$(draft_field Cc)" \
	'Carol <carol@example.net>, Dave <postmaster@example.test>'
tap_check "reply --all: alice's own address is in neither To nor Cc" \
	lacks "$(draft_field To; draft_field Cc)" alice@example.test

if [[ $postfix == yes ]]; then
	printf 'Gern, um zwölf am Dom.\n' >"$work/reply-body"
	run reply --send --body "$work/reply-body" "$puid"
	tap_check "reply --send exits 0" status_is 0
	tap_check "... and the reply reaches bob" delivered "$SANDBOX_BOB_MAILDIR" Subject 'Re: Pläne für Freitag'
	show_json "$got"
	tap_check "the reply carries In-Reply-To" same "$(js "$work/show.json" 'm["in_reply_to"]')" \
		'parent.cli-send@example.test'
	tap_check "the reply carries References" same "$(js "$work/show.json" 'm["references"]')" \
		"['root.cli-send@example.test', 'parent.cli-send@example.test']"
	tap_check "the reply has the quote, then the new text" has "$(js "$work/show.json" 'm["text"]')" \
		$'> Bob\n\nGern, um zwölf am Dom.'
	flags=$("$q" flags INBOX "$puid")
	tap_check "the parent is marked \\Answered" has "$flags" '\Answered'
	tap_check "... and still not \\Seen" lacks "$flags" '\Seen'

	run forward --attach --to 'Bob Büttner <bob@example.test>' --send "$puid"
	tap_check "forward --attach --send exits 0" status_is 0
	tap_check "... and the forward reaches bob" delivered "$SANDBOX_BOB_MAILDIR" Subject 'Fwd: Pläne für Freitag'
	fwd=$got
	show_json "$fwd"
	tap_check "the forward has a message/rfc822 part" same \
		"$(js "$work/show.json" '[p["type"] for p in m["attachments"]]')" "['message/rfc822']"
	"$q" fetch INBOX "$puid" | tr -d '\r' >"$work/parent.fetched"
	"$mc" rfc822 "$fwd" | tr -d '\r' >"$work/parent.forwarded"
	tap_check "the attached message is the parent's exact bytes" cmp -s "$work/parent.fetched" "$work/parent.forwarded"
else
	skip_postfix "reply --send and forward --attach --send"
fi

drafts_before=$("$q" count Drafts)
run reply --postpone "$puid"
tap_check "reply --postpone exits 0" status_is 0
tap_check "... and a draft is in Drafts" same "$("$q" count Drafts)" $((drafts_before + 1))
duid=$(newest_uid Drafts)
tap_check "the draft is \\Draft" has "$("$q" flags Drafts "$duid")" '\Draft'
tap_check "the draft is the reply" same "$("$q" subject Drafts "$duid")" 'Re: Pläne für Freitag'
run forward --to bob@example.test --postpone "$puid"
tap_check "forward --postpone exits 0" status_is 0
duid=$(newest_uid Drafts)
tap_check "... a \\Draft in Drafts" has "$("$q" flags Drafts "$duid")" '\Draft'
tap_check "... the forward" same "$("$q" subject Drafts "$duid")" 'Fwd: Pläne für Freitag'
run send --to bob@example.test --bcc 'Carol <carol@example.net>' --subject 'Entwurf ☃' --body "$work/body" --postpone
tap_check "send --postpone exits 0" status_is 0
duid=$(newest_uid Drafts)
tap_check "... a \\Draft in Drafts" has "$("$q" flags Drafts "$duid")" '\Draft'
"$q" fetch Drafts "$duid" >"$work/draft"
tap_check "... that keeps its Bcc" same "$("$mc" field "$work/draft" Bcc)" 'Carol <carol@example.net>'
tap_check "a postponed message is not queued" same "$(queued_files alice)" ""

# 5. A 451 to DATA keeps the message queued; a flush against Postfix sends it once

fake_start data-451
smtp_port[retry]=$fake_port
write_config
run -a retry send --to bob@example.test --subject 'Warteschlange 451' --body "$work/body"
tap_check "a 451 to DATA: send exits 1" status_is 1
tap_check "... says the message stays queued" has "$err" "not sent yet, kept in the outbox"
tap_check "... with the server's words" has "$err" "451 4.3.0 Try again later, 4.3.0 the fake server is busy"
tap_check "... and how to retry" has "$err" "taube outbox flush"
run -a retry outbox list --json
tap_check "outbox list --json shows it queued, 1 attempt, with the 451" same \
	"$(rows '[(r["state"], r["subject"], r["attempts"], r["reply"]) for r in rows]')" \
	"[('queued', 'Warteschlange 451', 1, '451 4.3.0 Try again later, 4.3.0 the fake server is busy')]"
tap_check "... and when it is tried next" same "$(rows 'rows[0]["next_attempt"] - rows[0]["queued"] >= 60')" True
run -a retry outbox list
tap_check "outbox list (text) shows it with the last reply" has "$out" "last reply: 451 4.3.0 Try again later"
qfile=$(queued_files retry)
tap_check "the queued message is private" same "$(stat -c %a "$qfile" 2>/dev/null)" 600
msgid5=$("$mc" field "$qfile" Message-ID)
fake_stop
if [[ $postfix == yes ]]; then
	smtp_port[retry]=$submission
	write_config
	run -a retry outbox flush
	tap_check "outbox flush against Postfix exits 0" status_is 0
	tap_check "... and the message arrives" delivered "$SANDBOX_BOB_MAILDIR" Message-ID "$msgid5"
	tap_check "... exactly once" same "$(copies "$SANDBOX_BOB_MAILDIR" Message-ID "$msgid5")" 1
	run -a retry outbox list --json
	tap_check "... and the outbox is empty" same "$out" ""
	tap_check "... and its Sent copy is there" has "$(sent_flags "$msgid5")" '\Seen'
else
	skip_postfix "a flush against Postfix sends the queued message once"
fi

# 6. A 550 to RCPT and a 554 after the data are final

fake_start rcpt-550
smtp_port[refuse]=$fake_port
write_config
run -a refuse send --to bob@example.test --subject 'Abgelehnt 550' --body "$work/body"
tap_check "a 550 to RCPT: send exits 1" status_is 1
tap_check "... with the server's words" has "$err" "bob@example.test: 550 5.1.1 <bob@example.test>: no such user here"
tap_check "... says it went to the failed folder" has "$err" "not sent, moved to the outbox's failed folder"
fake_stop
fake_start body-554
smtp_port[refuse]=$fake_port
write_config
run -a refuse send --to bob@example.test --subject 'Abgelehnt 554' --body "$work/body"
tap_check "a 554 after the data: send exits 1" status_is 1
tap_check "... with the server's words" has "$err" "554 5.7.1 Message refused: 5.7.1 the fake does not like it"
tap_check "... says it went to the failed folder" has "$err" "not sent, moved to the outbox's failed folder"
run -a refuse outbox list --json
tap_check "outbox list --json shows both as failed, with the replies" same \
	"$(rows 'sorted((r["state"], r["subject"], r["attempts"], r["reply"]) for r in rows)')" \
	"[('failed', 'Abgelehnt 550', 1, '550 5.1.1 <bob@example.test>: no such user here'), ('failed', 'Abgelehnt 554', 1, '554 5.7.1 Message refused: 5.7.1 the fake does not like it')]"
tap_check "... and neither is in the queue" same "$(queued_files refuse)" ""
tap_check "... but both are kept in failed/" same "$(find "$outbox/refuse/failed/new" "$outbox/refuse/failed/cur" -type f | wc -l)" 2
run -a refuse outbox list
tap_check "outbox list (text) marks them FAILED" same "$(grep -c '^FAILED ' "$work/out")" 2
size=$(stat -c %s "$rec")
run -a refuse outbox flush
tap_check "a flush does not try a failed message again" same "$rc/$(stat -c %s "$rec")" "0/$size"
# the control for case 7: after STARTTLS the record does hold the login
tap_check "after STARTTLS the fake saw AUTH PLAIN with the credentials" \
	grep -aqF "$(printf '\0alice\0%s' "$SANDBOX_ALICE_PASSWORD" | base64)" "$rec"
fake_stop

# 7. No STARTTLS: no credentials leave; a wrong password is a clear error

fake_start no-starttls
smtp_port[clear]=$fake_port
write_config
run -a clear send --to bob@example.test --subject 'Ohne STARTTLS' --body "$work/body"
tap_check "no STARTTLS on offer: send exits 1" status_is 1
tap_check "... says why" has "$err" "does not offer STARTTLS, so taube did not log in"
tap_check "... and that the message stays queued" has "$err" "kept in the outbox"
fake_stop
tap_check "the fake was connected to" grep -aq '^EHLO' "$rec"
tap_check "... and got no AUTH" bash -c '! grep -aqi "^AUTH" "$1"' _ "$rec"
tap_check "... no password, plain or in base64" bash -c \
	'! grep -aqF -e "$2" -e "$(printf "\0alice\0%s" "$2" | base64)" -e "$(printf "%s" "$2" | base64)" "$1"' \
	_ "$rec" "$SANDBOX_ALICE_PASSWORD"
tap_check "... and no envelope" bash -c '! grep -aqi "^MAIL FROM" "$1"' _ "$rec"
run -a clear outbox list --json
tap_check "the message is still queued, 1 attempt" same "$(rows '[(r["state"], r["attempts"]) for r in rows]')" \
	"[('queued', 1)]"

if [[ $postfix == yes ]]; then
	run -a wrongpw send --to bob@example.test --subject 'Falsches Passwort' --body "$work/body"
	tap_check "a wrong password against Postfix: send exits 1" status_is 1
	tap_check "... says the login was refused, with Postfix's words" has "$err" \
		"SMTP login to localhost port $submission as alice refused: 535 5.7.8"
	tap_check "... and that the message stays queued" has "$err" "kept in the outbox"
	run -a wrongpw outbox list --json
	tap_check "... it is queued, 1 attempt, with the 535" same \
		"$(rows '[(r["state"], r["attempts"], r["reply"][:9]) for r in rows]')" "[('queued', 1, '535 5.7.8')]"
	qfile=$(queued_files wrongpw)
	msgid7=$("$mc" field "$qfile" Message-ID)
	pw_file[wrongpw]=$work/pw
	write_config
	run -a wrongpw outbox flush
	tap_check "with the right password a flush sends it" status_is 0
	tap_check "... and it arrives" delivered "$SANDBOX_BOB_MAILDIR" Message-ID "$msgid7"
	tap_check "... once" same "$(copies "$SANDBOX_BOB_MAILDIR" Message-ID "$msgid7")" 1
else
	skip_postfix "a wrong password against Postfix"
fi

# 8. taube killed with SIGKILL while sending: the message stays queued and is sent once later

# 8a. after all the data went out, waiting for the reply (a given message without Message-ID)
cat >"$work/msg8" <<'EOF'
From: Älice Ärger <alice@example.test>
To: bob@example.test
Subject: Abgebrochen nach den Daten

Dieser Text wartet auf die Antwort des Servers.
EOF
fake_start silent-final
smtp_port[killed]=$fake_port
write_config
"$taube" -a killed send - <"$work/msg8" >"$work/out" 2>"$work/err" &
bg_pid=$!
tap_check "the fake saw the whole message" wait_rec $'^\\.\r$'
tap_check "... while taube still waited for the reply" kill -0 "$bg_pid"
# meanwhile a flush (pointed at Postfix: a second copy would show) leaves it alone
smtp_port[killed]=$submission
write_config
run -a killed outbox flush
tap_check "a flush meanwhile finds the message busy (exit 1)" status_is 1
tap_check "... and says so" has "$err" "being sent by another taube"
{ kill -9 "$bg_pid"; wait "$bg_pid"; } 2>/dev/null
tap_check "... when it was killed (SIGKILL)" same "$?" 137
bg_pid=
seen_id=$(grep -a -i '^Message-ID:' "$rec" | tr -d '\r' | sed 's/^[^:]*: *//')
fake_stop
run -a killed outbox list --json
tap_check "the killed send left the message queued" same \
	"$(rows '[(r["state"], r["subject"]) for r in rows]')" "[('queued', 'Abgebrochen nach den Daten')]"
qfile=$(queued_files killed)
tap_check "the queued message has the Message-ID the server saw" same "$("$mc" field "$qfile" Message-ID)" "$seen_id"
tap_check "... and a Date" test -n "$("$mc" field "$qfile" Date)"

# 8b. in the middle of the data (10 MB, the fake stops reading)
fake_start stall-data
smtp_port[killed]=$fake_port
write_config
"$taube" -a killed send --to bob@example.test --subject 'Abgebrochen mitten in den Daten' \
	--body "$work/body" --attach "$work/big.bin" >"$work/out" 2>"$work/err" </dev/null &
bg_pid=$!
tap_check "the fake saw the start of the data" wait_rec '^Subject: Abgebrochen mitten in den Daten'
sleep 0.3
tap_check "... while taube was still sending" kill -0 "$bg_pid"
{ kill -9 "$bg_pid"; wait "$bg_pid"; } 2>/dev/null
bg_pid=
fake_stop
run -a killed outbox list --json
tap_check "both killed sends are still queued" same \
	"$(rows 'sorted((r["state"], r["subject"]) for r in rows)')" \
	"[('queued', 'Abgebrochen mitten in den Daten'), ('queued', 'Abgebrochen nach den Daten')]"
if [[ $postfix == yes ]]; then
	smtp_port[killed]=$submission
	write_config
	run -a killed outbox flush
	tap_check "a flush against Postfix sends them (exit 0)" status_is 0
	tap_check "the one cut after the data arrives" delivered "$SANDBOX_BOB_MAILDIR" Message-ID "$seen_id"
	tap_check "... once (the flush that found it busy sent nothing)" same \
		"$(copies "$SANDBOX_BOB_MAILDIR" Message-ID "$seen_id")" 1
	tap_check "the one cut in the middle arrives" \
		delivered "$SANDBOX_BOB_MAILDIR" Subject 'Abgebrochen mitten in den Daten'
	tap_check "... once, attachment whole" same \
		"$(copies "$SANDBOX_BOB_MAILDIR" Subject 'Abgebrochen mitten in den Daten') $("$mc" attachment "$got" big.bin)" \
		"1 $("$mc" sha256 "$work/big.bin")"
	run -a killed outbox list --json
	tap_check "... and the outbox is empty" same "$out" ""
else
	skip_postfix "a flush against Postfix sends what the killed sends left"
fi

tap_done
