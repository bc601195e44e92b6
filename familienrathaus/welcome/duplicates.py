"""Is this child registered already? The rule of issue 19:

same date of birth **and** same postcode **and** at least one of: a parent's surname in
common, the same e-mail address, the same child's first name.

The parents see no error for a possible duplicate (twins, a neighbour's child born the
same day): the registration is kept and marked ``possible_duplicate_of`` the earliest
match, and the coordinator decides on the desk ("same child" / "not the same child").
Only when the same e-mail address was used does the family get a friendly note that
the child is registered already (anything else would tell a stranger about another
family).
"""

from __future__ import annotations

import re

from familienrathaus.welcome.models import Registration
from familienrathaus.welcome.selectors import registrations as selectors

# Separators between the parents in "Anna Muster und Ben Beispiel", "A. Muster / B. Muster".
_PEOPLE = re.compile(r"\s*(?:,|;|&|\+|/|\bund\b|\band\b|\bve\b)\s*", re.IGNORECASE)


def surnames(parent_names: str) -> set[str]:
    """The last word of each parent's name, case-folded ("Anna und Ben Muster" → {"muster"})."""
    names = set()
    for person in _PEOPLE.split(parent_names or ""):
        words = person.replace("-", " ").split()
        if words:
            names.add(words[-1].casefold())
    return {n for n in names if len(n) > 1}


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def is_same_child(new: Registration, old: Registration) -> bool:
    """The rule above, for two registrations with the same birth date and postcode."""
    if new.birth_date != old.birth_date or new.postcode.strip() != old.postcode.strip():
        return False
    return bool(
        surnames(new.parent_names) & surnames(old.parent_names)
        or _same(new.email, old.email)
        or _same(new.child_first_name, old.child_first_name)
    )


def find_duplicate(registration: Registration) -> Registration | None:
    """The earliest other registration of (possibly) the same child, or ``None``."""
    for old in selectors.same_child_candidates(
        birth_date=registration.birth_date,
        postcode=registration.postcode,
        exclude_pk=registration.pk,
    ):
        if is_same_child(registration, old):
            return old
    return None


def registered_before_by_same_email(registration: Registration) -> Registration | None:
    """The earlier registration the family itself made with the same e-mail address
    (the only case in which the family is told)."""
    old = registration.possible_duplicate_of
    if (
        old is not None
        and not registration.duplicate_cleared
        and _same(registration.email, old.email)
    ):
        return old
    return None
