from typing import Any

from django.core.management.base import BaseCommand
from django.urls import reverse

from masterymap.demo.load import (
    ADMIN_USERNAME,
    DEMO_CARD_KEY,
    DEMO_PASSWORD,
    FORMER_TEACHER_USERNAME,
    IT_USERNAME,
    TEACHER_USERNAME,
    demo_student_usernames,
    load_demo,
)


class Command(BaseCommand):
    help = "Load the demo school (idempotent: does nothing if it is already there)."

    def handle(self, *args: Any, **options: Any) -> None:
        summary = load_demo()
        if summary.created:
            self.stdout.write(self.style.SUCCESS("Demo school loaded."))
        else:
            self.stdout.write("Demo school already loaded; nothing changed.")
        self.stdout.write(
            f"  {summary.students} students, {summary.standards} standards, "
            f"{summary.attempts} attempts."
        )
        students = demo_student_usernames()
        self.stdout.write(
            "Demo logins (password for all: "
            f"{DEMO_PASSWORD}):\n"
            f"  teacher       {TEACHER_USERNAME}\n"
            f"  students      {students[0]}, {students[1]}, … "
            f"({len(students)} in class '7A Maths')\n"
            f"  school admin  {ADMIN_USERNAME} (People: adds and deactivates accounts)\n"
            f"  IT person     {IT_USERNAME} (the Django admin at /admin/ only)\n"
            f"  {FORMER_TEACHER_USERNAME} is a teacher who left: deactivated, cannot log in.\n"
            f"Login card link: {reverse('accounts:card', args=[DEMO_CARD_KEY])} logs "
            f"{students[0]} in (no password: press the button)."
        )
