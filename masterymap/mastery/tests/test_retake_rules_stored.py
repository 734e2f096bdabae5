"""Retake rules stored with the class's mastery policy, with a per-standard override."""

from __future__ import annotations

from masterymap.lib.errors import ActionError
from masterymap.mastery.actions import set_policy, set_retake_rules
from masterymap.mastery.engine import policies_for_classroom, retake_rules_for
from masterymap.mastery.models import MasteryPolicy
from masterymap.mastery.retake import DEFAULT_RULES, RetakeRules
from masterymap.test import BaseTestCase

STRICT = RetakeRules(cool_down_days=3, step_required=True, max_forms=2)
LOOSE = RetakeRules(cool_down_days=0, reflection_required=False)


class StoredRetakeRulesTests(BaseTestCase):
    def rules(self, standard) -> RetakeRules:
        return retake_rules_for(self.d.c7a.pk, standard.pk)

    def test_a_class_with_nothing_saved_gets_the_default(self) -> None:
        self.assertEqual(self.rules(self.d.s1), DEFAULT_RULES)

    def test_the_class_rules_and_a_standards_override(self) -> None:
        set_retake_rules(classroom=self.d.c7a, standard=None, rules=STRICT, by=self.d.tomas)
        set_retake_rules(classroom=self.d.c7a, standard=self.d.s2, rules=LOOSE, by=self.d.tomas)
        with self.assertNumQueries(1):
            self.assertEqual(self.rules(self.d.s1), STRICT)
        self.assertEqual(self.rules(self.d.s2), LOOSE)
        # Another class keeps the default.
        self.assertEqual(retake_rules_for(self.d.c7b.pk, self.d.s1.pk), DEFAULT_RULES)

    def test_an_override_for_retakes_keeps_the_standards_levels_as_they_were(self) -> None:
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
        set_retake_rules(classroom=self.d.c7a, standard=self.d.s1, rules=LOOSE, by=self.d.tomas)
        policies = policies_for_classroom(self.d.c7a)
        self.assertEqual(policies.for_standard(self.d.s1.pk).method, "highest")

    def test_changing_the_level_policy_keeps_the_retake_rules(self) -> None:
        set_retake_rules(classroom=self.d.c7a, standard=None, rules=STRICT, by=self.d.tomas)
        set_policy(
            classroom=self.d.c7a,
            standard=None,
            method="mean",
            params={},
            min_evidence=1,
            kinds=None,
            weights={},
            by=self.d.tomas,
        )
        self.assertEqual(self.rules(self.d.s1), STRICT)

    def test_damaged_stored_rules_never_lock_a_student_out_for_good(self) -> None:
        MasteryPolicy.objects.create(
            classroom=self.d.c7a, retake={"cool_down_days": 10**9, "max_forms": "lots"}
        )
        self.assertEqual(self.rules(self.d.s1), DEFAULT_RULES)

    def test_a_standard_of_another_map_is_refused(self) -> None:
        other = self.d.c8c  # Grade 8 map
        with self.assertRaises(ActionError):
            set_retake_rules(classroom=other, standard=self.d.s1, rules=LOOSE, by=self.d.uma)
        self.assertFalse(MasteryPolicy.objects.filter(classroom=other).exists())
