"""Every write of the goals app: goals and check-ins, the public map's settings, students'
public profiles and dismissed alerts. Callers have checked who may do it (goals.access);
these check that what is asked makes sense, and raise ActionError with words for a person."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from masterymap.accounts.models import Classroom, User
from masterymap.goals.models import (
    ALIASES,
    AVATARS,
    CheckIn,
    DismissedAlert,
    Goal,
    PrivacyMode,
    PublicMap,
    PublicProfile,
)
from masterymap.lib.errors import ActionError
from masterymap.standards.models import Standard, Unit

MAX_CHECK_IN = 100


def _check_goal(
    classroom: Classroom,
    student: User | None,
    kind: str,
    target: int,
    deadline: date,
    today: date,
    title: str,
    unit: Unit | None,
    standards: Sequence[Standard],
) -> int:
    """The goal's target once it makes sense; ActionError with the reason otherwise."""
    if kind not in Goal.Kind.values:
        raise ActionError(_("Choose what kind of goal this is."))
    if deadline < today:
        raise ActionError(_("The deadline has to be today or later."))
    if unit is not None and unit.mastery_map_id != classroom.mastery_map_id:
        raise ActionError(_("That unit is not on this class's map."))
    if kind == Goal.Kind.COUNTED:
        if student is None:
            raise ActionError(_("A counted goal belongs to one student."))
        if not title.strip():
            raise ActionError(_("Say what you will count, such as “Read chapter books”."))
    if kind == Goal.Kind.LIST:
        if not standards:
            raise ActionError(_("Choose at least one standard."))
        if any(s.mastery_map_id != classroom.mastery_map_id for s in standards):
            raise ActionError(_("Every standard has to be on this class's map."))
        return len({s.pk for s in standards})
    if target < 1:
        raise ActionError(_("The goal needs a number of at least 1."))
    if kind == Goal.Kind.STANDARDS and student is not None:
        scope = Standard.objects.filter(mastery_map_id=classroom.mastery_map_id)
        if unit is not None:
            scope = scope.filter(unit=unit)
        available = scope.count()
        if target > available:
            raise ActionError(
                _("There are only %(n)s standards to master there; choose %(n)s or fewer.")
                % {"n": available}
            )
    if kind == Goal.Kind.COUNTED and target > 10_000:
        raise ActionError(_("Choose a number up to 10,000."))
    return target


@transaction.atomic
def set_goal(
    *,
    classroom: Classroom,
    student: User | None,
    kind: str,
    target: int,
    deadline: date,
    by: User,
    title: str = "",
    unit: Unit | None = None,
    standards: Sequence[Standard] = (),
    public: bool = False,
    suggest: bool = False,
    at: datetime | None = None,
) -> Goal:
    """A new goal: the student's own, a class goal (student None), or a teacher's suggestion
    to a student (`suggest`: it waits for the student to accept)."""
    at = at or timezone.now()
    today = timezone.localdate(at)
    target = _check_goal(classroom, student, kind, target, deadline, today, title, unit, standards)
    goal = Goal.objects.create(
        classroom=classroom,
        student=student,
        kind=kind,
        title=title.strip(),
        target=target,
        unit=unit if kind == Goal.Kind.STANDARDS else None,
        deadline=deadline,
        set_on=today,
        public=public,
        state=Goal.State.SUGGESTED if suggest else Goal.State.ACTIVE,
        set_by=by,
        created_at=at,
        updated_at=at,
    )
    if kind == Goal.Kind.LIST:
        goal.standards.set(standards)
    return goal


def _move(goal: Goal, allowed_from: set[str], to: str, at: datetime | None) -> Goal:
    if goal.state not in allowed_from:
        raise ActionError(_("This goal has changed meanwhile; reload the page."))
    goal.state = to
    goal.updated_at = at or timezone.now()
    goal.save(update_fields=["state", "updated_at"])
    return goal


@transaction.atomic
def accept_goal(*, goal: Goal, at: datetime | None = None) -> Goal:
    """The student takes up a goal a teacher suggested; it counts from today."""
    goal = Goal.objects.select_for_update(of=("self",)).get(pk=goal.pk)
    goal.set_on = timezone.localdate(at or timezone.now())
    goal.save(update_fields=["set_on"])
    return _move(goal, {Goal.State.SUGGESTED}, Goal.State.ACTIVE, at)


