"""A filter for the log handlers in settings.LOGGING."""

from __future__ import annotations

import logging
import re

CARD_PATH = re.compile(r"/card/[^/\s\"']+")


class HideCardKeys(logging.Filter):
    """Takes the key out of a login card's path ("/card/<key>/" becomes "/card/…/") in any
    line a handler writes. Django logs the path of every 4xx response ("Not Found: …"), and
    a card's key is a credential: the link still works for the account it names."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/card/" in message:
            record.msg = CARD_PATH.sub("/card/…", message)
            record.args = ()
        return True
