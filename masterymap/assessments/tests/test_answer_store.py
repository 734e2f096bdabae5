"""Autosave's write (assessments.actions.store_answers): only what changed is written, a new
answer once, a changed one in place, an unchanged one left as it was; the same for a form's
responses and a benchmark sitting's answers."""

from __future__ import annotations

from datetime import timedelta

from masterymap.assessments.actions import RESPONSES, save_answers, store_answers
from masterymap.assessments.models import Response
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt


class AnswerStoreTests(BaseTestCase):
    def test_new_changed_and_unchanged_answers(self) -> None:
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
        items = list(attempt.form.form_items.order_by("position").values_list("item_id", flat=True))
        first, second = items[0], items[1]
        self.assertEqual(store_answers(RESPONSES, attempt.pk, {first: ["a"], second: ["b"]}), 2)
        # An hour later: one answer changed, one the same.
        Response.objects.filter(attempt=attempt).update(
            updated_at=Response.objects.get(attempt=attempt, item_id=first).updated_at
            - timedelta(hours=1)
        )
        before = dict(Response.objects.filter(attempt=attempt).values_list("item_id", "updated_at"))
        self.assertEqual(store_answers(RESPONSES, attempt.pk, {first: ["c"], second: ["b"]}), 1)
        after = {r.item_id: r for r in Response.objects.filter(attempt=attempt)}
        self.assertEqual(after[first].answer, ["c"])
        self.assertGreater(after[first].updated_at, before[first])
        self.assertEqual(after[second].answer, ["b"])
        self.assertEqual(after[second].updated_at, before[second])  # not written again
        self.assertEqual(store_answers(RESPONSES, attempt.pk, {}), 0)
        self.assertEqual(Response.objects.filter(attempt=attempt).count(), 2)

    def test_a_typed_answer_round_trips_as_written(self) -> None:
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
        typed = next(
            fi.item
            for fi in attempt.form.form_items.select_related("item")
            if not fi.item.has_choices
        )
        words = ['½ of "12", then ünïcode & <tags>']
        save_answers(attempt=attempt, answers={typed.pk: words})
        self.assertEqual(Response.objects.get(attempt=attempt, item=typed).answer, words)
        self.assertEqual(save_answers(attempt=attempt, answers={typed.pk: words}), 0)
