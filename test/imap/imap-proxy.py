#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# imap-proxy.py - the small fake servers the IMAP tests need to produce what
# the real Dovecot won't: a man in the middle that strips STARTTLS, a
# connection cut in the middle of a literal, a connection cut after a
# chosen command, a server slow to answer a chosen command. Everything else
# is relayed to the sandbox's real Dovecot.
#
#   imap-proxy.py --upstream PORT [--strip-starttls] [--record FILE]
#                 [--tls CERT KEY] [--cut-literal N [--min-literal M]]
#                 [--drop-on REGEX [--drops N] [--on-drop CMD]
#                  [--refuse-after-drop]]
#                 [--delay-on REGEX [--delay SECONDS] [--delays N]]
#                 [--log FILE] [--port N]
#
# Listens on a free port of 127.0.0.1 (or on port N, so that a client
# keeping state per server address meets one server through several proxies
# in turn), prints the port on a line of its own, and relays each
# connection to 127.0.0.1:PORT. --strip-starttls removes the
# STARTTLS capability from what the server says (greeting code and
# CAPABILITY lines); --record appends every byte the client sends to FILE;
# --tls speaks TLS to the client (with the sandbox's certificate) and clear
# text to the server; --cut-literal closes both sides after N bytes of the
# first literal of at least M bytes (default 10000) in a FETCH response.
#
# --drop-on: the first client command line matching REGEX (Python syntax,
# searched in the line) still goes to the server, but nothing the server
# says from then on reaches the client: once the server has answered that
# command (or after 5 s) the proxy closes its side to the server, runs CMD
# (--on-drop, through /bin/sh: the moment to change things on the server
# behind the client's back), then closes the client's connection. So the
# server did the command, and the client never heard. This happens to the
# first N matching commands (--drops, default 1), on whichever connection;
# later ones are relayed. --refuse-after-drop stops listening after the
# last drop, so every new connection is refused. --log appends "connect"
# for each connection accepted and "drop LINE" for each drop to FILE.
#
# --delay-on: the first client command line matching REGEX goes to the
# server at once, but what the server says from then on reaches the client
# only SECONDS (--delay, default 5) after the command went: a server slow to
# answer it, while the connection stays sound. This happens to the first N
# matching commands (--delays, default 1), on whichever connection; --log
# writes "delay LINE" for each.
#
# It exits when its standard input closes (the test that started it is
# gone) or after three minutes, whichever comes first.

import argparse
import os
import re
import socket
import ssl
import subprocess
import sys
import threading
import time

LIFETIME = 180
LITERAL = re.compile(rb"FETCH [^\r\n]*\{(\d+)\}\r\n")
DROP_WAIT = 5       # seconds to wait for the server's answer to a dropped command


class Proxy:
    """What the connections share: the listener and the drops still to do."""

    def __init__(self, args):
        self.args = args
        self.listener = None
        self.lock = threading.Lock()
        self.drops = args.drops if args.drop_on else 0
        self.pattern = re.compile(args.drop_on.encode()) if args.drop_on else None
        self.delays = args.delays if args.delay_on else 0
        self.delay_pattern = re.compile(args.delay_on.encode()) if args.delay_on else None

    def log(self, text):
        if self.args.log:
            with self.lock, open(self.args.log, "a", encoding="utf-8") as f:
                f.write(text + "\n")

    def take_drop(self, line):
        """True when line is a command to drop (and counts it)."""
        with self.lock:
            if self.drops == 0 or not self.pattern.search(line):
                return False
            self.drops -= 1
            last = self.drops == 0
        self.log("drop " + line.decode("latin-1").rstrip("\r\n"))
        if last and self.args.refuse_after_drop:
            # shutdown, not just close, makes Linux stop listening under a blocked accept
            try:
                self.listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.listener.close()
        return True

    def take_delay(self, line):
        """True when the answer to line is to be held back (and counts it)."""
        with self.lock:
            if self.delays == 0 or not self.delay_pattern.search(line):
                return False
            self.delays -= 1
        self.log("delay " + line.decode("latin-1").rstrip("\r\n"))
        return True

    def watching(self):
        """True while client commands must be looked at line by line."""
        return self.drops > 0 or self.delays > 0


