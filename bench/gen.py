#!/usr/bin/env python3
"""Deterministic generator of realistic address books and consent ledgers.

Writes a vCard book of N cards and a matching ledger, the same bytes for the
same --cards and --seed. The book mixes vCard 2.1, 3.0 and 4.0, CRLF and LF,
quoted-printable names with umlauts, folded notes, some base64 photos,
grouped properties, 1 to 4 numbers per card written the many ways people
write them (DE, AT, CH, US, UK, FR, IT, NL), e-mail addresses and a few
malformed cards. The ledger has given, refused, withdrawn, void and expiring
rows, and office landlines shared by several cards.

  bench/gen.py --cards 100000 --book book.vcf --ledger consent.csv
"""

import argparse
import base64
import random

FIRST = ["Anna", "Jürgen", "Björn", "Zoë", "Müge", "Sören", "Françoise", "José", "Ólafur", "Łukasz",
         "Max", "Erika", "John", "Mary", "Giulia", "Luca", "Sanne", "Daan", "Chloé", "Léa",
         "Niklas", "Greta", "Paul", "Olga", "Karl", "Ines", "Frank", "Eva", "David", "Claire"]
LAST = ["Müller", "Schmidt", "Weiß", "Groß", "Schäfer", "Köhler", "Brown", "Smith", "Rossi",
        "Bianchi", "de Vries", "Jansen", "Dubois", "Martin", "Gruber", "Huber", "Keller",
        "Meier", "Novak", "Petrova", "Becker", "Wagner", "Hoffmann", "Kowalski", "O'Neill"]
DOMAINS = ["example.de", "example.at", "example.ch", "example.com", "example.co.uk",
           "example.fr", "example.it", "example.nl", "mail.example.org"]
NOTES = ["Met at the trade fair in Hannover, hall 3, stand B12; interested in the new service "
         "contract and a visit in spring.",
         "Prefers calls in the morning. Assistant handles the calendar; ask for the direct line "
         "before sending any documents.",
         "Former colleague; now at a partner company. Birthday card every year; allergic to nuts "
         "(lunch!)."]


def number(rng):
    """One phone number as people write it, and whether it is a landline."""
    country = rng.choices(["DE", "AT", "CH", "US", "UK", "FR", "IT", "NL"],
                          weights=[50, 8, 8, 10, 8, 6, 5, 5])[0]
    d = lambda n: "".join(str(rng.randrange(10)) for _ in range(n))
    style = rng.randrange(6)
    if country == "DE":
        mobile = rng.random() < 0.6
        area = rng.choice(["151", "160", "170", "171", "172", "176", "179"]) if mobile else \
            rng.choice(["30", "40", "89", "221", "69", "711", "351"])
        sub = d(7 if mobile else 8 - len(area) + 1)
        forms = [f"+49 {area} {sub}", f"0{area} {sub}", f"0049 {area} {sub}",
                 f"+49 (0){area} {sub[:3]}-{sub[3:]}", f"(0{area}) {sub[:3]} {sub[3:]}",
                 f"+49-{area}-{sub}"]
        return forms[style], not mobile
    if country == "AT":
        area, sub = rng.choice(["1", "664", "676", "316"]), d(7)
        forms = [f"+43 {area} {sub}", f"+43 (0){area} {sub}", f"0043 {area} {sub}",
                 f"+43-{area}-{sub}", f"+43 {area} {sub[:3]} {sub[3:]}", f"+43{area}{sub}"]
        return forms[style], area == "1"
    if country == "CH":
        area, sub = rng.choice(["44", "79", "31", "61"]), d(7)
        forms = [f"+41 {area} {sub[:3]} {sub[3:5]} {sub[5:]}", f"0041 {area} {sub}",
                 f"+41 (0){area} {sub}", f"+41-{area}-{sub}", f"+41{area}{sub}",
                 f"+41 {area} {sub}"]
        return forms[style], area != "79"
    if country == "US":
        area, sub = rng.choice(["415", "212", "617", "312"]), "555" + d(4)
        forms = [f"+1 ({area}) {sub[:3]}-{sub[3:]}", f"+1 {area} {sub}", f"+1-{area}-{sub[:3]}-{sub[3:]}",
                 f"+1.{area}.{sub[:3]}.{sub[3:]}", f"001 {area} {sub}", f"+1{area}{sub}"]
        return forms[style], True
    if country == "UK":
        area = rng.choice(["20", "161", "7700", "7911"])
        sub = d(10 - len(area))
        forms = [f"+44 {area} {sub}", f"+44 (0){area} {sub}", f"0044 {area} {sub}",
                 f"+44-{area}-{sub}", f"+44{area}{sub}", f"+44 {area} {sub[:4]} {sub[4:]}"]
        return forms[style], not area.startswith("7")
    if country == "FR":
        first, sub = rng.choice(["1", "6", "7", "4"]), d(8)
        pairs = " ".join(sub[i:i + 2] for i in range(0, 8, 2))
        forms = [f"+33 {first} {pairs}", f"+33 (0){first} {pairs}", f"0033 {first}{sub}",
                 f"+33{first}{sub}", f"+33 {first}{sub}", f"+33-{first}-{sub}"]
        return forms[style], first in "14"
    if country == "IT":
        area, sub = rng.choice(["06", "02", "347", "333"]), d(7)
        forms = [f"+39 {area} {sub}", f"0039 {area} {sub}", f"+39{area}{sub}",
                 f"+39 {area} {sub[:4]} {sub[4:]}", f"+39-{area}-{sub}", f"+39 ({area}) {sub}"]
        return forms[style], area.startswith("0")
    area = rng.choice(["20", "10", "6"])
    sub = d(9 - len(area))
    forms = [f"+31 {area} {sub}", f"+31 (0){area} {sub}", f"0031 {area} {sub}",
             f"+31-{area}-{sub}", f"+31{area}{sub}", f"+31 {area} {sub[:3]} {sub[3:]}"]
    return forms[style], area != "6"


