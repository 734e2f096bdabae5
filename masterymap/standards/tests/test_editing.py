"""Editing a map after the fact: rename, reorder (buttons and the drag's endpoint), archive and
restore standards and maps, delete what nothing uses; and who may do it.

In the shared school Tomás edits "Grade 7" (unit Ratios: 7.RP.A.1 with items and two forms,
7.RP.A.2 with nothing yet), which classes 7A and 7B follow; Ada, the school's admin, edits
every map of the school; Uma, Zed (Hilltop's admin) and the students edit none of it.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from masterymap.assessments.actions import create_form
from masterymap.benchmarks.actions import mixed_pool
from masterymap.goals.actions import set_goal
from masterymap.goals.board import fingerprint
from masterymap.goals.queries import mastered_in_class, student_goals
from masterymap.interventions.reflections import save_error_analysis
from masterymap.standards import actions
from masterymap.standards.models import MasteryMap, Standard, Unit
from masterymap.test import BaseTestCase, make_standard_items
from masterymap.workflows.actions import record_evidence, start_attempt, submit_attempt


def order(unit: Unit) -> list[str]:
    """The unit's standards on the map, in order, by code."""
    return list(unit.standards.order_by("position", "id").values_list("code", flat=True))


class EditingCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.client.force_login(self.d.tomas)
        self.map_url = reverse("standards:map-detail", args=[self.d.grade7.pk])

    def add_standard(self, code: str, unit: Unit | None = None) -> Standard:
        return actions.create_standard(
            unit=unit or self.d.unit1,
            code=code,
            statement=f"Statement of {code}",
            i_can=f"I can do {code}",
            icon="star",
            colour="blue",
        )

    def evidence(self, standard: Standard, level: float = 3) -> None:
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=standard,
            kind="one_on_one",
            level=level,
            assessed_on=timezone.localdate(),
        )


class RenameTests(EditingCase):
    def test_a_teacher_renames_the_map_and_a_unit_from_the_map_page(self) -> None:
        page = self.client.get(self.map_url)
        self.assertContains(page, reverse("standards:map-rename", args=[self.d.grade7.pk]))
        self.assertContains(page, reverse("standards:unit-rename", args=[self.d.unit1.pk]))
        r = self.client.post(
            reverse("standards:map-rename", args=[self.d.grade7.pk]),
            {"title": " Grade 7 Maths ", "description": "The whole year."},
        )
        self.assertRedirects(r, self.map_url)
        r = self.client.post(
            reverse("standards:unit-rename", args=[self.d.unit1.pk]), {"title": "Ratios & rates"}
        )
        self.assertRedirects(r, f"{self.map_url}#unit-{self.d.unit1.pk}")
        self.d.grade7.refresh_from_db()
        self.d.unit1.refresh_from_db()
        self.assertEqual(
            (self.d.grade7.title, self.d.grade7.description, self.d.unit1.title),
            ("Grade 7 Maths", "The whole year.", "Ratios & rates"),
        )
        page = self.client.post(
            reverse("standards:unit-rename", args=[self.d.unit1.pk]),
            {"title": "Ratios & rates"},
            follow=True,
        )
        self.assertContains(page, "Unit renamed.")
        self.assertContains(page, "<h2 data-content>Ratios &amp; rates</h2>", html=False)

    def test_an_empty_title_is_refused_and_nothing_changes(self) -> None:
        for url in (
            reverse("standards:map-rename", args=[self.d.grade7.pk]),
            reverse("standards:unit-rename", args=[self.d.unit1.pk]),
        ):
            with self.subTest(url=url):
                r = self.client.post(url, {"title": "   "}, follow=True)
                self.assertContains(r, "Give the")
        r = self.client.post(
            reverse("standards:map-rename", args=[self.d.grade7.pk]),
            {"title": "Grade 7 Maths", "description": "d" * 2001},
            follow=True,
        )
        self.assertContains(r, "Keep the description to 2000 characters at most.")
        self.d.grade7.refresh_from_db()
        self.d.unit1.refresh_from_db()
        self.assertEqual((self.d.grade7.title, self.d.unit1.title), ("Grade 7", "Ratios"))


