from io import StringIO

from django.core.management import CommandError, call_command

from masterymap.mastery.models import MasteryRecord
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import start_attempt, submit_attempt


class RecomputeCommandTests(BaseTestCase):
    def test_it_repairs_a_record_edited_behind_the_engines_back(self) -> None:
        attempt = start_attempt(student=self.d.ana, standard=self.d.s1)
        submit_attempt(attempt=attempt, answers=self.answers_for(right=True))
        MasteryRecord.objects.filter(student=self.d.ana).update(status="not_yet", level=1)
        out = StringIO()
        call_command("recompute_mastery", "--class", str(self.d.c7a.pk), stdout=out)
        record = MasteryRecord.objects.get(student=self.d.ana, classroom=self.d.c7a)
        self.assertEqual((record.status, record.level), ("mastered", 4))
        self.assertIn("7A: 1 records changed", out.getvalue())

    def test_an_unknown_class_is_a_clear_error(self) -> None:
        with self.assertRaisesMessage(CommandError, "No class with id 999999"):
            call_command("recompute_mastery", "--class", "999999")
