import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from masterymap.accounts.models import Classroom
from masterymap.mastery.actions import recompute_records


class Command(BaseCommand):
    help = (
        "Recalculate every student's level and status from the evidence, for one class or "
        "all. Safe to run at any time; only records whose outcome changed are written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--class", dest="classroom_id", type=int, help="Only this class id.")

    def handle(self, *args: Any, classroom_id: int | None = None, **options: Any) -> None:
        classrooms = Classroom.objects.all()
        if classroom_id is not None:
            classrooms = classrooms.filter(pk=classroom_id)
            if not classrooms.exists():
                raise CommandError(f"No class with id {classroom_id}.")
        for classroom in classrooms:
            started = time.perf_counter()
            changed = recompute_records(classroom=classroom, why=_("recompute_mastery command"))
            seconds = time.perf_counter() - started
            self.stdout.write(f"{classroom.name}: {changed} records changed ({seconds:.2f} s)")