class ReorderTests(EditingCase):
    def move(self, standard: Standard, direction: str) -> None:
        url = reverse("standards:standard-move", args=[standard.pk])
        r = self.client.post(url, {"direction": direction})
        self.assertRedirects(r, f"{self.map_url}#standard-{standard.pk}")

    def test_move_buttons_swap_standards_and_number_them_from_zero(self) -> None:
        s3 = self.add_standard("7.RP.A.3")
        self.move(self.d.s1, "down")
        self.assertEqual(order(self.d.unit1), ["7.RP.A.2", "7.RP.A.1", "7.RP.A.3"])
        self.assertEqual(
            list(self.d.unit1.standards.order_by("position").values_list("position", flat=True)),
            [0, 1, 2],
        )
        self.move(s3, "up")
        self.assertEqual(order(self.d.unit1), ["7.RP.A.2", "7.RP.A.3", "7.RP.A.1"])

    def test_the_buttons_name_the_standard_and_the_ends_have_one_button(self) -> None:
        page = self.client.get(self.map_url).content.decode()
        s1_row = page[page.index(f'id="standard-{self.d.s1.pk}"') :]
        s1_row = s1_row[: s1_row.index("</tr>")]
        # The first can only go down, the last only up; each button says which standard.
        self.assertIn(
            'Move down<span class="sr-only"> <span data-content>7.RP.A.1</span></span>', s1_row
        )
        self.assertNotIn("Move up", s1_row)
        self.assertIn(
            'Move up<span class="sr-only"> <span data-content>7.RP.A.2</span></span>', page
        )
        self.assertNotIn('Move down<span class="sr-only"> <span data-content>7.RP.A.2', page)

    def test_moving_past_either_end_or_anywhere_else_is_refused(self) -> None:
        url = reverse("standards:standard-move", args=[self.d.s1.pk])
        r = self.client.post(url, {"direction": "up"}, follow=True)
        self.assertContains(r, "It is first already.")
        for direction in ("sideways", "", "²"):
            with self.subTest(direction=direction):
                r = self.client.post(url, {"direction": direction}, follow=True)
                self.assertContains(r, "Move it up or down.")
        self.assertEqual(order(self.d.unit1), ["7.RP.A.1", "7.RP.A.2"])

    def test_units_move_with_their_buttons(self) -> None:
        unit2 = actions.create_unit(mastery_map=self.d.grade7, title="Expressions")
        url = reverse("standards:unit-move", args=[unit2.pk])
        r = self.client.post(url, {"direction": "up"})
        self.assertRedirects(r, f"{self.map_url}#unit-{unit2.pk}")
        titles = list(self.d.grade7.units.values_list("title", flat=True))
        self.assertEqual(titles, ["Expressions", "Ratios"])
        r = self.client.post(url, {"direction": "up"}, follow=True)
        self.assertContains(r, "It is first already.")

    def test_the_drag_endpoint_saves_a_new_order(self) -> None:
        s3 = self.add_standard("7.RP.A.3")
        url = reverse("standards:standards-reorder", args=[self.d.unit1.pk])
        r = self.client.post(url, {"order": [s3.pk, self.d.s1.pk, self.d.s2.pk]})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.json(), {"order": [s3.pk, self.d.s1.pk, self.d.s2.pk]})
        self.assertEqual(order(self.d.unit1), ["7.RP.A.3", "7.RP.A.1", "7.RP.A.2"])
        # The page reloads after a drag: it says the order was saved.
        self.assertContains(self.client.get(self.map_url), "New order saved.")

    def test_a_tampered_order_is_refused_with_400_and_changes_nothing(self) -> None:
        s1, s2 = self.d.s1.pk, self.d.s2.pk
        other_map = self.add_standard(
            "7.OTHER", unit=actions.create_unit(mastery_map=self.d.c8c.mastery_map, title="Uma's")
        )
        archived = actions.archive_standard(standard=self.add_standard("7.GONE"))
        url = reverse("standards:standards-reorder", args=[self.d.unit1.pk])
        tampered = {
            "one missing": [s2],
            "one twice": [s2, s1, s1],
            "another map's": [s2, s1, other_map.pk],
            "an archived one": [s2, s1, archived.pk],
            "no id": [s2, "²"],
            "a huge id": [s2, str(2**63)],
            "nothing": [],
        }
        for name, ids in tampered.items():
            with self.subTest(name):
                r = self.client.post(url, {"order": ids})
                self.assertEqual(r.status_code, 400)
                self.assertIn("error", r.json())
        self.assertEqual(order(self.d.unit1), ["7.RP.A.1", "7.RP.A.2"])
        r = self.client.post(url, {"order": [s2]})
        self.assertEqual(
            r.json()["error"],
            "That order does not list exactly the items shown: reload the page and try again.",
        )

    def test_the_units_endpoint_reorders_units_and_refuses_a_tampered_list(self) -> None:
        unit2 = actions.create_unit(mastery_map=self.d.grade7, title="Expressions")
        url = reverse("standards:units-reorder", args=[self.d.grade7.pk])
        r = self.client.post(url, {"order": [unit2.pk]})
        self.assertEqual(r.status_code, 400)
        self.assertEqual(
            list(self.d.grade7.units.values_list("pk", flat=True)), [self.d.unit1.pk, unit2.pk]
        )
        r = self.client.post(url, {"order": [unit2.pk, self.d.unit1.pk]})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(
            list(self.d.grade7.units.values_list("pk", flat=True)), [unit2.pk, self.d.unit1.pk]
        )
        self.assertEqual(list(self.d.grade7.units.values_list("position", flat=True)), [0, 1])

    def test_the_map_pages_queries_do_not_grow_with_its_standards(self) -> None:
        def queries() -> int:
            with CaptureQueriesContext(connection) as seen:
                self.assertEqual(self.client.get(self.map_url).status_code, 200)
            return len(seen)

        queries()  # the first request of a test reads what later ones find cached
        before = queries()
        unit2 = actions.create_unit(mastery_map=self.d.grade7, title="Expressions")
        for n in range(5):
            self.add_standard(f"7.EE.{n}", unit=unit2)
        actions.archive_standard(standard=self.add_standard("7.EE.GONE", unit=unit2))
        actions.archive_standard(standard=self.d.s2)
        self.assertEqual(queries(), before)

    def test_the_map_page_loads_the_drag_script(self) -> None:
        page = self.client.get(self.map_url)
        self.assertContains(page, 'src="/static/js/reorder.js" defer')
        self.assertContains(page, f'data-reorder-url="/units/{self.d.unit1.pk}/standards/order/"')
        self.assertContains(page, f'data-reorder-item="{self.d.s1.pk}"')


