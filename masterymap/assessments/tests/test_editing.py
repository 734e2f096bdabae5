"""Editing the bank after the fact (assessments.editing): archive and restore questions and
forms, delete only what no student worked on, a form's own page (order, questions,
settings, preview) and its blank answer sheet; and who may do any of it."""

from __future__ import annotations

from django.urls import reverse

from masterymap.assessments import editing
from masterymap.assessments.actions import create_form, create_item, generate_form, swap_form_item
from masterymap.assessments.models import Attempt, Form, FormItem, Item
from masterymap.assessments.queries import attempt_review, bank_candidates, forms_left, next_form
from masterymap.benchmarks.actions import create_benchmark
from masterymap.interventions.retakes import usable_forms
from masterymap.lib.errors import ActionError
from masterymap.standards.queries import map_outline
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt, submit_attempt


def order_of(form: Form) -> list[int]:
    return list(form.form_items.order_by("position", "id").values_list("item_id", flat=True))


class EditingCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.client.force_login(self.d.tomas)

    def free_item(self, kind: str = "numeric") -> Item:
        """A question of s1's bank on no form."""
        return create_item(
            standard=self.d.s1, kind=kind, stem="How many?", numeric_answer=7, feedback="SEVEN"
        )

    def sit_form_a(self, *, submit: bool = True) -> Attempt:
        """Ana sits form A (all answers wrong), handed in unless `submit` is False."""
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1, classroom=self.d.c7a)
        self.assertEqual(attempt.form_id, self.d.s1_form_a.pk)
        if submit:
            submit_attempt(attempt=attempt, answers=self.answers_for(right=False))
        return attempt

    def bank(self) -> str:
        return self.client.get(
            reverse("assessments:standard-bank", args=[self.d.s1.pk])
        ).content.decode()


class ArchiveItemTests(EditingCase):
    def test_an_archived_item_leaves_the_list_and_is_never_drawn_onto_a_form(self) -> None:
        item = self.free_item()
        r = self.client.post(reverse("assessments:item-archive", args=[item.pk]))
        self.assertRedirects(
            r,
            reverse("assessments:standard-bank", args=[self.d.s1.pk]) + "#archived",
            fetch_redirect_response=False,
        )
        item.refresh_from_db()
        self.assertIsNotNone(item.archived_at)
        free, every = bank_candidates(self.d.s1)
        self.assertNotIn(item.pk, [c.item_id for c in free])
        self.assertIn(item.pk, every)  # still known, for forms that hold it
        with self.assertRaisesMessage(ActionError, "on a form already"):
            generate_form(standard=self.d.s1, size=1)
        with self.assertRaisesMessage(ActionError, "is archived"):
            create_form(standard=self.d.s1, item_ids=[item.pk])
        page = self.bank()
        bank_list, archived = page.split('id="bank"')[1].split('id="archived"')
        self.assertNotIn(f'id="item-{item.pk}"', bank_list)
        self.assertIn(f'id="item-{item.pk}"', archived)
        self.assertIn("Archived questions (1)", archived)
        self.assertIn(f"Restore #{item.pk}", archived)
        # Nor is it a box in the form builder.
        self.assertNotIn(f'value="{item.pk}" id="id_items', page)

    def test_archiving_takes_it_off_a_form_nobody_has_sat_and_says_so(self) -> None:
        item = self.d.s1_items[0]
        r = self.client.post(reverse("assessments:item-archive", args=[item.pk]), follow=True)
        self.assertContains(r, "It was taken off form A, which nobody had sat.")
        self.assertNotIn(item.pk, order_of(self.d.s1_form_a))
        self.assertEqual(len(order_of(self.d.s1_form_a)), 3)

    def test_on_a_form_students_have_sat_it_stays_and_old_attempts_still_show_it(self) -> None:
        attempt = self.sit_form_a()
        item = self.d.s1_items[0]
        r = self.client.post(reverse("assessments:item-archive", args=[item.pk]), follow=True)
        self.assertContains(r, "It stays on form A, which students have sat")
        self.assertIn(item.pk, order_of(self.d.s1_form_a))
        self.assertIn("Still on form A, which students have sat.", self.bank())
        attempt.refresh_from_db()
        self.assertIn(item.pk, [q.item_id for q in attempt_review(attempt)])
        self.client.force_login(self.d.ana)
        result = self.client.get(reverse("workflows:attempt", args=[attempt.pk]))
        self.assertContains(result, "Pick <strong>Right</strong>.")

    def test_restoring_puts_it_back_in_the_bank_free_for_a_form(self) -> None:
        item = self.free_item()
        editing.archive_item(item=item)
        r = self.client.post(reverse("assessments:item-restore", args=[item.pk]), follow=True)
        self.assertContains(r, f"Question #{item.pk} is back in the bank")
        item.refresh_from_db()
        self.assertIsNone(item.archived_at)
        self.assertIn(item.pk, [c.item_id for c in bank_candidates(self.d.s1)[0]])

    def test_a_swap_never_offers_an_archived_item(self) -> None:
        editing.archive_item(item=self.free_item("numeric"))
        numeric = next(i for i in self.d.s1_form_b.items.all() if i.kind == "numeric")
        with self.assertRaisesMessage(ActionError, "no other free question of this kind"):
            swap_form_item(form=self.d.s1_form_b, item_id=numeric.pk)
        self.assertIn(numeric.pk, order_of(self.d.s1_form_b))

    def test_an_archived_item_cannot_be_added_to_a_form(self) -> None:
        item = self.free_item()
        editing.archive_item(item=item)
        url = reverse("assessments:form-item-add", args=[self.d.s1_form_b.pk, item.pk])
        r = self.client.post(url, follow=True)
        self.assertContains(r, "is archived: restore it before putting it on a form")
        self.assertNotIn(item.pk, order_of(self.d.s1_form_b))


