#!/usr/bin/env python3
"""conformance.py: taube's MIME parser against what other parsers make of real mail.

Usage: conformance.py MIME-DUMP CORPUS   (the environment's TAUBE_CORPUS wins over CORPUS)

Speaks TAP. When the corpus folder is missing it says so in a skipped plan.

First, one line per message file (.eml, .mbox) in the corpus: mime-dump must
parse it with exit status 0, without a sanitizer report, within 10 seconds,
and what taube would show of it (the rendered body, the subject, the
addresses) must be safe for a terminal: no C0 control but tab and line feed,
no DEL, no C1 control.

Then one line per file of expected results (and one per vector of the header
vectors), each comparing what the other parser answered with taube's answer:

  *.mime4j.xml      Apache mime4j's event stream: the header field names of
                    every entity, the nesting of multiparts and enclosed
                    messages, the number of body parts, and the raw body of
                    every leaf (line ends made LF).
  *.stalwart.json   stalwart mail-parser: the part tree with content types,
                    body offsets, the header start of every part, the decoded
                    text of text parts, which parts are attachments, that the
                    plain text parts JMAP reads as the body are in taube's
                    text (one per multipart/alternative), and the envelope
                    (subject, from, to, cc, date, message id). Offsets that
                    stalwart took from a copy with LF line ends are compared
                    so, and the line says it.
  *.expected-body.txt
                    the body text Thunderbird shows. Thunderbird shows one
                    part; taube shows every inline text part in order, so the
                    expected text must start taube's text (white space runs
                    made one space).
  mbox/*.expected-summary.txt, *.expected-offsets.json, *.expected-N.eml
                    MimeKit's and mime4j's splitting of an mbox: the number of
                    messages, their envelope and type trees, their offsets,
                    and the bytes of each message.
  headers/vectors/stalwart-*.json
                    header values: addresses, content types, dates, message
                    ids and unstructured text.

A mismatch that test/corpus/tolerated.tsv lists for that file and check, with
the reason why taube's answer is right too, is reported as
"ok N - FILE (tolerated: reason)"; doc/tolerated.md explains the cases. Any
other mismatch is "not ok", with the differences as TAP comments.
"""

import base64
import bisect
import concurrent.futures
import datetime
import email.utils
import json
import os
import re
import subprocess
import sys

TIMEOUT = 10
SANITIZER = re.compile(r"ERROR: (?:Address|Leak)Sanitizer|runtime error:|SUMMARY: \w+Sanitizer")
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
MAX_DIAG = 12


