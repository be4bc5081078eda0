"""WSGI entry point for any WSGI server (Podium's own `podium serve` uses waitress)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "podium.site.settings")
application = get_wsgi_application()
