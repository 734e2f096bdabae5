"""Reads for the People page: a school's accounts, filtered, a page at a time, with their
classes and whether logging in is paused."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from masterymap.accounts.models import Classroom, Enrollment, User
from masterymap.accounts.queries import locked_usernames

ACTIVE = "active"
DEACTIVATED = "deactivated"


@dataclass(frozen=True)
class PeopleFilter:
    """What the admin searched for: words of a name or username, a role, active or not
    (empty: any)."""

    search: str = ""
    role: str = ""
    status: str = ""


@dataclass(frozen=True)
class PersonRow:
    """One account as the People page shows it."""

    pk: int
    name: str
    username: str
    role: str
    role_label: str
    classes: tuple[str, ...]
    active: bool
    paused: bool


@dataclass(frozen=True)
class PeopleCounts:
    teachers: int
    students: int
    admins: int
    deactivated: int


def school_people(school_id: int, wanted: PeopleFilter) -> QuerySet[User]:
    """The school's accounts matching `wanted`: admins, then teachers, then students, each by
    name. Every word searched must appear in the first name, last name or username. Their
    classes are prefetched (two more queries, whatever the page size)."""
    qs = User.objects.filter(school_id=school_id)
    for word in wanted.search.split():
        qs = qs.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__icontains=word)
        )
    if wanted.role:
        qs = qs.filter(role=wanted.role)
    if wanted.status == ACTIVE:
        qs = qs.filter(is_active=True)
    elif wanted.status == DEACTIVATED:
        qs = qs.filter(is_active=False)
    rank = Case(
        When(role=User.Role.SCHOOL_ADMIN, then=Value(0)),
        When(role=User.Role.TEACHER, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        qs.annotate(role_rank=rank)
        .order_by("role_rank", "last_name", "first_name", "username")
        .prefetch_related(
            Prefetch("teaching_classrooms", queryset=Classroom.objects.only("pk", "name")),
            Prefetch(
                "enrollments",
                queryset=Enrollment.objects.select_related("classroom").only(
                    "student_id", "classroom__name"
                ),
            ),
        )
    )


def person_rows(people: list[User]) -> list[PersonRow]:
    """Rows for these accounts (from `school_people`); one more query, for login pauses."""
    paused = locked_usernames(p.username for p in people)
    rows = []
    for p in people:
        if p.is_student:
            classes = sorted(e.classroom.name for e in p.enrollments.all())
        else:
            classes = sorted(c.name for c in p.teaching_classrooms.all())
        rows.append(
            PersonRow(
                pk=p.pk,
                name=p.display_name,
                username=p.username,
                role=p.role,
                role_label=p.get_role_display(),
                classes=tuple(classes),
                active=p.is_active,
                paused=p.username in paused,
            )
        )
    return rows


def people_counts(school_id: int) -> PeopleCounts:
    """How many active teachers, students and admins the school has, and how many accounts
    are deactivated. One query."""
    totals = User.objects.filter(school_id=school_id).aggregate(
        teachers=Count("pk", filter=Q(role=User.Role.TEACHER, is_active=True)),
        students=Count("pk", filter=Q(role=User.Role.STUDENT, is_active=True)),
        admins=Count("pk", filter=Q(role=User.Role.SCHOOL_ADMIN, is_active=True)),
        deactivated=Count("pk", filter=Q(is_active=False)),
    )
    return PeopleCounts(**totals)