class Tap:
    """Numbers the lines; the plan comes last, as TAP allows."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def line(self, ok, desc, diag=()):
        self.n += 1
        if not ok:
            self.failed += 1
        print("%sok %d - %s" % ("" if ok else "not ", self.n, desc))
        for d in list(diag)[:MAX_DIAG]:
            print("# " + d.replace("\n", "\\n"))
        sys.stdout.flush()

    def skip(self, desc, why):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, desc, why))

    def done(self):
        print("1..%d" % self.n)
        return 1 if self.failed else 0


# ---------------------------------------------------------------- running mime-dump

def run_dump(dump, args, stdin=None):
    """Runs mime-dump; returns (list of JSON values, None) or (None, what went wrong)."""
    try:
        p = subprocess.run([dump] + args, input=stdin, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, "no answer within %d s" % TIMEOUT
    err = p.stderr.decode("utf-8", "replace")
    if SANITIZER.search(err):
        return None, "sanitizer report: " + " | ".join(err.strip().splitlines()[:6])
    if p.returncode != 0:
        return None, "exit status %d: %s" % (p.returncode, " | ".join(err.strip().splitlines()[-3:]))
    try:
        return [json.loads(l) for l in p.stdout.decode("utf-8").splitlines() if l], None
    except ValueError as e:
        return None, "output is not JSON: %s" % e


def unsafe_text(msg):
    """What of a dumped message would reach a terminal with a control character."""
    bad = []
    if UNSAFE.search(msg["text"]):
        bad.append("rendered body holds %r" % UNSAFE.search(msg["text"]).group())
    s = msg["summary"]
    if s["subject"] and UNSAFE.search(s["subject"]):
        bad.append("subject holds a control character")
    for key in ("from", "to", "cc", "reply_to"):
        for a in s[key]:
            for v in (a["name"], a["email"], a["group"]):
                if v and UNSAFE.search(v):
                    bad.append("%s address holds a control character" % key)
    return bad


def messages_of(result):
    """The dumped messages of a file: one, or each of an mbox."""
    if "messages" in result:
        return [m["message"] for m in result["messages"]]
    return [result]


def parse_all(dump, corpus, files, tap):
    """The first section: every message file parses cleanly. Returns {path: dump}."""
    results = {}

    def one(rel):
        args = ["--mbox", os.path.join(corpus, rel)] if rel.endswith(".mbox") else [os.path.join(corpus, rel)]
        return run_dump(dump, args)

    workers = max(2, os.cpu_count() or 2)
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        for rel, (out, err) in zip(files, pool.map(one, files)):
            if err is None:
                results[rel] = out[0]
                bad = [b for m in messages_of(out[0]) for b in unsafe_text(m)]
                tap.line(not bad, "parse %s" % rel, bad)
            else:
                tap.line(False, "parse %s" % rel, [err])
    return results


# ---------------------------------------------------------------- taube's tree

def taube_tree(msg):
    """The dumped flat part list as nodes with their children."""
    nodes = [dict(p, kids=[]) for p in msg["parts"]]
    for n in nodes:
        if n["parent"] is not None:
            nodes[n["parent"]]["kids"].append(n)
    return nodes[0]


def raw_body(node, data):
    if node["body_start"] is not None:
        return data[node["body_start"]:node["body_end"]]
    return base64.b64decode(node["raw_b64"])


def lf(b):
    return b.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def ctype(node):
    return "%s/%s" % (node["type"], node["subtype"])


def short(b, n=60):
    s = b.decode("utf-8", "replace") if isinstance(b, bytes) else str(b)
    return repr(s if len(s) <= n else s[:n] + "...")


def first_diff(a, b):
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return "differ at byte %d: expected %s, got %s" % (i, short(a[i:i + 40], 40), short(b[i:i + 40], 40))


# ---------------------------------------------------------------- mime4j

M4_TAG = re.compile(rb"<(/?)(message|header|field|multipart|preamble|body-part|epilogue|body)>")


def m4_unescape(b):
    return b.replace(b"&lt;", b"<").replace(b"&gt;", b">").replace(b"&quot;", b'"').replace(b"&amp;", b"&")


def m4_parse(data):
    """mime4j's XML (raw bytes, not always well-formed XML) as nested dicts."""
    root, stack, pos = None, [], 0
    for m in M4_TAG.finditer(data):
        text, pos = data[pos:m.start()], m.end()
        if m.group(1):
            node = stack.pop()
            t = m4_unescape(text)
            node["text"] = t[2:] if t.startswith(b"\r\n") else t[1:] if t.startswith(b"\n") else t
            continue
        node = {"tag": m.group(2).decode(), "kids": [], "text": b""}
        if stack:
            stack[-1]["kids"].append(node)
        else:
            root = node
        stack.append(node)
    return root


def m4_field_name(f):
    return f["text"].split(b":", 1)[0].strip().decode("latin-1")


def m4_compare(ent, node, data, where, out):
    """Compares a mime4j <message> or <body-part> with a taube part."""
    header = next((k for k in ent["kids"] if k["tag"] == "header"), {"kids": []})
    content = next((k for k in ent["kids"] if k["tag"] != "header"), None)
    want = [m4_field_name(f) for f in header["kids"]]
    got = [f[0].strip() for f in node["fields"]]
    if want != got:
        out.append(("structure", "%s: header fields %s, got %s" % (where, want, got)))
    if content is None:
        return
    if content["tag"] == "multipart":
        parts = [k for k in content["kids"] if k["tag"] == "body-part"]
        if node["type"] != "multipart":
            out.append(("structure", "%s: expected a multipart of %d parts, got %s" % (where, len(parts), ctype(node))))
        elif len(parts) != len(node["kids"]):
            out.append(("structure", "%s: expected %d body parts, got %d" % (where, len(parts), len(node["kids"]))))
        else:
            for i, (p, k) in enumerate(zip(parts, node["kids"])):
                m4_compare(p, k, data, "%s/%d" % (where, i + 1), out)
    elif content["tag"] == "message":
        if not node["is_message"] or len(node["kids"]) != 1:
            out.append(("structure", "%s: expected an enclosed message, got %s" % (where, ctype(node))))
        else:
            m4_compare(content, node["kids"][0], data, where + "/message", out)
    elif content["tag"] == "body":
        if node["kids"]:
            out.append(("structure", "%s: expected a leaf, got %s with %d parts" % (where, ctype(node), len(node["kids"]))))
            return
        want_b, got_b = lf(content["text"]), lf(raw_body(node, data))
        if want_b != got_b:
            out.append(("body", "%s: raw body %s" % (where, first_diff(want_b, got_b))))


