"""What the printed guide holds about a person (registered in ``core.personal_data``):
the builds a coordinator requested (the requester link)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familienrathaus.core.personal_data import references, register
from familienrathaus.guide.models import GuideBuild

_builds = references(
    GuideBuild, ["requested_by"], lambda b: {"guide": b.scope_name, "requested": b.created_at}
)
register(
    "guide_builds",
    label=_("Printed guides you requested"),
    models=[GuideBuild],
    export=_builds[0],
    erase=_builds[1],
)
