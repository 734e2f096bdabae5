"""The mastery policy page's "Retakes" section: the class's rules and each standard's own,
in words; saving them (nothing is recomputed), the range errors at their inputs, and
clearing a standard's own rules while its level policy stays."""

from __future__ import annotations

from django.urls import reverse

from masterymap.mastery.actions import set_policy, set_retake_rules
from masterymap.mastery.engine import retake_rules_for
from masterymap.mastery.models import LevelChange, MasteryPolicy
from masterymap.mastery.retake import DEFAULT_RULES, RetakeRules
from masterymap.mastery.views.policy import retake_sentence
from masterymap.standards.models import Standard, Unit
from masterymap.test import BaseTestCase


class RetakeSentenceTests(BaseTestCase):
    def test_the_rules_read_as_one_sentence(self) -> None:
        for rules, words in [
            (
                DEFAULT_RULES,
                "After a not yet: wait until tomorrow, write a reflection; no limit on forms.",
            ),
            (
                RetakeRules(cool_down_days=0, reflection_required=False),
                "After a not yet: the next form opens at once; no limit on forms.",
            ),
            (
                RetakeRules(
                    cool_down_days=3, reflection_required=False, step_required=True, max_forms=2
                ),
                "After a not yet: wait 3 days, finish a step of a route (or you unlock the "
                "retake); after 2 forms, you decide what comes next.",
            ),
            (
                RetakeRules(cool_down_days=0, max_forms=1),
                "After a not yet: write a reflection; after 1 form, you decide what comes next.",
            ),
        ]:
            with self.subTest(words=words):
                self.assertEqual(retake_sentence(rules), words)


