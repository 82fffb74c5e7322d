#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# imapq.py - the second IMAP client of the command-line tests: Python's
# imaplib over IMAPS with the sandbox CA, as alice. It checks (or makes)
# what `taube` did, so that no check relies on taube reading back its
# own work.
#
#   imapq.py status FOLDER            "MESSAGES n UNSEEN n UIDVALIDITY n UIDNEXT n"
#   imapq.py count FOLDER             the number of messages
#   imapq.py uids FOLDER [CRITERIA]   UIDs of UID SEARCH (default ALL), one line
#   imapq.py flags FOLDER UID         the flags, one line
#   imapq.py fetch FOLDER UID         BODY.PEEK[] bytes on stdout
#   imapq.py msgid FOLDER UID         the Message-ID header value
#   imapq.py subject FOLDER UID       the Subject, decoded (RFC 2047)
#   imapq.py has-msgid FOLDER ID      exit 0 when a message there has that Message-ID
#   imapq.py store FOLDER UID ITEM FLAGS   e.g. store INBOX 7 -FLAGS '(\Seen)'
#   imapq.py expunge FOLDER UID       \Deleted + UID EXPUNGE of one message
#   imapq.py append FOLDER FILE       appends FILE's bytes, prints the new UID
#   imapq.py create RAW | delete RAW  folder by its raw (modified UTF-7) name
#
# Settings come from the sandbox environment (SANDBOX_*).

import email.header
import imaplib
import os
import re
import ssl
import sys


def connect():
    ctx = ssl.create_default_context(cafile=os.environ["SANDBOX_CA"])
    m = imaplib.IMAP4_SSL(os.environ["SANDBOX_HOST"],
                          int(os.environ["SANDBOX_IMAPS_PORT"]),
                          ssl_context=ctx, timeout=20)
    m.login("alice", os.environ["SANDBOX_ALICE_PASSWORD"])
    return m


def ok(typ, data, what):
    if typ != "OK":
        raise RuntimeError(f"{what}: {typ} {data!r}")
    return data


def quote(folder):
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def select(m, folder, readonly=True):
    ok(*m.select(quote(folder), readonly=readonly), f"select {folder}")


def fetch_item(m, folder, uid, item):
    select(m, folder)
    data = ok(*m.uid("FETCH", uid, item), "fetch")
    for part in data:
        if isinstance(part, tuple):
            return part[1]
    raise RuntimeError(f"no message with UID {uid} in {folder}")


def header(m, folder, uid, name):
    raw = fetch_item(m, folder, uid, f"(BODY.PEEK[HEADER.FIELDS ({name})])")
    text = raw.decode("utf-8", "replace")
    value = re.sub(r"\r?\n[ \t]+", " ", text).split(":", 1)[1].strip() if ":" in text else ""
    return value


def cmd_status(m, a):
    data = ok(*m.status(quote(a[0]), "(MESSAGES UNSEEN UIDVALIDITY UIDNEXT)"), "status")
    print(re.search(rb"\((.*)\)", data[0]).group(1).decode())


def cmd_count(m, a):
    data = ok(*m.status(quote(a[0]), "(MESSAGES)"), "status")
    print(int(re.search(rb"MESSAGES (\d+)", data[0]).group(1)))


def cmd_uids(m, a):
    select(m, a[0])
    criteria = a[1:] or ["ALL"]
    if any(ord(c) > 127 for c in criteria[-1]):
        # imaplib sends its literal last: only the last criterion may be 8-bit
        m.literal = criteria[-1].encode("utf-8")
        data = ok(*m.uid("SEARCH", "CHARSET", "UTF-8", *criteria[:-1]), "search")
    else:
        data = ok(*m.uid("SEARCH", *criteria), "search")
    print(" ".join(sorted(data[0].decode().split(), key=int)))


def cmd_flags(m, a):
    select(m, a[0])
    data = ok(*m.uid("FETCH", a[1], "(FLAGS)"), "fetch")
    if not data or data[0] is None:
        raise RuntimeError(f"no message with UID {a[1]}")
    print(" ".join(sorted(re.search(rb"FLAGS \((.*?)\)", data[0]).group(1).decode().split())))


def cmd_fetch(m, a):
    sys.stdout.buffer.write(fetch_item(m, a[0], a[1], "(BODY.PEEK[])"))


def cmd_msgid(m, a):
    print(header(m, a[0], a[1], "MESSAGE-ID"))


def cmd_subject(m, a):
    value = header(m, a[0], a[1], "SUBJECT")
    print(str(email.header.make_header(email.header.decode_header(value))))


def cmd_has_msgid(m, a):
    select(m, a[0])
    data = ok(*m.uid("SEARCH", "HEADER", "Message-ID", a[1]), "search")
    sys.exit(0 if data[0].split() else 1)


def cmd_store(m, a):
    select(m, a[0], readonly=False)
    ok(*m.uid("STORE", a[1], a[2], a[3]), "store")


def cmd_expunge(m, a):
    select(m, a[0], readonly=False)
    ok(*m.uid("STORE", a[1], "+FLAGS.SILENT", "(\\Deleted)"), "store")
    ok(*m.uid("EXPUNGE", a[1]), "uid expunge")


def cmd_append(m, a):
    with open(a[1], "rb") as f:
        msg = f.read()
    typ, data = m.append(quote(a[0]), None, None, msg)
    ok(typ, data, "append")
    found = re.search(rb"APPENDUID \d+ (\d+)", data[0])
    print(found.group(1).decode() if found else 0)


def cmd_create(m, a):
    ok(*m.create(quote(a[0])), "create")


def cmd_delete(m, a):
    ok(*m.delete(quote(a[0])), "delete")


COMMANDS = {
    "status": cmd_status, "count": cmd_count, "uids": cmd_uids, "flags": cmd_flags,
    "fetch": cmd_fetch, "msgid": cmd_msgid, "subject": cmd_subject,
    "has-msgid": cmd_has_msgid, "store": cmd_store, "expunge": cmd_expunge,
    "append": cmd_append, "create": cmd_create, "delete": cmd_delete,
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print("usage: imapq.py " + "|".join(COMMANDS) + " ARGS...", file=sys.stderr)
        return 2
    m = connect()
    try:
        COMMANDS[sys.argv[1]](m, sys.argv[2:])
    except (RuntimeError, imaplib.IMAP4.error, OSError) as exc:
        print(f"imapq.py: {exc}", file=sys.stderr)
        return 1
    finally:
        try:
            m.logout()
        except (imaplib.IMAP4.error, OSError):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
