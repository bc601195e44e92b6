"""Signals of the newsletter, for apps above it (the network workshop's feed)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent once when an edition has gone to every recipient (status "sent"); ``edition``.
edition_sent = Signal()