class RetakeSectionTests(BaseTestCase):
    def url(self, query: str = "") -> str:
        return reverse("mastery:policy", args=[self.d.c7a.pk]) + query

    def post(self, **fields: object):
        data: dict[str, object] = {
            "retake-action": "save",
            "retake-standard": "",
            "retake-cool_down_days": "1",
            "retake-reflection_required": "on",
        }
        data |= {f"retake-{name}": value for name, value in fields.items()}
        data = {k: v for k, v in data.items() if v is not None}
        self.client.force_login(self.d.tomas)
        return self.client.post(self.url(), data)

    def test_the_section_shows_the_default_rules_in_words(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.url())
        self.assertContains(r, 'id="retakes"')
        self.assertContains(
            r, "After a not yet: wait until tomorrow, write a reflection; no limit on forms."
        )
        self.assertContains(r, "The class has not chosen retake rules yet")
        self.assertContains(r, "None: every standard follows the class's retake rules.")
        for label in (
            "Wait before the next form (days)",
            "A reflection on the last try is written first",
            "A step of a route is done first, or I approve",
            "Forms a student may take before I decide",
        ):
            self.assertContains(r, label)

    def test_saving_the_class_rules_changes_no_level(self) -> None:
        r = self.post(
            cool_down_days="2", reflection_required=None, step_required="on", max_forms="3"
        )
        self.assertRedirects(r, self.url("#retakes"), fetch_redirect_response=False)
        self.assertEqual(
            retake_rules_for(self.d.c7a.pk, self.d.s1.pk),
            RetakeRules(
                cool_down_days=2, reflection_required=False, step_required=True, max_forms=3
            ),
        )
        self.assertFalse(LevelChange.objects.exists())
        r = self.client.get(self.url())
        self.assertContains(r, "Retake rules saved. After a not yet: wait 2 days, finish a step")
        self.assertNotContains(r, "The class has not chosen retake rules yet")
        # The form starts from the rules in force.
        self.assertContains(r, 'name="retake-cool_down_days" value="2"')
        self.assertContains(r, 'name="retake-max_forms" value="3"')
        # The other class keeps the default.
        self.assertEqual(retake_rules_for(self.d.c7b.pk, self.d.s1.pk), DEFAULT_RULES)

    def test_a_standards_own_rules_keep_its_levels_and_can_be_cleared(self) -> None:
        set_policy(
            classroom=self.d.c7a,
            standard=None,
            method="highest",
            params={},
            min_evidence=1,
            kinds=None,
            weights={},
            by=self.d.tomas,
        )
        r = self.post(standard=str(self.d.s1.pk), cool_down_days="0", max_forms="1")
        self.assertRedirects(
            r, self.url(f"?standard={self.d.s1.pk}#retakes"), fetch_redirect_response=False
        )
        row = MasteryPolicy.objects.get(classroom=self.d.c7a, standard=self.d.s1)
        self.assertEqual(row.method, "highest")  # the class's level policy, copied
        self.assertEqual(retake_rules_for(self.d.c7a.pk, self.d.s2.pk), DEFAULT_RULES)
        r = self.client.get(self.url(f"?standard={self.d.s1.pk}"))
        section = r.content.decode().split('id="retakes"')[1]
        self.assertIn("7.RP.A.1", section.split("Change the retake rules")[0])
        self.assertIn("after 1 form, you decide what comes next", section)
        self.assertIn(f'<option value="{self.d.s1.pk}" selected data-content>', section)

        r = self.client.post(
            self.url(),
            {"retake-action": "clear", "retake-standard": str(self.d.s1.pk)},
            follow=True,
        )
        self.assertContains(r, "follows the class&#x27;s retake rules again")
        row.refresh_from_db()
        self.assertIsNone(row.retake)
        self.assertEqual(row.method, "highest")
        self.assertEqual(retake_rules_for(self.d.c7a.pk, self.d.s1.pk), DEFAULT_RULES)
        self.assertFalse(LevelChange.objects.exists())

    def test_out_of_range_values_are_refused_at_their_inputs(self) -> None:
        for fields, message in [
            ({"cool_down_days": "31"}, "The wait between tries is from 0 to 30 days."),
            ({"cool_down_days": "-1"}, "The wait between tries is from 0 to 30 days."),
            (
                {"max_forms": "0"},
                "The number of forms a student may take is from 1 to 20, or no limit.",
            ),
            (
                {"max_forms": "21"},
                "The number of forms a student may take is from 1 to 20, or no limit.",
            ),
            ({"cool_down_days": "soon"}, "A whole number of days."),
        ]:
            with self.subTest(fields=fields):
                r = self.post(**fields)
                self.assertEqual(r.status_code, 200)
                self.assertContains(r, message)
                self.assertContains(r, 'class="field has-error"')
        self.assertFalse(MasteryPolicy.objects.filter(classroom=self.d.c7a).exists())

    def test_a_standard_of_another_map_is_refused(self) -> None:
        uma_map = self.d.c8c.mastery_map
        unit = Unit.objects.create(mastery_map=uma_map, title="Exponents", position=1)
        other = Standard.objects.create(
            mastery_map=uma_map, unit=unit, code="8.EE.1", statement="Exponents", position=1
        )
        r = self.post(standard=str(other.pk))
        self.assertContains(r, "Select a valid choice")
        r = self.client.post(self.url(), {"retake-action": "clear", "retake-standard": other.pk})
        self.assertEqual(r.status_code, 404)
        r = self.client.post(self.url(), {"retake-action": "clear", "retake-standard": "x"})
        self.assertEqual(r.status_code, 404)

    def test_only_the_classes_teachers_and_admins_change_retake_rules(self) -> None:
        for user in (self.d.uma, self.d.zed, self.d.ana):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                r = self.client.post(
                    self.url(), {"retake-action": "save", "retake-cool_down_days": "0"}
                )
                self.assertEqual(r.status_code, 404)
        set_retake_rules(
            classroom=self.d.c7a, standard=self.d.s1, rules=DEFAULT_RULES, by=self.d.tomas
        )
        self.client.force_login(self.d.uma)
        r = self.client.post(
            self.url(), {"retake-action": "clear", "retake-standard": self.d.s1.pk}
        )
        self.assertEqual(r.status_code, 404)
        self.assertIsNotNone(
            MasteryPolicy.objects.get(classroom=self.d.c7a, standard=self.d.s1).retake
        )
        self.client.force_login(self.d.ada)
        self.client.post(self.url(), {"retake-action": "save", "retake-cool_down_days": "0"})
        self.assertEqual(retake_rules_for(self.d.c7b.pk, self.d.s2.pk), DEFAULT_RULES)
        self.assertEqual(
            retake_rules_for(self.d.c7a.pk, self.d.s2.pk),
            RetakeRules(cool_down_days=0, reflection_required=False),
        )