def fold(line, nl):
    """Folds a content line at 75 octets (never inside a UTF-8 sequence)."""
    raw = line.encode()
    out, start = [], 0
    limit = 75
    while len(raw) - start > limit:
        end = start + limit
        while end > start and (raw[end] & 0xC0) == 0x80:
            end -= 1
        out.append(raw[start:end])
        start = end
        limit = 74
    out.append(raw[start:])
    return (nl.encode() + b" ").join(out) + nl.encode()


def qp(text):
    return "".join(c if c.isascii() and c.isalnum() or c == " " else
                   "".join(f"={b:02X}" for b in c.encode()) for c in text).replace(" ", "=20")


def card(rng, i, shared):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    version = rng.choices(["2.1", "3.0", "4.0"], weights=[25, 55, 20])[0]
    nl = "\r\n" if version == "2.1" or rng.random() < 0.7 else "\n"
    numbers = [number(rng) for _ in range(rng.choices([1, 2, 3, 4], weights=[45, 35, 15, 5])[0])]
    if shared and rng.random() < 0.03:
        numbers.append((rng.choice(shared), True))  # the office switchboard
    email = f"{first.lower()}.{last.lower().replace(' ', '').replace(chr(39), '')}{i}@{rng.choice(DOMAINS)}"
    email = email.encode("ascii", "ignore").decode()
    lines = [b"BEGIN:VCARD" + nl.encode(), f"VERSION:{version}".encode() + nl.encode()]
    if version == "2.1":
        lines.append(f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(last)};{qp(first)};;;".encode() + nl.encode())
        lines.append(f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(first + ' ' + last)}".encode() + nl.encode())
    else:
        lines.append(fold(f"N:{last};{first};;;", nl))
        lines.append(fold(f"FN:{first} {last}", nl))
    for k, (num, landline) in enumerate(numbers):
        kind = "WORK" if landline else "CELL"
        if version == "2.1":
            lines.append(f"TEL;{kind};VOICE:{num}".encode() + nl.encode())
        elif version == "4.0" and num.startswith("+") and rng.random() < 0.5:
            uri = "tel:" + num.replace(" ", "-").replace("(", "").replace(")", "")
            lines.append(fold(f"TEL;VALUE=uri;TYPE={kind.lower()}:{uri}", nl))
        elif rng.random() < 0.2:
            lines.append(fold(f"item{k + 1}.TEL:{num}", nl))
            lines.append(fold(f"item{k + 1}.X-ABLabel:_$!<{kind.title()}>!$_", nl))
        else:
            lines.append(fold(f"TEL;TYPE={kind},VOICE:{num}", nl))
    lines.append(fold(f"EMAIL;TYPE=INTERNET:{email}", nl))
    if rng.random() < 0.3:
        lines.append(fold("NOTE:" + rng.choice(NOTES).replace(",", "\\,").replace(";", "\\;"), nl))
    if rng.random() < 0.02:
        photo = base64.b64encode(rng.randbytes(rng.randrange(1500, 4000))).decode()
        if version == "2.1":
            lines.append(f"PHOTO;JPEG;ENCODING=BASE64:{photo[:60]}".encode() + nl.encode())
            lines += [b"  " + photo[j:j + 72].encode() + nl.encode() for j in range(60, len(photo), 72)]
            lines.append(nl.encode())
        else:
            lines.append(fold(f"PHOTO;ENCODING=b;TYPE=JPEG:{photo}", nl))
    lines.append(fold(f"UID:urn:uuid:{rng.getrandbits(128):032x}", nl) if version != "2.1" and rng.random() < 0.5 else b"")
    if rng.random() < 0.001:
        return b"".join(lines), numbers, email  # malformed: no END:VCARD
    lines.append(b"END:VCARD" + nl.encode())
    return b"".join(lines), numbers, email


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cards", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--book", required=True)
    ap.add_argument("--ledger", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    shared = [f"+49 30 {rng.randrange(1000000, 9999999)}" for _ in range(max(1, a.cards // 5000))]
    rows = 0
    with open(a.book, "wb") as book, open(a.ledger, "w", encoding="utf-8", newline="") as ledger:
        ledger.write("id,timestamp,status,phone,email,purpose,method,expires,ref\n")
        for i in range(a.cards):
            data, numbers, email = card(rng, i, shared)
            book.write(data)
            if rng.random() < 0.001:
                book.write(b"this line is not part of any card\r\n")
            r = rng.random()
            if r < 0.45:
                continue  # no ledger entry
            day = f"20{rng.randrange(22, 26)}-{rng.randrange(1, 13):02}-{rng.randrange(1, 29):02}"
            key_phone = numbers[0][0] if rng.random() < 0.7 else ""
            key_email = email if not key_phone or rng.random() < 0.3 else ""
            rows += 1
            status = rng.choices(["given", "refused", "withdrawn", "requested"], weights=[75, 10, 10, 5])[0]
            expires = f"20{rng.randrange(24, 28)}-12-31" if status == "given" and rng.random() < 0.1 else ""
            ledger.write(f'{rows},{day},{status},"{key_phone}",{key_email},whatsapp,written,{expires},\n')
            if rng.random() < 0.02:
                rows += 1
                ledger.write(f"{rows},{day},void,,,,,,{rows - 1}\n")
        for s in shared:
            rows += 1
            ledger.write(f'{rows},2024-01-01,given,"{s}",,whatsapp,written,,\n')


if __name__ == "__main__":
    main()
