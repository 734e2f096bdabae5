"""Private files (evidence attachments, question pictures, photos of working)."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


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
