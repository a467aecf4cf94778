#!/usr/bin/python3
"""The peer a user would otherwise write: split a vCard book by a consent
ledger with python3-vobject and python3-phonenumbers, the simple way.

  bench/peer.py LEDGER BOOK OUTDIR

Reads the ledger (the latest row of a key wins; a refusal on the same day
beats a consent), normalises every TEL to E.164 with phonenumbers (region
DE), cuts the book into cards at BEGIN:VCARD/END:VCARD, reads each with
vobject, and writes native.vcf (cards with a consented key and no refused
one) and secondary.vcf (everything else, cards vobject cannot read
included), each card as it was written. It does not handle the shared-key
rule, nested cards' own decisions, expiry or voids: it is the baseline for
speed, not a second implementation.
"""

import csv
import os
import sys

import phonenumbers
import vobject


def e164(text):
    try:
        number = phonenumbers.parse(text, "DE")
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def load_ledger(path):
    state = {}  # key -> (date, status)
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            status = row.get("status", "").strip().lower()
            if status not in ("given", "refused", "withdrawn"):
                continue
            day = row.get("timestamp", "")
            keys = []
            for phone in (row.get("phone") or "").split(","):
                if phone.strip():
                    keys.append(e164(phone.strip()))
            if (row.get("email") or "").strip():
                keys.append(row["email"].strip().lower())
            for key in keys:
                old = state.get(key)
                if old is None or day > old[0] or (day == old[0] and status != "given"):
                    state[key] = (day, status)
    return {k: v[1] for k, v in state.items()}


def cards(f):
    """The book's cards as text: from BEGIN:VCARD to END:VCARD; a card left
    open ends at the next BEGIN:VCARD (nested cards are not looked for)."""
    lines = []
    for line in f:
        word = line.strip().upper()
        if word == "BEGIN:VCARD" and lines:
            yield "".join(lines)
            lines = []
        if word == "BEGIN:VCARD" or lines:
            lines.append(line)
        if word == "END:VCARD" and lines:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)  # cut off at the end


def main():
    ledger_path, book_path, out = sys.argv[1:4]
    state = load_ledger(ledger_path)
    native, secondary = [], []
    with open(book_path, encoding="utf-8", errors="replace", newline="") as f:
        for text in cards(f):
            try:
                card = vobject.readOne(text)
            except Exception:  # vobject cannot read it: not native
                secondary.append(text)
                continue
            keys = []
            for tel in card.contents.get("tel", []):
                keys.append(e164(str(tel.value).replace("tel:", "")))
            for mail in card.contents.get("email", []):
                keys.append(str(mail.value).strip().lower())
            states = [state.get(k) for k in keys if k]
            ok = "given" in states and not ({"refused", "withdrawn"} & set(states))
            (native if ok else secondary).append(text)
    with open(os.path.join(out, "native.vcf"), "w", encoding="utf-8", newline="") as f:
        f.write("".join(native))
    with open(os.path.join(out, "secondary.vcf"), "w", encoding="utf-8", newline="") as f:
        f.write("".join(secondary))
    print(f"{len(native) + len(secondary)} cards: {len(native)} native, "
          f"{len(secondary)} secondary", file=sys.stderr)


if __name__ == "__main__":
    main()
