# SPDX-License-Identifier: GPL-3.0-or-later
#
# seedmail - realistic test mail, generated deterministically and written
# straight into a Maildir++ folder (tmp/ -> new/ or cur/), fast enough for
# 100 000 messages.  Used by "sandbox seed" and "sandbox demo".
#
# Every message is a pure function of (seed, user, folder, count, index):
# the same arguments give the same bytes, in any order and in any worker
# process.  That is what lets the work be split across CPUs.

"""Deterministic realistic mail for the taube test sandbox."""

import base64
import binascii
import calendar
import codecs
import functools
import hashlib
import os
import random
import struct
import sys
import time
import traceback
import zlib

# Dates run up to this fixed moment (2026-01-01 00:00 UTC), so that the mail
# does not depend on the day it was generated.
DATE_END = calendar.timegm((2026, 1, 1, 0, 0, 0))
SIX_YEARS = 6 * 365 * 86400

HOSTNAME = "sandbox.example.test"

# Look every codec up now: the seeding process may drop root privileges
# later, and Python loads codecs lazily, from a directory that the mail user
# may not be allowed to read.
for _charset in ("ascii", "utf-8", "iso-8859-1", "iso-8859-2", "utf-16-be"):
    codecs.lookup(_charset)

# --------------------------------------------------------------------------
# Words and people.  The names and addresses are invented; every domain is a
# reserved example domain (RFC 2606 / RFC 6761).

PEOPLE = {
    "en": [
        ("Oliver Bennett", "oliver.bennett@northwind.example"),
        ("Priya Raman", "priya@raman.example.org"),
        ("Sam O'Brien", "sam.obrien@example.com"),
        ("Dr. Jane Doe", "jane.doe@uni.example"),
        ("Smith, John", "jsmith@example.net"),
        ("Emily Clarke", "emily.clarke@example.com"),
        ("Marcus Lee", "marcus@lee.example"),
        ("Hannah Wright", "hwright@northwind.example"),
        ("Noah Patel", "noah.patel@example.org"),
        ("Grace Kim", "grace.kim@example.net"),
        ("Zoë Fletcher", "zoe@fletcher.example"),
        (None, "billing@shop.example.com"),
    ],
    "de": [
        ("Jürgen Weiß", "j.weiss@beispiel.example"),
        ("Björn Müller", "bjoern.mueller@mueller-bau.example"),
        ("Renate Großmann", "renate.grossmann@verein.example"),
        ("Käthe Schröder", "kaethe@schroeder.example"),
        ("Ulrich Döring", "u.doering@beispiel.example"),
        ("Sabine Köhler", "sabine.koehler@example.org"),
        ("Matthias Strauß", "strauss@werkstatt.example"),
        ("Anja Bäcker", "anja.baecker@verein.example"),
        ("Lukas Hoffmann", "lukas.hoffmann@example.com"),
        ("Jörg Fuchs", "joerg.fuchs@beispiel.example"),
        (None, "rechnung@stadtwerke.example"),
    ],
    "cs": [
        ("Jiří Novák", "jiri.novak@priklad.example"),
        ("Petra Dvořáková", "petra.dvorakova@example.net"),
        ("Tomáš Černý", "tomas.cerny@firma.example"),
        ("Zdeňka Šťastná", "zdenka@stastna.example"),
        ("Ondřej Kříž", "ondrej.kriz@priklad.example"),
        ("Věra Hrubá", "vera.hruba@example.org"),
        ("Lukáš Procházka", "lukas.prochazka@firma.example"),
        ("Markéta Růžičková", "marketa.ruzickova@example.com"),
        ("Radek Svoboda", "radek.svoboda@priklad.example"),
        ("Šárka Benešová", "sarka.benesova@firma.example"),
        (None, "faktury@dodavatel.example"),
    ],
}

OWNER_NAMES = {"alice": "Alice Example", "bob": "Bob Beispiel"}

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July",
           "August", "September", "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
           "August", "September", "Oktober", "November", "Dezember"],
    "cs": ["leden", "únor", "březen", "duben", "květen", "červen",
           "červenec", "srpen", "září", "říjen", "listopad", "prosinec"],
}

# Czech dates need the genitive: "13. prosince", but "za prosinec".
MONTHS_GENITIVE = dict(MONTHS, cs=[
    "ledna", "února", "března", "dubna", "května", "června", "července",
    "srpna", "září", "října", "listopadu", "prosince"])

SUBJECTS = {
    "en": [
        "Quarterly report draft", "Lunch on Friday?", "Re-scheduling our 1:1",
        "Invoice #{n} for {month}", "Build failure on main",
        "Your order {n} has shipped", "Holiday plans for {month}",
        "Question about the API", "Slides for tomorrow",
        "Meeting notes \u2013 {month} {day}", "Welcome aboard!",
        "Server maintenance window on Saturday", "Café meetup next week",
        "Updated budget spreadsheet", "Can you review my patch?",
        "Reminder: dentist appointment", "Photos from the weekend",
        "Conference travel \u2014 hotel booking", "Password reset request",
        "Follow-up on our call", "Draft contract for review",
        "Team offsite agenda", "Weekly status update",
        "A very long subject line that goes on and on about the migration "
        "plan for the old mail servers and the new storage cluster",
    ],
    "de": [
        "Besprechung am Donnerstag", "Rechnung Nr. {n} \u2013 {month}",
        "Urlaubsvertretung", "Grüße aus München", "Änderungen am Vertrag",
        "Frage zur Straßenbahnlinie 5", "Protokoll der Sitzung vom {day}. "
        "{month}", "Einladung zum Sommerfest", "Überweisung bestätigt",
        "Termin für die Übergabe", "Ablesung der Heizkosten",
        "Kündigung des Abonnements", "Bitte um Rückruf",
        "Schöne Feiertage!", "Größenänderung der Bestellung {n}",
        "Fußballturnier am Wochenende", "Neue Öffnungszeiten ab {month}",
        "Lieferung verzögert sich", "Angebot für die Dachsanierung",
    ],
    "cs": [
        "Schůzka ve čtvrtek", "Faktura č. {n} za {month}",
        "Dovolená v srpnu", "Pozdrav z Brna", "Změna smlouvy",
        "Zápis z porady {day}. {month_gen}", "Pozvánka na firemní večírek",
        "Přehled výdajů za čtvrtletí", "Žádost o schválení",
        "Oprava chyby v přihlášení", "Nabídka spolupráce",
        "Příliš žluťoučký kůň úpěl ďábelské ódy", "Předávací protokol",
        "Děkuji za pomoc", "Objednávka {n} byla odeslána",
        "Úprava rozpočtu na příští rok", "Výlet na Šumavu",
        "Připomínka: termín odevzdání", "Nové heslo k účtu",
    ],
}

