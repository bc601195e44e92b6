"""The answering side in the shared registries: the start page's section of open
surveys ("Ihre Meinung ist gefragt") and the back-office tile for paper questionnaires."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from familienrathaus.core.backoffice import Section, Tile
from familienrathaus.core.backoffice import register as register_tile
from familienrathaus.core.home import HomeSection, register
from familienrathaus.surveys import permissions
from familienrathaus.surveys.selectors import answering as selectors


def _context(request: HttpRequest) -> dict[str, Any]:
    return {"open_surveys": selectors.open_surveys(4)}


register(
    HomeSection(
        "surveys/public/home_section.html",
        order=35,
        context=_context,
    )
)
register_tile(
    Tile(
        gettext_lazy("Paper questionnaires"),
        gettext_lazy("Type in a survey questionnaire a family filled in on paper."),
        "surveys:paper_list",
        permissions.can_enter_paper,
        order=45,
        section=Section.COMMUNICATION,
    )
)
