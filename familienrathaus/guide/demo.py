"""Demo: queue one build of the whole printed guide, so /wegweiser.pdf exists once the
worker ran (``make run`` starts it). For local use only."""

from __future__ import annotations

from familienrathaus.core.models import User
from familienrathaus.guide import services
from familienrathaus.guide.models import GuideBuild


def load() -> int:
    if GuideBuild.objects.exists():
        return 0
    coordinator = User.objects.filter(email="koordination@musterstadt.example").first()
    if coordinator is None:
        return 0
    services.request_build(actor=coordinator, scope=GuideBuild.Scope.ALL)
    return 1
