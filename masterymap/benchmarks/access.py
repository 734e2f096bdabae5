"""Access helpers for benchmarks: each returns the object or raises 404 ("not there" and
"not yours" look the same). Built from the rules in accounts.access (docs/concepts.md, "Who
may see what")."""

from __future__ import annotations

from django.http import Http404

from masterymap.accounts.access import classrooms_for_user
from masterymap.accounts.models import User
from masterymap.benchmarks.models import Benchmark, MixedPractice, Sitting


def get_benchmark_for_teacher(user: User, benchmark_id: int) -> Benchmark:
    """A benchmark of a class the user teaches or administers: to build, open, close,
    report, print (with its key) and type paper answers."""
    # Students never see a benchmark as its teacher does (nor its key).
    if user.is_student:
        raise Http404("No such benchmark.")
    # A benchmark in one of the classes they manage.
    try:
        return Benchmark.objects.select_related("classroom").get(
            pk=benchmark_id, classroom__in=classrooms_for_user(user)
        )
    except Benchmark.DoesNotExist:
        raise Http404("No such benchmark.") from None


def get_benchmark_for_student(user: User, benchmark_id: int) -> Benchmark:
    """A benchmark opened (or closed) in a class the student is enrolled in; drafts stay
    the teacher's."""
    # Only students take benchmarks.
    if not user.is_student:
        raise Http404("No such benchmark.")
    # Opened in a class they are enrolled in.
    try:
        return Benchmark.objects.select_related("classroom").get(
            pk=benchmark_id,
            classroom__enrollments__student=user,
            state__in=[Benchmark.State.OPEN, Benchmark.State.CLOSED],
        )
    except Benchmark.DoesNotExist:
        raise Http404("No such benchmark.") from None


def get_sitting_for_student(user: User, sitting_id: int) -> Sitting:
    """The student's own sitting, in a class they are still enrolled in; never another's."""
    # Only the student who sat it.
    if not user.is_student:
        raise Http404("No such sitting.")
    # Their own, in a class they are still enrolled in.
    try:
        return Sitting.objects.select_related("benchmark__classroom").get(
            pk=sitting_id, student=user, benchmark__classroom__enrollments__student=user
        )
    except Sitting.DoesNotExist:
        raise Http404("No such sitting.") from None


def get_sitting_for_user(user: User, sitting_id: int) -> Sitting:
    """A sitting to read: the student's own, or any in a class the user teaches or
    administers."""
    # A student reads only their own.
    if user.is_student:
        return get_sitting_for_student(user, sitting_id)
    # Teachers and admins: sittings of benchmarks in the classes they manage.
    try:
        return Sitting.objects.select_related("benchmark__classroom", "student").get(
            pk=sitting_id, benchmark__classroom__in=classrooms_for_user(user)
        )
    except Sitting.DoesNotExist:
        raise Http404("No such sitting.") from None


def get_mixed_practice_for_student(user: User, practice_id: int) -> MixedPractice:
    """The student's own mixed practice set."""
    # Only the student who practises.
    if not user.is_student:
        raise Http404("No such practice.")
    # Their own, in a class they are still enrolled in.
    try:
        return MixedPractice.objects.select_related("classroom").get(
            pk=practice_id, student=user, classroom__enrollments__student=user
        )
    except MixedPractice.DoesNotExist:
        raise Http404("No such practice.") from None