def check_mime4j(path, msg, data):
    out = []
    with open(path, "rb") as f:
        root = m4_parse(f.read())
    m4_compare(root, taube_tree(msg), data, "message", out)
    return out


# ---------------------------------------------------------------- stalwart

def st_header(part, name):
    for h in part["headers"]:
        if h["name"] == name:
            return h["value"]
    return None


def st_tree(msg, i, digest=False):
    part = msg["parts"][i]
    ct = st_header(part, "content_type")
    if ct and "ContentType" in ct:
        c = ct["ContentType"]
        t = "%s/%s" % (c["c_type"].lower(), (c.get("c_subtype") or "").lower())
    else:
        t = "message/rfc822" if digest else "text/plain"
    body = part["body"]
    kind = next(iter(body)) if isinstance(body, dict) else body
    node = {"type": t, "kind": kind, "start": part["offset_body"], "end": part["offset_end"],
            "header": part["headers"][0]["offset_field"] if part["headers"] else None,
            "body": body, "msg": msg, "index": i, "kids": []}
    if kind == "Multipart":
        node["kids"] = [st_tree(msg, k, t == "multipart/digest") for k in body["Multipart"]]
    elif kind == "Message":
        node["kids"] = [st_tree(body["Message"], 0)]
    return node


def norm_text(s):
    lines = s.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(l.rstrip() for l in lines).strip("\n")


def st_shown(st, node, rendered, where):
    """
    Whether the plain text parts JMAP reads as body text are in taube's text:
    returns (parts expected, parts found, misses). An attachment shows
    nothing, and of a multipart/alternative one shown alternative is enough.
    """
    if node["is_attachment"] or len(st["kids"]) != len(node["kids"]):
        return 0, 0, []
    if not node["kids"]:
        text = node.get("text") or ""
        if (st["kind"] != "Text" or st["index"] not in st["msg"]["text_body"] or ctype(node) != "text/plain"
                or UNSAFE.search(text) or not text.strip()):
            return 0, 0, []
        if words(text) in words(rendered):
            return 1, 1, []
        return 1, 0, ["%s: the text %s is not in taube's body text" % (where, short(words(text), 40))]
    want = found = 0
    misses = []
    for i, (s, k) in enumerate(zip(st["kids"], node["kids"])):
        w, f, m = st_shown(s, k, rendered, "%s/%d" % (where, i + 1))
        want, found, misses = want + w, found + f, misses + m
    if ctype(node) == "multipart/alternative" and want > 0:
        return 1, min(found, 1), [] if found else misses
    return want, found, misses


def st_compare(st, node, where, out, pos=lambda o: o):
    """pos maps taube's offsets to the expected ones' (see lf_offsets)."""
    if st["type"] != ctype(node):
        out.append(("structure", "%s: expected %s, got %s" % (where, st["type"], ctype(node))))
    if len(st["kids"]) != len(node["kids"]):
        out.append(("structure", "%s: expected %d children, got %d" % (where, len(st["kids"]), len(node["kids"]))))
        return
    if node["body_start"] is not None and (st["start"], st["end"]) != (pos(node["body_start"]), pos(node["body_end"])):
        out.append(("offsets", "%s: body at %d..%d expected, got %d..%d" % (
            where, st["start"], st["end"], pos(node["body_start"]), pos(node["body_end"]))))
    if st["header"] is not None and node["header_start"] is not None and st["header"] != pos(node["header_start"]):
        out.append(("offsets", "%s: header at %d expected, got %d" % (where, st["header"], pos(node["header_start"]))))
    if st["kind"] in ("Text", "Html") and "text" in node:
        want, got = norm_text(st["body"][st["kind"]]), norm_text(node["text"])
        if want != got:
            out.append(("text", "%s: text %s" % (where, first_diff(want.encode(), got.encode()))))
    st_attachment = st["index"] in st["msg"]["attachments"]
    if st_attachment != node["is_attachment"] and node["type"] != "multipart" and st["kind"] != "Multipart":
        out.append(("classification", "%s (%s): %s expected, taube says %s" % (
            where, st["type"], "attachment" if st_attachment else "body",
            "attachment" if node["is_attachment"] else "body")))
    for i, (s, k) in enumerate(zip(st["kids"], node["kids"])):
        st_compare(s, k, "%s/%d" % (where, i + 1), out, pos)


