"""schema.org JSON-LD for an activity page: one ``Event`` per occasion."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import SafeString

from familienrathaus.core import capacity
from familienrathaus.holidays.models import Activity
from familienrathaus.offers.jsonld import script_tag


def activity_script(activity: Activity, occasions: list[Any], *, absolute: Any) -> SafeString:
    url = absolute(activity.get_absolute_url())
    events = []
    for occasion in occasions:
        dates = list(occasion.dates.all())
        if not dates:
            continue
        event: dict[str, Any] = {
            "@type": "Event",
            "name": activity.title,
            "description": activity.summary,
            "url": url,
            "startDate": dates[0].starts.isoformat(),
            "endDate": dates[-1].ends.isoformat(),
            "eventStatus": "https://schema.org/EventCancelled"
            if occasion.cancelled_at
            else "https://schema.org/EventScheduled",
            "organizer": {"@type": "Organization", "name": activity.organisation.name},
            "maximumAttendeeCapacity": occasion.max_places,
            # Places held for the waiting list are not free (core.capacity's rule).
            "remainingAttendeeCapacity": capacity.free_for_newcomers(
                places=occasion.max_places,
                taken=occasion.taken,
                waiting=getattr(occasion, "waiting", 0),
            ),
            "offers": {
                "@type": "Offer",
                "price": str(occasion.fee),
                "priceCurrency": "EUR",
                "url": url,
            },
        }
        if occasion.age_min is not None or occasion.age_max is not None:
            low = "" if occasion.age_min is None else occasion.age_min
            high = "" if occasion.age_max is None else occasion.age_max
            event["typicalAgeRange"] = f"{low}-{high}"
        if activity.meeting_point:
            event["location"] = {"@type": "Place", "name": activity.meeting_point}
        events.append(event)
    return script_tag({"@context": "https://schema.org", "@graph": events})
