"""The link "Publish to the library" on an app's page (core.library.publish_link)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext


def publish_link(key: str, obj: Any) -> tuple[str, str] | None:
    if getattr(obj, "pk", None) is None:
        return None
    return (
        reverse("library:publish", kwargs={"kind": key, "pk": obj.pk}),
        gettext("Publish to the library"),
    )
