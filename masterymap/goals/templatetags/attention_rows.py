"""`{% attention_rows rows dismiss_url %}`: the alerts of the needs-attention panel and the
grid's strip, a list item each, written here rather than by an `{% include %}` per row: the
panel of a class of 600 lists up to 160 alerts, and the include's rendering was a third of
the page (goals/tests/test_attention_rows.py compares the two). The interface's words are
our catalogue's but escaped as `{{ }}` escaped them; the names, links and keys are escaped;
each alert's reason is already HTML (`goals.attention._reason`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from masterymap.goals.attention import MARKS, AlertRow, kind_label

register = template.Library()


@register.simple_tag(takes_context=True)
def attention_rows(context: Any, rows: Sequence[AlertRow], dismiss_url: str) -> SafeString:
    if not rows:
        return SafeString("")
    # As `{% csrf_token %}` writes it: the one token of this page, in every row's form.
    token = context.get("csrf_token")
    csrf = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'
        if token and token != "NOTPROVIDED"
        else ""
    )
    action = escape(dismiss_url)
    dismiss = escape(gettext("Dismiss"))
    # Per kind, once: (its class name, its label, its badge).
    badges: dict[object, tuple[str, str, str]] = {}
    out = []
    for counter, row in enumerate(rows, start=1):
        kind = row.alert.kind
        badge = badges.get(kind)
        if badge is None:
            css_new, label_new = str(escape(kind.value)), str(escape(kind_label(kind)))
            badge = badges[kind] = (
                css_new,
                label_new,
                f'<span class="badge alert-badge alert-{css_new}">'
                f'<span aria-hidden="true">{escape(MARKS[kind])}</span> {label_new}</span>',
            )
        css, label, badge_html = badge
        name = escape(row.name)
        out.append(
            f'<li class="alert-row alert-{css}" id="alert-{counter}-{css}">\n'
            f"  {badge_html}\n"
            f'  <a href="{escape(row.url)}" data-content>{name}</a>\n'
            f'  <span class="alert-reason">{conditional_escape(row.reason)}</span>\n'
            f'  <form method="post" action="{action}" hx-post="{action}" hx-target="closest li"'
            f' hx-swap="outerHTML" class="inline">{csrf}<input type="hidden" name="key"'
            f' value="{escape(row.alert.key)}"><button class="btn link" type="submit">{dismiss}'
            f'<span class="sr-only">: {label}, <span data-content>{name}</span></span>'
            "</button></form>\n</li>\n"
        )
    return mark_safe("".join(out))  # noqa: S308 - every value is escaped above