def st_addrs(value):
    """Stalwart's address value as (name, email, group) triples."""
    if not value or "Address" not in value:
        return None
    a = value["Address"]
    if "List" in a:
        return [(x["name"], x["address"], None) for x in a["List"]]
    return [(y["name"], y["address"], g["name"]) for g in a["Group"] for y in g["addresses"]]


def words(s):
    return " ".join(s.split()) if s else s


def same_addrs(want, got):
    w = [(words(n) or None, e, words(g) or None) for n, e, g in want]
    g = [(words(a["name"]) or None, a["email"], words(a["group"]) or None) for a in got]
    return w == g, w, g


def st_date(v):
    d = v["DateTime"]
    sign = -1 if d["tz_before_gmt"] else 1
    t = datetime.datetime(d["year"], d["month"], d["day"], d["hour"], d["minute"], d["second"],
                          tzinfo=datetime.timezone.utc)
    t -= sign * datetime.timedelta(hours=d["tz_hour"], minutes=d["tz_minute"])
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def st_envelope(root, summary, out):
    v = st_header(root, "subject")
    if v and "Text" in v and words(v["Text"]) != words(summary["subject"]):
        out.append(("envelope", "subject %r expected, got %r" % (v["Text"], summary["subject"])))
    for key in ("from", "to", "cc"):
        want = st_addrs(st_header(root, key))
        if want is None:
            continue
        same, w, g = same_addrs(want, summary[key])
        if not same:
            out.append(("envelope", "%s %s expected, got %s" % (key, w, g)))
    v = st_header(root, "date")
    if v and "DateTime" in v:
        try:
            want = st_date(v)
        except ValueError:
            want = None
        if want != summary["date"]:
            out.append(("envelope", "date %s expected, got %s" % (want, summary["date"])))
    v = st_header(root, "message_id")
    if v and "Text" in v and v["Text"] != summary["message_id"]:
        out.append(("envelope", "message id %r expected, got %r" % (v["Text"], summary["message_id"])))


def lf_offsets(data):
    """Maps an offset in data to the same place in data with each CRLF made LF."""
    crs = [m.start() for m in re.finditer(rb"\r\n", data)]
    return lambda o: o - bisect.bisect_left(crs, o)


def check_stalwart(path, msg, data):
    """Some expected offsets were taken from a copy with LF line ends: then they are compared so."""
    out = []
    with open(path, encoding="utf-8") as f:
        st = json.load(f)
    st_compare(st_tree(st, 0), taube_tree(msg), "message", out)
    out += [("shown", m) for m in st_shown(st_tree(st, 0), taube_tree(msg), msg["text"], "message")[2]]
    if any(c == "offsets" for c, _ in out) and b"\r\n" in data:
        lf_out = []
        st_compare(st_tree(st, 0), taube_tree(msg), "message", lf_out, lf_offsets(data))
        if not any(c == "offsets" for c, _ in lf_out):
            out = [p for p in out if p[0] != "offsets"] + [
                ("note", "offsets counted with CRLF as one byte, as the expected ones were")]
    st_envelope(st["parts"][0], msg["summary"], out)
    return out


# ---------------------------------------------------------------- Thunderbird, IMAP numbers

def check_body(path, msg, data):
    with open(path, "rb") as f:
        want = " ".join(f.read().decode("utf-8", "replace").split())
    got = " ".join(msg["text"].split())
    if got.startswith(want):
        return []
    return [("body", "expected the text to start with %s, got %s" % (short(want), short(got)))]


SPECIFIER = re.compile(r"This part specifier should be: ([0-9.]+)")