class ArchiveStandardTests(EditingCase):
    def archive(self, standard: Standard) -> None:
        r = self.client.post(reverse("standards:standard-archive", args=[standard.pk]), follow=True)
        self.assertRedirects(r, f"{self.map_url}#archived")
        self.assertContains(r, f"{standard.code}</span> archived: it is off the map")

    def test_an_archived_standard_leaves_the_grid_the_students_map_and_the_public_map(
        self,
    ) -> None:
        self.evidence(self.d.s2, level=4)
        self.archive(self.d.s2)
        self.assertIsNotNone(Standard.all_objects.get(pk=self.d.s2.pk).archived_at)
        self.assertFalse(Standard.objects.filter(pk=self.d.s2.pk).exists())
        pages = {
            "grid": (self.d.tomas, reverse("mastery:grid", args=[self.d.c7a.pk])),
            "student's map": (self.d.ana, reverse("workflows:student-map", args=[self.d.c7a.pk])),
            "tracker": (
                self.d.tomas,
                reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ana.pk]),
            ),
            "public map": (self.d.tomas, reverse("goals:public-map", args=[self.d.c7a.pk])),
            "benchmark builder": (
                self.d.tomas,
                reverse("benchmarks:list", args=[self.d.c7a.pk]),
            ),
        }
        for name, (user, url) in pages.items():
            with self.subTest(name):
                self.client.force_login(user)
                r = self.client.get(url)
                self.assertContains(r, "7.RP.A.1")
                self.assertNotContains(r, "7.RP.A.2")
        # The class's mastered standards (goals, pace, the public map) leave it out.
        self.assertEqual(mastered_in_class(self.d.c7a), [])

    def test_the_public_map_updates_and_attention_forgets_it(self) -> None:
        self.open_retakes()
        # A third form, so Ana can be told "not yet" three times.
        create_form(standard=self.d.s1, item_ids=[i.pk for i in make_standard_items(self.d.s1)])
        for _n in range(3):
            attempt = start_attempt(student=self.d.ana, standard=self.d.s1, classroom=self.d.c7a)
            submit_attempt(attempt=attempt, answers={})
        attention = reverse("goals:attention", args=[self.d.c7a.pk])
        self.assertContains(self.client.get(attention), "Still not mastered after three tries")
        before = fingerprint(self.d.c7a)
        actions.archive_standard(standard=self.d.s1)
        # The live public map polls this fingerprint: archiving changes it, so the board
        # drops the standard at once.
        self.assertNotEqual(fingerprint(self.d.c7a), before)
        self.assertNotContains(self.client.get(attention), "Still not mastered after three tries")

    def test_small_groups_and_mixed_practice_leave_it_out(self) -> None:
        self.evidence(self.d.s2, level=1)  # Ana: not yet on 7.RP.A.2
        self.evidence(self.d.s1, level=4)  # and mastered 7.RP.A.1, whose bank has questions
        groups = reverse("interventions:groups", args=[self.d.c7a.pk])
        self.assertContains(self.client.get(groups), "7.RP.A.2")
        self.assertIn(self.d.s1.pk, mixed_pool(self.d.c7a, self.d.ana))
        actions.archive_standard(standard=self.d.s2)
        actions.archive_standard(standard=self.d.s1)
        self.assertNotContains(self.client.get(groups), "7.RP.A.2")
        self.assertEqual(mixed_pool(self.d.c7a, self.d.ana), {})

    def test_a_goal_counts_no_archived_standard(self) -> None:
        self.evidence(self.d.s1, level=4)
        self.evidence(self.d.s2, level=4)
        goal = set_goal(
            classroom=self.d.c7a,
            student=self.d.ana,
            kind="standards",
            target=2,
            deadline=timezone.localdate() + timedelta(days=30),
            by=self.d.ana,
        )
        [view] = [v for v in student_goals(self.d.c7a, self.d.ana) if v.goal == goal]
        self.assertEqual(view.done, 2)
        actions.archive_standard(standard=self.d.s2)
        [view] = [v for v in student_goals(self.d.c7a, self.d.ana) if v.goal == goal]
        self.assertEqual(view.done, 1)

    def test_an_old_attempt_on_an_archived_standard_still_reads_as_it_was(self) -> None:
        self.open_retakes()
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1, classroom=self.d.c7a)
        submit_attempt(attempt=attempt, answers=self.answers_for(right=False, form=attempt.form))
        attempt.refresh_from_db()
        save_error_analysis(
            attempt=attempt, student=self.d.ana, reasons={}, fixes={}, summary="I rushed."
        )
        self.archive(self.d.s1)
        for user in (self.d.ana, self.d.tomas):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.get(reverse("workflows:attempt", args=[attempt.pk]))
                self.assertContains(r, "7.RP.A.1")
        # Her tracker still opens, and keeps her error analysis on it in her history.
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ana.pk]))
        self.assertContains(r, "I rushed.")
        # Off the map, it takes no new attempt.
        r = self.client.post(reverse("workflows:attempt-start", args=[self.d.c7a.pk, self.d.s1.pk]))
        self.assertEqual(r.status_code, 404)

    def test_the_map_page_lists_archived_standards_apart_and_restores_them_last(self) -> None:
        s3 = self.add_standard("7.RP.A.3")
        self.archive(self.d.s1)
        page = self.client.get(self.map_url).content.decode()
        on_map, archived = page.split('id="archived"')
        self.assertNotIn("7.RP.A.1", on_map.split("<h1")[1].split("short-of-forms")[-1])
        self.assertIn("Archived standards", archived)
        self.assertIn("7.RP.A.1", archived)
        self.assertIn('Restore<span class="sr-only"> <span data-content>7.RP.A.1', archived)
        self.assertEqual(order(self.d.unit1), ["7.RP.A.2", "7.RP.A.3"])
        r = self.client.post(reverse("standards:standard-restore", args=[self.d.s1.pk]))
        self.assertRedirects(r, f"{self.map_url}#standard-{self.d.s1.pk}")
        self.assertEqual(order(self.d.unit1), ["7.RP.A.2", "7.RP.A.3", "7.RP.A.1"])
        self.assertNotContains(self.client.get(self.map_url), "Archived standards")
        self.assertEqual(s3.pk, Standard.objects.get(code="7.RP.A.3").pk)

    def test_an_archived_standards_edit_page_says_so_and_restores_it(self) -> None:
        actions.archive_standard(standard=self.d.s2)
        page = self.client.get(reverse("standards:standard-edit", args=[self.d.s2.pk]))
        self.assertContains(page, "This standard is archived.")
        self.assertContains(page, reverse("standards:standard-restore", args=[self.d.s2.pk]))
        page = self.client.get(reverse("standards:standard-edit", args=[self.d.s1.pk]))
        self.assertNotContains(page, "This standard is archived.")

    def test_an_archived_standard_keeps_its_code(self) -> None:
        actions.archive_standard(standard=self.d.s2)
        r = self.client.post(
            reverse("standards:standard-create", args=[self.d.grade7.pk]),
            {
                "unit": self.d.unit1.pk,
                "code": "7.RP.A.2",
                "statement": "Again",
                "i_can": "I can",
                "icon": "star",
                "colour": "blue",
            },
        )
        self.assertContains(r, "An archived standard of this map has the code 7.RP.A.2")
        self.assertEqual(Standard.all_objects.filter(code="7.RP.A.2").count(), 1)


