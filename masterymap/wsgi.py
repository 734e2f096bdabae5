import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masterymap.settings")
application = get_wsgi_application()


def _load_every_view() -> object:
    from django.urls import get_resolver

    return get_resolver().url_patterns  # imports every app's views


# What every request would load, loaded now and kept out of the garbage collector's walks
# (masterymap/lib/gc_pause.py).
from masterymap.lib.gc_pause import settle_after_start  # noqa: E402

settle_after_start(_load_every_view)
