# tap.sh: TAP output for shell tests, so the test runner counts each check.
# Source it, then call `tap_check DESCRIPTION COMMAND...` for each check and
# `tap_done` at the end; the plan is printed last ("1..N"), which TAP allows.

tap_n=0
tap_failed=0

# tap_check DESCRIPTION COMMAND [ARGS...]: passes when COMMAND exits 0.
tap_check() {
	local desc=$1
	shift
	tap_n=$((tap_n + 1))
	if "$@"; then
		echo "ok $tap_n - $desc"
	else
		echo "not ok $tap_n - $desc"
		tap_failed=$((tap_failed + 1))
	fi
}

# tap_skip DESCRIPTION REASON
tap_skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

# tap_diag TEXT...: a comment line the runner shows with failures.
tap_diag() {
	printf '# %s\n' "$@"
}

tap_done() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}