def part_numbers(msg):
    """The IMAP numbers the parts of the RFC 2060 sample state in their text or subject."""
    nodes = taube_tree(msg)
    out, seen = [], 0

    def walk(n):
        nonlocal seen
        says = SPECIFIER.search(n.get("text") or "")
        if n["is_message"] and n["kids"]:
            subj = next((v for k, v in n["kids"][0]["fields"] if k.lower() == "subject"), "")
            says = SPECIFIER.search(subj)
        if says:
            seen += 1
            if says.group(1) != n["id"]:
                out.append(("numbers", "part %s says it is %s" % (n["id"] or "(root)", says.group(1))))
        for k in n["kids"]:
            walk(k)

    walk(nodes)
    return out, seen


# ---------------------------------------------------------------- mbox

def split_expected_summary(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        blocks = [b for b in f.read().split("\n\n") if b.strip()]
    msgs = []
    for b in blocks:
        m = {"tree": [], "fields": {}}
        for line in b.split("\n"):
            if line.startswith("From "):
                continue
            if line.strip().startswith("Content-Type:"):
                depth = (len(line) - len(line.lstrip(" "))) // 3
                m["tree"].append((depth, line.split(":", 1)[1].strip().lower()))
            elif ":" in line and not line.startswith(" "):
                k, v = line.split(":", 1)
                m["fields"][k.strip().lower()] = v.strip()
        msgs.append(m)
    return msgs


def emails_of(text):
    return [a for _, a in email.utils.getaddresses([text]) if a]


def rfc3339(text):
    try:
        t = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if t is None:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=datetime.timezone.utc)
    return t.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_mbox_summary(path, result):
    out = []
    want = split_expected_summary(path)
    got = result["messages"]
    if len(want) != len(got):
        return [("split", "expected %d messages, got %d" % (len(want), len(got)))]
    for i, (w, g) in enumerate(zip(want, got)):
        msg = g["message"]
        tree = [(p["depth"], ctype(p)) for p in msg["parts"]]
        if w["tree"] != tree:
            out.append(("tree", "message %d: types %s expected, got %s" % (i + 1, w["tree"], tree)))
        s = msg["summary"]
        for key in ("from", "to"):
            if key in w["fields"] and emails_of(w["fields"][key]) != [a["email"] for a in s[key]]:
                out.append(("envelope", "message %d: %s %s expected, got %s" % (
                    i + 1, key, emails_of(w["fields"][key]), [a["email"] for a in s[key]])))
        if "subject" in w["fields"] and words(w["fields"]["subject"]) != words(s["subject"]):
            out.append(("envelope", "message %d: subject %r expected, got %r" % (i + 1, w["fields"]["subject"], s["subject"])))
        if "date" in w["fields"] and rfc3339(w["fields"]["date"]) != s["date"]:
            out.append(("envelope", "message %d: date %s expected, got %s" % (i + 1, rfc3339(w["fields"]["date"]), s["date"])))
    return out


def offsets_flat(entity):
    """MimeKit's offsets of one message body, parts in tree order."""
    flat = [entity]
    for c in entity.get("children", []):
        flat += offsets_flat(c)
    if "message" in entity:
        flat += offsets_flat(entity["message"]["body"])
    return flat


def check_mbox_offsets(path, result):
    out = []
    with open(path, encoding="utf-8") as f:
        want = json.load(f)
    got = result["messages"]
    if len(want) != len(got):
        return [("split", "expected %d messages, got %d" % (len(want), len(got)))]
    for i, (w, g) in enumerate(zip(want, got)):
        if w["beginOffset"] != g["start"]:
            out.append(("offsets", "message %d: starts at %d expected, got %d" % (i + 1, w["beginOffset"], g["start"])))
        parts = g["message"]["parts"]
        flat = offsets_flat(w["body"])
        if len(flat) != len(parts):
            out.append(("tree", "message %d: %d parts expected, got %d" % (i + 1, len(flat), len(parts))))
            continue
        for e, p in zip(flat, parts):
            if p["body_start"] is None:
                continue
            if (e["headersEndOffset"], e["endOffset"]) != (p["body_start"], p["body_end"]):
                out.append(("offsets", "message %d part %s: body at %d..%d expected, got %d..%d" % (
                    i + 1, p["id"] or "(root)", e["headersEndOffset"], e["endOffset"], p["body_start"], p["body_end"])))
    return out


