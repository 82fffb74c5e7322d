#!/usr/bin/env bash
# `taube show`: a message file or an mbox as the pager shows it, as text and as JSON.
set -u
taube=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() {
	"$taube" "$@" >"$work/out" 2>"$work/err"
	rc=$?
	out=$(cat "$work/out")
	err=$(cat "$work/err")
}
has() { grep -qF -- "$2" <<<"$1"; }
lacks() { ! grep -qF -- "$2" <<<"$1"; }
status_is() { [ "$rc" -eq "$1" ] || { tap_diag "exit $rc, wanted $1" "stderr: $err"; false; }; }
# json_is EXPR VALUE: the Python expression over object `m` (from $out) equals VALUE.
json_is() {
	python3 -c 'import json,sys; m=json.loads(sys.argv[1]); v=eval(sys.argv[2]); \
print(v) if str(v)!=sys.argv[3] else None; sys.exit(0 if str(v)==sys.argv[3] else 1)' \
		"$out" "$1" "$2" >&2
}

printf '%s\r\n' \
	'From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.test>' \
	$'To: "Nov\xc3\xa1k, Petr" <petr@example.test>, anna@example.test' \
	'Cc: Team: eva@example.test, karel@example.test;' \
	'Subject: =?iso-8859-2?q?=C8erven=FD_kon=EC?= und =?utf-8?b?R3LDvMOfZQ==?=' \
	'Date: Tue, 3 Mar 2026 14:05:00 +0100' \
	'Message-ID: <m1@example.test>' \
	'In-Reply-To: <m0@example.test>' \
	'References: <a@example.test> <m0@example.test>' \
	'MIME-Version: 1.0' \
	'Content-Type: multipart/mixed; boundary="XyZ"' \
	'' \
	'--XyZ' \
	'Content-Type: text/plain; charset=iso-8859-1' \
	'Content-Transfer-Encoding: quoted-printable' \
	'' \
	'Hallo Petr,' \
	'sch=F6ne Gr=FC=DFe aus K=F6ln.' \
	'--XyZ' \
	'Content-Type: application/pdf' \
	"Content-Disposition: attachment; filename*=utf-8''Rechnung%20M%C3%A4rz.pdf" \
	'Content-Transfer-Encoding: base64' \
	'' \
	'JVBERi0xLjQKJcfsj6IK' \
	'--XyZ--' >"$work/de.eml"

run show "$work/de.eml"
tap_check "show exits 0 on a good message" status_is 0
tap_check "show decodes an encoded From name" has "$out" "From: Jürgen Müller <juergen@example.test>"
tap_check "show keeps a quoted name with a comma" has "$out" "Novák, Petr <petr@example.test>"
tap_check "show gives group members" has "$out" "eva@example.test, karel@example.test"
tap_check "show decodes mixed-charset subjects" has "$out" "Subject: Červený koně und Grüße"
tap_check "show decodes a Latin-1 QP body" has "$out" "schöne Grüße aus Köln."
tap_check "show lists the attachment with its 2231 name" has "$out" "[2] application/pdf, 15 B, Rechnung März.pdf"
tap_check "show prints the date" has "$out" "Date: Tue, 3 Mar 2026 14:05:00 +0100"

run show --json "$work/de.eml"
tap_check "show --json exits 0" status_is 0
tap_check "json: subject" json_is "m['subject']" "Červený koně und Grüße"
tap_check "json: from name and email" json_is "(m['from'][0]['name'], m['from'][0]['email'])" "('Jürgen Müller', 'juergen@example.test')"
tap_check "json: to has two addresses" json_is "len(m['to'])" "2"
tap_check "json: date in RFC 3339 UTC" json_is "m['date']" "2026-03-03T13:05:00Z"
tap_check "json: message_id without brackets" json_is "m['message_id']" "m1@example.test"
tap_check "json: in_reply_to" json_is "m['in_reply_to']" "m0@example.test"
tap_check "json: references" json_is "m['references']" "['a@example.test', 'm0@example.test']"
tap_check "json: parts in tree order" json_is "[p['id'] for p in m['parts']]" "['1', '2']"
tap_check "json: part charset" json_is "m['parts'][0]['charset']" "iso-8859-1"
tap_check "json: attachment" json_is "[(a['filename'], a['size'], a['disposition']) for a in m['attachments']]" "[('Rechnung März.pdf', 15, 'attachment')]"
tap_check "json: text" json_is "m['text']" "Hallo Petr,
schöne Grüße aus Köln.
"
tap_check "json: signature is null for unsigned mail" json_is "m['signature']" "None"

printf 'From: a@example.test\nSubject: \033]8;;http://evil\033\\\\click\033]8;;\033\\\\ \033[2J\n\nbody \033[31mred\033[0m \xc2\x9b1m\n' >"$work/esc.eml"
run show "$work/esc.eml"
tap_check "no raw ESC leaves show" lacks "$(od -An -c "$work/out")" "033"
tap_check "escape sequences are shown in caret notation" has "$out" "^[[31mred"
tap_check "a C1 control is shown escaped" has "$out" "\\u009b1m"
run show --json "$work/esc.eml"
tap_check "no raw ESC in JSON strings after decoding" json_is "'\x1b' in m['subject'] + m['text']" "False"

printf 'Date: someday\nSubject: broken\nContent-Type: multipart/mixed; boundary=nope\n\nno parts at all\n' >"$work/bad.eml"
run show --json "$work/bad.eml"
tap_check "a malformed message still exits 0" status_is 0
tap_check "an unparseable date is null" json_is "m['date']" "None"
tap_check "a multipart without parts shows its body" json_is "m['text']" "no parts at all
"

printf 'From a@b Mon Jan  1 00:00:00 2024\nSubject: one\n\nfirst\n\nFrom c@d Mon Jan  1 00:00:00 2024\nSubject: two\n\n>From quoted\n' >"$work/box.mbox"
run show --json "$work/box.mbox"
tap_check "an mbox gives one JSON object per message" test "$(wc -l <"$work/out")" -eq 2
run show "$work/box.mbox"
tap_check "an mbox shows each message" has "$out" "Subject: two"

run show - <"$work/de.eml"
tap_check "show - reads standard input" has "$out" "Subject: Červený koně und Grüße"

run show "$work/nonexistent.eml"
tap_check "an unreadable file exits 1" status_is 1
tap_check "an unreadable file is named" has "$err" "nonexistent.eml"
run show
tap_check "show without a file exits 2" status_is 2

tap_done
