#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# test-reconnect.sh TAUBE SANDBOX - the IMAP commands when the connection is
# cut under them. taube talks to a sandbox Dovecot through imap-proxy.py
# (test/imap), which cuts the connection right after a chosen command: the
# server has done it, taube never hears. What may run twice (fetching,
# searching, listing, STORE, UID MOVE) is repeated after connecting again,
# and test/lib/imapcheck.py (imaplib) checks that it happened once; a COPY
# is not repeated; a second cut, a server that takes no more connections
# and a refused login end in a clear error; a folder made anew meanwhile is
# left alone. Set SANDBOX_KEEP=1 to keep the directory.
set -uo pipefail
taube=$1
sandbox=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"
q="$here/../lib/imapcheck.py"
proxy="$here/../imap/imap-proxy.py"

skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}
for prog in dovecot openssl python3; do
	command -v "$prog" >/dev/null 2>&1 || [[ -x /usr/sbin/$prog ]] || skip_all "$prog is not installed"
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/taube-reconnect.XXXXXX") || exit 1
proxy_pid=
proxy_stop() {
	[[ -n $proxy_pid ]] || return 0
	exec {proxy_in}>&-	# the proxy goes when its standard input closes
	wait "$proxy_pid" 2>/dev/null
	proxy_pid=
}
cleanup() {
	[[ -n $proxy_pid ]] && kill "$proxy_pid" 2>/dev/null
	"$sandbox" stop "$dir" >/dev/null 2>&1
	if [[ ${SANDBOX_KEEP:-0} == 1 ]]; then echo "# kept: $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

out=$("$sandbox" start -q "$dir" 2>&1) || { echo "Bail out! sandbox start: ${out//$'\n'/ }"; exit 1; }
out=$("$sandbox" seed "$dir" alice INBOX 300 2>&1) || { echo "Bail out! sandbox seed: ${out//$'\n'/ }"; exit 1; }
set -a
. "$dir/env"
set +a

work=$dir/work
mkdir -p "$work"
printf '%s\n' "$SANDBOX_ALICE_PASSWORD" >"$work/pw"
export XDG_CACHE_HOME=$work/cache TAUBE_CONFIG=$work/config
unset TAUBE_IMAP_IGNORE

# proxy_start ARGS...: a proxy with ARGS between taube and Dovecot (TLS toward
# taube, clear text on loopback toward Dovecot), always on the same port, so
# the cache stays that of one server; its log ("connect", "drop LINE") in
# $work/proxy.log.
port=0
proxy_start() {
	local fifo=$work/proxy.fifo
	: >"$work/proxy.log"
	: >"$work/proxy.port"	# before the child opens it: no stale port is ever read
	rm -f "$fifo" && mkfifo "$fifo" || return 1
	python3 "$proxy" --upstream "$SANDBOX_IMAP_PORT" --port "$port" \
		--tls "$SANDBOX_DIR/tls/server.pem" "$SANDBOX_DIR/tls/server.key" \
		--log "$work/proxy.log" "$@" <"$fifo" >"$work/proxy.port" 2>>"$work/proxy.err" &
	proxy_pid=$!
	exec {proxy_in}>"$fifo"
	for _ in $(seq 50); do
		[[ -s $work/proxy.port ]] && break
		sleep 0.1
	done
	port=$(head -1 "$work/proxy.port")
	[[ -n $port ]] || { echo "Bail out! imap-proxy.py did not start: $(cat "$work/proxy.err")"; exit 1; }
	[[ -f $work/config ]] && return 0
	cat >"$work/config" <<EOF
[account sbx]
imap = imaps://localhost:$port
user = alice
password_cmd = cat $work/pw
ca_file = $SANDBOX_CA
EOF
	chmod 600 "$work/config"
}

run() {
	local t0=$EPOCHREALTIME
	"$taube" "$@" >"$work/out" 2>"$work/err"
	rc=$?
	took=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
	out=$(cat "$work/out")
	err=$(cat "$work/err")
}
has() { grep -qF -- "$2" <<<"$1" || { tap_diag "missing: $2" "in: ${1:0:600}"; false; }; }
lacks() { ! grep -qF -- "$2" <<<"$1" || { tap_diag "unwanted: $2"; false; }; }
status_is() { [ "$rc" -eq "$1" ] || { tap_diag "exit $rc, wanted $1" "stderr: $err"; false; }; }
same() { [ "$1" = "$2" ] || { tap_diag "got:    ${1:0:300}" "wanted: ${2:0:300}"; false; }; }
# connects N: the proxy took N connections (the first and the reconnections).
connects() { same "$(grep -c '^connect$' "$work/proxy.log")" "$1"; }
dropped() { grep -q '^drop ' "$work/proxy.log" || { tap_diag "the proxy dropped nothing"; false; }; }
py() {
	python3 -c 'import json,sys; rows=[json.loads(l) for l in open(sys.argv[1])]; print(eval(sys.argv[2]))' \
		"$work/out" "$1"
}
list_uids() { awk '{print $1}' "$work/out" | tr '\n' ' ' | sed 's/ $//'; }
note="lost the connection to IMAP server localhost port"
# the proxy's port is known once it runs
noted() { has "$err" "$note $port and connected again"; }
# count_msgid FOLDER ID: how many messages there have that Message-ID.
count_msgid() { "$q" uids "$1" HEADER Message-ID "$2" | wc -w; }
# flags_are FOLDER UID "SUBJECT|FLAGS": the message there, by imaplib.
flags_are() { local s f; s=$("$q" subject "$1" "$2") && f=$("$q" flags "$1" "$2") && same "$s|$f" "$3"; }
# The command was cut once, taube connected again, finished, and said so.
repeated() { status_is 0 && dropped && connects 2 && noted; }
# The command failed (exit 1) after the proxy saw N connections.
failed_after() { status_is 1 && dropped && connects "$1"; }
took_under() { took_between 0 "$1"; }
took_between() { awk -v t="$took" -v lo="$1" -v hi="$2" 'BEGIN { exit !(t >= lo && t < hi) }' || { tap_diag "took $took s"; false; }; }

# folders: LIST is repeated

proxy_start --drop-on '^\S+ LIST '
run folders
tap_check "a cut during folders' LIST: exits 0" status_is 0
tap_check "... after connecting again, and says so in a note" repeated
tap_check "... the listing is complete" has "$out" "INBOX    $("$q" status INBOX | sed 's/.*UNSEEN \([0-9]*\).*/\1/')/300"
proxy_stop

# list on the first open: the summaries' UID FETCH is repeated (eng_folder_sync)

proxy_start --drop-on '^\S+ UID FETCH '
run list --json
tap_check "a cut during list's first UID FETCH: exits 0" status_is 0
tap_check "... after connecting again" repeated
tap_check "... and lists every message the server has, in order" same \
	"$(py '" ".join(str(r["uid"]) for r in rows)')" "$("$q" uids INBOX)"
proxy_stop
proxy_start
run list --json
tap_check "... the cache it left agrees with the server: UIDs, unread" same \
	"$(py '" ".join(str(r["uid"]) for r in rows)')/$(py '" ".join(str(r["uid"]) for r in rows if "seen" not in r["flags"])')" \
	"$("$q" uids INBOX)/$("$q" uids INBOX UNSEEN)"
proxy_stop

# list --search: the search is repeated

proxy_start --drop-on 'SEARCH .*FROM '
run list --search from:jsmith
tap_check "a cut during list --search's SEARCH: exits 0, reconnected" repeated
tap_check "... the same UIDs as imaplib's SEARCH" same "$(list_uids)" "$("$q" uids INBOX FROM jsmith)"
tap_check "... found some" test -n "$(list_uids)"
proxy_stop

# read: the body's UID FETCH is repeated

# a body once read is cached: each read below wants one not read yet
set -- $("$q" uids INBOX UNSEEN)
uid=$1 uid2=$2 uid3=$3 uid4=$4 uid5=$5
proxy_start --drop-on 'UID FETCH [0-9]+ \(UID BODY'
run read --raw "$uid"
"$q" fetch INBOX "$uid" >"$work/peek"
tap_check "a cut during read's body fetch: exits 0, reconnected" repeated
tap_check "... and prints the message byte for byte" cmp -s "$work/out" "$work/peek"
tap_check "... still unread" bash -c '! grep -q Seen <<<"$1"' _ "$("$q" flags INBOX "$uid")"
proxy_stop

# read: the folder's EXAMINE is repeated (eng_folder_open)

proxy_start --drop-on '^\S+ (EXAMINE|SELECT) '
run read --raw "$uid5"
"$q" fetch INBOX "$uid5" >"$work/peek"
tap_check "a cut during read's EXAMINE: exits 0, reconnected" repeated
tap_check "... and prints the message byte for byte" cmp -s "$work/out" "$work/peek"
proxy_stop

# flag: STORE is done by the server, cut, and done again: the same result

set -- $("$q" uids INBOX SEEN)
f1=$1
proxy_start --drop-on 'UID STORE'
run flag "$f1" +flagged -seen
tap_check "a cut after flag's STORE: exits 0, reconnected" repeated
tap_check "... imaplib sees \\Flagged set and \\Seen cleared" same "$("$q" flags INBOX "$f1")" '\Flagged'
proxy_stop
proxy_start
run list --json
tap_check "... and the cache has the new flags" same "$(py "[r['flags'] for r in rows if r['uid'] == $f1]")" "[['flagged']]"
proxy_stop

# move and delete: UID MOVE is done by the server, cut, and tried again (nothing is left to move)

set -- $("$q" uids INBOX)
m1=$5 d1=$6 c1=$7
idm=$("$q" msgid INBOX "$m1") idd=$("$q" msgid INBOX "$d1") idc=$("$q" msgid INBOX "$c1")
proxy_start --drop-on 'UID MOVE'
run move "$m1" Archive
tap_check "a cut after move's UID MOVE: exits 0, reconnected" repeated
tap_check "... one copy in Archive, none in INBOX" same "$(count_msgid Archive "$idm")/$(count_msgid INBOX "$idm")" "1/0"
proxy_stop
proxy_start --drop-on 'UID MOVE'
run delete "$d1"
tap_check "a cut after delete's UID MOVE: exits 0, reconnected" repeated
tap_check "... says where it went" has "$out" "moved 1 message to Trash"
tap_check "... one copy in Trash, none in INBOX" same "$(count_msgid Trash "$idd")/$(count_msgid INBOX "$idd")" "1/0"
proxy_stop
proxy_start
run list
tap_check "... and the cache lists what the server has" same "$(list_uids)" "$("$q" uids INBOX)"
proxy_stop

# without MOVE taube copies, then deletes: a cut there is not repeated

proxy_start --drop-on 'UID COPY'
TAUBE_IMAP_IGNORE=MOVE run move "$c1" Archive
tap_check "a cut after a COPY (server without MOVE): exits 1, not repeated" failed_after 1
tap_check "... saying where the messages may be" has "$err" 'not repeated, as the messages may be in "Archive" already'
tap_check "... and naming the server" has "$err" "IMAP server localhost port $port"
tap_check "... one copy in Archive (the server's), the original still in INBOX" same \
	"$(count_msgid Archive "$idc")/$(count_msgid INBOX "$idc")" "1/1"
tap_check "... no note of a reconnection" lacks "$err" "$note"
proxy_stop

# failures

proxy_start --drop-on 'UID FETCH [0-9]+ \(UID BODY' --drops 2
run read --raw "$uid2"
tap_check "a second cut: exits 1 after one reconnection" failed_after 2
tap_check "... saying it gave up, naming the server" has "$err" "IMAP server localhost port $port: gave up after connecting again once"
proxy_stop

proxy_start --drop-on 'UID FETCH [0-9]+ \(UID BODY' --refuse-after-drop
run read --raw "$uid3"
tap_diag "refused reconnections: ${took} s: $err"
tap_check "a server that takes no new connection: exits 1" failed_after 1
tap_check "... saying the connection was lost" has "$err" "connection to IMAP server localhost port $port lost"
tap_check "... and connecting again failed" has "$err" "; connecting again failed: cannot connect to IMAP server localhost port $port"
tap_check "... after waiting 0.5 + 1 + 2 s between attempts, not much longer" took_between 3.4 10
proxy_stop

# alice's password changes while the connection is down (in the sandbox's
# passwd-file, which Dovecot reads again at most once a second: hence the sleep)
passwd=$SANDBOX_DIR/dovecot/passwd
cp "$passwd" "$work/passwd.orig"
proxy_start --drop-on 'UID FETCH [0-9]+ \(UID BODY' \
	--on-drop "sed 's/{PLAIN}$SANDBOX_ALICE_PASSWORD:/{PLAIN}changed-meanwhile:/' '$work/passwd.orig' >'$passwd' && sleep 1.1"
run read --raw "$uid4"
cat "$work/passwd.orig" >"$passwd" && sleep 1.1
tap_diag "refused login: ${took} s: $err"
tap_check "a login refused when connecting again: exits 1 at once (one attempt, no waiting)" failed_after 2
tap_check "... with the server's refusal" has "$err" "; connecting again failed: IMAP login to localhost as alice refused"
proxy_stop

# a folder made anew while the connection was down: its UIDs name other messages

printf 'From: A <a@example.test>\r\nSubject: Alt\r\nMessage-ID: <alt-1@example.test>\r\n\r\nold\r\n' >"$work/old.eml"
printf 'From: N <n@example.test>\r\nSubject: Neu\r\nMessage-ID: <neu-1@example.test>\r\n\r\nnew\r\n' >"$work/new.eml"
"$q" create Proj && "$q" append Proj "$work/old.eml" >/dev/null && "$q" append Proj "$work/old.eml" >/dev/null
proxy_start --drop-on 'UID STORE' \
	--on-drop "'$q' delete Proj && '$q' create Proj && '$q' append Proj '$work/new.eml' >/dev/null"
run list -f Proj
: >"$work/proxy.log"
run flag -f Proj 1 +flagged
tap_check "a new UIDVALIDITY after the cut: flag exits 1, not repeated" failed_after 2
tap_check "... saying the folder was made anew" has "$err" 'folder "Proj" had been made anew (its UIDVALIDITY changed)'
tap_check "... the new folder's UID 1 is left alone" flags_are Proj 1 "Neu|"
run list -f Proj --json
tap_check "... and the old messages are gone from the cache" same "$(py '[r["subject"] for r in rows]')" "['Neu']"
proxy_stop

tap_done