def check_mbox_message(path, n, result, data):
    got = result["messages"]
    if n >= len(got):
        return [("split", "message %d expected, only %d found" % (n + 1, len(got)))]
    with open(path, "rb") as f:
        want = f.read()
    mine = data[got[n]["start"]:got[n]["end"]]
    if want != mine:
        return [("split", "message %d: bytes %s" % (n + 1, first_diff(want, mine)))]
    return []


# ---------------------------------------------------------------- header vectors

def vec_address(expected, got):
    want = []
    if "List" in expected:
        want = [(x["name"], x["address"], None) for x in expected["List"]]
    else:
        want = [(y["name"], y["address"], g["name"]) for g in expected["Group"] for y in g["addresses"]]
    same, w, g = same_addrs(want, got["addresses"])
    return None if same else "expected %s, got %s" % (w, g)


def vec_content_type(expected, got):
    if expected is None:
        return None if got["type"] is None else "expected no type, got %s/%s" % (got["type"], got["subtype"])
    attrs = [(a["name"], a["value"]) if isinstance(a, dict) else tuple(a)
             for a in (expected.get("attributes") or [])]
    want = (expected["c_type"], expected.get("c_subtype"), attrs)
    mine = (got["type"], got["subtype"], [tuple(p) for p in got["params"]])
    return None if want == mine else "expected %s, got %s" % (want, mine)


def vec_date(expected, got):
    if expected is None:
        return None if not got["ok"] else "expected no date, got %s" % got["rfc3339"]
    want = st_date({"DateTime": expected})
    zone = (-1 if expected["tz_before_gmt"] else 1) * (expected["tz_hour"] * 60 + expected["tz_minute"])
    if not got["ok"]:
        return "expected %s, taube finds no date" % want
    if (want, zone) != (got["rfc3339"], got["zone"]):
        return "expected %s zone %+d, got %s zone %+d" % (want, zone, got["rfc3339"], got["zone"])
    return None


def vec_id(expected, got):
    # One id is what Message-ID and In-Reply-To hold; a list is References.
    s = got["summary"]
    if expected is None:
        return None if s["message_id"] is None else "expected no id, got %r" % s["message_id"]
    mine = [s["message_id"]] if len(expected) == 1 else s["references"]
    return None if mine == expected else "expected %s, got %s" % (expected, mine)


def vec_unstructured(expected, got):
    return None if words(expected) == words(got["text"]) else "expected %r, got %r" % (expected, got["text"])


VECTORS = {
    "stalwart-address.json": ("address", vec_address),
    "stalwart-content_type.json": ("content_type", vec_content_type),
    "stalwart-date.json": ("date", vec_date),
    "stalwart-id.json": ("id", vec_id),
    "stalwart-unstructured.json": ("unstructured", vec_unstructured),
}
NO_PARSER = {
    "stalwart-list.json": "taube has no List-* header parser",
    "stalwart-received.json": "taube has no Received header parser",
}


def check_vectors(dump, corpus, rel, tap, tolerated):
    name = os.path.basename(rel)
    if name in NO_PARSER:
        tap.skip(rel, NO_PARSER[name])
        return
    if name not in VECTORS:
        tap.line(False, rel, ["no comparison known for this vector file"])
        return
    kind, compare = VECTORS[name]
    with open(os.path.join(corpus, rel), encoding="utf-8") as f:
        vectors = json.load(f)
    values = [v["header"].encode("utf-8") for v in vectors]
    stdin = b"".join(b"%d\n%s" % (len(b), b) for b in values)
    answers, err = run_dump(dump, ["--header", kind], stdin)
    if err is None and len(answers) != len(vectors):
        err = "%d answers for %d vectors" % (len(answers), len(vectors))
    if err is not None:
        tap.line(False, rel, [err])
        return
    for i, (v, a) in enumerate(zip(vectors, answers)):
        problem = compare(v["expected"], a) if a["found"] else "no field found"
        report(tap, "%s[%d] %s" % (rel, i, short(v["header"].strip(), 40)), "%s[%d]" % (rel, i),
               [("value", problem)] if problem else [], tolerated)


# ---------------------------------------------------------------- reporting

