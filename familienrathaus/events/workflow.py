"""Events in the shared review workflow (:mod:`familienrathaus.core.review`).

``WORKFLOW`` is declared in :mod:`familienrathaus.events.services.content`, next to the
hooks it calls (applying a change proposal, discarding a proposed image, materialising
the dates), since those services take their steps through it.
"""

from __future__ import annotations

from familienrathaus.events.services.content import WORKFLOW

__all__ = ["WORKFLOW"]
