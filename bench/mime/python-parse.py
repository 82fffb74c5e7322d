#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# python-parse.py - the parse measurement of taube-parse.c with Python's
# standard `email` package (policy.default, the modern API).
#
#   headers  email.parser.BytesHeaderParser, then the envelope taube's summary
#            reads: subject, from, to, cc, reply-to (parsed addresses), date,
#            message-id, in-reply-to, references
#   full     email.message_from_bytes, the same envelope, then every leaf of
#            walk(): text parts through get_content() (decoded str), the
#            others through get_payload(decode=True)
#
# Usage and output are the C drivers': -m MODE [-r RUNS] [-n LIMIT]
# [-l LISTFILE] [PATH...], one JSON object on stdout.

"""Parse throughput of Python's email package, for bench/run-mime-bench."""

import argparse
import email
import email.parser
import email.policy
import json
import os
import platform
import sys
import time

POLICY = email.policy.default
ENVELOPE = ("from", "to", "cc", "reply-to")


def list_files(paths, lists):
    """Message files in the order the C drivers use."""
    names = []
    for listfile in lists:
        with open(listfile, encoding="utf-8") as f:
            names.extend(line.rstrip("\r\n") for line in f if line.strip())
    for path in paths:
        if not os.path.isdir(path):
            names.append(path)
            continue
        found = []
        for top, dirs, files in os.walk(path):
            dirs[:] = [d for d in dirs if d not in (".", "..", "tmp")]
            found.extend(os.path.join(top, n) for n in files
                         if not n.startswith("."))
        names.extend(sorted(found))
    return names


def header(msg, name, tally):
    """msg[name], or None when the email package raises on its value."""
    try:
        return msg[name]
    except Exception:   # pylint: disable=broad-except
        tally["errors"] += 1
        return None


def read_envelope(msg, tally):
    check = len(str(header(msg, "subject", tally) or ""))
    for name in ENVELOPE:
        value = header(msg, name, tally)
        if value is not None:
            check += len(value.addresses)
    date = header(msg, "date", tally)
    if date is not None and date.datetime is not None:
        check += int(date.datetime.timestamp())
    for name in ("message-id", "in-reply-to", "references"):
        check += len(str(header(msg, name, tally) or ""))
    tally["check"] += check


def parse_headers(data, tally):
    msg = email.parser.BytesHeaderParser(policy=POLICY).parsebytes(data)
    tally["parts"] += len(msg)
    read_envelope(msg, tally)


def text_of(part, tally):
    """get_content(), or what a reader falls back to when it raises."""
    try:
        return part.get_content()
    except Exception:   # pylint: disable=broad-except
        tally["errors"] += 1
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", "replace")


def parse_full(data, tally):
    msg = email.message_from_bytes(data, policy=POLICY)
    read_envelope(msg, tally)
    for part in msg.walk():
        tally["parts"] += 1
        if part.is_multipart():
            continue
        if part.get_content_maintype() == "text":
            tally["decoded"] += len(text_of(part, tally))
        else:
            tally["decoded"] += len(part.get_payload(decode=True) or b"")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("-m", dest="mode", required=True, choices=("headers", "full"))
    p.add_argument("-r", dest="runs", type=int, default=3)
    p.add_argument("-n", dest="limit", type=int, default=0)
    p.add_argument("-l", dest="lists", action="append", default=[])
    p.add_argument("paths", nargs="*")
    args = p.parse_args(argv)

    names = list_files(args.paths, args.lists)
    if args.limit:
        names = names[:args.limit]
    if not names:
        print("python-parse.py: no messages given", file=sys.stderr)
        return 1
    msgs = []
    for name in names:
        with open(name, "rb") as f:
            msgs.append(f.read())
    size = sum(len(m) for m in msgs)
    fn = parse_full if args.mode == "full" else parse_headers

    best, tally = None, None
    for _ in range(max(args.runs, 1)):
        t = {"parts": 0, "decoded": 0, "check": 0, "errors": 0}
        start = time.perf_counter()
        for data in msgs:
            fn(data, t)
        took = time.perf_counter() - start
        if best is None or took < best:
            best = took
        tally = t
    json.dump({"parser": "python", "version": platform.python_version(),
               "mode": args.mode, "messages": len(msgs), "bytes": size,
               "runs": args.runs, "seconds": round(best, 6),
               "mb_per_s": round(size / 1e6 / best, 2),
               "msgs_per_s": round(len(msgs) / best, 1),
               "parts": tally["parts"], "decoded_bytes": tally["decoded"],
               "check": tally["check"], "errors": tally["errors"]}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
