"""Pages of the interventions app: peer tutoring (issue 9, item 7). The student's offers
page (linked from their map), asking for a tutor, the page of one pair (tutee and tutor), and the
teacher's page of the class's pairs, offers and switches."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from masterymap.accounts import access
from masterymap.accounts.request_types import AuthedRequest
from masterymap.interventions import access as interventions_access
from masterymap.interventions import tutoring
from masterymap.interventions.models import TutorPair
from masterymap.lib.errors import ActionError
from masterymap.lib.html import with_content
from masterymap.lib.ids import parse_id
from masterymap.lib.redirects import posted_next
from masterymap.standards import access as standards_access


def _pair_url(pair: TutorPair) -> str:
    return reverse("interventions:tutor-pair", args=[pair.pk])


def _map_card(classroom_id: int, standard_id: int) -> str:
    return reverse("workflows:student-map", args=[classroom_id]) + f"#standard-{standard_id}"


# --- the student: offers and asking ------------------------------------------------------------


def _offers_url(classroom_id: int, standard_id: int) -> str:
    return reverse("interventions:tutor-offers", args=[classroom_id]) + f"#offer-{standard_id}"


@require_GET
@login_required
def tutor_offers(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The student's offers to tutor: each standard they mastered here, offered or not."""
    classroom = access.get_classroom_for_student(request.user, classroom_id)
    context = {"classroom": classroom, "page": tutoring.offers_page(classroom, request.user)}
    return render(request, "interventions/tutor_offers.html", context)


@require_POST
@login_required
def tutor_offer(request: AuthedRequest, classroom_id: int, standard_id: int) -> HttpResponse:
    """Offer to tutor a mastered standard, or stop offering (`stop`)."""
    classroom = access.get_classroom_for_student(request.user, classroom_id)
    standard = standards_access.get_standard_in_classroom(classroom, standard_id)
    try:
        if request.POST.get("stop"):
            tutoring.stop_offering(classroom=classroom, student=request.user, standard=standard)
            messages.success(
                request,
                with_content(_("You no longer offer to tutor %(code)s."), code=standard.code),
            )
        else:
            tutoring.offer_to_tutor(classroom=classroom, student=request.user, standard=standard)
            messages.success(
                request,
                with_content(
                    _("Thank you! Classmates who need help on %(code)s may ask you."),
                    code=standard.code,
                ),
            )
    except ActionError as e:
        messages.error(request, e.message)
    return redirect(posted_next(request, _offers_url(classroom.pk, standard.pk)))


@require_POST
@login_required
def tutor_ask(request: AuthedRequest, classroom_id: int, standard_id: int) -> HttpResponse:
    """Ask for a peer tutor on a standard: the tutoring page of the request."""
    classroom = access.get_classroom_for_student(request.user, classroom_id)
    standard = standards_access.get_standard_in_classroom(classroom, standard_id)
    try:
        pair = tutoring.ask_for_tutor(classroom=classroom, student=request.user, standard=standard)
    except ActionError as e:
        messages.error(request, e.message)
        return redirect(posted_next(request, _map_card(classroom.pk, standard.pk)))
    return redirect(_pair_url(pair))


# --- one pair: its tutee and its tutor -----------------------------------------------------------


@require_GET
@login_required
def tutor_pair(request: AuthedRequest, pair_id: int) -> HttpResponse:
    """The tutoring page of one pair, for its tutee or its tutor."""
    pair = interventions_access.get_pair_for_student(request.user, pair_id)
    if pair.tutee_id == request.user.pk:
        # A declined or re-asked request goes on in a newer pair: show that one.
        newer = tutoring.successor(pair)
        if newer is not None:
            return redirect(_pair_url(newer))
    context = {"page": tutoring.pair_page(pair, request.user), "classroom": pair.classroom}
    return render(request, "interventions/tutoring_pair.html", context)


@require_POST
@login_required
def tutor_share(request: AuthedRequest, pair_id: int) -> HttpResponse:
    pair = interventions_access.get_pair_for_student(request.user, pair_id)
    share = request.POST.get("share") == "on"
    try:
        tutoring.set_share_analysis(pair=pair, by=request.user, share=share)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            _("Your tutor may read your error analysis on this standard.")
            if share
            else _("Your error analysis is private again."),
        )
    return redirect(_pair_url(pair))


@require_POST
@login_required
def tutor_choose(request: AuthedRequest, pair_id: int) -> HttpResponse:
    """The tutee asks another suggested classmate instead."""
    pair = interventions_access.get_pair_for_student(request.user, pair_id)
    tutor_id = parse_id(request.POST.get("tutor", ""))
    try:
        if tutor_id is None:
            raise ActionError(_("Pick a classmate to ask."))
        pair = tutoring.ask_another_tutor(pair=pair, tutor_id=tutor_id, by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request, with_content(_("We asked %(name)s."), name=tutoring.short_name(pair.tutor))
        )
    return redirect(_pair_url(pair))