SENTENCES = {
    "en": [
        "I had a look at the numbers and they seem fine to me.",
        "Could you send me the latest version before Thursday?",
        "The meeting has been moved to the small room on the second floor.",
        "Thanks again for your help with the migration last week.",
        "Let me know if anything is unclear or missing.",
        "We still need a decision on the hosting provider.",
        "I attached the notes from yesterday's call.",
        "The build has been failing since the last merge, I'm looking "
        "into it.",
        "Please double-check the totals in the second table.",
        "I'll be out of the office until Monday, so expect slow replies.",
        "Our café around the corner has a new lunch menu \u2014 worth a try.",
        "The invoice comes to \u20ac1,250.00 including VAT.",
        "Can we move the deadline by a few days?",
        "I think the second option is simpler and easier to test.",
        "Everything is ready for the release, except the changelog.",
        "She said the \u201cfinal\u201d version is not quite final yet.",
        "I booked the train; it leaves at 7:45 and arrives just before "
        "noon.",
        "There is a naïve assumption in the parser about line lengths.",
        "The server will be down for about two hours on Saturday night.",
        "Feel free to forward this to anyone who might be interested.",
        "I'm not sure the cache is invalidated when the folder is renamed.",
        "We should write this down in the documentation.",
    ],
    "de": [
        "Vielen Dank für die schnelle Rückmeldung.",
        "Ich habe die Unterlagen gestern per Post an Sie geschickt.",
        "Können wir den Termin auf nächste Woche verschieben?",
        "Die Straße vor dem Büro wird ab Montag gesperrt.",
        "Bitte prüfen Sie die Änderungen im beigefügten Dokument.",
        "Der Schlüssel liegt wie immer beim Hausmeister.",
        "Wir müssen noch über die Größe der Räume sprechen.",
        "Für Rückfragen stehe ich Ihnen gern zur Verfügung.",
        "Die Überweisung ist heute Morgen eingegangen.",
        "Am Freitag gibt es Kaffee und Kuchen in der Küche.",
        "Leider hat sich die Lieferung um zwei Wochen verzögert.",
        "Ich würde vorschlagen, dass wir das telefonisch klären.",
        "Die Heizung im Erdgeschoß funktioniert wieder.",
        "Grüß bitte auch die Kolleginnen und Kollegen von mir.",
        "Das Angebot gilt bis Ende des Monats.",
        "Bei der Übergabe sollten alle Beteiligten anwesend sein.",
        "Öffnen Sie die Datei bitte mit einem aktuellen Programm.",
        "Äußerst ärgerlich, dass der Zug schon wieder ausgefallen ist.",
        "Wir freuen uns auf Ihren Besuch in Düsseldorf.",
        "Die Maße sind 120 × 80 cm, das Gewicht beträgt etwa 15 kg.",
    ],
    "cs": [
        "Děkuji za rychlou odpověď.",
        "Podklady jsem včera poslal poštou.",
        "Můžeme schůzku přesunout na příští týden?",
        "Ulice před kanceláří bude od pondělí uzavřená.",
        "Prosím zkontrolujte změny v přiloženém dokumentu.",
        "Klíče jsou jako obvykle u správce budovy.",
        "Ještě musíme probrat velikost místností.",
        "V případě dotazů jsem vám k dispozici.",
        "Platba dnes ráno dorazila na účet.",
        "V pátek bude v kuchyňce káva a koláče.",
        "Dodávka se bohužel zpozdí o dva týdny.",
        "Navrhuji, abychom to probrali po telefonu.",
        "Topení v přízemí už zase funguje.",
        "Pozdravuj ode mě i kolegy a kolegyně.",
        "Nabídka platí do konce měsíce.",
        "Při předání by měli být přítomni všichni účastníci.",
        "Příliš žluťoučký kůň úpěl ďábelské ódy.",
        "Vlak do Ostravy měl zase hodinové zpoždění.",
        "Těšíme se na vaši návštěvu v Brně.",
        "Rozměry jsou 120 × 80 cm, hmotnost asi 15 kg.",
    ],
}

GREETINGS = {
    "en": ["Hi {first},", "Hello {first},", "Dear {first},", "Hey {first},"],
    "de": ["Hallo {first},", "Guten Tag {first},", "Moin {first},",
           "Sehr geehrte Damen und Herren,"],
    "cs": ["Ahoj {first},", "Dobrý den,", "Zdravím,", "Ahoj,"],
}

CLOSINGS = {
    "en": ["Best regards,", "Cheers,", "Thanks,", "Kind regards,", "Best,"],
    "de": ["Viele Grüße", "Mit freundlichen Grüßen", "Beste Grüße",
           "Liebe Grüße", "Schöne Grüße"],
    "cs": ["S pozdravem", "Díky a zdravím", "Měj se", "Hezký den",
           "Zdraví"],
}

ATTRIBUTION = {
    "en": "On {date}, {name} wrote:",
    "de": "Am {date} schrieb {name}:",
    "cs": "Dne {date} napsal(a) {name}:",
}

REPLY_PREFIX = {"en": ["Re: "], "de": ["Re: ", "Re: ", "AW: "],
                "cs": ["Re: ", "Re: ", "Odp: "]}

CHARSETS = {"en": ["utf-8"], "de": ["utf-8", "utf-8", "iso-8859-1"],
            "cs": ["utf-8", "utf-8", "iso-8859-2"]}

TIMEZONES = {"en": [-800, -700, -500, -400, 0, 0, 100, 1000],
             "de": [100, 200], "cs": [100, 200]}