class ArchiveMapTests(EditingCase):
    def test_a_map_that_classes_follow_cannot_be_archived(self) -> None:
        page = self.client.get(self.map_url)
        self.assertContains(page, "Classes follow this map, so it cannot be archived:")
        r = self.client.post(reverse("standards:map-archive", args=[self.d.grade7.pk]), follow=True)
        self.assertContains(r, "Classes follow this map: 7A, 7B. Give them another map first.")
        self.d.grade7.refresh_from_db()
        self.assertIsNone(self.d.grade7.archived_at)

    def test_an_unused_map_leaves_the_map_list_and_the_new_class_form_and_comes_back(
        self,
    ) -> None:
        spare = actions.create_mastery_map(author=self.d.tomas, title="Summer school")
        r = self.client.post(reverse("standards:map-archive", args=[spare.pk]))
        self.assertRedirects(r, reverse("standards:map-list"))
        spare.refresh_from_db()
        self.assertIsNotNone(spare.archived_at)
        page = self.client.get(reverse("standards:map-list")).content.decode()
        active, archived = page.split('id="archived-maps"')
        self.assertNotIn("Summer school", active.split("<h1>")[1])
        self.assertIn("Summer school", archived)
        self.assertIn(reverse("standards:map-restore", args=[spare.pk]), archived)
        new_class = self.client.get(reverse("workflows:classroom-list")).content.decode()
        self.assertIn("Grade 7", new_class)
        self.assertNotIn("Summer school", new_class)
        # Its page still opens, saying so, with a way back.
        self.assertContains(
            self.client.get(reverse("standards:map-detail", args=[spare.pk])),
            "This map is archived.",
        )
        r = self.client.post(reverse("standards:map-restore", args=[spare.pk]))
        self.assertRedirects(r, reverse("standards:map-detail", args=[spare.pk]))
        spare.refresh_from_db()
        self.assertIsNone(spare.archived_at)

    def test_only_the_maps_editors_may_restore_it_from_the_list(self) -> None:
        spare = actions.create_mastery_map(author=self.d.tomas, title="Summer school")
        actions.archive_mastery_map(mastery_map=spare)
        self.client.force_login(self.d.uma)
        page = self.client.get(reverse("standards:map-list"))
        self.assertContains(page, "Summer school")
        self.assertNotContains(page, reverse("standards:map-restore", args=[spare.pk]))


