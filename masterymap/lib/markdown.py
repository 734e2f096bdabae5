"""Markdown to safe HTML for item stems, choices and feedback, with LaTeX-style math.

Math is written between dollar signs: `$\\frac{3}{4}$` inline, `$$x^2 + 1$$` on its own
line. It is turned into MathML on the server (latex2mathml), which every current browser
draws with no script and no network. A dollar sign is math only when the text right inside
it is not a space and the closing one is not followed by a digit, so "$5 and $10" stays
money; `\\$` is always a dollar sign. Math that does not parse is shown as written, in
code, never as an error.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from latex2mathml.converter import convert as latex_to_mathml
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
_INLINE_TAGS = {"em", "strong", "code", "sup", "sub"}

# MathML Core's presentation elements, and the attributes latex2mathml writes.
_MATH_TAGS = {
    "math",
    "mrow",
    "mi",
    "mn",
    "mo",
    "ms",
    "mtext",
    "mspace",
    "mfrac",
    "msqrt",
    "mroot",
    "msup",
    "msub",
    "msubsup",
    "munder",
    "mover",
    "munderover",
    "mtable",
    "mtr",
    "mtd",
    "mstyle",
    "mpadded",
    "mphantom",
    "menclose",
    "merror",
    "semantics",
    "annotation",
}
_MATH_ATTRIBUTES = {
    tag: {
        "display",
        "xmlns",
        "mathvariant",
        "stretchy",
        "fence",
        "separator",
        "lspace",
        "rspace",
        "linethickness",
        "columnalign",
        "rowalign",
        "accent",
        "accentunder",
        "form",
        "minsize",
        "maxsize",
        "movablelimits",
        "notation",
        "width",
        "height",
        "depth",
        "displaystyle",
        "scriptlevel",
        "columnspacing",
        "rowspacing",
        "encoding",
    }
    for tag in _MATH_TAGS
}

# $$display$$ first, then $inline$: not after a backslash, no space just inside, and the
# closing sign not followed by a digit ("$5 and $10" is money).
_MATH = re.compile(
    r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$"
    r"|(?<![\\$])\$(?=[^\s$])(?P<inline>[^$\n]*?[^\s\\$])\$(?![\d$])",
    re.S,
)
_PLACEHOLDER = "MATHSLOT{}X"
_SLOT = re.compile(r"MATHSLOT(\d+)X")
_MAX_MATH = 2000  # characters of LaTeX in one piece; longer is shown as written


def _mathml(latex: str, display: bool) -> str:
    """One piece of math as sanitised MathML, or the LaTeX in code when it does not parse."""
    source = latex.strip()
    try:
        if len(source) > _MAX_MATH:
            raise ValueError("too long")
        mathml = latex_to_mathml(source, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - a teacher's typo must never break a page
        code = nh3.clean_text(source)
        return f"<code>{'$$' if display else '$'}{code}{'$$' if display else '$'}</code>"
    return nh3.clean(mathml, tags=_MATH_TAGS, attributes=_MATH_ATTRIBUTES)


def _protect(text: str) -> tuple[str, list[str]]:
    """The text with each piece of math replaced by a placeholder Markdown leaves alone,
    and the MathML for each."""
    pieces: list[str] = []

    def slot(match: re.Match[str]) -> str:
        display = match.group("display") is not None
        pieces.append(_mathml(match.group("display") or match.group("inline"), display))
        return _PLACEHOLDER.format(len(pieces) - 1)

    return _MATH.sub(slot, text), pieces


def _restore(html: str, pieces: list[str]) -> str:
    if not pieces:
        return html
    return _SLOT.sub(
        lambda m: pieces[int(m.group(1))] if int(m.group(1)) < len(pieces) else m.group(0),
        html,
    )


def _unescape_dollars(text: str) -> str:
    return text.replace("\\$", "$")


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    source, math = _protect(text or "")
    html = _md.render(_unescape_dollars(source))
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"align"}, "td": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return _restore(clean, math)


@lru_cache(maxsize=4096)
def render_inline(text: str) -> str:
    """One line of Markdown (a choice) without the wrapping paragraph."""
    source, math = _protect(text or "")
    html = _md.renderInline(_unescape_dollars(source))
    return _restore(nh3.clean(html, tags=_INLINE_TAGS, attributes={}), math)
