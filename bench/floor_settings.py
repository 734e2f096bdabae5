"""The app's settings with `floor_urls` (bench/floor.py only). With FLOOR_MINIMAL set, only
the middleware Django needs for a signed-in, CSRF-checked POST: Django's own floor, without
what the app adds for a school (security headers, CSP, the idle session, languages,
compression, request limits, lock-out)."""

import os

from masterymap.settings import *  # noqa: F403

ROOT_URLCONF = "floor_urls"
if os.environ.get("FLOOR_MINIMAL"):
    MIDDLEWARE = [
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ]
