#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# imapcheck.py - the second, independent IMAP client of the integration
# tests: Python's imaplib over IMAPS with the sandbox CA, as alice. It
# confirms (or makes) what taube did, so that no check relies on taube
# reading back its own work.
#
#   imapcheck.py list                     raw (modified UTF-7) names, one a line
#   imapcheck.py status FOLDER            "MESSAGES n UNSEEN n UIDVALIDITY n UIDNEXT n"
#   imapcheck.py count FOLDER             the number of messages
#   imapcheck.py uids FOLDER [CRITERIA...]   UIDs of UID SEARCH (default ALL), one line
#   imapcheck.py flags FOLDER UID         the flags, sorted, one line
#   imapcheck.py date FOLDER UID          INTERNALDATE as seconds since the epoch
#   imapcheck.py fetch FOLDER UID         BODY.PEEK[] bytes on stdout
#   imapcheck.py msgid FOLDER UID         the Message-ID header value
#   imapcheck.py subject FOLDER UID       the Subject, decoded (RFC 2047)
#   imapcheck.py has-msgid FOLDER ID      exit 0 when a message there has that Message-ID
#   imapcheck.py store FOLDER UID ITEM FLAGS   e.g. store INBOX 7 -FLAGS '(\Seen)'
#   imapcheck.py expunge FOLDER UID       \Deleted + UID EXPUNGE of one message
#   imapcheck.py append FOLDER FILE [FLAGS]   appends FILE's bytes, prints the new UID
#   imapcheck.py create RAW | delete RAW  folder by its raw (modified UTF-7) name
#
# Settings come from the sandbox environment (SANDBOX_*). Exit 0 on success,
# 1 with a message on stderr otherwise.

import email.header
import imaplib
import os
import re
import ssl
import sys
import time


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


def cmd_list(m, _args):
    for line in ok(*m.list(), "list"):
        # (\HasNoChildren) "." "name" or ... name
        text = line.decode("ascii")
        name = re.match(r'\(.*?\) (?:"."|NIL|"\\.") (.*)$', text).group(1)
        if name.startswith('"'):
            name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        print(name)


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


def cmd_date(m, a):
    select(m, a[0])
    data = ok(*m.uid("FETCH", a[1], "(INTERNALDATE)"), "fetch")
    if not data or data[0] is None:
        raise RuntimeError(f"no message with UID {a[1]}")
    print(int(time.mktime(imaplib.Internaldate2tuple(data[0]))))


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
    flags = a[2] if len(a) > 2 else None
    typ, data = m.append(quote(a[0]), flags, None, msg)
    ok(typ, data, "append")
    found = re.search(rb"APPENDUID \d+ (\d+)", data[0])
    print(found.group(1).decode() if found else 0)


def cmd_create(m, a):
    ok(*m.create(quote(a[0])), "create")


def cmd_delete(m, a):
    ok(*m.delete(quote(a[0])), "delete")


COMMANDS = {
    "list": cmd_list, "date": cmd_date,
    "status": cmd_status, "count": cmd_count, "uids": cmd_uids, "flags": cmd_flags,
    "fetch": cmd_fetch, "msgid": cmd_msgid, "subject": cmd_subject,
    "has-msgid": cmd_has_msgid, "store": cmd_store, "expunge": cmd_expunge,
    "append": cmd_append, "create": cmd_create, "delete": cmd_delete,
}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print("usage: imapcheck.py " + "|".join(COMMANDS) + " ARGS...", file=sys.stderr)
        return 2
    m = connect()
    try:
        COMMANDS[sys.argv[1]](m, sys.argv[2:])
    except (RuntimeError, imaplib.IMAP4.error, OSError, AttributeError) as exc:
        print(f"imapcheck.py: {exc}", file=sys.stderr)
        return 1
    finally:
        try:
            m.logout()
        except (imaplib.IMAP4.error, OSError):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
