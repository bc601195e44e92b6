"""Addresses of the network workshop (Bündnis-Werkstatt), members only, under /werkstatt/.

Each part adds its lines below its banner by small edits.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "network"

urlpatterns: list[URLPattern | URLResolver] = [
    # ------------------------------------------------ groups, members
    # ------------------------------------------------ meetings, tasks
    # ------------------------------------------------ minutes
    # ------------------------------------------------ documents, feed
]
