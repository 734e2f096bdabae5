"""Forms drawn from the bank: the first form's shape, no question shared, swaps, and the
warning when two forms are uneven."""

from __future__ import annotations

from django.urls import reverse

from masterymap.accounts.models import Enrollment, User
from masterymap.assessments.actions import generate_form, swap_form_item
from masterymap.assessments.models import Form, FormItem
from masterymap.lib.errors import ActionError
from masterymap.test import BaseTestCase, make_standard_items, make_user
from masterymap.workflows.actions import start_attempt, submit_attempt


class GeneratedFormTests(BaseTestCase):
    def test_form_c_copies_form_as_kinds_from_free_questions(self) -> None:
        free = make_standard_items(self.d.s1)
        form = generate_form(standard=self.d.s1)
        self.assertEqual(form.label, "C")
        items = [fi.item for fi in form.form_items.order_by("position")]
        self.assertEqual(
            [i.kind for i in items], [i.kind for i in self.d.s1_items], "form A's kinds"
        )
        self.assertEqual({i.pk for i in items}, {i.pk for i in free}, "only free questions")
        with self.assertRaisesMessage(ActionError, "on a form already"):
            generate_form(standard=self.d.s1)

    def test_a_swap_keeps_the_kind_and_refuses_once_sat(self) -> None:
        make_standard_items(self.d.s2)
        first = generate_form(standard=self.d.s2, size=2)
        spare = make_standard_items(self.d.s2)
        row = first.form_items.order_by("position").first()
        assert row is not None
        before = row.item
        swap_form_item(form=first, item_id=before.pk)
        row.refresh_from_db()
        self.assertNotEqual(row.item_id, before.pk)
        self.assertEqual(row.item.kind, before.kind)
        self.assertIn(row.item_id, {i.pk for i in spare})
        start_attempt(student=self.d.ana, standard=self.d.s2, classroom=self.d.c7a)
        with self.assertRaisesMessage(ActionError, "can no longer change"):
            swap_form_item(form=first, item_id=row.item_id)

    def test_the_page_draws_swaps_and_warns_when_forms_are_uneven(self) -> None:
        self.open_retakes()
        # Five students miss everything on form A and then get all of form B right; five
        # more get form A right: A's mean is 50 %, B's 100 %.
        for n in range(10):
            student = make_user(f"u{n}", User.Role.STUDENT, self.d.school)
            Enrollment.objects.create(classroom=self.d.c7a, student=student)
            for right in (False, True) if n < 5 else (True,):
                attempt = start_attempt(student=student, standard=self.d.s1)
                submit_attempt(
                    attempt=attempt, answers=self.answers_for(right=right, form=attempt.form)
                )
        self.client.force_login(self.d.tomas)
        page = self.client.get(reverse("assessments:standard-bank", args=[self.d.s1.pk]))
        self.assertContains(page, "are uneven")
        self.assertContains(page, "mean score")
        make_standard_items(self.d.s1)
        drawn = self.client.post(reverse("assessments:form-generate", args=[self.d.s1.pk]))
        self.assertEqual(drawn.status_code, 302)
        form_c = Form.objects.get(standard=self.d.s1, label="C")
        self.assertEqual(form_c.form_items.count(), 4)
        item = FormItem.objects.filter(form=form_c).first().item_id  # type: ignore[union-attr]
        make_standard_items(self.d.s1)
        self.client.post(reverse("assessments:form-item-swap", args=[form_c.pk, item]))
        self.assertFalse(FormItem.objects.filter(form=form_c, item_id=item).exists())
        self.client.force_login(self.d.ana)
        denied = self.client.post(reverse("assessments:form-generate", args=[self.d.s1.pk]))
        self.assertEqual(denied.status_code, 404)
        self.assertEqual(
            self.client.post(
                reverse("assessments:form-item-swap", args=[form_c.pk, item])
            ).status_code,
            404,
        )
