"""`{% tracker_analysis_items analyses %}`: the tracker's looks back at each try, a line each
(`reflections.TrackerAnalysis`, newest try first), written here rather than by a template
loop: a line there cost ~130 µs (a `{% url %}`, two dates, five translations), and a
student's list grows with every try (interventions/tests/test_tracker_analyses.py compares
the two). The interface's words are written as `{% translate %}` wrote them (unescaped:
they are our catalogue's); everything read from the database is escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone
from django.utils.translation import gettext, pgettext

from masterymap.interventions.reflections import TrackerAnalysis
from masterymap.lib.urls import around_last_id
from masterymap.standards.templatetags.symbols import standard_title

register = template.Library()


@register.simple_tag
def tracker_analysis_items(analyses: Sequence[TrackerAnalysis]) -> SafeString:
    if not analyses:
        return SafeString("")
    before, after = around_last_id("workflows:attempt")
    finished = pgettext("a look back", "Finished")
    draft = pgettext("a look back", "Draft")
    read = pgettext("a look back", "Read")
    unread = pgettext("a look back", "Not read yet")
    summary_word = gettext("What I will do differently next time:")
    form = gettext("form %(label)s")
    read_by = gettext("by <span data-content>%(name)s</span> on %(when)s")
    zone = get_current_timezone()

    def day(moment: datetime) -> str:
        # As `{{ moment|date:"D j M" }}`: "Tue 3 Nov", in the page's time zone.
        return escape(date_format(moment.astimezone(zone), "D j M"))

    lines = []
    for a in analyses:
        line = [
            f'<li class="tracker-analysis" id="analysis-{a.attempt_id}">',
            f'<a href="{before}{a.attempt_id}{after}#error-analysis">{standard_title(a.standard)}'
            f" · {form % {'label': escape(a.form_label)}}</a>"
            + (f' · <span class="muted">{day(a.submitted_at)}</span>' if a.submitted_at else ""),
            f'<span class="badge status-mastered">✓ {finished}</span>'
            if a.finished_at
            else f'<span class="badge status-in-progress">✎ {draft}</span>',
            f'<span class="badge status-mastered">✓ {read}</span> <span class="muted">'
            f"{read_by % {'name': escape(a.read_by), 'when': day(a.read_at)}}</span>"
            if a.read_at
            else f'<span class="badge status-not-started">○ {unread}</span>',
        ]
        if a.summary:
            line.append(
                f'<p class="tracker-analysis-summary">{summary_word} '
                f'<span class="typed" data-content>{escape(a.summary)}</span></p>'
            )
        line.append("</li>")
        lines.append("\n".join(line))
    return mark_safe("\n".join(lines))  # noqa: S308 - each value read from the database is escaped
