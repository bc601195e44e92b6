"""The template library's references to the coordinators who published or copied a
template (core.personal_data): exported, and cleared when the person is erased."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familienrathaus.core.personal_data import combine, plain, references, register
from familienrathaus.library.models import SharedTemplate, TemplateCopy

_published = references(
    SharedTemplate,
    ["published_by"],
    lambda t: {"template": t.title, "version": t.version, "published": plain(t.published_at)},
)
_copied = references(
    TemplateCopy,
    ["copied_by"],
    lambda c: {"template": c.title, "copied": plain(c.copied_at)},
)
_staff = combine(_published, _copied, keys=["published", "copied"])
register(
    "library_staff",
    label=_("Templates you published or copied"),
    models=[SharedTemplate, TemplateCopy],
    export=_staff[0],
    erase=_staff[1],
)
