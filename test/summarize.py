#!/usr/bin/env python3
"""summarize.py: reads meson's testlog.json and prints the closing line of a test run.

Every test speaks TAP, so each check counts, not each program. A test that
crashed or timed out after some output also counts the checks it never
reported as failed. The last line is "N passed, N failed" (", N skipped" when
any were skipped); the exit status is 1 when anything failed.
"""
import json
import re
import sys

PLAN = re.compile(r"^1\.\.(\d+)(.*)$")
RESULT = re.compile(r"^(not )?ok\b(.*)$")


def count_tap(stdout):
    """Returns (passed, failed, skipped, planned or None) for one TAP stream.

    "not ok ... # TODO" (a known fault, still open) counts as skipped;
    "ok ... # TODO" as failed: the fault is mended and the TODO must go.
    """
    passed = failed = skipped = 0
    planned = None
    for line in stdout.splitlines():
        m = PLAN.match(line)
        if m:
            planned = int(m.group(1))
            if planned == 0 and "SKIP" in m.group(2).upper():
                skipped += 1
            continue
        m = RESULT.match(line)
        if not m:
            continue
        directive = m.group(2).upper()
        if "# SKIP" in directive:
            skipped += 1
        elif "# TODO" in directive:
            # as meson reads it: a known fault still open is not run as a
            # pass or a failure; one that passes means the TODO is stale
            if m.group(1):
                skipped += 1
            else:
                failed += 1
        elif m.group(1):
            failed += 1
        else:
            passed += 1
    return passed, failed, skipped, planned


def main(path):
    totals = [0, 0, 0]
    broken = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if not line.strip():
                continue
            t = json.loads(line)
            p, fl, s, planned = count_tap(t.get("stdout") or "")
            result = t.get("result", "")
            seen = p + fl + (s if planned != 0 else 0)
            if planned is not None and planned > seen:
                fl += planned - seen
            if result not in ("OK", "SKIP", "EXPECTEDFAIL") and fl == 0:
                fl = 1
            if p + fl + s == 0:
                s = 1 if result == "SKIP" else 0
                p = 1 if result == "OK" else 0
            if fl:
                broken.append(f"{t.get('name')} ({result})")
            totals[0] += p
            totals[1] += fl
            totals[2] += s
    for name in broken:
        print(f"failed: {name}")
    closing = f"{totals[0]} passed, {totals[1]} failed"
    if totals[2]:
        closing += f", {totals[2]} skipped"
    print(closing)
    return 1 if totals[1] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
