"""Addresses of the welcome for newborns (Babybegrüßung).

Public: /babybegruessung/… (registration, appointment choice, the family's guide by its
secret link, Kita interest, follow-up mails); the short link /baby/ for flyers.
Staff: /verwaltung/babybegruessung/…. Each part adds its lines below its banner by
small edits.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "welcome"

urlpatterns: list[URLPattern | URLResolver] = [
    # ------------------------------------------------ registration, settings (W1)
    # ------------------------------------------------ guide, timeline, follow-up mails (W2)
    # ------------------------------------------------ desk: check, package, stock, slots (W3)
    # ------------------------------------------------ grants and payments (W4)
    # ------------------------------------------------ Kita interest, reports (W5)
]
