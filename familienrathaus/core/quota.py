"""Each alliance's upload quota (``Alliance.upload_quota_mb``; 0 = no limit).

:func:`check` runs for every upload inside ``core.uploads`` (all of its ``clean_*``
functions): a file that would take the alliance over its quota is refused with a
message next to the field. The usage is the bytes of the files the alliance's rows
reference (``core.alliance_files``); walking them costs a query per file field and a
``stat`` per file, so it is cached per alliance for ``CACHE_SECONDS`` and dropped
whenever a row with a file field of that alliance is saved or deleted.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from familienrathaus.core import alliance_files, tenancy
from familienrathaus.core.models.alliance import Alliance, AllianceOwned

CACHE_KEY = "quota:usage-bytes"
CACHE_SECONDS = 300
MB = 1024 * 1024


@dataclass(frozen=True)
class Storage:
    """What the alliance uses of its quota (``quota`` 0: no limit)."""

    used: int
    quota: int

    @property
    def used_label(self) -> str:
        return str(filesizeformat(self.used))

    @property
    def quota_label(self) -> str:
        return size_label(self.quota)


def size_label(size: int) -> str:
    """``2 GB`` for a quota of 2048 MB, ``500 MB`` for 500 MB."""
    gigabytes, rest = divmod(size, 1024 * MB)
    if gigabytes and not rest:
        return f"{gigabytes}\xa0GB"
    megabytes, rest = divmod(size, MB)
    return f"{megabytes}\xa0MB" if megabytes and not rest else str(filesizeformat(size))


def usage(alliance: Alliance) -> int:
    """The alliance's bytes in storage (cached for a while, see the module's docstring)."""
    with tenancy.activate(alliance):  # the cache key is the alliance's own
        used = cache.get(CACHE_KEY)
        if used is None:
            used = alliance_files.usage_bytes(alliance)
            cache.set(CACHE_KEY, used, CACHE_SECONDS)
    return int(used)


def storage(alliance: Alliance) -> Storage:
    return Storage(used=usage(alliance), quota=alliance.upload_quota_mb * MB)


def forget(alliance: Alliance) -> None:
    """Count the alliance's files anew on the next check."""
    with tenancy.activate(alliance):
        cache.delete(CACHE_KEY)


def check(size: int) -> None:
    """Refuse a new file of ``size`` bytes that does not fit the active alliance's quota
    (nothing to check without an active alliance or with no limit)."""
    alliance = tenancy.current()
    if alliance is None or not alliance.upload_quota_mb:
        return
    current = storage(alliance)
    if current.used + size > current.quota:
        raise ValidationError(
            _(
                "Your alliance has used up its storage space of %(quota)s (%(used)s are in "
                "use). Please delete files you no longer need, or ask the operators of the "
                "site for more space."
            )
            % {"quota": current.quota_label, "used": current.used_label},
            code="quota_exceeded",
        )


# ------------------------------------------------------------- dropping the cached usage


@functools.cache
def _models_with_files() -> frozenset[type[models.Model]]:
    return frozenset(model for model, _field in alliance_files.file_fields())


def _changed(sender: type[models.Model], instance: models.Model, **_kwargs: Any) -> None:
    if (
        isinstance(instance, AllianceOwned)
        and instance.alliance_id
        and sender in _models_with_files()
    ):
        alliance = tenancy.current()
        if alliance is None or alliance.pk != instance.alliance_id:
            alliance = Alliance.objects.filter(pk=instance.alliance_id).first()
        if alliance is not None:
            forget(alliance)


post_save.connect(_changed, dispatch_uid="quota.changed_saved")
post_delete.connect(_changed, dispatch_uid="quota.changed_deleted")