class DeleteTests(EditingCase):
    def test_a_standard_nothing_uses_is_deleted_after_confirmation(self) -> None:
        s3 = self.add_standard("7.RP.A.3")
        url = reverse("standards:standard-delete", args=[s3.pk])
        page = self.client.get(url)
        self.assertContains(page, "Delete <span data-content>7.RP.A.3</span>?")
        self.assertContains(page, "This cannot be undone.")
        self.assertContains(page, '<button class="btn" type="submit">Delete</button>', html=True)
        self.assertContains(page, f'href="{self.map_url}">Cancel</a>')
        self.assertTrue(Standard.all_objects.filter(pk=s3.pk).exists())  # GET only asks
        r = self.client.post(url)
        self.assertRedirects(r, self.map_url)
        self.assertFalse(Standard.all_objects.filter(pk=s3.pk).exists())

    def test_a_standard_with_work_is_not_deleted_and_archive_is_offered(self) -> None:
        self.evidence(self.d.s2)
        rows = {
            self.d.s1: ["Its bank has 8 questions.", "It has 2 forms."],
            self.d.s2: ["Students have 1 piece of evidence on it.", "1 student has a level on it."],
        }
        for standard, reasons in rows.items():
            with self.subTest(standard.code):
                url = reverse("standards:standard-delete", args=[standard.pk])
                page = self.client.get(url)
                self.assertContains(page, "cannot be deleted")
                for reason in reasons:
                    self.assertContains(page, reason)
                self.assertContains(page, reverse("standards:standard-archive", args=[standard.pk]))
                r = self.client.post(url, follow=True)
                self.assertContains(r, reasons[0])
                self.assertTrue(Standard.objects.filter(pk=standard.pk).exists())

    def test_a_standard_students_sat_names_their_attempts(self) -> None:
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1, classroom=self.d.c7a)
        submit_attempt(attempt=attempt, answers={})
        page = self.client.get(reverse("standards:standard-delete", args=[self.d.s1.pk]))
        self.assertContains(page, "Students have sat its forms 1 time.")

    def test_an_empty_unit_is_deleted_and_one_with_standards_is_not(self) -> None:
        empty = actions.create_unit(mastery_map=self.d.grade7, title="Later")
        page = self.client.get(self.map_url)
        self.assertContains(page, reverse("standards:unit-delete", args=[empty.pk]))
        self.assertNotContains(page, reverse("standards:unit-delete", args=[self.d.unit1.pk]))
        url = reverse("standards:unit-delete", args=[empty.pk])
        self.assertContains(self.client.get(url), "Delete the unit <span data-content>Later")
        self.assertRedirects(self.client.post(url), self.map_url)
        self.assertFalse(Unit.objects.filter(pk=empty.pk).exists())
        # A unit whose only standard is archived still holds it.
        held = actions.create_unit(mastery_map=self.d.grade7, title="Held")
        actions.archive_standard(standard=self.add_standard("7.H.1", unit=held))
        url = reverse("standards:unit-delete", args=[held.pk])
        self.assertContains(self.client.get(url), "It has 1 archived standard.")
        self.client.post(url)
        self.assertTrue(Unit.objects.filter(pk=held.pk).exists())

    def test_a_map_with_no_class_and_no_standard_is_deleted_others_are_not(self) -> None:
        spare = actions.create_mastery_map(author=self.d.tomas, title="Summer school")
        actions.create_unit(mastery_map=spare, title="Week 1")
        url = reverse("standards:map-delete", args=[spare.pk])
        self.assertContains(self.client.get(url), "This cannot be undone.")
        self.assertRedirects(self.client.post(url), reverse("standards:map-list"))
        self.assertFalse(MasteryMap.objects.filter(pk=spare.pk).exists())
        url = reverse("standards:map-delete", args=[self.d.grade7.pk])
        page = self.client.get(url)
        self.assertContains(page, "Classes follow it: 7A, 7B.")
        self.assertContains(page, "It has 2 standards.")
        self.client.post(url)
        self.assertTrue(MasteryMap.objects.filter(pk=self.d.grade7.pk).exists())


