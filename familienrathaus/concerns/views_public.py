"""Public pages of concerns: the form, the receipt, the status page, the family's list."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404


submit = receipt = lookup = status = attachment = my_concerns = settings_form = _todo
