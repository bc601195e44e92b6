"""vCard 4.0 (RFC 6350) for a partner's public contact person.

Small enough to write by hand. The rules that matter (RFC 6350, section 3):

- Lines end with CRLF.
- A line longer than 75 octets is folded: CRLF followed by one space, and the
  continuation (with its leading space) is at most 75 octets again. We fold between
  UTF-8 characters, never inside one.
- In text values, backslash, comma and semicolon are escaped with a backslash, and a
  line break becomes ``\\n``. Compound values (N, ADR, ORG) join their components with
  an unescaped semicolon.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from familienrathaus.core import tenancy
from familienrathaus.partners.models import Address, ContactPerson

MAX_OCTETS = 75
CRLF = "\r\n"


def escape(value: str) -> str:
    """Escape a text value: ``\\`` ``,`` ``;`` and line breaks."""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def compound(*components: str) -> str:
    return ";".join(escape(component) for component in components)


def fold(line: str) -> str:
    """Fold one content line into physical lines of at most 75 octets each."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            pieces.append(current)
            current, size = " ", 1  # the continuation starts with one space
        current += char
        size += octets
    pieces.append(current)
    return CRLF.join(pieces)


def build(lines: Iterable[str]) -> str:
    return "".join(fold(line) + CRLF for line in lines)


def contact_vcard(contact: ContactPerson, addresses: Iterable[Address] = ()) -> str:
    organisation = contact.organisation
    uid = uuid.uuid5(uuid.NAMESPACE_URL, f"{tenancy.site_url()}/partner/contact/{contact.pk}")
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "PRODID:-//Familienrathaus//Partners//DE",
        f"UID:urn:uuid:{uid}",
        "KIND:individual",
        f"FN:{escape(contact.name)}",
        f"ORG:{compound(organisation.name)}",
    ]
    if contact.role:
        lines.append(f"TITLE:{escape(contact.role)}")
    if contact.email:
        lines.append(f"EMAIL;TYPE=work:{escape(contact.email)}")
    if contact.phone:
        # A local number like "01234 56789-0" is no tel: URI, so it stays text.
        lines.append(f"TEL;VALUE=text;TYPE=work,voice:{escape(contact.phone)}")
    for address in addresses:
        # ADR: post office box; extended address; street; locality; region; code; country
        lines.append(
            "ADR;TYPE=work:"
            + compound("", address.label, address.street, address.city, "", address.postcode, "")
        )
    if organisation.website:
        lines.append(f"URL:{organisation.website}")  # a URI: not escaped like text
    lines.append("END:VCARD")
    return build(lines)
