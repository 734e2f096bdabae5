"""The mastery policy page: preview a change, then save and recompute; per-standard
overrides of the class policy, and their removal."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from masterymap.mastery.models import LevelChange, MasteryPolicy, MasteryRecord
from masterymap.standards.models import Standard
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import record_evidence

HTMX = {"HX-Request": "true"}


class PolicyPageTests(BaseTestCase):
    """Ana scored 4 then 2 on both standards of 7A; Ben scored 3 on s1.

    Under the default (most recent) Ana is "not yet" on both and Ben mastered s1; under
    "highest" Ana is mastered too.
    """

    def setUp(self) -> None:
        today = timezone.localdate()
        for standard in (self.d.s1, self.d.s2):
            for days_ago, level in [(10, 4), (5, 2)]:
                self.record(self.d.ana, standard, level, today - timedelta(days=days_ago))
        self.record(self.d.ben, self.d.s1, 3, today - timedelta(days=3))

    def record(self, student, standard, level, assessed_on) -> None:
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=student,
            standard=standard,
            kind="one_on_one",
            level=level,
            assessed_on=assessed_on,
        )

    def url(self, name: str = "mastery:policy", *args: int) -> str:
        return reverse(name, args=[self.d.c7a.pk, *args])

    def data(self, method: str = "highest", **extra: object) -> dict[str, object]:
        return {"method": method, "standard": "", "min_evidence": "1"} | extra

    def record_of(self, student, standard) -> MasteryRecord:
        return MasteryRecord.objects.get(classroom=self.d.c7a, student=student, standard=standard)

    def test_only_the_classes_teachers_and_admins_open_the_policy_page(self) -> None:
        for user, expected in [
            (self.d.tomas, 200),
            (self.d.ada, 200),
            (self.d.uma, 404),
            (self.d.zed, 404),
            (self.d.ana, 404),
        ]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url()).status_code, expected)
                if expected == 404:
                    for name in ("mastery:policy", "mastery:policy-preview"):
                        r = self.client.post(self.url(name), self.data())
                        self.assertEqual(r.status_code, 404)
                    r = self.client.post(self.url("mastery:policy-clear", self.d.s1.pk))
                    self.assertEqual(r.status_code, 404)
        self.assertFalse(MasteryPolicy.objects.exists())

    def test_the_form_offers_every_method_with_its_description_and_settings(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.url())
        self.assertContains(r, "Most recent")
        self.assertContains(r, "This is the default")
        for label in ["Decaying average", "N times at or above mastery", "M of the last N"]:
            self.assertContains(r, label)
        self.assertContains(r, "Each new score pulls the level toward itself")
        self.assertContains(r, 'name="decaying_average-rate"')
        self.assertContains(r, 'data-method-params="m_of_n"')
        self.assertContains(r, 'value="one_on_one"')
        self.assertContains(r, 'name="weight-mini_lesson"')
        self.assertContains(r, "All standards")
        self.assertContains(r, 'value="most_recent" id="id_method_0" required checked')

    def test_a_preview_counts_the_changes_and_saves_nothing(self) -> None:
        before = self.record_of(self.d.ana, self.d.s1)
        changes = LevelChange.objects.count()
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.url("mastery:policy-preview"), self.data(), headers=HTMX)
        self.assertNotContains(r, "<html")
        self.assertContains(r, "1 student, 2 of their standards, would change status.")
        # Ana's two cells and Ben's one are considered; Ana gains mastery on both.
        for figure, n in [
            ("Records considered", 3),
            ("Status changes", 2),
            ("Level changes", 2),
            ("Newly mastered", 2),
            ("No longer mastered", 0),
        ]:
            self.assertContains(r, f"<dt>{figure}</dt><dd>{n}</dd>", html=False)
        self.assertFalse(MasteryPolicy.objects.exists())
        self.assertEqual(LevelChange.objects.count(), changes)
        after = self.record_of(self.d.ana, self.d.s1)
        self.assertEqual((after.status, after.level), (before.status, before.level))

    def test_a_preview_for_one_standard_counts_only_that_standard(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(
            self.url("mastery:policy-preview"),
            self.data(standard=str(self.d.s1.pk)),
            headers=HTMX,
        )
        self.assertContains(r, "1 student, 1 standard, would change status.")
        self.assertContains(r, "<dt>Records considered</dt><dd>2</dd>")

    def test_a_preview_counts_students_and_their_standards_apart(self) -> None:
        # Under "mean" Ana (4, 2 → 3) gains mastery on both standards; Ben (3) keeps his.
        # Then Ben drops to 1 on s2: "mean" keeps Ben not yet there, "highest" too, so
        # under "lowest-ish" policies only Ana changes. Switch the class to "highest" and
        # preview "most recent": Ana loses both, Ben keeps s1 (3 is his latest and highest).
        self.client.force_login(self.d.tomas)
        self.client.post(self.url(), self.data("highest"))
        r = self.client.post(
            self.url("mastery:policy-preview"), self.data("most_recent"), headers=HTMX
        )
        self.assertContains(r, "1 student, 2 of their standards, would change status.")
        self.assertContains(r, "<dt>Students whose status changes</dt><dd>1</dd>", html=False)
        self.assertContains(r, "<dt>Status changes</dt><dd>2</dd>", html=False)
        self.assertContains(r, "<dt>No longer mastered</dt><dd>2</dd>", html=False)

    def test_a_preview_lists_whose_status_changes_with_marks_and_words(self) -> None:
        today = timezone.localdate()
        self.record(self.d.ben, self.d.s2, 4, today - timedelta(days=9))
        self.record(self.d.ben, self.d.s2, 1, today - timedelta(days=1))
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.url("mastery:policy-preview"), self.data(), headers=HTMX)
        self.assertContains(r, "2 students, 3 of their standards, would change status.")
        rows = [row for row in r.content.decode().split("<tr>")[1:] if 'scope="row"' in row]
        self.assertEqual(len(rows), 3)
        # By student, then in map order; each status with its mark and word, not colour alone.
        for row, (name, code) in zip(
            rows, [("Ana A", "s1"), ("Ana A", "s2"), ("Ben B", "s2")], strict=True
        ):
            self.assertIn(name, row)
            self.assertIn(getattr(self.d, code).code, row)
            self.assertIn('<span aria-hidden="true">✗</span> Not yet', row)
            self.assertIn('<span aria-hidden="true">✓</span> Mastered', row)
            self.assertLess(row.index("Not yet"), row.index("Mastered"))

    def test_a_preview_costs_the_same_queries_whatever_the_number_of_changes(self) -> None:
        self.client.force_login(self.d.tomas)
        data = self.data()

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                r = self.client.post(self.url("mastery:policy-preview"), data, headers=HTMX)
                self.assertContains(r, "would change status")
            return len(captured)

        queries()  # the first request of a session also saves the session
        few = queries()
        today = timezone.localdate()
        self.record(self.d.ben, self.d.s2, 4, today - timedelta(days=9))
        self.record(self.d.ben, self.d.s2, 1, today - timedelta(days=1))
        self.assertEqual(queries(), few)

    def test_a_preview_that_changes_nothing_says_so(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(
            self.url("mastery:policy-preview"), self.data("most_recent"), headers=HTMX
        )
        self.assertContains(r, "No student's status would change.")
        self.assertNotContains(r, "preview-changes")

    def test_a_preview_works_without_javascript_as_a_full_page(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.url("mastery:policy-preview"), self.data())
        self.assertContains(r, "<html")
        self.assertContains(r, "1 student, 2 of their standards, would change status.")
        self.assertContains(r, 'value="highest" id="id_method_1" required checked')
        self.assertFalse(MasteryPolicy.objects.exists())

    def test_saving_recomputes_the_records_and_writes_their_history(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.url(), self.data(), follow=True)
        self.assertRedirects(r, self.url())
        self.assertContains(r, "Saved: 2 records changed.")
        record = self.record_of(self.d.ana, self.d.s1)
        self.assertEqual((record.status, record.level), ("mastered", 4.0))
        self.assertEqual(record.explanation, "Exceeds: the highest of the 2 scores is 4.")
        change = record.changes.last()
        self.assertEqual(
            (change.from_level, change.to_level, change.from_status, change.to_status),
            (2.0, 4.0, "not_yet", "mastered"),
        )
        self.assertEqual((change.why, change.by), ("policy changed to highest", self.d.tomas))
        policy = MasteryPolicy.objects.get(classroom=self.d.c7a, standard=None)
        self.assertEqual((policy.method, policy.updated_by), ("highest", self.d.tomas))
        # The page now shows the saved policy as the class policy.
        self.assertNotContains(r, "This is the default")
        self.assertContains(r, 'value="highest" id="id_method_1" required checked')

    def test_settings_kinds_and_weights_are_saved_as_typed(self) -> None:
        self.client.force_login(self.d.tomas)
        data = self.data(
            "m_of_n",
            **{
                "m_of_n-m": "2",
                "m_of_n-n": "3",
                "decaying_average-rate": "not a number: ignored, not chosen",
                "min_evidence": "2",
                "kinds": ["one_on_one", "assessment"],
                "weight-one_on_one": "2",
                "weight-assessment": "1",
            },
        )
        r = self.client.post(self.url(), data)
        self.assertEqual(r.status_code, 302)
        policy = MasteryPolicy.objects.get(classroom=self.d.c7a, standard=None)
        self.assertEqual(policy.params, {"m": 2, "n": 3})
        self.assertEqual(policy.min_evidence, 2)
        self.assertEqual(sorted(policy.kinds), ["assessment", "one_on_one"])
        self.assertEqual(policy.weights, {"one_on_one": 2.0})
        r = self.client.get(self.url())
        self.assertContains(r, "M of the last N (number of scores needed 2")
        self.assertContains(r, "One-on-one check (battle the boss) ×2")

    def test_invalid_settings_are_refused_with_the_message_and_change_nothing(self) -> None:
        self.client.force_login(self.d.tomas)
        cases = [
            (
                self.data("decaying_average", **{"decaying_average-rate": "0.3"}),
                "The decay rate must be between 0.50 and 0.99.",
            ),
            (
                self.data("m_of_n", **{"m_of_n-m": "5", "m_of_n-n": "3"}),
                "The number of scores needed can&#x27;t be more than",
            ),
            (self.data(min_evidence="0"), "The minimum number of evidence records is from 1"),
            (self.data(**{"weight-product": "-1"}), "A weight is a number from 0 to 100."),
            (self.data(**{"weight-product": "1e308"}), "A weight is a number from 0 to 100."),
            (self.data("n_times", **{"n_times-n": "two"}), "Enter a number."),
        ]
        for data, message in cases:
            with self.subTest(message=message):
                r = self.client.post(self.url(), data)
                self.assertEqual(r.status_code, 200)
                self.assertContains(r, message)
                r = self.client.post(self.url("mastery:policy-preview"), data, headers=HTMX)
                self.assertContains(r, message)
                self.assertNotContains(r, "would change")
        self.assertFalse(MasteryPolicy.objects.exists())
        self.assertEqual(self.record_of(self.d.ana, self.d.s1).status, "not_yet")

    def test_a_standard_from_another_map_is_refused(self) -> None:
        uma_standard = self._uma_standard()
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.url(), self.data(standard=str(uma_standard.pk)))
        self.assertContains(r, "Select a valid choice")
        self.assertFalse(MasteryPolicy.objects.exists())
        r = self.client.get(self.url() + f"?standard={uma_standard.pk}")
        self.assertEqual(r.status_code, 404)

    def _uma_standard(self) -> Standard:
        uma_map = self.d.c8c.mastery_map
        unit = uma_map.units.create(title="Numbers", position=1)
        return Standard.objects.create(
            mastery_map=uma_map, unit=unit, code="8.NS.1", statement="s", i_can="I can"
        )

    def test_a_standard_override_applies_only_to_it_and_can_be_removed(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.url(), self.data(standard=str(self.d.s1.pk)), follow=True)
        self.assertRedirects(r, self.url() + f"?standard={self.d.s1.pk}")
        self.assertContains(r, "Saved: 1 record changed.")
        self.assertEqual(self.record_of(self.d.ana, self.d.s1).status, "mastered")
        self.assertEqual(self.record_of(self.d.ana, self.d.s2).status, "not_yet")
        self.assertFalse(MasteryPolicy.objects.filter(standard=None).exists())
        # The page lists the override and starts the form from it.
        self.assertContains(r, "Per-standard overrides")
        self.assertContains(r, "Remove override")
        self.assertContains(r, 'value="highest" id="id_method_1" required checked')
        self.assertEqual(r.context["form"].initial["standard"], self.d.s1.pk)
        # A class-wide change leaves the overridden standard alone.
        self.client.post(self.url(), self.data("most_recent"))
        self.assertEqual(self.record_of(self.d.ana, self.d.s1).status, "mastered")

        r = self.client.post(self.url("mastery:policy-clear", self.d.s1.pk), follow=True)
        self.assertContains(
            r,
            "<span data-content>7.RP.A.1</span> follows the class policy again: 1 record changed.",
        )
        self.assertFalse(MasteryPolicy.objects.filter(standard=self.d.s1).exists())
        record = self.record_of(self.d.ana, self.d.s1)
        self.assertEqual(record.status, "not_yet")
        self.assertEqual(record.changes.last().why, "7.RP.A.1 follows the class policy again")
        self.assertContains(r, "None: every standard follows the class policy.")

    def test_the_grid_links_to_the_policy_page(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("mastery:grid", args=[self.d.c7a.pk]))
        self.assertContains(r, f'href="{self.url()}"')
