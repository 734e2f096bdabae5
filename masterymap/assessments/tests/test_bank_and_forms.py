"""Building a map: standards, items of every type, forms, and the two-forms warning."""

from __future__ import annotations

from django.urls import reverse

from masterymap.assessments.models import Form, Item
from masterymap.standards.models import MasteryMap, Standard, Unit
from masterymap.test import BaseTestCase


def item_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "single",
        "stem": "Which is **bigger**?",
        "points": 1,
        "tolerance": 0,
        "feedback": "Compare digits.",
        "choice_1_text": "9",
        "choice_1_correct": "on",
        "choice_2_text": "7",
        "choice_2_misconception": "Read it backwards",
    }
    return data | overrides


class MapBuildingTests(BaseTestCase):
    def test_a_teacher_builds_a_map_with_a_unit_and_a_standard(self) -> None:
        self.client.force_login(self.d.uma)
        r = self.client.post(reverse("standards:map-list"), {"title": "Algebra 1"})
        algebra = MasteryMap.objects.get(title="Algebra 1")
        self.assertRedirects(r, reverse("standards:map-detail", args=[algebra.pk]))
        self.client.post(reverse("standards:unit-create", args=[algebra.pk]), {"title": "Linear"})
        unit = Unit.objects.get(mastery_map=algebra)
        r = self.client.post(
            reverse("standards:standard-create", args=[algebra.pk]),
            {
                "unit": unit.pk,
                "code": "A.REI.1",
                "statement": "Explain each step",
                "i_can": "I can explain each step",
                "icon": "bolt",
                "colour": "teal",
            },
        )
        standard = Standard.objects.get(code="A.REI.1")
        self.assertRedirects(r, reverse("assessments:standard-bank", args=[standard.pk]))
        self.assertEqual(
            (standard.mastery_map, standard.icon, standard.colour), (algebra, "bolt", "teal")
        )

    def test_a_duplicate_code_or_unknown_symbol_is_refused(self) -> None:
        self.client.force_login(self.d.tomas)
        url = reverse("standards:standard-create", args=[self.d.grade7.pk])
        base = {"unit": self.d.unit1.pk, "statement": "s", "i_can": "I can", "colour": "red"}
        r = self.client.post(url, base | {"code": "7.RP.A.1", "icon": "star"})
        self.assertContains(r, "already has a standard 7.RP.A.1")
        r = self.client.post(url, base | {"code": "7.X", "icon": "dragon"})
        self.assertEqual(r.status_code, 200)
        self.assertFalse(Standard.objects.filter(code="7.X").exists())

    def test_the_map_page_lists_standards_with_fewer_than_two_forms(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("standards:map-detail", args=[self.d.grade7.pk]))
        self.assertContains(r, "1 standard still has fewer than two forms")
        self.assertContains(r, "7.RP.A.2</a> (0 forms)")

    def test_another_teacher_cannot_edit_the_map(self) -> None:
        self.client.force_login(self.d.uma)
        urls = [
            reverse("standards:map-detail", args=[self.d.grade7.pk]),
            reverse("standards:standard-create", args=[self.d.grade7.pk]),
            reverse("standards:standard-edit", args=[self.d.s1.pk]),
            reverse("assessments:standard-bank", args=[self.d.s1.pk]),
            reverse("assessments:item-create", args=[self.d.s1.pk]),
            reverse("assessments:item-edit", args=[self.d.s1_items[0].pk]),
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        r = self.client.post(
            reverse("standards:unit-create", args=[self.d.grade7.pk]), {"title": "X"}
        )
        self.assertEqual(r.status_code, 404)
        self.assertFalse(Unit.objects.filter(title="X").exists())

    def test_students_cannot_reach_the_item_bank(self) -> None:
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("assessments:standard-bank", args=[self.d.s1.pk]))
        self.assertEqual(r.status_code, 404)


