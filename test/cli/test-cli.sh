#!/usr/bin/env bash
# The command-line contract: global options, help, exit statuses, `taube config check`.
set -u
taube=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/tap.sh"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home XDG_CONFIG_HOME=$work/xdg
unset TAUBE_CONFIG
mkdir -p "$HOME" "$XDG_CONFIG_HOME/taube"

# run ARGS...: runs taube, keeps stdout, stderr and status in $out $err $rc.
run() {
	"$taube" "$@" >"$work/out" 2>"$work/err"
	rc=$?
	out=$(cat "$work/out")
	err=$(cat "$work/err")
}
has() { grep -qF -- "$2" <<<"$1"; }
status_is() { [ "$rc" -eq "$1" ] || { tap_diag "exit $rc, wanted $1" "stderr: $err"; false; }; }

good="$work/good.conf"
cat >"$good" <<'CONF'
[general]
poll = 5m
editor = vim

[account work]
from = Alice Example <alice@example.test>
imap = imap://mail.example.test          ; STARTTLS required, port 143
smtp = smtp://mail.example.test:587      ; STARTTLS required
user = alice
password_cmd = pass show mail/work

[account old]
pop3 = pop3s://pop.example.test
keep = yes
maildir = ~/Mail/old
CONF

run --help
tap_check "--help exits 0" status_is 0
all=yes
for cmd in show folders list read flag move delete fetch send outbox watch verify; do
	has "$out" "  $cmd " || { all=no; tap_diag "--help lacks $cmd"; }
done
tap_check "--help lists every subcommand of the contract" test "$all" = yes

run --version
tap_check "--version prints the version" has "$out" "taube "

run nosuch
tap_check "an unknown command exits 2" status_is 2
tap_check "an unknown command prints a usage line" has "$err" "usage: taube"

run -x
tap_check "an unknown global option exits 2" status_is 2

run help list
tap_check "help CMD shows the command's usage" has "$out" "usage: taube list"
run list --help
tap_check "CMD --help shows the same" has "$out" "usage: taube list"
run help nosuch
tap_check "help for an unknown command exits 2" status_is 2

run -c "$good" config check
tap_check "config check accepts a good file" status_is 0
tap_check "config check lists the default account" has "$out" "account work (default)"
tap_check "config check shows STARTTLS is required" has "$out" "imap://mail.example.test:143 (STARTTLS required)"
tap_check "config check lists the second account" has "$out" "account old"
tap_check "config check expands ~ in paths" has "$out" "$HOME/Mail/old"

run -c "$good" -a old config check
tap_check "-a ACCOUNT makes that account the one used" has "$out" "account old (default)"
run -c "$good" config check -a old
tap_check "-a ACCOUNT also works after the command" has "$out" "account old (default)"
run -c "$good" -a nosuch config check
tap_check "-a with an unknown account exits 1" status_is 1
tap_check "-a with an unknown account says so" has "$err" "no account 'nosuch'"

printf '[account a]\nfrom = a@b\nimap = imapx://h\n' >"$work/bad.conf"
run -c "$work/bad.conf" config check
tap_check "a bad scheme exits 1" status_is 1
tap_check "a bad scheme is reported as FILE:LINE" has "$err" "$work/bad.conf:3: unknown scheme 'imapx'"

printf '[account a]\nimap = imap://h:70000\n' >"$work/port.conf"
run -c "$work/port.conf" config check
tap_check "a bad port is reported as FILE:LINE" has "$err" "$work/port.conf:2: bad port '70000'"

run -c "$work/missing.conf" config check
tap_check "a missing file exits 1" status_is 1
tap_check "a missing file is named" has "$err" "$work/missing.conf: No such file or directory"

printf '[account a]\nimap = imaps://h\nuser = a\npassword = hunter2\n' >"$work/pw.conf"
chmod 644 "$work/pw.conf"
run -c "$work/pw.conf" config check
tap_check "a readable file holding a password is refused" status_is 1
tap_check "the refusal says how to fix it" has "$err" "chmod 600 $work/pw.conf"
chmod 600 "$work/pw.conf"
run -c "$work/pw.conf" config check
tap_check "the same file with mode 600 is accepted" status_is 0

cp "$good" "$XDG_CONFIG_HOME/taube/config"
run config check
tap_check "the XDG default path is read" has "$out" "$XDG_CONFIG_HOME/taube/config: ok"
TAUBE_CONFIG=$work/pw.conf run config check
tap_check "TAUBE_CONFIG overrides the default path" has "$out" "$work/pw.conf: ok"
TAUBE_CONFIG=$work/pw.conf run -c "$good" config check
tap_check "-c overrides TAUBE_CONFIG" has "$out" "$good: ok"

printf '[account a]\nfrom = a@b\nimap = imap://h\ntls = off\n' >"$work/clear.conf"
run -c "$work/clear.conf" config check
tap_check "tls = off is shown as clear text" has "$out" "CLEAR TEXT"
tap_check "tls = off warns on stderr" has "$err" "warning: account a: tls = off"

run -c "$good" config
tap_check "config without 'check' exits 2" status_is 2

run -c "$good" watch
tap_check "a command not built yet exits 1" status_is 1
tap_check "a command not built yet says so" has "$err" "not yet available"

tap_done