class ArchiveFormTests(EditingCase):
    def test_an_archived_form_is_nobodys_next_form_nor_a_parallel_form(self) -> None:
        r = self.client.post(reverse("assessments:form-archive", args=[self.d.s1_form_a.pk]))
        self.assertRedirects(
            r,
            reverse("assessments:form-edit", args=[self.d.s1_form_a.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(next_form(self.d.ana, self.d.s1), self.d.s1_form_b)
        self.assertEqual(forms_left(self.d.ana, self.d.s1), 1)
        self.assertEqual(usable_forms([self.d.s1.pk])[self.d.s1.pk], {"B"})
        outline = [s for u in map_outline(self.d.grade7) for s in u.standards]
        self.assertEqual(next(s.forms for s in outline if s.standard == self.d.s1), 1)
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1, classroom=self.d.c7a)
        self.assertEqual(attempt.form, self.d.s1_form_b)
        page = self.bank()
        self.assertIn("This standard has 1 form with items; it needs at least two", page)
        self.assertIn("Restore form A", page)

    def test_a_sitting_open_on_it_can_still_be_finished(self) -> None:
        attempt = self.sit_form_a(submit=False)
        self.client.post(reverse("assessments:form-archive", args=[self.d.s1_form_a.pk]))
        again = start_attempt(student=self.d.ana, standard=self.d.s1, classroom=self.d.c7a)
        self.assertEqual(again.pk, attempt.pk)
        submit_attempt(attempt=attempt, answers=self.answers_for(right=True))
        attempt.refresh_from_db()
        self.assertTrue(attempt.is_submitted)
        self.assertTrue(attempt.mastered)

    def test_with_the_other_form_archived_a_student_has_no_form_left(self) -> None:
        self.open_retakes()
        self.sit_form_a()
        editing.archive_form(form=self.d.s1_form_b)
        self.assertIsNone(next_form(self.d.ana, self.d.s1))
        with self.assertRaisesMessage(ActionError, "You have taken every form"):
            start_attempt(student=self.d.ana, standard=self.d.s1, classroom=self.d.c7a)
        # Restored, it is offered again.
        r = self.client.post(
            reverse("assessments:form-restore", args=[self.d.s1_form_b.pk]), {"from": "bank"}
        )
        self.assertRedirects(
            r,
            reverse("assessments:standard-bank", args=[self.d.s1.pk]) + "#forms",
            fetch_redirect_response=False,
        )
        self.assertEqual(next_form(self.d.ana, self.d.s1), self.d.s1_form_b)


class ArchivedTemplateTests(BaseTestCase):
    def test_a_drawn_form_copies_the_first_form_not_archived(self) -> None:
        s2 = self.d.s2
        text = create_item(standard=s2, kind="text", stem="Word?", accepted_answers=["x"])
        number = create_item(standard=s2, kind="numeric", stem="Number?", numeric_answer=1)
        form_a = create_form(standard=s2, item_ids=[text.pk])
        create_form(standard=s2, item_ids=[number.pk])
        create_item(standard=s2, kind="text", stem="Free word?", accepted_answers=["y"])
        free_number = create_item(standard=s2, kind="numeric", stem="Free?", numeric_answer=2)
        editing.archive_form(form=form_a)
        drawn = generate_form(standard=s2)
        self.assertEqual(list(drawn.items.values_list("pk", flat=True)), [free_number.pk])


class DeleteTests(EditingCase):
    def test_a_question_nobody_answered_is_deleted_after_confirmation(self) -> None:
        item = self.free_item()
        url = reverse("assessments:item-delete", args=[item.pk])
        page = self.client.get(url)
        self.assertContains(page, "Delete this question?")
        self.assertContains(page, "This cannot be undone.")
        self.assertContains(page, '<button class="btn" type="submit">Delete</button>', html=True)
        self.assertContains(page, ">Cancel</a>")
        self.assertTrue(Item.objects.filter(pk=item.pk).exists())  # GET deletes nothing
        r = self.client.post(url, follow=True)
        self.assertContains(r, f"Question #{item.pk} deleted.")
        self.assertFalse(Item.objects.filter(pk=item.pk).exists())

    def test_deleting_takes_it_off_forms_nobody_has_sat(self) -> None:
        item = self.d.s1_items[1]
        r = self.client.post(reverse("assessments:item-delete", args=[item.pk]), follow=True)
        self.assertContains(r, "It was taken off form A.")
        self.assertFalse(Item.objects.filter(pk=item.pk).exists())
        self.assertEqual(len(order_of(self.d.s1_form_a)), 3)

    def test_an_answered_question_cannot_be_deleted_and_archive_is_offered(self) -> None:
        self.sit_form_a()
        item = self.d.s1_items[0]
        url = reverse("assessments:item-delete", args=[item.pk])
        page = self.client.get(url)
        self.assertContains(page, f"Question #{item.pk} cannot be deleted")
        self.assertContains(page, "Students have answered it 1 time.")
        self.assertContains(page, "It is on form A, which students have sat.")
        self.assertContains(page, reverse("assessments:item-archive", args=[item.pk]))
        r = self.client.post(url, follow=True)
        self.assertContains(r, "cannot be deleted")
        self.assertTrue(Item.objects.filter(pk=item.pk).exists())

    def test_a_question_on_a_benchmark_cannot_be_deleted(self) -> None:
        item = self.free_item()
        create_benchmark(
            classroom=self.d.c7a,
            by=self.d.tomas,
            title="Unit",
            standard_ids=[self.d.s1.pk],
            per_standard=1,
        )
        page = self.client.get(reverse("assessments:item-delete", args=[item.pk]))
        self.assertContains(
            page, "A benchmark, or students&#x27; practice or error analysis, uses it."
        )
        with self.assertRaisesMessage(ActionError, "Archive it instead"):
            editing.delete_item(item=item)

    def test_a_form_nobody_has_sat_is_deleted_and_its_questions_stay(self) -> None:
        form = self.d.s1_form_b
        items = order_of(form)
        url = reverse("assessments:form-delete", args=[form.pk])
        self.assertContains(self.client.get(url), "Delete form B?")
        r = self.client.post(url, follow=True)
        self.assertContains(r, "Form B deleted; its questions are free for another form.")
        self.assertFalse(Form.objects.filter(pk=form.pk).exists())
        self.assertEqual(Item.objects.filter(pk__in=items).count(), 4)
        self.assertEqual(len(bank_candidates(self.d.s1)[0]), 4)

    def test_a_form_students_have_sat_cannot_be_deleted(self) -> None:
        self.sit_form_a()
        url = reverse("assessments:form-delete", args=[self.d.s1_form_a.pk])
        page = self.client.get(url)
        self.assertContains(page, "Form A cannot be deleted")
        self.assertContains(page, "Students have sat it 1 time.")
        self.assertContains(page, "Archive form A")
        self.client.post(url)
        self.assertTrue(Form.objects.filter(pk=self.d.s1_form_a.pk).exists())


class FormPageTests(EditingCase):
    def url(self, name: str, *args: int) -> str:
        return reverse(f"assessments:{name}", args=[self.d.s1_form_a.pk, *args])

    def test_the_page_lists_the_questions_in_order_with_named_buttons(self) -> None:
        page = self.client.get(self.url("form-edit"))
        self.assertContains(page, "7.RP.A.1 · form A")
        self.assertContains(page, 'aria-label="Move up: question 2"')
        self.assertContains(page, 'aria-label="Move down: question 1"')
        self.assertNotContains(page, 'aria-label="Move up: question 1"')
        self.assertNotContains(page, 'aria-label="Move down: question 4"')
        self.assertContains(page, self.url("form-print"))
        self.assertContains(page, self.url("form-answer-sheet"))
        # The preview: the answer sheet's questions, and nothing of the key.
        self.assertContains(page, '<fieldset class="question"', count=4)
        self.assertNotContains(page, "SECRET-FEEDBACK")
        self.assertNotContains(page, "three quarters")
        self.assertNotContains(page, "style=")

    def test_a_move_button_posts_the_new_order(self) -> None:
        first, second, *rest = order_of(self.d.s1_form_a)
        r = self.client.post(
            self.url("form-reorder"), {"order": [second, first, *rest], "moved": second}
        )
        self.assertRedirects(
            r, self.url("form-edit") + f"#fi-{second}", fetch_redirect_response=False
        )
        self.assertEqual(order_of(self.d.s1_form_a), [second, first, *rest])

    def test_through_htmx_the_list_comes_back_saying_where_the_question_went(self) -> None:
        ids = order_of(self.d.s1_form_a)
        r = self.client.post(
            self.url("form-reorder"), {"order": ids[::-1], "moved": ids[0]}, HTTP_HX_REQUEST="true"
        )
        self.assertEqual(r.status_code, 200)
        self.assertContains(r, 'id="form-item-list"')
        self.assertContains(r, f"Question #{ids[0]} is now question 4 of 4.")
        self.assertNotContains(r, "<html")
        self.assertEqual(order_of(self.d.s1_form_a), ids[::-1])

    def test_a_tampered_order_is_refused_with_400_and_changes_nothing(self) -> None:
        ids = order_of(self.d.s1_form_a)
        other = order_of(self.d.s1_form_b)[0]
        for order in (
            ids[:3],  # one missing
            [*ids, other],  # one of another form
            [ids[0], *ids[:3]],  # one twice
            [*ids[:3], other],  # one swapped for another form's
            [*ids[:3], "x"],
            [*ids[:3], str(2**63)],
            [],
        ):
            with self.subTest(order=order):
                r = self.client.post(self.url("form-reorder"), {"order": order})
                self.assertEqual(r.status_code, 400)
                self.assertEqual(order_of(self.d.s1_form_a), ids)

    def test_reordering_is_allowed_after_sittings(self) -> None:
        self.sit_form_a()
        ids = order_of(self.d.s1_form_a)
        editing.reorder_form_items(form=self.d.s1_form_a, ordered_item_ids=ids[::-1])
        self.assertEqual(order_of(self.d.s1_form_a), ids[::-1])

    def test_settings_change_the_threshold_and_the_shuffle(self) -> None:
        r = self.client.post(self.url("form-settings"), {"threshold": "70", "shuffle_items": "on"})
        self.assertRedirects(r, self.url("form-edit") + "#settings", fetch_redirect_response=False)
        form = Form.objects.get(pk=self.d.s1_form_a.pk)
        self.assertEqual((form.threshold, form.shuffle_items), (70, True))
        bad = self.client.post(self.url("form-settings"), {"threshold": "0"})
        self.assertEqual(bad.status_code, 400)
        self.assertContains(bad, "greater than or equal to 1", status_code=400)
        self.assertEqual(Form.objects.get(pk=form.pk).threshold, 70)

    def test_a_form_nobody_has_sat_takes_questions_off_and_on(self) -> None:
        ids = order_of(self.d.s1_form_a)
        self.client.post(self.url("form-item-remove", ids[0]))
        self.assertEqual(order_of(self.d.s1_form_a), ids[1:])
        page = self.client.get(self.url("form-edit"))
        self.assertContains(page, f"Add #{ids[0]} to form A")
        self.client.post(self.url("form-item-add", ids[0]))
        self.assertEqual(order_of(self.d.s1_form_a), [*ids[1:], ids[0]])
        # Parallel forms share nothing: form B's questions cannot join form A.
        r = self.client.post(self.url("form-item-add", order_of(self.d.s1_form_b)[0]), follow=True)
        self.assertContains(r, "is already on form B")
        self.assertEqual(len(order_of(self.d.s1_form_a)), 4)

    def test_once_sat_its_questions_no_longer_change(self) -> None:
        self.sit_form_a()
        ids = order_of(self.d.s1_form_a)
        page = self.client.get(self.url("form-edit"))
        self.assertNotContains(page, "Take off the form")
        self.assertNotContains(page, "Add a question from the bank")
        r = self.client.post(self.url("form-item-remove", ids[0]), follow=True)
        self.assertContains(r, "Students have sat form A: its questions can no longer change.")
        self.assertEqual(order_of(self.d.s1_form_a), ids)
        free = self.free_item()
        self.client.post(self.url("form-item-add", free.pk))
        self.assertEqual(order_of(self.d.s1_form_a), ids)


class AnswerSheetTests(EditingCase):
    def test_a_bubble_per_choice_a_box_per_typed_answer_and_no_key(self) -> None:
        url = reverse("assessments:form-answer-sheet", args=[self.d.s1_form_a.pk])
        page = self.client.get(url)
        # Form A: single (2 choices), numeric, multiple (3 choices), text.
        self.assertContains(page, 'class="bubble"', count=5)
        self.assertContains(page, '<span class="bubble">C</span>', count=1)
        self.assertContains(page, 'class="answer-box"', count=2)
        self.assertContains(page, "Select all that apply.", count=1)
        self.assertContains(page, 'aria-label="QR code naming 7.RP.A.1 · form A"')
        self.assertContains(page, "data-print")
        for secret in ("Pick <strong>", "Right", "Misread", "three quarters", "SECRET"):
            self.assertNotContains(page, secret)
        self.assertNotContains(page, "style=")


class AccessTests(EditingCase):
    def test_students_and_other_teachers_and_schools_get_404_and_change_nothing(self) -> None:
        d = self.d
        form, item = d.s1_form_a.pk, d.s1_items[0].pk
        ids = order_of(d.s1_form_a)
        gets = [
            reverse("assessments:form-edit", args=[form]),
            reverse("assessments:form-delete", args=[form]),
            reverse("assessments:form-answer-sheet", args=[form]),
            reverse("assessments:item-delete", args=[item]),
        ]
        posts = [
            (reverse("assessments:form-reorder", args=[form]), {"order": ids[::-1]}),
            (reverse("assessments:form-settings", args=[form]), {"threshold": "5"}),
            (reverse("assessments:form-item-remove", args=[form, item]), {}),
            (reverse("assessments:form-item-add", args=[d.s1_form_b.pk, item]), {}),
            (reverse("assessments:form-archive", args=[form]), {}),
            (reverse("assessments:form-restore", args=[form]), {}),
            (reverse("assessments:form-delete", args=[form]), {}),
            (reverse("assessments:item-archive", args=[item]), {}),
            (reverse("assessments:item-restore", args=[item]), {}),
            (reverse("assessments:item-delete", args=[item]), {}),
        ]
        for user in (d.ana, d.uma, d.zed):
            self.client.force_login(user)
            for url in gets:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
            for url, data in posts:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.post(url, data).status_code, 404)
        self.assertEqual(order_of(d.s1_form_a), ids)
        self.assertTrue(Item.objects.filter(pk=item, archived_at__isnull=True).exists())
        self.assertEqual(Form.objects.get(pk=form).threshold, 80)
        self.assertIsNone(Form.objects.get(pk=form).archived_at)
        self.assertEqual(FormItem.objects.count(), 8)
        # Nobody signed in goes to the login page.
        self.client.logout()
        self.assertEqual(self.client.get(gets[0]).status_code, 302)

    def test_a_school_admin_may_edit_every_map_of_the_school(self) -> None:
        self.client.force_login(self.d.ada)
        page = self.client.get(reverse("assessments:form-edit", args=[self.d.s1_form_a.pk]))
        self.assertEqual(page.status_code, 200)
