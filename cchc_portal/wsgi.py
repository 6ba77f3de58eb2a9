"""WSGI entry point (gunicorn cchc_portal.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc_portal.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, their models and URL patterns) lives as long as
# the worker: keep it out of the cyclic garbage collector's passes, which otherwise walk those
# objects again during requests (a pause of a few ms at the slowest requests).
gc.freeze()