class WhoMayEditTests(EditingCase):
    def urls(self) -> list[tuple[str, str, dict[str, object]]]:
        d = self.d
        m, u, s = d.grade7.pk, d.unit1.pk, d.s1.pk
        return [
            ("post", reverse("standards:map-rename", args=[m]), {"title": "Hacked"}),
            ("post", reverse("standards:map-archive", args=[m]), {}),
            ("post", reverse("standards:map-restore", args=[m]), {}),
            ("get", reverse("standards:map-delete", args=[m]), {}),
            ("post", reverse("standards:map-delete", args=[m]), {}),
            ("post", reverse("standards:units-reorder", args=[m]), {"order": [u]}),
            ("post", reverse("standards:unit-rename", args=[u]), {"title": "Hacked"}),
            ("post", reverse("standards:unit-move", args=[u]), {"direction": "down"}),
            ("get", reverse("standards:unit-delete", args=[u]), {}),
            ("post", reverse("standards:unit-delete", args=[u]), {}),
            ("post", reverse("standards:standards-reorder", args=[u]), {"order": [d.s2.pk, s]}),
            ("post", reverse("standards:standard-move", args=[s]), {"direction": "down"}),
            ("post", reverse("standards:standard-archive", args=[s]), {}),
            ("post", reverse("standards:standard-restore", args=[s]), {}),
            ("get", reverse("standards:standard-delete", args=[s]), {}),
            ("post", reverse("standards:standard-delete", args=[s]), {}),
        ]

    def test_students_other_teachers_and_other_schools_get_a_404_and_change_nothing(
        self,
    ) -> None:
        for user in (self.d.ana, self.d.uma, self.d.zed):
            for method, url, data in self.urls():
                with self.subTest(user=user.username, method=method, url=url):
                    self.client.force_login(user)
                    r = getattr(self.client, method)(url, data)
                    self.assertEqual(r.status_code, 404)
        self.d.grade7.refresh_from_db()
        self.d.unit1.refresh_from_db()
        self.assertEqual((self.d.grade7.title, self.d.unit1.title), ("Grade 7", "Ratios"))
        self.assertEqual(order(self.d.unit1), ["7.RP.A.1", "7.RP.A.2"])
        self.assertIsNone(Standard.objects.get(pk=self.d.s1.pk).archived_at)

    def test_nobody_signed_in_is_sent_to_log_in(self) -> None:
        self.client.logout()
        for method, url, data in self.urls():
            with self.subTest(method=method, url=url):
                r = getattr(self.client, method)(url, data)
                self.assertEqual(r.status_code, 302)
                self.assertIn("/login/", r["Location"])

    def test_the_school_admin_may_edit_any_map_of_the_school(self) -> None:
        self.client.force_login(self.d.ada)
        url = reverse("standards:standard-move", args=[self.d.s1.pk])
        self.client.post(url, {"direction": "down"})
        self.assertEqual(order(self.d.unit1), ["7.RP.A.2", "7.RP.A.1"])


