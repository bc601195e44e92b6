"""The site as page_weight.py serves it: the project's WSGI application, plus the uploads.

In production nginx sends the uploads under ``/media/`` (``deploy/nginx.conf``); the
bench has no proxy, so WhiteNoise sends them here, from ``MEDIA_ROOT`` as ``load_demo``
left it, so a page's pictures weigh in the first load as they would behind nginx.
"""

from __future__ import annotations

from django.conf import settings
from whitenoise import WhiteNoise

from config.wsgi import application as site

application = WhiteNoise(site)
application.add_files(str(settings.MEDIA_ROOT), prefix=settings.MEDIA_URL)
