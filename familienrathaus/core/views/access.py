from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from familienrathaus.core.permissions import AnyUser

View = Callable[..., HttpResponse]


def require(permission: Callable[[AnyUser], bool], *, hide: bool = False) -> Callable[[View], View]:
    """Let the view run only for users the permission helper allows: anonymous visitors
    go to the login, others get 403 or, with ``hide``, 404 (the page's existence is not
    revealed, e.g. the welcome's registrations to partner staff and families)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not permission(request.user):
                if hide:
                    raise Http404
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
