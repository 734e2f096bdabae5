"""The proficiency scale page: the scale in force, a class's own scale, going back to the
school's, and the school's scale (school admins only).

Who may use it: the class's teachers and their school admin; the school's scale only the
school admin. Students, other teachers and other schools get 404 on every scale URL.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from masterymap.evidence.models import Evidence
from masterymap.lib.errors import ActionError
from masterymap.mastery.actions import clear_class_scale, set_class_scale
from masterymap.mastery.engine import scale_for_classroom
from masterymap.mastery.models import LevelChange, MasteryRecord, ProficiencyScale
from masterymap.mastery.scale import DEFAULT_SCALE, Level
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import record_check, record_evidence

# (value, label, colour, cut score): five levels, mastered from 4.
FIVE = [
    (1, "Beginning", "#c0392b", 0),
    (2, "Developing", "#d68910", 40),
    (3, "Approaching", "#b7950b", 60),
    (4, "Mastered", "#1e8449", 80),
    (5, "Exceeds", "#2471a3", 95),
]
DEFAULT = [(lv.value, lv.label, lv.colour, lv.min_percent) for lv in DEFAULT_SCALE.levels]


def post_data(rows, mastery_row: int | None, prefix: str = "class", **extra) -> dict:
    """What the scale form posts: `rows` filled in order, the rest of the 6 rows blank."""
    data: dict[str, object] = {f"{prefix}-rows": "6"}
    if mastery_row is not None:
        data[f"{prefix}-mastery"] = str(mastery_row)
    for n in range(1, 7):
        value, label, colour, cut = rows[n - 1] if n <= len(rows) else ("", "", "#5b6675", "")
        data |= {
            f"{prefix}-value-{n}": str(value),
            f"{prefix}-label-{n}": label,
            f"{prefix}-colour-{n}": colour,
            f"{prefix}-cut-{n}": str(cut),
        }
    return data | {f"{prefix}-{k}": v for k, v in extra.items()}


def levels(rows) -> list[Level]:
    return [Level(value=v, label=lb, colour=c, min_percent=cut) for v, lb, c, cut in rows]


class ScalePageTests(BaseTestCase):
    """Ana has a 3 (mastered under the default scale) and Ben a 2 on s1 in 7A; Cara a 3 in 7B."""

    def setUp(self) -> None:
        day = timezone.localdate() - timedelta(days=2)
        for classroom, student, level in [
            (self.d.c7a, self.d.ana, 3),
            (self.d.c7a, self.d.ben, 2),
            (self.d.c7b, self.d.cara, 3),
        ]:
            record_evidence(
                recorded_by=self.d.tomas,
                classroom=classroom,
                student=student,
                standard=self.d.s1,
                kind="one_on_one",
                level=level,
                assessed_on=day,
            )

    def url(self, name: str = "mastery:scale", classroom=None) -> str:
        return reverse(name, args=[(classroom or self.d.c7a).pk])

    def record(self, student, classroom=None) -> MasteryRecord:
        return MasteryRecord.objects.get(
            classroom=classroom or self.d.c7a, student=student, standard=self.d.s1
        )

    def test_only_the_classes_teachers_and_admins_open_the_scale_page(self) -> None:
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
                    r = self.client.post(self.url(), post_data(FIVE, 4))
                    self.assertEqual(r.status_code, 404)
                    r = self.client.post(self.url("mastery:scale-clear"))
                    self.assertEqual(r.status_code, 404)
                    r = self.client.post(
                        self.url("mastery:scale-school"), post_data(FIVE, 4, "school")
                    )
                    self.assertEqual(r.status_code, 404)
        self.assertFalse(ProficiencyScale.objects.exists())

    def test_the_page_shows_the_default_scale_and_says_old_levels_keep_their_value(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(self.url())
        self.assertContains(r, "the default scale")
        for text in ("Beginning", "Approaching", "Exceeds", "95 %"):
            self.assertContains(r, text)
        self.assertContains(
            r,
            "Levels already recorded keep their value; cut scores apply to new assessment "
            "evidence and checks.",
        )
        # The editor starts from the scale in force, mastered from its third row.
        self.assertContains(r, 'name="class-label-4" value="Exceeds"')
        self.assertContains(r, 'type="color" name="class-colour-1" value="#c0392b"')
        self.assertContains(r, 'name="class-mastery" value="3"')
        self.assertNotContains(r, "Use the school's scale")
        self.assertNotContains(r, 'id="school-scale-form"')

    def test_a_teacher_gives_the_class_its_own_scale_and_its_records_are_recomputed(
        self,
    ) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.url(), post_data(FIVE, 4))
        self.assertRedirects(r, self.url())
        row = ProficiencyScale.objects.get(classroom=self.d.c7a)
        self.assertEqual(row.mastery_value, 4)
        self.assertEqual(
            [(lv.value, lv.label, lv.colour, lv.min_percent) for lv in row.levels.all()], FIVE
        )
        # Ana's 3 keeps its value but now reads "Approaching", below the mastery level.
        ana = self.record(self.d.ana)
        self.assertEqual((ana.level, ana.level_label, ana.status), (3, "Approaching", "not_yet"))
        change = LevelChange.objects.filter(record=ana).latest("at", "id")
        self.assertEqual((change.why, change.by), ("scale changed", self.d.tomas))
        self.assertEqual((change.from_status, change.to_status), ("mastered", "not_yet"))
        self.assertEqual(Evidence.objects.get(student=self.d.ana).level, 3)
        # 7B keeps the school's (default) scale: Cara is still mastered.
        self.assertEqual(self.record(self.d.cara, self.d.c7b).status, "mastered")
        page = self.client.get(self.url())
        self.assertContains(page, "its own scale")
        self.assertContains(page, "Developing")
        self.assertContains(page, "Use the school's scale")

    def test_cut_scores_apply_to_new_checks(self) -> None:
        set_class_scale(classroom=self.d.c7a, levels=levels(FIVE), mastery_value=4, by=self.d.tomas)
        check = record_check(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ben,
            standard=self.d.s1,
            marks=[True, True, True, False, False],  # 60 %
            assessed_on=timezone.localdate(),
        )
        self.assertEqual(check.level, 3)  # 60 % is Approaching on this scale, not 2

    def test_an_invalid_scale_shows_the_reason_and_changes_nothing(self) -> None:
        going_down = [*DEFAULT[:2], (3, "Mastered", "#1e8449", 40), DEFAULT[3]]
        repeated = [DEFAULT[0], (1, "Again", "#1e8449", 50), *DEFAULT[2:]]
        not_from_zero = [(1, "Beginning", "#c0392b", 10), *DEFAULT[1:]]
        cases = [
            (post_data(going_down, 3), "Cut scores must not go down as levels go up"),
            (post_data(repeated, 3), "without repeats"),
            (post_data(not_from_zero, 3), "must start at 0 %"),
            (post_data(DEFAULT[:1], 1), "at least two levels"),
            (post_data(DEFAULT, None), "Pick which level counts as mastered."),
            (post_data(DEFAULT, 5), "must be a level kept"),
            (post_data(DEFAULT, 3, **{"remove-3": "on"}), "must be a level kept"),
            (post_data([*DEFAULT, (5, "", "#000000", 99)], 3), "a value, a name and a cut"),
            (post_data([*DEFAULT[:3], (4, "Exceeds", "red", 95)], 3), "must look like #1e8449"),
            (post_data([*DEFAULT[:3], (4, "Exceeds", "#2471a3", 101)], 3), "between 0 % and 100"),
        ]
        self.client.force_login(self.d.tomas)
        changes = LevelChange.objects.count()
        for data, message in cases:
            with self.subTest(message=message):
                r = self.client.post(self.url(), data)
                self.assertContains(r, message, status_code=422)
        self.assertFalse(ProficiencyScale.objects.exists())
        self.assertEqual(LevelChange.objects.count(), changes)
        self.assertEqual(self.record(self.d.ana).status, "mastered")

    def test_a_ticked_row_is_removed_and_a_blank_row_adds_nothing(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.url(), post_data(DEFAULT, 3, **{"remove-4": "on"}))
        self.assertRedirects(r, self.url())
        scale = scale_for_classroom(self.d.c7a)
        self.assertEqual(
            [lv.label for lv in scale.levels], ["Beginning", "Approaching", "Mastered"]
        )
        self.assertEqual(self.record(self.d.ana).status, "mastered")

    def test_use_the_schools_scale_removes_the_class_scale_and_recomputes(self) -> None:
        set_class_scale(classroom=self.d.c7a, levels=levels(FIVE), mastery_value=4, by=self.d.tomas)
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.url("mastery:scale-clear"))
        self.assertRedirects(r, self.url())
        self.assertFalse(ProficiencyScale.objects.filter(classroom=self.d.c7a).exists())
        ana = self.record(self.d.ana)
        self.assertEqual((ana.level_label, ana.status), ("Mastered", "mastered"))
        change = LevelChange.objects.filter(record=ana).latest("at", "id")
        self.assertEqual(change.why, "scale changed: the school's scale applies again")
        # A second click changes nothing.
        self.assertEqual(clear_class_scale(classroom=self.d.c7a, by=self.d.tomas), 0)

    def test_the_school_form_is_offered_to_school_admins_only(self) -> None:
        self.client.force_login(self.d.ada)
        self.assertContains(self.client.get(self.url()), 'id="school-scale-form"')
        self.client.force_login(self.d.tomas)
        self.assertNotContains(self.client.get(self.url()), 'id="school-scale-form"')

    def test_a_school_admin_sets_the_school_scale_for_every_class_following_it(self) -> None:
        # 7B has its own scale (the default levels), so the school's does not reach it.
        set_class_scale(
            classroom=self.d.c7b, levels=levels(DEFAULT), mastery_value=3, by=self.d.tomas
        )
        self.client.force_login(self.d.ada)
        r = self.client.post(self.url("mastery:scale-school"), post_data(FIVE, 4, "school"))
        self.assertRedirects(r, self.url())
        row = ProficiencyScale.objects.get(school=self.d.school, classroom__isnull=True)
        self.assertEqual((row.mastery_value, row.levels.count()), (4, 5))
        ana = self.record(self.d.ana)
        self.assertEqual(ana.status, "not_yet")
        change = LevelChange.objects.filter(record=ana).latest("at", "id")
        self.assertEqual((change.why, change.by), ("school scale changed", self.d.ada))
        self.assertEqual(self.record(self.d.cara, self.d.c7b).status, "mastered")
        self.assertContains(self.client.get(self.url()), "the school's scale")
        # "Use the school's scale" in 7B now brings in the new school scale.
        clear_class_scale(classroom=self.d.c7b, by=self.d.tomas)
        self.assertEqual(self.record(self.d.cara, self.d.c7b).status, "not_yet")

    def test_a_teacher_cannot_set_the_school_scale(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(self.url("mastery:scale-school"), post_data(FIVE, 4, "school"))
        self.assertContains(r, "Only a school admin can change the school", status_code=422)
        self.assertFalse(ProficiencyScale.objects.exists())
        self.assertEqual(self.record(self.d.ana).status, "mastered")

    def test_the_action_orders_levels_by_value_and_checks_colours(self) -> None:
        set_class_scale(
            classroom=self.d.c7a, levels=levels(FIVE[::-1]), mastery_value=4, by=self.d.tomas
        )
        self.assertEqual(
            [lv.value for lv in scale_for_classroom(self.d.c7a).levels], [1, 2, 3, 4, 5]
        )
        bad = [*DEFAULT[:3], (4, "Exceeds", "javascript:", 95)]
        with self.assertRaisesMessage(ActionError, "must look like #1e8449"):
            set_class_scale(
                classroom=self.d.c7a, levels=levels(bad), mastery_value=3, by=self.d.tomas
            )
        self.assertEqual(len(scale_for_classroom(self.d.c7a).levels), 5)
