"""The optional parts of the site: an alliance without a holiday programme shows none.

A *part* is an app a family sees as a part of the site (the event calendar, the holiday
programme, the map, the newsletter …). Each such app declares itself on its AppConfig
(``part_namespaces``: its URL namespaces; its label and verbose name go with it); the
coordinators switch parts off in the site settings (``SiteSettings.disabled_apps``, a
list of labels; empty: every part used). Always there, so not declared: core, search,
the family guide (offers, guide), partners and the back office's reports.

A part that is switched off is gone everywhere, each place asking here:

- its addresses answer 404 (:class:`PartsMiddleware`, by the URL namespace of the
  resolved view, or for the API by its router's prefix: one check, not one per view);
- the menu, the account menu, the start page's sections and the back office's tiles
  leave it out (``core.navigation``, ``core.home``, ``core.backoffice``);
- the sitemap, the search and the map's layers leave it out (``config.sitemaps``,
  ``search.engine``, ``core.registries.located``);
- its periodic bodies skip the alliance (``core.periodic``).

Core imports no app: it knows the parts only from their AppConfigs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.text import capfirst

from familienrathaus.core import site_options


@dataclass(frozen=True)
class Part:
    label: str  # the app's label, stored in SiteSettings.disabled_apps
    name: str | Promise  # shown in the settings form: the app's verbose name
    namespaces: tuple[str, ...]  # its URL namespaces
    # Apps that belong to it besides its own (the lottery to the holiday programme).
    apps: tuple[str, ...] = ()


@functools.cache
def _parts() -> dict[str, Part]:
    """The apps that declare themselves a part: ``part_namespaces`` on their AppConfig
    (and ``part_apps``, the apps that belong to it)."""
    return {
        config.label: Part(
            label=config.label,
            name=capfirst(config.verbose_name),
            namespaces=tuple(getattr(config, "part_namespaces", ())),
            apps=tuple(getattr(config, "part_apps", ())),
        )
        for config in apps.get_app_configs()
        if getattr(config, "part_namespaces", None)
    }


def all_parts() -> list[Part]:
    return sorted(_parts().values(), key=lambda part: str(part.name))


def choices() -> list[tuple[str, str | Promise]]:
    """(label, name) of every part, for the settings form."""
    return [(part.label, part.name) for part in all_parts()]


def _off() -> list[Part]:
    disabled = site_options.options().disabled
    return [part for label, part in _parts().items() if label in disabled]


def disabled() -> frozenset[str]:
    """Labels of the parts the active alliance does not use."""
    return frozenset(part.label for part in _off())


def namespace_used(namespace: str) -> bool:
    """Whether the (top-level) URL namespace belongs to no switched-off part."""
    top = namespace.split(":", 1)[0]
    return not any(top in part.namespaces for part in _off())


def url_name_used(url_name: str) -> bool:
    """Whether a named URL (``events:list``) belongs to no switched-off part."""
    namespace, _sep, _name = url_name.rpartition(":")
    return not namespace or namespace_used(namespace)


def app_used(app_label: str) -> bool:
    return not any(app_label == part.label or app_label in part.apps for part in _off())


def module_used(module: str) -> bool:
    """Whether the code in ``module`` (e.g. a periodic body's) belongs to a part in use."""
    config = apps.get_containing_app_config(module)
    return config is None or app_used(config.label)


# The API's routers sit at /api/v1/<app label>/ (config/api.py).
API_NAMESPACE = "api"
API_ROUTE = "api/v1/"


class PartsMiddleware:
    """A switched-off part's addresses answer 404: its pages, feeds and forms (by URL
    namespace) and its API endpoints (by the router's prefix, its app label)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, *_args: object) -> None:
        match = request.resolver_match
        if match is None or not match.namespace:
            return
        if match.namespace == API_NAMESPACE:
            used = app_used(match.route.removeprefix(API_ROUTE).split("/", 1)[0])
        else:
            used = namespace_used(match.namespace)
        if not used:
            raise Http404("This part of the site is not used here.")