@transaction.atomic
def decline_goal(*, goal: Goal, at: datetime | None = None) -> Goal:
    goal = Goal.objects.select_for_update(of=("self",)).get(pk=goal.pk)
    return _move(goal, {Goal.State.SUGGESTED}, Goal.State.DECLINED, at)


@transaction.atomic
def withdraw_goal(*, goal: Goal, at: datetime | None = None) -> Goal:
    """The goal is put aside; it stays in the history, never deleted."""
    goal = Goal.objects.select_for_update(of=("self",)).get(pk=goal.pk)
    return _move(goal, {Goal.State.ACTIVE, Goal.State.SUGGESTED}, Goal.State.WITHDRAWN, at)


@transaction.atomic
def record_check_in(
    *,
    goal: Goal,
    on: date,
    amount: int = 1,
    note: str = "",
    at: datetime | None = None,
) -> CheckIn:
    """The student counts progress on their counted goal ("I read another book")."""
    at = at or timezone.now()
    if goal.kind != Goal.Kind.COUNTED:
        raise ActionError(_("Only a counted goal takes check-ins; standards count themselves."))
    if goal.state != Goal.State.ACTIVE:
        raise ActionError(_("This goal is not active."))
    if on > timezone.localdate(at):
        raise ActionError(_("A check-in cannot be in the future."))
    if not 1 <= amount <= MAX_CHECK_IN:
        raise ActionError(_("Count between 1 and %(n)s at a time.") % {"n": MAX_CHECK_IN})
    check_in = CheckIn.objects.create(
        goal=goal, on=on, amount=amount, note=note.strip()[:200], recorded_at=at
    )
    Goal.objects.filter(pk=goal.pk).update(updated_at=at)
    return check_in


@transaction.atomic
def confirm_check_in(*, check_in: CheckIn, by: User, at: datetime | None = None) -> CheckIn:
    """A teacher confirms a check-in (confirming twice changes nothing)."""
    at = at or timezone.now()
    if check_in.confirmed_at is None:
        check_in.confirmed_by = by
        check_in.confirmed_at = at
        check_in.save(update_fields=["confirmed_by", "confirmed_at"])
        Goal.objects.filter(pk=check_in.goal_id).update(updated_at=at)
    return check_in


@transaction.atomic
def save_public_map(
    *,
    classroom: Classroom,
    privacy_mode: str,
    norms: str,
    stalled_after: int,
    by: User,
) -> PublicMap:
    """The teacher's choices for the public class map and the alerts."""
    if privacy_mode not in PrivacyMode.values:
        raise ActionError(_("Choose a privacy mode."))
    if not 1 <= stalled_after <= 60:
        raise ActionError(_("Choose between 1 and 60 school days."))
    settings, _created = PublicMap.objects.update_or_create(
        classroom=classroom,
        defaults={
            "privacy_mode": privacy_mode,
            "norms": norms.strip()[:2000],
            "stalled_after": stalled_after,
            "updated_by": by,
        },
    )
    return settings


def save_profile(
    *, classroom: Classroom, student: User, alias: str, avatar: str, opt_out: bool
) -> PublicProfile:
    """A student's alias, avatar and opt-out for one class's public map."""
    if alias and alias not in ALIASES:
        raise ActionError(_("Choose an alias from the list."))
    if avatar and avatar not in AVATARS:
        raise ActionError(_("Choose an avatar from the list."))
    taken = (
        PublicProfile.objects.filter(classroom=classroom, alias=alias)
        .exclude(student=student)
        .exists()
    )
    if alias and taken:
        raise ActionError(
            _("A classmate picked %(alias)s already; pick another.") % {"alias": ALIASES[alias]}
        )
    try:
        with transaction.atomic():
            profile, _created = PublicProfile.objects.update_or_create(
                classroom=classroom,
                student=student,
                defaults={"alias": alias, "avatar": avatar, "opt_out": opt_out},
            )
    except IntegrityError:  # two students picked the same alias at the same moment
        raise ActionError(
            _("A classmate picked %(alias)s already; pick another.") % {"alias": ALIASES[alias]}
        ) from None
    return profile


def dismiss_alert(
    *, classroom: Classroom, key: str, by: User, at: datetime | None = None
) -> DismissedAlert:
    """Hide one alert for the class's teachers; dismissing twice is one dismissal."""
    dismissal, _created = DismissedAlert.objects.get_or_create(
        classroom=classroom,
        key=key[:120],
        defaults={"dismissed_by": by, "dismissed_at": at or timezone.now()},
    )
    return dismissal
