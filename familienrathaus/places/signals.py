"""Any change to a place or a kind makes the cached GeoJSON documents stale."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from familienrathaus.core.models import District
from familienrathaus.places import geojson
from familienrathaus.places.models import Place, PlaceKind


@receiver(post_save, sender=Place)
@receiver(post_delete, sender=Place)
@receiver(post_save, sender=PlaceKind)
@receiver(post_delete, sender=PlaceKind)
@receiver(m2m_changed, sender=Place.kinds.through)
@receiver(post_save, sender=District)  # the documents name each place's district
@receiver(post_delete, sender=District)
def _forget_geojson(sender: Any, **kwargs: Any) -> None:
    geojson.invalidate()