MAILERS = [
    ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) "
                   "Gecko/20100101 Thunderbird/115.6.0"),
    ("User-Agent", "Mutt/2.2.9 (2022-11-12)"),
    ("User-Agent", "NeoMutt/20220429"),
    ("X-Mailer", "Microsoft Outlook 16.0"),
    ("X-Mailer", "Apple Mail (2.3731.700.6)"),
    ("User-Agent", "Roundcube Webmail/1.6.5"),
    ("User-Agent", "K-9 Mail for Android"),
    (None, None),
]

LISTS = {
    "dev": ("taube-dev", "lists.example.org", "taube developers", "en"),
    "de": ("anwender", "listen.beispiel.example", "Anwenderforum", "de"),
    "cs": ("konference", "lists.priklad.example", "Uživatelská konference",
           "cs"),
}

ATTACHMENT_NAMES = {
    "en": [("report-q{q}.pdf", "pdf"), ("invoice_{n}.pdf", "pdf"),
           ("screenshot.png", "png"), ("notes.txt", "txt"),
           ("budget {year}.csv", "csv"), ("résumé.pdf", "pdf"),
           ("fix-{n}.patch", "patch")],
    "de": [("Rechnung_{n}_März.pdf", "pdf"), ("Übersicht Kosten.csv", "csv"),
           ("Grundriss_Erdgeschoß.png", "png"), ("Protokoll Sitzung.txt",
                                                 "txt"),
           ("Angebot_{n}.pdf", "pdf"), ("Foto_Straße.png", "png")],
    "cs": [("Faktura_{n}.pdf", "pdf"), ("Přehled výdajů.csv", "csv"),
           ("Fotka z dovolené.png", "png"), ("Zápis z porady.txt", "txt"),
           ("Smlouva_{n}.pdf", "pdf"), ("účtenka.png", "png")],
}

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
              "Oct", "Nov", "Dec"]

# --------------------------------------------------------------------------
# Encoders (RFC 2047, RFC 2231, quoted-printable, base64)

# Characters that may stand for themselves in a Q-encoded word in a phrase
# (RFC 2047 5(3)); everything else is =XX, and a blank is "_".
_Q_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                    b"0123456789!*+-/")
_Q_TABLE = [chr(b) if b in _Q_SAFE else "_" if b == 32 else f"={b:02X}"
            for b in range(256)]


@functools.lru_cache(maxsize=8192)
def encoded_words(text, charset, enc, limit=66):
    """RFC 2047 encoded words for text, each at most limit characters.

    RFC 2047 allows 75, but a line holding an encoded word must not exceed
    76 characters, so the default leaves room for "Subject: " in front.

    Words are cut between characters, never inside a multi-byte character,
    and are returned as a tuple (the caller folds them onto lines).
    """
    prefix = f"=?{charset}?{enc}?"
    room = limit - len(prefix) - 2
    words = []
    if enc == "Q":
        cur = []
        used = 0
        for ch in text:
            piece = "".join(_Q_TABLE[b] for b in ch.encode(charset))
            if used + len(piece) > room and cur:
                words.append(prefix + "".join(cur) + "?=")
                cur, used = [], 0
            cur.append(piece)
            used += len(piece)
        if cur:
            words.append(prefix + "".join(cur) + "?=")
    else:
        max_bytes = room // 4 * 3
        cur = b""
        for ch in text:
            b = ch.encode(charset)
            if len(cur) + len(b) > max_bytes and cur:
                words.append(prefix + base64.b64encode(cur).decode() + "?=")
                cur = b""
            cur += b
        if cur:
            words.append(prefix + base64.b64encode(cur).decode() + "?=")
    return tuple(words)


def is_ascii(text):
    return text.isascii()


def fold(name, value_parts, sep=" "):
    """Fold a header from parts, starting continuation lines with a blank."""
    lines = []
    line = f"{name}:"
    for i, part in enumerate(value_parts):
        glue = " " if i == 0 else sep
        if len(line) + len(glue) + len(part) > 76 and line.strip() != \
                f"{name}:":
            lines.append(line)
            line = " " + part
        else:
            line += glue + part
    lines.append(line)
    return "\n".join(lines)


def header_text(name, text, rng, lang):
    """An unstructured header (Subject), encoded when it must be."""
    if is_ascii(text):
        return fold(name, text.split(" "))
    charset = rng.choice(CHARSETS[lang])
    try:
        text.encode(charset)
    except UnicodeEncodeError:
        charset = "utf-8"
    enc = "Q" if rng.random() < 0.55 else "B"
    # Thunderbird style keeps "Re: " readable, others encode it all.
    if rng.random() < 0.5 and text[:4] in ("Re: ", "AW: ") and \
            is_ascii(text[:4]):
        return fold(name, [text[:3], *encoded_words(text[4:], charset, enc)])
    return fold(name, encoded_words(text, charset, enc))


_SPECIALS = set('()<>[]:;@\\,."')


def phrase(name, rng, lang):
    """A display name as an RFC 5322 phrase: atoms, quoted or encoded."""
    if is_ascii(name):
        if any(c in _SPECIALS for c in name):
            return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return name
    charset = rng.choice(CHARSETS[lang])
    try:
        name.encode(charset)
    except UnicodeEncodeError:
        charset = "utf-8"
    enc = "Q" if rng.random() < 0.6 else "B"
    return " ".join(encoded_words(name, charset, enc))


def mailbox(person, rng, lang):
    name, addr = person
    if name is None:
        return addr if rng.random() < 0.7 else f"<{addr}>"
    return f"{phrase(name, rng, lang)} <{addr}>"


def address_header(name, people, rng, lang):
    words = []
    for i, p in enumerate(people):
        words += mailbox(p, rng, lang).split(" ")
        if i < len(people) - 1:
            words[-1] += ","
    return fold(name, words)