class ItemBankTests(BaseTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.d.tomas)
        self.url = reverse("assessments:item-create", args=[self.d.s2.pk])

    def test_items_of_every_type_are_written_with_their_keys(self) -> None:
        posts = [
            item_post(),
            item_post(kind="multiple", choice_2_correct="on"),
            item_post(kind="numeric", numeric_answer="2.5", tolerance="0.1"),
            item_post(kind="text", accepted_answers="one half\n1/2\n"),
        ]
        for data in posts:
            with self.subTest(kind=data["kind"]):
                r = self.client.post(self.url, data)
                self.assertRedirects(r, reverse("assessments:standard-bank", args=[self.d.s2.pk]))
        items = {i.kind: i for i in Item.objects.filter(standard=self.d.s2)}
        self.assertEqual(items["single"].choices.filter(is_correct=True).count(), 1)
        self.assertEqual(items["multiple"].choices.filter(is_correct=True).count(), 2)
        self.assertEqual((items["numeric"].numeric_answer, items["numeric"].tolerance), (2.5, 0.1))
        self.assertFalse(items["numeric"].choices.exists())
        self.assertEqual(items["text"].accepted_list, ["one half", "1/2"])

    def test_an_item_without_a_usable_key_is_refused_with_a_reason(self) -> None:
        rows = [
            (item_post(choice_2_correct="on"), "exactly one choice"),
            (item_post(choice_1_correct=""), "exactly one choice"),
            (item_post(kind="multiple", choice_1_correct=""), "at least one correct"),
            (item_post(choice_2_text=""), "at least two choices"),
            (item_post(kind="numeric"), "needs its answer"),
            (item_post(kind="text"), "at least one accepted answer"),
        ]
        for data, message in rows:
            with self.subTest(message=message):
                r = self.client.post(self.url, data)
                self.assertContains(r, message)
        self.assertFalse(Item.objects.filter(standard=self.d.s2).exists())

    def test_markdown_stems_are_rendered_safely(self) -> None:
        self.client.post(self.url, item_post(stem="**Bold** <script>alert(1)</script>"))
        r = self.client.get(reverse("assessments:standard-bank", args=[self.d.s2.pk]))
        self.assertContains(r, "<strong>Bold</strong>")
        self.assertNotContains(r, "<script>alert(1)")

    def test_editing_an_item_keeps_the_scores_already_given(self) -> None:
        from masterymap.workflows.actions import start_attempt, submit_attempt

        attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
        submit_attempt(attempt=attempt, answers=self.answers_for(right=True))
        numeric = self.d.s1_items[1]
        r = self.client.post(
            reverse("assessments:item-edit", args=[numeric.pk]),
            item_post(kind="numeric", stem="What is 3 × 5?", numeric_answer="15"),
        )
        self.assertEqual(r.status_code, 302)
        numeric.refresh_from_db()
        attempt.refresh_from_db()
        self.assertEqual((numeric.numeric_answer, attempt.points), (15, 4))


class FormBuildingTests(BaseTestCase):
    def test_forms_get_the_next_letter_and_the_warning_goes_away_at_two(self) -> None:
        from masterymap.test import make_standard_items

        items = make_standard_items(self.d.s2)
        self.client.force_login(self.d.tomas)
        bank = reverse("assessments:standard-bank", args=[self.d.s2.pk])
        self.assertContains(self.client.get(bank), "it needs at least two")
        url = reverse("assessments:form-create", args=[self.d.s2.pk])
        self.client.post(url, {"items": [items[0].pk, items[1].pk], "threshold": 75})
        self.client.post(url, {"items": [items[2].pk, items[3].pk], "threshold": 80})
        forms = list(Form.objects.filter(standard=self.d.s2).order_by("label"))
        self.assertEqual([(f.label, f.threshold) for f in forms], [("A", 75), ("B", 80)])
        self.assertEqual(
            [i.pk for i in forms[0].items.order_by("form_items__position")],
            [items[0].pk, items[1].pk],
        )
        self.assertNotContains(self.client.get(bank), "it needs at least two")

    def test_a_form_cannot_use_items_of_another_standard_or_a_bad_threshold(self) -> None:
        self.client.force_login(self.d.tomas)
        url = reverse("assessments:form-create", args=[self.d.s2.pk])
        foreign = self.d.s1_items[0].pk
        r = self.client.post(url, {"items": [foreign], "threshold": 80}, follow=True)
        self.assertContains(r, "Tick the items")
        self.assertFalse(Form.objects.filter(standard=self.d.s2).exists())


class FormBuilderShowsItemsWholeTests(BaseTestCase):
    def test_each_item_is_shown_rendered_whole_with_its_kind(self) -> None:
        long_stem = (
            "A bag has **3 red** marbles and 5 blue marbles. Without looking, you take one "
            "marble out. What is the probability that it is red, written as a fraction?"
        )
        self.client.force_login(self.d.tomas)
        self.client.post(
            reverse("assessments:item-create", args=[self.d.s2.pk]), item_post(stem=long_stem)
        )
        item = Item.objects.get(stem=long_stem)
        r = self.client.get(reverse("assessments:standard-bank", args=[self.d.s2.pk]))
        html = r.content.decode()
        builder = html[html.index('class="field builder-items"') : html.index("</fieldset>")]
        # Rendered (bold, not asterisks), whole (the end of the question is there), and named
        # by its number and kind, with the box described by the item.
        self.assertIn("<strong>3 red</strong>", builder)
        self.assertNotIn("**3 red**", builder)
        self.assertIn("written as a fraction?", builder)
        self.assertIn(f"#{item.pk} · Single choice", builder)
        box = f'value="{item.pk}" id="id_items_'
        self.assertIn(box, builder)
        described = builder[builder.index(box) :].split('aria-describedby="', 1)[1].split('"')[0]
        self.assertIn(f'id="{described}"', builder)
        # A form made of it lists it the same way.
        self.client.post(
            reverse("assessments:form-create", args=[self.d.s2.pk]),
            {"items": [item.pk], "threshold": 80},
        )
        r = self.client.get(reverse("assessments:standard-bank", args=[self.d.s2.pk]))
        forms = r.content.decode().split('id="forms"', 1)[1].split('id="bank"', 1)[0]
        self.assertIn("written as a fraction?", forms)
        self.assertIn("<strong>3 red</strong>", forms)