@require_POST
@login_required
def tutor_accept(request: AuthedRequest, pair_id: int) -> HttpResponse:
    pair = interventions_access.get_pair_for_student(request.user, pair_id)
    try:
        tutoring.accept_request(pair=pair, by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Thank you for helping! Meet, then both confirm the session."))
    return redirect(_pair_url(pair))


@require_POST
@login_required
def tutor_decline(request: AuthedRequest, pair_id: int) -> HttpResponse:
    pair = interventions_access.get_pair_for_student(request.user, pair_id)
    try:
        tutoring.decline_request(pair=pair, by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
        return redirect(_pair_url(pair))
    messages.success(request, _("Declined. We will ask someone else."))
    return redirect(posted_next(request, _map_card(pair.classroom_id, pair.standard_id)))


@require_POST
@login_required
def tutor_confirm(request: AuthedRequest, pair_id: int) -> HttpResponse:
    """One side confirms the session happened."""
    pair = interventions_access.get_pair_for_student(request.user, pair_id)
    try:
        pair = tutoring.confirm_session(pair=pair, by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        if pair.state == TutorPair.State.DONE:
            messages.success(request, _("✓ Session held: you both confirmed it."))
        else:
            messages.success(request, _("Confirmed. Waiting for the other side to confirm."))
    return redirect(posted_next(request, _pair_url(pair)))


@require_POST
@login_required
def tutor_cancel(request: AuthedRequest, pair_id: int) -> HttpResponse:
    """The tutee or the tutor ends an open pair."""
    pair = interventions_access.get_pair_for_student(request.user, pair_id)
    try:
        tutoring.end_pair(pair=pair, by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Tutoring ended."))
    return redirect(_pair_url(pair))


# --- the teacher ---------------------------------------------------------------------------------


@require_GET
@login_required
def tutoring_class(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """The class's peer tutoring: pairs, requests nobody could take, offers, switches."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    context = {"classroom": classroom, "page": tutoring.class_page(classroom)}
    return render(request, "interventions/tutoring_class.html", context)


def _class_url(classroom_id: int, anchor: str) -> str:
    return reverse("interventions:tutoring-class", args=[classroom_id]) + anchor


@require_POST
@login_required
def tutoring_switch(request: AuthedRequest, classroom_id: int) -> HttpResponse:
    """Peer tutoring on or off, for the class or (with `student`) one student."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    raw = request.POST.get("student", "")
    student_id = parse_id(raw)
    if raw and student_id is None:
        raise Http404("No such student in this class.")
    student = (
        access.get_student_for_teacher(request.user, classroom, student_id)
        if student_id is not None
        else None
    )
    on = request.POST.get("on") == "1"
    tutoring.switch_tutoring(classroom=classroom, student=student, on=on, by=request.user)
    if student is None:
        messages.success(
            request, _("Peer tutoring is on in this class.") if on else _("Peer tutoring is off.")
        )
        return redirect(_class_url(classroom.pk, "#switch"))
    messages.success(
        request,
        with_content(
            _("Peer tutoring is on for %(name)s.")
            if on
            else _("Peer tutoring is off for %(name)s."),
            name=student.display_name,
        ),
    )
    return redirect(_class_url(classroom.pk, "#students"))


@require_POST
@login_required
def tutoring_assign(request: AuthedRequest, classroom_id: int, pair_id: int) -> HttpResponse:
    """The teacher picks a tutor for a request nobody could take."""
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    pair = interventions_access.get_pair_in_classroom(classroom, pair_id)
    tutor_id = parse_id(request.POST.get("tutor", ""))
    try:
        if tutor_id is None:
            raise ActionError(_("Pick a tutor."))
        pair = tutoring.assign_tutor(pair=pair, tutor_id=tutor_id, by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            with_content(
                _("We asked %(tutor)s to tutor %(tutee)s."),
                tutor=pair.tutor.display_name if pair.tutor else "",
                tutee=pair.tutee.display_name,
            ),
        )
    return redirect(_class_url(classroom.pk, "#unmatched"))


@require_POST
@login_required
def tutoring_end(request: AuthedRequest, classroom_id: int, pair_id: int) -> HttpResponse:
    classroom = access.get_classroom_for_teacher(request.user, classroom_id)
    pair = interventions_access.get_pair_in_classroom(classroom, pair_id)
    try:
        tutoring.end_pair(pair=pair, by=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request, with_content(_("Tutoring of %(name)s ended."), name=pair.tutee.display_name)
        )
    return redirect(_class_url(classroom.pk, "#pairs"))


urlpatterns: list[URLPattern] = [
    path("classes/<id:classroom_id>/tutor/offers/", tutor_offers, name="tutor-offers"),
    path(
        "classes/<id:classroom_id>/standards/<id:standard_id>/tutor/offer/",
        tutor_offer,
        name="tutor-offer",
    ),
    path(
        "classes/<id:classroom_id>/standards/<id:standard_id>/tutor/ask/",
        tutor_ask,
        name="tutor-ask",
    ),
    path("tutoring/<id:pair_id>/", tutor_pair, name="tutor-pair"),
    path("tutoring/<id:pair_id>/share/", tutor_share, name="tutor-share"),
    path("tutoring/<id:pair_id>/choose/", tutor_choose, name="tutor-choose"),
    path("tutoring/<id:pair_id>/accept/", tutor_accept, name="tutor-accept"),
    path("tutoring/<id:pair_id>/decline/", tutor_decline, name="tutor-decline"),
    path("tutoring/<id:pair_id>/confirm/", tutor_confirm, name="tutor-confirm"),
    path("tutoring/<id:pair_id>/cancel/", tutor_cancel, name="tutor-cancel"),
    path("classes/<id:classroom_id>/tutoring/", tutoring_class, name="tutoring-class"),
    path("classes/<id:classroom_id>/tutoring/switch/", tutoring_switch, name="tutoring-switch"),
    path(
        "classes/<id:classroom_id>/tutoring/pairs/<id:pair_id>/assign/",
        tutoring_assign,
        name="tutoring-assign",
    ),
    path(
        "classes/<id:classroom_id>/tutoring/pairs/<id:pair_id>/end/",
        tutoring_end,
        name="tutoring-end",
    ),
]
