#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# mailcheck.py - reads what the sandbox's Postfix delivered, independently of
# taube: Python's email package over the Maildir files.
#
#   mailcheck.py wait MAILDIR FIELD VALUE COUNT SECONDS
#         waits until at least COUNT messages in new/ and cur/ have FIELD
#         (decoded, e.g. Subject or Message-ID) equal to VALUE; prints their
#         paths, one a line; exit 1 when they did not come in time
#   mailcheck.py count MAILDIR FIELD VALUE     how many there are now
#   mailcheck.py field FILE NAME               every value of NAME, decoded, one a line
#   mailcheck.py attachment FILE NAME          "SIZE SHA256" of the attachment NAME, decoded
#   mailcheck.py rfc822 FILE                   the bytes of the first message/rfc822 part,
#                                              decoded, on stdout
#   mailcheck.py seven-bit FILE                exit 0 when every byte is ASCII
#   mailcheck.py sha256 FILE                   "SIZE SHA256" of a file

import base64
import email
import email.header
import email.parser
import email.policy
import hashlib
import os
import quopri
import re
import sys
import time

HEAD_MAX = 256 * 1024


def decoded(value):
    if value is None:
        return None
    text = re.sub(r"\r?\n[ \t]+", " ", str(value))
    return str(email.header.make_header(email.header.decode_header(text))).strip()


def head_of(path):
    with open(path, "rb") as f:
        data = f.read(HEAD_MAX)
    return email.parser.BytesHeaderParser(policy=email.policy.compat32).parsebytes(data)


def matches(maildir, field, value):
    found = []
    for sub in ("new", "cur"):
        d = os.path.join(maildir, sub)
        try:
            names = sorted(os.listdir(d))
        except FileNotFoundError:
            continue
        for name in names:
            path = os.path.join(d, name)
            try:
                values = head_of(path).get_all(field) or []
            except FileNotFoundError:
                continue    # moved from new/ to cur/ meanwhile
            if any(decoded(v) == value for v in values):
                found.append(path)
    return found


def cmd_wait(a):
    maildir, field, value, count, seconds = a[0], a[1], a[2], int(a[3]), float(a[4])
    end = time.monotonic() + seconds
    while True:
        found = matches(maildir, field, value)
        if len(found) >= count or time.monotonic() > end:
            break
        time.sleep(0.05)
    for path in found:
        print(path)
    return 0 if len(found) >= count else 1


def cmd_count(a):
    print(len(matches(a[0], a[1], a[2])))
    return 0


def cmd_field(a):
    for v in head_of(a[0]).get_all(a[1]) or []:
        print(decoded(v))
    return 0


def message(path):
    with open(path, "rb") as f:
        return email.message_from_bytes(f.read(), policy=email.policy.default)


def cmd_attachment(a):
    for part in message(a[0]).walk():
        if part.get_filename() == a[1]:
            data = part.get_payload(decode=True)
            print(len(data), hashlib.sha256(data).hexdigest())
            return 0
    print(f"no attachment {a[1]!r}", file=sys.stderr)
    return 1


def split_entity(raw):
    sep = re.search(rb"\r?\n\r?\n", raw)
    if sep is None:
        return raw, b""
    return raw[:sep.start()], raw[sep.end():]


def rfc822_part(raw):
    """The first message/rfc822 body among the top-level parts, decoded."""
    head, body = split_entity(raw)
    top = email.parser.BytesHeaderParser().parsebytes(head + b"\n\n")
    boundary = top.get_param("boundary")
    if boundary is None:
        return None
    delim = b"--" + boundary.encode()
    for chunk in body.split(delim)[1:]:
        chunk = chunk.lstrip(b"\r\n") if not chunk.startswith(b"--") else b""
        phead, pbody = split_entity(chunk)
        h = email.parser.BytesHeaderParser().parsebytes(phead + b"\n\n")
        if h.get_content_type() != "message/rfc822":
            continue
        pbody = re.sub(rb"\r?\n$", b"", pbody)     # the line end before the delimiter
        cte = (h.get("Content-Transfer-Encoding") or "7bit").strip().lower()
        if cte == "base64":
            return base64.b64decode(pbody)
        if cte == "quoted-printable":
            return quopri.decodestring(pbody)
        return pbody
    return None


def cmd_rfc822(a):
    with open(a[0], "rb") as f:
        data = rfc822_part(f.read())
    if data is None:
        print("no message/rfc822 part", file=sys.stderr)
        return 1
    sys.stdout.buffer.write(data)
    return 0


def cmd_seven_bit(a):
    with open(a[0], "rb") as f:
        data = f.read()
    bad = [i for i, b in enumerate(data) if b > 127]
    if bad:
        print(f"{len(bad)} 8-bit bytes, the first at {bad[0]}", file=sys.stderr)
    return 1 if bad else 0


def cmd_sha256(a):
    with open(a[0], "rb") as f:
        data = f.read()
    print(len(data), hashlib.sha256(data).hexdigest())
    return 0


COMMANDS = {
    "wait": cmd_wait, "count": cmd_count, "field": cmd_field,
    "attachment": cmd_attachment, "rfc822": cmd_rfc822,
    "seven-bit": cmd_seven_bit, "sha256": cmd_sha256,
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print("usage: mailcheck.py " + "|".join(COMMANDS) + " ARGS...", file=sys.stderr)
        return 2
    try:
        return COMMANDS[sys.argv[1]](sys.argv[2:])
    except (OSError, IndexError, ValueError) as exc:
        print(f"mailcheck.py: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
