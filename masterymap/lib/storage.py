"""Private files (evidence attachments, question pictures, photos of working), and the
static files' storage."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, read when used (so tests can point it elsewhere).

    Outside STATIC_ROOT and never given a URL: each file is served only by a view of its
    app, after an access check.
    """

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def private_storage() -> FileSystemStorage:
    return PrivateStorage(base_url=None)


class KeptURLStaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    """WhiteNoise's manifest storage, each file's URL kept once looked up. Every page's
    `{% static %}` asks for the same dozen files, and each lookup (the manifest, quoting,
    `urljoin`) cost about 25 µs; the manifest is read once per process and does not change
    while it runs, so neither can the URLs."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._kept_urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            url: str = super().url(name, force)
            return url
        found = self._kept_urls.get(name)
        if found is None:
            found = self._kept_urls[name] = super().url(name)
        return found
