"""Addresses of the family-conscious employers programme.

Public: /familienbewusste-arbeitgeber/ (the list) and /zertifikat/<number>/ (verification).
Employers and jury: /arbeitgeber/…; coordinators: /verwaltung/arbeitgeber/….
Each part adds its lines below its banner by small edits.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "employers"

urlpatterns: list[URLPattern | URLResolver] = [
    # ------------------------------------------------ rounds, catalogue, employers
    # ------------------------------------------------ assessment, measures
    # ------------------------------------------------ evaluation, certificate, public
]
