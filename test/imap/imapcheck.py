#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# imapcheck.py - the second, independent IMAP client of the integration
# tests: Python's imaplib over IMAPS with the sandbox CA, as alice. It
# confirms (or makes) what taube's IMAP code did, so that no check relies
# on taube reading back its own work.
#
#   imapcheck.py list                       raw (modified UTF-7) names, one a line
#   imapcheck.py status FOLDER              "MESSAGES n UNSEEN n UIDVALIDITY n UIDNEXT n"
#   imapcheck.py uids FOLDER [CRITERIA...]  UIDs of UID SEARCH (default ALL), one line
#   imapcheck.py flags FOLDER UID           the flags, one line
#   imapcheck.py date FOLDER UID            INTERNALDATE as seconds since the epoch
#   imapcheck.py fetch FOLDER UID           the message bytes (BODY.PEEK[]) on stdout
#   imapcheck.py append FOLDER FILE [FLAGS] appends FILE's bytes; prints the new UID
#   imapcheck.py store FOLDER UID ITEM FLAGS   e.g. store INBOX 7 -FLAGS '(\Seen)'
#   imapcheck.py expunge FOLDER UID         \Deleted + UID EXPUNGE of one message
#
# Settings come from the sandbox environment (SANDBOX_*). Exit 0 on success,
# 1 with a message on stderr otherwise.

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


def cmd_list(m, _args):
    for line in ok(*m.list(), "list"):
        # (\HasNoChildren) "." "name" or ... name
        text = line.decode("ascii")
        name = re.match(r'\(.*?\) (?:"."|NIL|"\\.") (.*)$', text).group(1)
        if name.startswith('"'):
            name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
        print(name)


def cmd_status(m, args):
    data = ok(*m.status(quote(args[0]),
                        "(MESSAGES UNSEEN UIDVALIDITY UIDNEXT)"), "status")
    inner = re.search(rb"\((.*)\)", data[0]).group(1).decode()
    print(inner)


def cmd_uids(m, args):
    select(m, args[0])
    criteria = args[1:] or ["ALL"]
    if any(ord(c) > 127 for c in criteria[-1]):
        # imaplib sends its literal last: only the last criterion may be 8-bit
        m.literal = criteria[-1].encode("utf-8")
        data = ok(*m.uid("SEARCH", "CHARSET", "UTF-8", *criteria[:-1]),
                  "search")
    else:
        data = ok(*m.uid("SEARCH", *criteria), "search")
    print(" ".join(sorted(data[0].decode().split(), key=int)))


def fetch_item(m, args, item):
    select(m, args[0])
    data = ok(*m.uid("FETCH", args[1], item), "fetch")
    if not data or data[0] is None:
        raise RuntimeError(f"no message with UID {args[1]}")
    return data


def cmd_flags(m, args):
    data = fetch_item(m, args, "(FLAGS)")
    flags = re.search(rb"FLAGS \((.*?)\)", data[0]).group(1).decode()
    print(flags)


def cmd_date(m, args):
    data = fetch_item(m, args, "(INTERNALDATE)")
    print(int(time.mktime(imaplib.Internaldate2tuple(data[0]))))


def cmd_fetch(m, args):
    data = fetch_item(m, args, "(BODY.PEEK[])")
    sys.stdout.buffer.write(data[0][1])


def cmd_append(m, args):
    with open(args[1], "rb") as f:
        msg = f.read()
    flags = args[2] if len(args) > 2 else None
    typ, data = m.append(quote(args[0]), flags, None, msg)
    ok(typ, data, "append")
    print(re.search(rb"APPENDUID \d+ (\d+)", data[0]).group(1).decode())


def cmd_store(m, args):
    select(m, args[0], readonly=False)
    ok(*m.uid("STORE", args[1], args[2], args[3]), "store")


def cmd_expunge(m, args):
    select(m, args[0], readonly=False)
    ok(*m.uid("STORE", args[1], "+FLAGS.SILENT", r"(\Deleted)"), "store")
    ok(*m.uid("EXPUNGE", args[1]), "uid expunge")


COMMANDS = {"list": cmd_list, "status": cmd_status, "uids": cmd_uids,
            "flags": cmd_flags, "date": cmd_date, "fetch": cmd_fetch,
            "append": cmd_append, "store": cmd_store, "expunge": cmd_expunge}


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__ or "usage: imapcheck.py COMMAND ...", file=sys.stderr)
        return 2
    try:
        m = connect()
        try:
            COMMANDS[sys.argv[1]](m, sys.argv[2:])
        finally:
            m.logout()
    except (OSError, imaplib.IMAP4.error, RuntimeError, AttributeError) as e:
        print(f"imapcheck: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