def strip_starttls(line):
    if b"CAPABILITY" not in line.upper():
        return line
    return re.sub(rb" STARTTLS(?=[\] \r\n])", b"", line, flags=re.I)


class Relay:
    def __init__(self, proxy, client):
        self.proxy = proxy
        self.args = proxy.args
        self.client = client
        self.server = socket.create_connection(("127.0.0.1", self.args.upstream))
        self.lock = threading.Lock()
        self.closed = False
        self.drop_tag = None            # the tag of the command being dropped
        self.answered = threading.Event()
        self.hold_until = 0.0           # the server's words wait until then (monotonic)

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
        pending = b""
        try:
            while True:
                data = self.client.recv(65536)
                if not data:
                    break
                if self.args.record:
                    with open(self.args.record, "ab") as f:
                        f.write(data)
                if not self.proxy.watching():
                    self.server.sendall(pending + data)
                    pending = b""
                    continue
                # whole lines only, to see each command before it goes
                pending += data
                lines = pending.split(b"\n")
                pending = lines.pop()
                for line in lines:
                    line += b"\n"
                    if self.proxy.take_drop(line):
                        self.drop(line)
                        return
                    if self.proxy.take_delay(line):
                        self.hold_until = time.monotonic() + self.args.delay
                    self.server.sendall(line)
        except OSError:
            pass
        self.close()

    def drop(self, line):
        """Sends line, waits for the server's answer unheard, and cuts both sides."""
        self.drop_tag = line.split(b" ", 1)[0]
        self.server.sendall(line)
        self.answered.wait(DROP_WAIT)
        try:
            self.server.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        if self.args.on_drop:
            subprocess.run(self.args.on_drop, shell=True, check=False,
                           stdin=subprocess.DEVNULL, stdout=sys.stderr)
        self.close()

    def server_to_client(self):
        pending = b""
        seen = b""
        try:
            while True:
                data = self.server.recv(65536)
                if not data:
                    break
                wait = self.hold_until - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                if self.drop_tag is not None:
                    # withheld; the answer's tagged line tells the dropper to go on
                    seen = (seen + data)[-4096:]
                    if re.search(rb"(^|\n)" + re.escape(self.drop_tag) + rb" ", seen):
                        self.answered.set()
                    continue
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
        if self.drop_tag is None:
            self.close()    # else the dropper closes, after its command


def serve(proxy, ctx):
    while True:
        try:
            conn, _ = proxy.listener.accept()
        except OSError:
            return          # closed: --refuse-after-drop
        proxy.log("connect")
        try:
            if ctx is not None:
                conn = ctx.wrap_socket(conn, server_side=True)
            relay = Relay(proxy, conn)
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
    p.add_argument("--drop-on")
    p.add_argument("--drops", type=int, default=1)
    p.add_argument("--on-drop")
    p.add_argument("--refuse-after-drop", action="store_true")
    p.add_argument("--delay-on")
    p.add_argument("--delay", type=float, default=5.0)
    p.add_argument("--delays", type=int, default=1)
    p.add_argument("--log")
    p.add_argument("--port", type=int, default=0)
    args = p.parse_args()

    ctx = None
    if args.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(*args.tls)
    proxy = Proxy(args)
    proxy.listener = socket.socket()
    proxy.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    proxy.listener.bind(("127.0.0.1", args.port))
    proxy.listener.listen(16)
    print(proxy.listener.getsockname()[1], flush=True)
    threading.Thread(target=serve, args=(proxy, ctx), daemon=True).start()
    deadline = time.monotonic() + LIFETIME
    # Standard input closes when the test that started us goes away.
    threading.Thread(target=lambda: (sys.stdin.buffer.read(), os._exit(0)),
                     daemon=True).start()
    while time.monotonic() < deadline:
        time.sleep(0.5)
    os._exit(0)


if __name__ == "__main__":
    main()