def rfc2231_param(key, value, rng, lang):
    """filename="x" or, for non-ASCII names, the RFC 2231 form."""
    if is_ascii(value):
        if any(c in _SPECIALS or c == " " for c in value):
            return f'{key}="{value}"'
        return f"{key}={value}"
    charset = "utf-8"
    if lang == "cs" and rng.random() < 0.3:
        charset = "iso-8859-2"
    elif lang == "de" and rng.random() < 0.3:
        charset = "iso-8859-1"
    raw = value.encode(charset)
    quoted = "".join(chr(b) if (chr(b).isalnum() and b < 128) or
                     chr(b) in "-_." else f"%{b:02X}" for b in raw)
    if len(quoted) > 40 and rng.random() < 0.6:
        # Split into numbered sections: key*0*=charset''...; key*1*=...
        parts = [quoted[i:i + 30] for i in range(0, len(quoted), 30)]
        # Never split a %XX escape.
        fixed, carry = [], ""
        for p in parts:
            p = carry + p
            cut = p.rfind("%", max(0, len(p) - 2))
            if cut != -1 and cut > len(p) - 3:
                p, carry = p[:cut], p[cut:]
            else:
                carry = ""
            fixed.append(p)
        if carry:
            fixed.append(carry)
        out = [f"{key}*0*={charset}''{fixed[0]}"]
        out += [f"{key}*{n}*={p}" for n, p in enumerate(fixed[1:], 1)]
        return ";\n ".join(out)
    return f"{key}*={charset}''{quoted}"


def qp(data):
    return binascii.b2a_qp(data, istext=True)


def b64(data):
    return base64.encodebytes(data)


@functools.lru_cache(maxsize=16384)
def wrap(text, width=72):
    """Greedy word wrap of one paragraph (a tuple of lines)."""
    out, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        out.append(line)
    return tuple(out)


def flowed(text, width=66):
    """RFC 3676 format=flowed: soft breaks end in a blank."""
    lines = wrap(text, width)
    return [ln + " " for ln in lines[:-1]] + list(lines[-1:])


# --------------------------------------------------------------------------
# Small but well-formed binary attachments


def _png(width, height, seed):
    r = random.Random(seed)
    base = (r.randrange(256), r.randrange(256), r.randrange(256))
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            row += bytes(((base[0] + x * 5) & 255, (base[1] + y * 7) & 255,
                          (base[2] + (x ^ y) * 3) & 255))
        rows.append(bytes(row))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0,
                                       0, 0)) +
            chunk(b"tEXt", b"Comment\0taube sandbox test image") +
            chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) +
            chunk(b"IEND", b""))


PNGS = [_png(16 + 8 * (k % 5), 12 + 6 * (k % 4), k) for k in range(12)]


def _pdf(lines):
    """A minimal but valid one-page PDF that shows the given ASCII lines."""
    text = "BT /F1 12 Tf 72 770 Td 16 TL " + " ".join(
        "(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        + ") '" for ln in lines) + " ET"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("ascii")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return out


# --------------------------------------------------------------------------
# The generator


class Meta:
    """What replies need to know about a message: id, subject, people."""
    __slots__ = ("msgid", "subject", "lang", "sender", "depth", "refs",
                 "date", "listkey", "first_para", "parent")


