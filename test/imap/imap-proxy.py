#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# imap-proxy.py - the small fake servers the IMAP tests need to produce what
# the real Dovecot won't: a man in the middle that strips STARTTLS, and a
# connection cut in the middle of a literal. Everything else is relayed to
# the sandbox's real Dovecot.
#
#   imap-proxy.py --upstream PORT [--strip-starttls] [--record FILE]
#                 [--tls CERT KEY] [--cut-literal N [--min-literal M]]
#
# Listens on a free port of 127.0.0.1, prints it on a line of its own, and
# relays each connection to 127.0.0.1:PORT. --strip-starttls removes the
# STARTTLS capability from what the server says (greeting code and
# CAPABILITY lines); --record appends every byte the client sends to FILE;
# --tls speaks TLS to the client (with the sandbox's certificate) and clear
# text to the server; --cut-literal closes both sides after N bytes of the
# first literal of at least M bytes (default 10000) in a FETCH response.
#
# It exits when its standard input closes (the test that started it is
# gone) or after three minutes, whichever comes first.

import argparse
import os
import re
import socket
import ssl
import sys
import threading
import time

LIFETIME = 180
LITERAL = re.compile(rb"FETCH [^\r\n]*\{(\d+)\}\r\n")


def strip_starttls(line):
    if b"CAPABILITY" not in line.upper():
        return line
    return re.sub(rb" STARTTLS(?=[\] \r\n])", b"", line, flags=re.I)


class Relay:
    def __init__(self, args, client):
        self.args = args
        self.client = client
        self.server = socket.create_connection(("127.0.0.1", args.upstream))
        self.lock = threading.Lock()
        self.closed = False

    def close(self):
        with self.lock:
            if self.closed:
                return
            self.closed = True
        for s in (self.client, self.server):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def client_to_server(self):
        try:
            while True:
                data = self.client.recv(65536)
                if not data:
                    break
                if self.args.record:
                    with open(self.args.record, "ab") as f:
                        f.write(data)
                self.server.sendall(data)
        except OSError:
            pass
        self.close()

    def server_to_client(self):
        pending = b""
        seen = b""
        try:
            while True:
                data = self.server.recv(65536)
                if not data:
                    break
                if self.args.strip_starttls:
                    pending += data
                    lines = pending.split(b"\n")
                    pending = lines.pop()
                    data = b"".join(strip_starttls(ln + b"\n") for ln in lines)
                if self.args.cut_literal is not None:
                    start = max(0, len(seen) - 64)
                    seen += data
                    for m in LITERAL.finditer(seen, start):
                        if int(m.group(1)) >= self.args.min_literal:
                            end = m.end() + self.args.cut_literal
                            keep = end - (len(seen) - len(data))
                            if keep <= len(data):
                                self.client.sendall(data[:max(keep, 0)])
                                time.sleep(0.2)
                                self.close()
                                return
                    if len(seen) > (1 << 20):
                        seen = seen[-64:]
                self.client.sendall(data)
        except OSError:
            pass
        self.close()


def serve(args, listener, ctx):
    while True:
        conn, _ = listener.accept()
        try:
            if ctx is not None:
                conn = ctx.wrap_socket(conn, server_side=True)
            relay = Relay(args, conn)
        except (OSError, ssl.SSLError):
            conn.close()
            continue
        for fn in (relay.client_to_server, relay.server_to_client):
            threading.Thread(target=fn, daemon=True).start()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--upstream", type=int, required=True)
    p.add_argument("--strip-starttls", action="store_true")
    p.add_argument("--record")
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--cut-literal", type=int)
    p.add_argument("--min-literal", type=int, default=10000)
    args = p.parse_args()

    ctx = None
    if args.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(*args.tls)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print(listener.getsockname()[1], flush=True)
    threading.Thread(target=serve, args=(args, listener, ctx),
                     daemon=True).start()
    deadline = time.monotonic() + LIFETIME
    # Standard input closes when the test that started us goes away.
    threading.Thread(target=lambda: (sys.stdin.buffer.read(), os._exit(0)),
                     daemon=True).start()
    while time.monotonic() < deadline:
        time.sleep(0.5)
    os._exit(0)


if __name__ == "__main__":
    main()
