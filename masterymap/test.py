"""Shared test school. Built once per test class in setUpTestData.

Who may see what:
- Ada is the school admin of Lakeside: she sees every class there, not Hilltop's.
- Tomás teaches 7A (Ana, Ben) and 7B (Cara) on his map "Grade 7"; he edits that map.
- Uma teaches 8C (Dev) at the same school on her own map; she must not reach 7A/7B.
- Zed is Hilltop's admin: another school entirely.
- Students see only their own attempts and trackers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.test import Client, RequestFactory, TestCase
from django.utils import translation

from masterymap.accounts.models import Classroom, Enrollment, School, User
from masterymap.assessments.actions import ChoiceInput, create_form, create_item
from masterymap.assessments.models import Attempt, Form, Item
from masterymap.mastery.actions import set_retake_rules
from masterymap.mastery.retake import RetakeRules
from masterymap.standards.models import MasteryMap, Standard, Unit

PASSWORD = "test-pass-123"


@dataclass
class SchoolData:
    school: School
    ada: User
    tomas: User
    uma: User
    zed: User
    ana: User
    ben: User
    cara: User
    dev: User
    grade7: MasteryMap
    unit1: Unit
    s1: Standard
    s2: Standard
    s1_items: list[Item]
    s1_form_a: Form
    s1_form_b: Form
    c7a: Classroom
    c7b: Classroom
    c8c: Classroom


def make_user(username: str, role: str, school: School, **extra: Any) -> User:
    user = User(username=username, role=role, school=school, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


def make_standard_items(standard: Standard) -> list[Item]:
    """Four items of every kind, keys: choice 'Right', 12 (±0.5), choices B+C, 'three quarters'."""
    single = create_item(
        standard=standard,
        kind="single",
        stem="Pick **Right**.",
        feedback="SECRET-FEEDBACK-single",
        choices=[ChoiceInput("Right", True), ChoiceInput("Wrong", False, "Misread")],
    )
    numeric = create_item(
        standard=standard,
        kind="numeric",
        stem="What is 3 × 4?",
        numeric_answer=12,
        tolerance=0.5,
        feedback="SECRET-FEEDBACK-numeric",
    )
    multiple = create_item(
        standard=standard,
        kind="multiple",
        stem="Select B and C.",
        choices=[ChoiceInput("A"), ChoiceInput("B", True), ChoiceInput("C", True)],
    )
    text = create_item(
        standard=standard,
        kind="text",
        stem="Write 3/4 in words.",
        accepted_answers=["three quarters", "three fourths"],
    )
    return [single, numeric, multiple, text]


def build_school() -> SchoolData:
    school = School.objects.create(name="Lakeside")
    hilltop = School.objects.create(name="Hilltop")
    ada = make_user("ada", User.Role.SCHOOL_ADMIN, school, first_name="Ada")
    tomas = make_user("tomas", User.Role.TEACHER, school, first_name="Tomás")
    uma = make_user("uma", User.Role.TEACHER, school, first_name="Uma")
    zed = make_user("zed", User.Role.SCHOOL_ADMIN, hilltop, first_name="Zed")
    ana = make_user("ana", User.Role.STUDENT, school, first_name="Ana", last_name="A")
    ben = make_user("ben", User.Role.STUDENT, school, first_name="Ben", last_name="B")
    cara = make_user("cara", User.Role.STUDENT, school, first_name="Cara", last_name="C")
    dev = make_user("dev", User.Role.STUDENT, school, first_name="Dev", last_name="D")

    grade7 = MasteryMap.objects.create(school=school, title="Grade 7", created_by=tomas)
    unit1 = Unit.objects.create(mastery_map=grade7, title="Ratios", position=1)
    s1 = Standard.objects.create(
        mastery_map=grade7,
        unit=unit1,
        code="7.RP.A.1",
        statement="Unit rates",
        i_can="I can find unit rates",
        icon="star",
        colour="blue",
        position=1,
    )
    s2 = Standard.objects.create(
        mastery_map=grade7,
        unit=unit1,
        code="7.RP.A.2",
        statement="Proportions",
        i_can="I can spot proportions",
        icon="circle",
        colour="green",
        position=2,
    )
    items = make_standard_items(s1)
    form_a = create_form(standard=s1, item_ids=[i.pk for i in items])
    # Parallel forms share no question: form B has its own four, written the same way.
    form_b = create_form(standard=s1, item_ids=[i.pk for i in make_standard_items(s1)])
    uma_map = MasteryMap.objects.create(school=school, title="Grade 8", created_by=uma)

    c7a = Classroom.objects.create(school=school, name="7A", mastery_map=grade7)
    c7a.teachers.add(tomas)
    c7b = Classroom.objects.create(school=school, name="7B", mastery_map=grade7)
    c7b.teachers.add(tomas)
    c8c = Classroom.objects.create(school=school, name="8C", mastery_map=uma_map)
    c8c.teachers.add(uma)
    for classroom, student in [(c7a, ana), (c7a, ben), (c7b, cara), (c8c, dev)]:
        Enrollment.objects.create(classroom=classroom, student=student)
    return SchoolData(
        school=school,
        ada=ada,
        tomas=tomas,
        uma=uma,
        zed=zed,
        ana=ana,
        ben=ben,
        cara=cara,
        dev=dev,
        grade7=grade7,
        unit1=unit1,
        s1=s1,
        s2=s2,
        s1_items=items,
        s1_form_a=form_a,
        s1_form_b=form_b,
        c7a=c7a,
        c7b=c7b,
        c8c=c8c,
    )


class BaseTestCase(TestCase):
    """A TestCase with the shared school as `self.d`."""

    d: SchoolData

    @classmethod
    def setUpTestData(cls) -> None:
        cls.d = build_school()

    def setUp(self) -> None:
        super().setUp()
        # A request leaves its language active in the thread: each test starts in English.
        translation.deactivate()

    def assertAttemptPage(self, response: HttpResponse, attempt_id: int) -> None:  # noqa: N802
        """ "I'm ready" and submit answer with the attempt's page itself, naming its address
        (workflows.views.attempts): not a redirect."""
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'<link rel="canonical" href="/attempts/{attempt_id}/">')

    def open_retakes(self, classroom: Classroom | None = None) -> None:
        """Retakes with no wait and no reflection, for tests about something else than the
        retake rules (which the default rules would otherwise hold back for a day)."""
        for room in [classroom] if classroom else [self.d.c7a, self.d.c7b]:
            set_retake_rules(
                classroom=room,
                standard=None,
                rules=RetakeRules(cool_down_days=0, reflection_required=False),
                by=self.d.tomas,
            )

    def answers_for(self, *, right: bool, form: Form | None = None) -> dict[int, list[str]]:
        """Answers to the four items of an s1 form, all right or all wrong: `form`, else the
        form of the newest sitting still open on s1, else form A (forms A and B are written
        alike, so the same answers fit either)."""
        if form is None:
            open_sitting = (
                Attempt.objects.filter(form__standard=self.d.s1, status=Attempt.Status.IN_PROGRESS)
                .order_by("-started_at", "-pk")
                .first()
            )
            form = open_sitting.form if open_sitting else self.d.s1_form_a
        items = [fi.item for fi in form.form_items.select_related("item").order_by("position")]
        single, numeric, multiple, text = sorted(
            items, key=lambda i: ["single", "numeric", "multiple", "text"].index(i.kind)
        )
        choices = {c.text: str(c.pk) for i in (single, multiple) for c in i.choices.all()}
        if right:
            return {
                single.pk: [choices["Right"]],
                numeric.pk: ["12.5"],
                multiple.pk: [choices["B"], choices["C"]],
                text.pk: ["Three Quarters"],
            }
        return {single.pk: [choices["Wrong"]], numeric.pk: ["13"], multiple.pk: [], text.pk: [""]}

    def post_data(self, answers: dict[int, list[str]]) -> dict[str, object]:
        """What the answer sheet posts for these answers."""
        data: dict[str, object] = {}
        for item_id, values in answers.items():
            data[f"shown-{item_id}"] = "1"
            data[f"item-{item_id}"] = values
        return data


def password_login(client: Client, username: str, password: str) -> bool:
    """`client.login` with a password, through the throttled login (django-axes needs the
    request it counts failures by: a test address)."""
    request = RequestFactory().post("/login/", REMOTE_ADDR="127.0.0.9")
    return client.login(request=request, username=username, password=password)