class Generator:
    """Builds message i of a folder; deterministic in (args, i)."""

    def __init__(self, seed, user, address, folder, count):
        self.user = user
        self.owner = (OWNER_NAMES.get(user, user.capitalize()), address)
        self.folder = folder
        self.count = max(count, 1)
        low = folder.lower()
        if low in ("sent", "sent items", "sent messages"):
            self.kind = "sent"
        elif low == "drafts":
            self.kind = "drafts"
        elif low.startswith("lists") or low.startswith("list."):
            self.kind = "list"
        elif low in ("archive", "trash"):
            self.kind = "archive"
        else:
            self.kind = "inbox"
        digest = hashlib.sha256(
            f"{seed}\0{user}\0{folder}".encode()).digest()
        self.key = int.from_bytes(digest[:8], "big")
        self.tag = digest[8:12].hex()
        # About four messages a day, between two weeks and six years back;
        # an archive ends a couple of months before the rest.
        span = min(SIX_YEARS, max(14 * 86400, self.count * 6 * 3600))
        end = DATE_END - (60 * 86400 if self.kind == "archive" else 0)
        self.start = end - span
        self.step = span / self.count
        self.memo = {}
        listkey = "dev"
        for key in LISTS:
            if low.endswith("." + key):
                listkey = key
        self.folder_list = listkey

    def rng(self, i, salt):
        return random.Random((self.key ^ (i * 0x9E3779B97F4A7C15)) + salt)

    def date(self, i):
        # splitmix64 of (key, i): a cheap, well-mixed fraction in [0, 1).
        z = (self.key + (i + 1) * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        frac = ((z ^ (z >> 31)) >> 11) / float(1 << 53)
        return int(self.start + (i + frac * 0.9) * self.step)

    # -- thread structure ------------------------------------------------

    def meta(self, i):
        m = self.memo.get(i)
        if m is not None:
            return m
        if len(self.memo) > 4096:
            self.memo.clear()
        r = self.rng(i, 2)
        m = Meta()
        m.date = self.date(i)
        parent = None
        if self.kind in ("sent", "drafts"):
            # Replies to mail that arrived elsewhere (in the INBOX).
            if r.random() < 0.4:
                parent = self.outside_meta(i)
        elif i > 0 and r.random() < 0.35:
            parent = self.meta(i - 1 - r.randrange(min(i, 30)))
            if parent.depth >= 12:
                parent = None
        if self.kind == "list":
            m.listkey = self.folder_list
        elif self.kind == "inbox" and r.random() < 0.1:
            m.listkey = r.choice(list(LISTS))
        else:
            m.listkey = None
        if parent is not None:
            m.lang = parent.lang
            m.listkey = parent.listkey
            m.subject = parent.subject
            m.depth = parent.depth + 1
            m.refs = (parent.refs[:1] + parent.refs[-9:] if
                      len(parent.refs) > 10 else parent.refs) + \
                [parent.msgid]
        else:
            if m.listkey:
                m.lang = LISTS[m.listkey][3]
            else:
                m.lang = r.choices(("en", "de", "cs"), (5, 3, 3))[0]
            m.subject = self.fresh_subject(r, m.lang, m.date)
            m.depth = 0
            m.refs = []
        if self.kind in ("sent", "drafts"):
            m.sender = self.owner
        else:
            m.sender = r.choice([p for p in PEOPLE[m.lang] if parent is None
                                 or p != parent.sender])
        m.parent = parent
        domain = m.sender[1].split("@")[1]
        m.msgid = f"<{self.tag}.{i}.{r.getrandbits(40):010x}@{domain}>"
        m.first_para = self.paragraph(r, m.lang)
        self.memo[i] = m
        return m

    def outside_meta(self, i):
        """A message from someone else that message i (in Sent) answers."""
        r = self.rng(i, 5)
        m = Meta()
        m.lang = r.choices(("en", "de", "cs"), (5, 3, 3))[0]
        m.date = self.date(i) - r.randrange(600, 3 * 86400)
        m.subject = self.fresh_subject(r, m.lang, m.date)
        m.sender = r.choice([p for p in PEOPLE[m.lang] if p[0]])
        m.msgid = (f"<{r.getrandbits(64):016x}@"
                   f"{m.sender[1].split('@')[1]}>")
        m.depth = 0
        m.refs = []
        m.listkey = None
        m.parent = None
        m.first_para = self.paragraph(r, m.lang)
        return m

    @staticmethod
    def fresh_subject(r, lang, date):
        tm = time.gmtime(date)
        return r.choice(SUBJECTS[lang]).format(
            n=r.randrange(1000, 99999), month=MONTHS[lang][tm.tm_mon - 1],
            month_gen=MONTHS_GENITIVE[lang][tm.tm_mon - 1],
            day=tm.tm_mday, year=tm.tm_year)

    @staticmethod
    def paragraph(r, lang):
        return " ".join(r.sample(SENTENCES[lang], r.randint(1, 4)))

    # -- message ---------------------------------------------------------

    def message(self, i):
        """(bytes, unix time, maildir flags, unread-in-new) of message i."""
        m = self.meta(i)
        r = self.rng(i, 4)
        lang = m.lang
        h = []
        others = [p for p in PEOPLE[lang] if p[0] is not None]
        lst = LISTS[m.listkey] if m.listkey else None

        if self.kind not in ("sent", "drafts"):
            h.append(f"Return-Path: <{m.sender[1]}>")
            h.append(f"Delivered-To: {self.owner[1]}")
            relay = m.sender[1].split("@")[1]
            h.append(f"Received: from mx.{relay} (mx.{relay} "
                     f"[192.0.2.{r.randrange(1, 255)}])\n"
                     f"\tby {HOSTNAME} (Postfix) with ESMTPS id "
                     f"{r.getrandbits(40):010X}\n"
                     f"\tfor <{self.owner[1]}>; "
                     f"{self.rfc5322_date(m.date, 0)}")

        subject = m.subject
        if lst:
            subject = f"[{lst[0]}] {subject}"
        if m.depth:
            # The owner's own client says "Re:"; others' clients vary.
            subject = ("Re: " if self.kind in ("sent", "drafts")
                       else r.choice(REPLY_PREFIX[lang])) + subject

        tz = r.choice(TIMEZONES[lang])
        h.append(f"Date: {self.rfc5322_date(m.date, tz, r)}")
        h.append(address_header("From", [m.sender], r, lang))
        if lst:
            h.append(address_header("To", [(None, f"{lst[0]}@{lst[1]}")],
                                    r, lang))
        elif self.kind in ("sent", "drafts"):
            if m.parent is not None:
                to = [m.parent.sender]
            else:
                to = r.sample(others, r.choice((1, 1, 1, 2, 3)))
            h.append(address_header("To", to, r, lang))
        else:
            to = [self.owner]
            if r.random() < 0.25:
                to += r.sample(others, r.randint(1, 3))
            h.append(address_header("To", to, r, lang))
            if r.random() < 0.15:
                h.append(address_header("Cc", r.sample(others, 1), r, lang))
        h.append(header_text("Subject", subject, r, lang))
        h.append(f"Message-ID: {m.msgid}")
        if m.refs:
            h.append(f"In-Reply-To: {m.refs[-1]}")
            h.append(fold("References", m.refs, sep="\n "))
        if lst:
            name, host, title, _ = lst
            h.append(f"List-Id: {title if is_ascii(title) else name} "
                     f"<{name}.{host}>")
            h.append(f"List-Unsubscribe: <mailto:{name}-request@{host}"
                     f"?subject=unsubscribe>,\n <https://{host}/mailman/"
                     f"options/{name}>")
            h.append(f"List-Post: <mailto:{name}@{host}>")
            h.append(f"List-Archive: <https://{host}/pipermail/{name}/>")
            h.append("Precedence: list")
            h.append(f"Sender: \"{name}\" <{name}-bounces@{host}>")
        mailer = r.choice(MAILERS)
        if mailer[0]:
            h.append(f"{mailer[0]}: {mailer[1]}")

        text = self.body_text(m, r, i)
        roll = r.random()
        if roll < 0.04 and self.kind != "list":
            body_headers, body = self.forward(m, r, text, i)
        elif roll < 0.16:
            body_headers, body = self.with_attachments(m, r, text, i)
        elif roll < 0.40:
            body_headers, body = self.alternative(r, lang, text)
        else:
            body_headers, body = self.text_part(r, lang, text,
                                                allow_flowed=True)
        if body_headers or r.random() < 0.9:
            h.append("MIME-Version: 1.0")
        h.extend(body_headers)
        data = ("\n".join(h) + "\n\n").encode("ascii") + body
        flags, unread_new = self.flags(i, r)
        return data, m.date, flags, unread_new

    def flags(self, i, r):
        pos = i / self.count
        if self.kind == "sent":
            return ("FS" if r.random() < 0.03 else "S"), False
        if self.kind == "drafts":
            return "DS", False
        if self.kind == "archive":
            seen = True
        elif self.kind == "list":
            seen = r.random() < (0.9 if pos < 0.6 else 0.3)
        else:
            seen = r.random() < (0.98 if pos < 0.8 else
                                 0.6 if pos < 0.95 else 0.25)
        flags = ""
        if r.random() < 0.05:
            flags += "F"
        if seen and self.kind != "list" and r.random() < 0.15:
            flags += "R"
        if seen:
            flags += "S"
        unread_new = not seen and not flags and pos > 0.97 and \
            r.random() < 0.7
        return flags, unread_new

    @staticmethod
    def rfc5322_date(ts, tz, r=None):
        """Date in RFC 5322 form; a few of the legal variations if r."""
        sign = 1 if tz >= 0 else -1
        offset = sign * ((abs(tz) // 100) * 3600 + (abs(tz) % 100) * 60)
        tm = time.gmtime(ts + offset)
        day = f"{tm.tm_mday:02d}"
        weekday = WEEKDAYS[tm.tm_wday] + ", "
        comment = ""
        if r is not None:
            v = r.random()
            if v < 0.15:
                day = str(tm.tm_mday)
            elif v < 0.22:
                weekday = ""
            elif v < 0.3 and tz in (100, 200):
                comment = " (CET)" if tz == 100 else " (CEST)"
        zone = f"{'+' if tz >= 0 else '-'}{abs(tz):04d}"
        return (f"{weekday}{day} {MONTH_ABBR[tm.tm_mon - 1]} {tm.tm_year} "
                f"{tm.tm_hour:02d}:{tm.tm_min:02d}:{tm.tm_sec:02d} "
                f"{zone}{comment}")

    def body_text(self, m, r, i):
        """The plain text of a message as a list of paragraphs."""
        lang = m.lang
        if self.kind in ("sent", "drafts"):
            to_first = r.choice(PEOPLE[lang])[0] or "all"
        else:
            to_first = self.owner[0]
        first = to_first.split(",")[-1].strip().split(" ")[0]
        if first.endswith("."):
            first = to_first.split(" ")[-1]
        paras = [r.choice(GREETINGS[lang]).format(first=first)]
        paras.append(m.first_para)
        for _ in range(r.choice((0, 0, 1, 1, 2, 3))):
            paras.append(self.paragraph(r, lang))
        if m.parent is not None:
            paras.append(("QUOTE", m.parent))
        if m.sender[0]:
            sender_first = m.sender[0].split(",")[-1].strip().split(" ")[0]
        else:
            # A shop or a utility: sign with the organisation's name.
            org = m.sender[1].split("@")[1].split(".")[0]
            sender_first = org.replace("-", " ").title()
        paras.append(r.choice(CLOSINGS[lang]) + "\n" + sender_first)
        if r.random() < 0.3:
            paras.append("-- \n" + (m.sender[0] or m.sender[1]) + "\n" +
                         f"+{r.randrange(1, 99)} {r.randrange(100, 999)} "
                         f"{r.randrange(100000, 999999)}")
        return paras

    def render_plain(self, paras, lang, flow=False):
        lines = []
        for p in paras:
            if isinstance(p, tuple):
                parent = p[1]
                who = parent.sender[0] or parent.sender[1]
                lines.append(ATTRIBUTION[lang].format(
                    date=self.rfc5322_date(parent.date, 0), name=who))
                lines.extend("> " + ln for ln in wrap(parent.first_para, 70))
                lines.append("")
                continue
            if p.startswith("-- \n") or "\n" in p:
                lines.extend(p.split("\n"))
            else:
                lines.extend(flowed(p) if flow else wrap(p))
            lines.append("")
        return "\n".join(lines).rstrip("\n") + "\n"

    def render_html(self, paras, lang):
        out = ['<!DOCTYPE html>', f'<html lang="{lang}"><head>'
               '<meta http-equiv="Content-Type" content="text/html; '
               'charset=%CHARSET%"></head>',
               '<body style="font-family: sans-serif;">']
        for p in paras:
            if isinstance(p, tuple):
                parent = p[1]
                out.append('<blockquote type="cite">' +
                           html_escape(parent.first_para) + '</blockquote>')
            elif p.startswith("-- \n"):
                out.append('<div class="signature">' +
                           html_escape(p[4:]).replace("\n", "<br>") +
                           '</div>')
            else:
                out.append("<p>" + html_escape(p).replace("\n", "<br>") +
                           "</p>")
        out.append("</body></html>")
        return "\n".join(out) + "\n"

    @staticmethod
    def pick_charset(r, lang, text):
        charset = r.choice(CHARSETS[lang])
        if charset != "utf-8":
            try:
                text.encode(charset)
            except UnicodeEncodeError:
                charset = "utf-8"
        if charset == "utf-8" and text.isascii() and r.random() < 0.6:
            charset = "us-ascii"
        return charset

    @staticmethod
    def encode_body(r, raw, ascii_ok, binary_ok=True):
        """(Content-Transfer-Encoding, encoded bytes)."""
        if ascii_ok and max(len(ln) for ln in raw.split(b"\n")) < 990:
            return "7bit", raw
        v = r.random()
        if v < 0.5:
            return "quoted-printable", qp(raw)
        if v < 0.75 or not binary_ok:
            return "base64", b64(raw)
        return "8bit", raw

    def text_part(self, r, lang, paras, allow_flowed=False):
        flow = allow_flowed and r.random() < 0.2
        text = self.render_plain(paras, lang, flow)
        charset = self.pick_charset(r, lang, text)
        raw = text.encode(charset)
        cte, body = self.encode_body(r, raw, charset == "us-ascii")
        ctype = f"text/plain; charset={charset}"
        if r.random() < 0.3:
            ctype = f'text/plain; charset="{charset}"'
        if flow:
            ctype += "; format=flowed"
        return [f"Content-Type: {ctype}",
                f"Content-Transfer-Encoding: {cte}"], body

    def alternative(self, r, lang, paras):
        b = self.boundary(r)
        th, tb = self.text_part(r, lang, paras)
        html = self.render_html(paras, lang)
        charset = self.pick_charset(r, lang, html)
        if charset == "us-ascii":
            charset = "utf-8"
        html = html.replace("%CHARSET%", charset)
        raw = html.encode(charset)
        cte = "quoted-printable" if r.random() < 0.7 else "base64"
        hb = qp(raw) if cte == "quoted-printable" else b64(raw)
        body = (f"This is a multi-part message in MIME format.\n"
                f"--{b}\n" + "\n".join(th) + "\n\n").encode() + tb + \
            (f"\n--{b}\nContent-Type: text/html; charset={charset}\n"
             f"Content-Transfer-Encoding: {cte}\n\n").encode() + hb + \
            f"\n--{b}--\n".encode()
        return [f'Content-Type: multipart/alternative;\n boundary="{b}"'], \
            body

    def with_attachments(self, m, r, paras, i):
        b = self.boundary(r)
        if r.random() < 0.3:
            inner_h, inner_b = self.alternative(r, m.lang, paras)
        else:
            inner_h, inner_b = self.text_part(r, m.lang, paras)
        parts = [("\n".join(inner_h) + "\n\n").encode() + inner_b]
        for _ in range(r.choice((1, 1, 1, 2, 3))):
            parts.append(self.attachment(r, m.lang, i))
        body = b"This is a multi-part message in MIME format.\n"
        for p in parts:
            body += f"--{b}\n".encode() + p
            if not p.endswith(b"\n"):
                body += b"\n"
        body += f"--{b}--\n".encode()
        return [f'Content-Type: multipart/mixed;\n boundary="{b}"'], body

    def attachment(self, r, lang, i):
        pattern, kind = r.choice(ATTACHMENT_NAMES[lang])
        tm = time.gmtime(self.date(i))
        fname = pattern.format(n=r.randrange(100, 9999),
                               q=(tm.tm_mon - 1) // 3 + 1, year=tm.tm_year)
        if kind == "pdf":
            data = _pdf([fname.encode("ascii", "replace").decode(),
                         f"Generated for the taube test sandbox, item {i}.",
                         f"Total: {r.randrange(10, 5000)}."
                         f"{r.randrange(100):02d}"])
            ctype, cte = "application/pdf", "base64"
        elif kind == "png":
            data = r.choice(PNGS)
            ctype, cte = "image/png", "base64"
        elif kind == "csv":
            rows = ["date;item;amount"] + [
                f"{tm.tm_year}-{tm.tm_mon:02d}-{d:02d};"
                f"{r.choice(SENTENCES[lang]).split(' ')[0]};"
                f"{r.randrange(1, 999)},{r.randrange(100):02d}"
                for d in range(1, r.randint(3, 12))]
            data = ("\n".join(rows) + "\n").encode("utf-8")
            ctype = "text/csv; charset=utf-8"
            cte = "base64" if r.random() < 0.5 else "quoted-printable"
        elif kind == "patch":
            data = (f"--- a/src/mime/header.c\n+++ b/src/mime/header.c\n"
                    f"@@ -{i % 400 + 1},6 +{i % 400 + 1},7 @@\n"
                    f" \tif (len > MAX_HEADER)\n"
                    f" \t\treturn TAUBE_ERR_LIMIT;\n"
                    f"+\t/* unfold before decoding */\n"
                    f" \treturn decode_words(buf, len, out);\n").encode()
            ctype, cte = "text/x-diff; charset=us-ascii", "7bit"
        else:
            data = self.render_plain(
                [self.paragraph(r, lang) for _ in range(3)], lang
            ).encode("utf-8")
            ctype = "text/plain; charset=utf-8"
            cte = "quoted-printable" if r.random() < 0.6 else "base64"
        body = b64(data) if cte == "base64" else \
            qp(data) if cte == "quoted-printable" else data
        name_param = ""
        if not is_ascii(fname) and r.random() < 0.5:
            # Outlook style: RFC 2047 in a parameter (not standard, common).
            name_param = ";\n name=\"" + "".join(
                encoded_words(fname, "utf-8", "B")) + '"'
        elif r.random() < 0.5:
            name_param = ";\n " + rfc2231_param("name", fname, r, lang)
        disp = r.choice(("attachment", "attachment", "inline")) \
            if kind == "png" else "attachment"
        head = (f"Content-Type: {ctype}{name_param}\n"
                f"Content-Disposition: {disp};\n "
                f"{rfc2231_param('filename', fname, r, lang)}\n"
                f"Content-Transfer-Encoding: {cte}\n\n")
        return head.encode("ascii") + body

    def forward(self, m, r, paras, i):
        """A message with the forwarded one attached as message/rfc822."""
        b = self.boundary(r)
        th, tb = self.text_part(r, m.lang, paras[:2] + paras[-1:])
        src = r.choice(PEOPLE[m.lang])
        inner_subject = self.fresh_subject(r, m.lang, m.date - 86400)
        inner_text = self.render_plain(
            [self.paragraph(r, m.lang), self.paragraph(r, m.lang)], m.lang)
        charset = "utf-8"
        inner = "\n".join([
            "Date: " + self.rfc5322_date(
                m.date - 86400 * r.randint(1, 20), 100),
            address_header("From", [src], r, m.lang),
            address_header("To", [m.sender], r, m.lang),
            header_text("Subject", inner_subject, r, m.lang),
            f"Message-ID: <fwd.{self.tag}.{i}@{src[1].split('@')[1]}>",
            "MIME-Version: 1.0",
            f"Content-Type: text/plain; charset={charset}",
            "Content-Transfer-Encoding: quoted-printable",
            "", ""]).encode("ascii") + qp(inner_text.encode(charset))
        body = (f"This is a multi-part message in MIME format.\n--{b}\n" +
                "\n".join(th) + "\n\n").encode() + tb + \
            (f"\n--{b}\nContent-Type: message/rfc822\n"
             f"Content-Disposition: inline\n\n").encode() + inner + \
            f"\n--{b}--\n".encode()
        return [f'Content-Type: multipart/mixed;\n boundary="{b}"'], body

    @staticmethod
    def boundary(r):
        style = r.randrange(3)
        if style == 0:
            return f"------------{r.getrandbits(96):024X}"
        if style == 1:
            return f"----=_Part_{r.randrange(10**6)}_{r.getrandbits(32)}." \
                   f"{r.getrandbits(40)}"
        raw = r.getrandbits(96).to_bytes(12, "big")
        return "=-" + base64.b64encode(raw, b"-_").decode()


def html_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------
# Maildir++ folders and subscriptions (Dovecot's layout)


def imap_utf7(name):
    """Encode a mailbox name in IMAP's modified UTF-7 (RFC 3501 5.1.3)."""
    out, pending = [], []

    def flush():
        if pending:
            raw = "".join(pending).encode("utf-16-be")
            out.append("&" + base64.b64encode(raw).decode().rstrip("=")
                       .replace("/", ",") + "-")
            pending.clear()
    for ch in name:
        if 0x20 <= ord(ch) <= 0x7e:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            pending.append(ch)
    flush()
    return "".join(out)


def folder_parts(folder):
    """IMAP folder name -> list of hierarchy levels; INBOX -> []."""
    if folder.upper() == "INBOX":
        return []
    parts = folder.split(".")
    for p in parts:
        if not p or p.startswith("~") or "/" in p or \
                any(ord(c) < 0x20 or ord(c) == 0x7f for c in p):
            raise ValueError(f"invalid folder name {folder!r}")
    if parts[0].upper() == "INBOX":
        raise ValueError(f"{folder!r}: folders below INBOX are not "
                         "supported by the Maildir++ layout")
    return parts


def folder_path(maildir, folder):
    parts = folder_parts(folder)
    if not parts:
        return maildir
    return os.path.join(maildir, "." + ".".join(imap_utf7(p) for p in parts))


def ensure_folder(maildir, folder):
    path = folder_path(maildir, folder)
    for sub in ("", "/cur", "/new", "/tmp"):
        try:
            os.mkdir(path + sub, 0o700)
        except FileExistsError:
            pass
    if path != maildir:
        marker = os.path.join(path, "maildirfolder")
        if not os.path.exists(marker):
            os.close(os.open(marker, os.O_WRONLY | os.O_CREAT, 0o600))
        subscribe(maildir, folder_parts(folder))
    return path


def subscribe(maildir, parts, timeout=10.0):
    """Add a folder to Dovecot's subscriptions file, under its lock.

    Dovecot 2.3 writes "V\\t2\\n\\n" and then one name a line, hierarchy
    levels separated by a tab; it still reads the older one-name-a-line
    format (levels separated by the hierarchy separator).  Like Dovecot,
    write the new contents into subscriptions.lock and rename it over.
    """
    path = os.path.join(maildir, "subscriptions")
    lock = path + ".lock"
    deadline = time.monotonic() + timeout
    while True:
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:
            try:
                if time.time() - os.stat(lock).st_mtime > 30:
                    os.unlink(lock)       # stale, as Dovecot would judge
                    continue
            except FileNotFoundError:
                continue
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    try:
        try:
            with open(path, encoding="utf-8") as f:
                old = f.read()
        except FileNotFoundError:
            old = "V\t2\n\n"
        encoded = [imap_utf7(p) for p in parts]
        if old.startswith("V\t2\n"):
            entry = "\t".join(encoded)
            names = old[4:].split("\n")
        else:
            entry = ".".join(encoded)
            names = old.split("\n")
        if entry in names:
            os.close(fd)
            os.unlink(lock)
            return
        new = old if old.endswith("\n") else old + "\n"
        new += entry + "\n"
        os.write(fd, new.encode("utf-8"))
        os.close(fd)
        os.rename(lock, path)
    except BaseException:
        try:
            os.unlink(lock)
        except FileNotFoundError:
            pass
        raise


# --------------------------------------------------------------------------
# Writing


def _write_range(args):
    """Worker: generate and deliver messages i = first, first+stride, ..."""
    (path, seed, user, address, folder, count, first, stride, nonce) = args
    gen = Generator(seed, user, address, folder, count)
    tmp = os.path.join(path, "tmp")
    new = os.path.join(path, "new")
    cur = os.path.join(path, "cur")
    flags_o = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    for i in range(first, count, stride):
        data, ts, flags, unread_new = gen.message(i)
        # Dovecot reads the size (S=) and the size with CRLF line ends (W=)
        # from the name instead of stat()ing every file, and gives new mail
        # UIDs in the order of the leading timestamp.
        size = len(data)
        vsize = size + data.count(b"\n")
        base = f"{ts}.M{i}P{nonce}.{HOSTNAME},S={size},W={vsize}"
        tmp_path = os.path.join(tmp, base)
        fd = os.open(tmp_path, flags_o, 0o600)
        try:
            os.write(fd, data)
            os.utime(fd, (ts, ts))     # INTERNALDATE = the file's mtime
        finally:
            os.close(fd)
        if unread_new:
            os.rename(tmp_path, os.path.join(new, base))
        else:
            os.rename(tmp_path, os.path.join(cur, f"{base}:2,{flags}"))
    return count


def seed(maildir, user, address, folder, count, seed=1, jobs=0):
    """Write count messages into folder of the Maildir++ at maildir.

    Large counts are split over forked worker processes (plain os.fork:
    this may run after dropping root privileges, when Python could no
    longer import the modules that multiprocessing loads on demand).
    """
    path = ensure_folder(maildir, folder)
    if count <= 0:
        return 0
    if jobs <= 0:
        jobs = os.cpu_count() or 1
    jobs = max(1, min(jobs, count // 2000 + 1))
    # Unique per run: seeding twice adds messages, never overwrites.
    nonce = f"{os.getpid()}x{time.time_ns() % 10**12:x}"
    tasks = [(path, seed, user, address, folder, count, k, jobs, nonce)
             for k in range(jobs)]
    if jobs == 1:
        _write_range(tasks[0])
        return count
    children = []
    for task in tasks:
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                _write_range(task)
            except BaseException:      # report, and never return to caller
                traceback.print_exc()
                status = 1
            finally:
                sys.stderr.flush()
                os._exit(status)
        children.append(pid)
    failed = 0
    for pid in children:
        _, status = os.waitpid(pid, 0)
        if status != 0:
            failed += 1
    if failed:
        raise OSError(f"{failed} of {jobs} seeding processes failed")
    return count


def generate(seed_value, user, address, folder, count, index):
    """The bytes of one message, for tests of the generator itself."""
    return Generator(seed_value, user, address, folder, count).message(
        index)[0]