def load_tolerated(path):
    """tolerated.tsv: FILE <tab> CHECK <tab> REASON, one a line; '#' starts a comment."""
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            file, check, reason = line.rstrip("\n").split("\t", 2)
            table[(file, check)] = reason
    return table


def report(tap, desc, key, problems, tolerated):
    notes = [p for c, p in problems if c == "note"]
    problems = [(c, p) for c, p in problems if c != "note"]
    if notes:
        desc = "%s (%s)" % (desc, "; ".join(notes))
    if not problems:
        tap.line(True, desc)
        return
    untolerated = [(c, p) for c, p in problems if (key, c) not in tolerated]
    if untolerated:
        tap.line(False, desc, ["%s: %s" % cp for cp in untolerated])
        return
    reasons = sorted({tolerated[(key, c)] for c, _ in problems})
    tap.line(True, "%s (tolerated: %s)" % (desc, "; ".join(reasons)))


def expected_files(corpus):
    out = []
    for dirpath, dirs, files in os.walk(corpus):
        dirs[:] = sorted(d for d in dirs if d != "LICENSES")
        for f in sorted(files):
            out.append(os.path.relpath(os.path.join(dirpath, f), corpus))
    return out


def message_files(all_files):
    return [f for f in all_files if f.endswith((".eml", ".mbox"))]


def check_expected(dump, corpus, all_files, results, tap, tolerated):
    def data_of(rel):
        with open(os.path.join(corpus, rel), "rb") as f:
            return f.read()

    for rel in all_files:
        base = os.path.basename(rel)
        if rel.startswith(os.path.join("headers", "vectors")) and base.endswith(".json"):
            check_vectors(dump, corpus, rel, tap, tolerated)
            continue
        m = re.match(r"(.*?)(\.startsbody)?\.mime4j\.xml$", rel)
        n = re.match(r"(.*)\.expected-(\d+)\.eml$", rel)
        if m:
            msg, fn = m.group(1) + ".eml", lambda p, r, d: check_mime4j(p, r, d)
        elif rel.endswith(".stalwart.json"):
            msg, fn = rel[:-len(".stalwart.json")] + ".eml", check_stalwart
        elif rel.endswith(".expected-body.txt"):
            msg, fn = rel[:-len(".expected-body.txt")] + ".eml", check_body
        elif rel.endswith(".expected-summary.txt"):
            msg, fn = rel[:-len(".expected-summary.txt")] + ".mbox", lambda p, r, d: check_mbox_summary(p, r)
        elif rel.endswith(".expected-offsets.json"):
            msg, fn = rel[:-len(".expected-offsets.json")] + ".mbox", lambda p, r, d: check_mbox_offsets(p, r)
        elif n:
            k = int(n.group(2))
            msg, fn = n.group(1) + ".mbox", lambda p, r, d, k=k: check_mbox_message(p, k, r, d)
        elif rel.endswith(".expected-reassembled.eml"):
            tap.skip(rel, "taube does not join message/partial fragments")
            continue
        else:
            continue
        if msg not in results:
            tap.line(False, rel, ["%s did not parse, nothing to compare" % msg])
            continue
        report(tap, rel, rel, fn(os.path.join(corpus, rel), results[msg], data_of(msg)), tolerated)

    rel = os.path.join("torture", "mimekit-rfc2060-imap-part-specifiers.eml")
    if rel in results:
        problems, seen = part_numbers(results[rel])
        if seen == 0:
            problems = [("numbers", "no part says its number")]
        report(tap, "%s (the part numbers its parts state)" % rel, rel + "#numbers", problems, tolerated)


def main(argv):
    if len(argv) != 3:
        print("usage: conformance.py MIME-DUMP CORPUS", file=sys.stderr)
        return 2
    dump = argv[1]
    corpus = os.environ.get("TAUBE_CORPUS") or argv[2]
    if not os.path.isdir(corpus):
        print("1..0 # SKIP corpus not found at %s" % os.path.normpath(corpus))
        return 0
    here = os.path.dirname(os.path.abspath(__file__))
    tolerated = load_tolerated(os.path.join(here, "tolerated.tsv"))
    tap = Tap()
    files = expected_files(corpus)
    results = parse_all(dump, corpus, message_files(files), tap)
    check_expected(dump, corpus, files, results, tap, tolerated)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
