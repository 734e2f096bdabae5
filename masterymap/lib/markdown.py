"""Markdown to safe HTML for item stems, choices and feedback."""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

# Raw HTML is off in the parser and nh3 strips anything unsafe that slips through
# (javascript: links, event attributes), so a stem can never run script in a student's page.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    "table"
)
_ALLOWED_TAGS = {
    "p",
    "em",
    "strong",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "br",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "sup",
    "sub",
}


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    html = _md.render(text or "")
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


@lru_cache(maxsize=4096)
def render_inline(text: str) -> str:
    """One line of Markdown (a choice) without the wrapping paragraph."""
    html = _md.renderInline(text or "")
    return nh3.clean(html, tags={"em", "strong", "code", "sup", "sub"}, attributes={})
