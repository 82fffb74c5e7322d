#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# smtp-fake.py - a small SMTP server for the answers the sandbox's real
# Postfix won't give on demand: a 451 to DATA, a 550 to every RCPT TO, a 554
# after the data, no STARTTLS on offer or a 454 to it, no AUTH on offer, a cut
# in the middle of the data, a stall in the middle of the data, silence after
# the data; and a record of the bytes a client sent, to see what went over
# the wire.
#
#   smtp-fake.py --tls CERT KEY --record FILE
#                [--mode normal|data-451|rcpt-550|body-554|no-starttls|
#                        starttls-454|no-auth|cut-data|stall-data|silent-final]
#
# Listens on a free port of 127.0.0.1 and prints it on a line of its own.
# STARTTLS uses CERT and KEY (the sandbox's). Any AUTH succeeds. FILE is
# created when a client connects, and every byte clients send (after TLS
# is taken off) is appended to it. In no-starttls mode the server offers
# AUTH in clear text, to tempt the client; in no-auth mode it offers no
# AUTH at all and wants it for MAIL FROM. In stall-data mode it stops
# reading after the first bytes of the data and keeps the connection open
# without a word, so a large message is caught half-way.
#
# It exits when its standard input closes (the test that started it is
# gone) or after three minutes, whichever comes first.

import argparse
import os
import socket
import ssl
import sys
import threading
import time

LIFETIME = 180
CUT_AFTER = 4096    # body bytes read before cut-data closes the connection
                    # (or stall-data stops reading)


class Conn:
    def __init__(self, args, ctx, sock):
        self.args = args
        self.ctx = ctx
        self.sock = sock
        self.tls = False
        self.pending = b""

    def record(self, data):
        with open(self.args.record, "ab") as f:
            f.write(data)

    def send(self, *lines):
        self.sock.sendall(b"".join(ln.encode() + b"\r\n" for ln in lines))

    def readline(self):
        while b"\n" not in self.pending:
            data = self.sock.recv(65536)
            if not data:
                raise EOFError
            self.record(data)
            self.pending += data
        line, _, self.pending = self.pending.partition(b"\n")
        return line + b"\n"

    def ehlo(self):
        caps = ["250-fake.example.test", "250-SIZE 10240000", "250-8BITMIME"]
        if not self.tls and self.args.mode != "no-starttls":
            caps.append("250-STARTTLS")
        elif self.args.mode != "no-auth":
            caps.append("250-AUTH PLAIN LOGIN XOAUTH2")
        caps.append("250 ENHANCEDSTATUSCODES")
        self.send(*caps)

    def auth(self, words):
        mech = words[1].upper() if len(words) > 1 else b""
        if mech == b"LOGIN":
            self.send("334 VXNlcm5hbWU6")
            self.readline()
            self.send("334 UGFzc3dvcmQ6")
            self.readline()
        elif len(words) < 3:
            self.send("334 ")
            self.readline()
        self.send("235 2.7.0 Authentication successful")

    def data(self):
        mode = self.args.mode
        if mode == "data-451":
            self.send("451-4.3.0 Try again later,",
                      "451 4.3.0 the fake server is busy")
            return True
        self.send("354 End data with <CR><LF>.<CR><LF>")
        got = 0
        while True:
            line = self.readline()
            got += len(line)
            if mode == "cut-data" and got >= CUT_AFTER:
                return False
            if mode == "stall-data" and got >= CUT_AFTER:
                threading.Event().wait()    # until the process ends
            if line == b".\r\n":
                break
        if mode == "body-554":
            self.send("554-5.7.1 Message refused:",
                      "554 5.7.1 the fake does not like it")
        elif mode == "silent-final":
            while self.sock.recv(65536):
                pass
            return False
        else:
            self.send("250 2.0.0 Ok: queued as FAKE1")
        return True

    def command(self, line):
        words = line.strip().split()
        verb = words[0].upper() if words else b""
        if verb in (b"EHLO", b"HELO"):
            self.ehlo()
        elif verb == b"STARTTLS" and self.args.mode == "starttls-454":
            self.send("454 4.7.0 TLS not available due to local problem")
        elif (verb == b"STARTTLS" and not self.tls
              and self.args.mode != "no-starttls"):
            self.send("220 2.0.0 Ready to start TLS")
            self.sock = self.ctx.wrap_socket(self.sock, server_side=True)
            self.tls = True
            self.pending = b""
        elif verb == b"AUTH":
            self.auth(words)
        elif verb == b"MAIL" and self.args.mode == "no-auth":
            self.send("530 5.7.0 Authentication required")
        elif verb == b"MAIL":
            self.send("250 2.1.0 Ok")
        elif verb == b"RCPT" and self.args.mode == "rcpt-550":
            addr = line.split(b":", 1)[1].strip().decode(errors="replace")
            self.send(f"550 5.1.1 {addr}: no such user here")
        elif verb == b"RCPT":
            self.send("250 2.1.5 Ok")
        elif verb == b"DATA":
            return self.data()
        elif verb in (b"RSET", b"NOOP"):
            self.send("250 2.0.0 Ok")
        elif verb == b"QUIT":
            self.send("221 2.0.0 Bye")
            return False
        else:
            self.send("502 5.5.2 Command not recognised")
        return True

    def run(self):
        self.record(b"")
        try:
            self.send("220 fake.example.test ESMTP taube test fake")
            while self.command(self.readline()):
                pass
        except (EOFError, OSError, ssl.SSLError):
            pass
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


def serve(args, listener, ctx):
    while True:
        sock, _ = listener.accept()
        conn = Conn(args, ctx, sock)
        threading.Thread(target=conn.run, daemon=True).start()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), required=True)
    p.add_argument("--record", required=True)
    p.add_argument("--mode", default="normal",
                   choices=["normal", "data-451", "rcpt-550", "body-554",
                            "no-starttls", "starttls-454", "no-auth",
                            "cut-data", "stall-data", "silent-final"])
    args = p.parse_args()

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
