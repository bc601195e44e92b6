"""``{% grant_panel registration %}``: the welcome grant's panel on a registration's page,
with its own data and forms (the desk's page needs to pass nothing else)."""

from __future__ import annotations

from typing import Any

from django import template

from familienrathaus.welcome.models import Registration
from familienrathaus.welcome.views_grants import grant_panel as panel_context

register = template.Library()


@register.inclusion_tag("welcome/grants/panel.html", takes_context=True)
def grant_panel(context: Any, registration: Registration) -> dict[str, Any]:
    data = panel_context(context.get("request"), registration)
    return {**data, "csrf_token": context.get("csrf_token"), "request": context.get("request")}