class SpanishTests(EditingCase):
    def test_the_editing_controls_and_pages_speak_spanish(self) -> None:
        self.d.tomas.language = "es"
        self.d.tomas.save(update_fields=["language"])
        self.addCleanup(translation.deactivate)
        self.client.force_login(self.d.tomas)  # the language is read when signing in
        actions.archive_standard(standard=self.d.s2)
        page = self.client.get(self.map_url)
        for spanish in (
            "Renombrar este mapa",
            "Bajar",
            "Archivar",
            "Estándares archivados",
            "Restaurar",
            "Archivar o eliminar este mapa",
            "Varias clases siguen este mapa, así que no se puede archivar:",
        ):
            self.assertContains(page, spanish)
        for english in ("Move down", "Archived standards", "Rename this map", "Restore<"):
            self.assertNotContains(page, english)
        page = self.client.get(reverse("standards:standard-delete", args=[self.d.s1.pk]))
        self.assertContains(page, "no se puede eliminar")
        self.assertContains(page, "Su banco tiene 8 preguntas.")
        self.assertContains(page, "Tiene 2 versiones.")
        r = self.client.post(reverse("standards:units-reorder", args=[self.d.grade7.pk]), {})
        self.assertEqual(
            r.json(), {"error": "Envía los identificadores de las unidades, en su nuevo orden."}
        )
