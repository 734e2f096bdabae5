"""Pages for editing the bank after the fact (assessments.editing): a form's own page (its
order, questions, settings, a preview as a student sees it), archive and restore, delete
with confirmation, and a form's blank answer sheet."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masterymap.accounts.request_types import AuthedRequest
from masterymap.assessments import access, editing
from masterymap.assessments.models import DEFAULT_THRESHOLD, Form
from masterymap.assessments.queries import sheet_items
from masterymap.lib.errors import ActionError
from masterymap.lib.ids import parse_id
from masterymap.lib.qr import qr_svg


class FormSettingsForm(forms.Form):
    """A form's threshold and shuffle setting (the labels are the form builder's)."""

    threshold = forms.IntegerField(
        min_value=1,
        max_value=100,
        initial=DEFAULT_THRESHOLD,
        label=gettext_lazy("Mastery threshold (%)"),
        help_text=gettext_lazy("The score a student needs to master the standard with this form."),
    )
    shuffle_items = forms.BooleanField(
        required=False,
        label=gettext_lazy("Shuffle the questions"),
        help_text=gettext_lazy(
            "Each student gets the questions in their own order (choices are shuffled anyway)."
        ),
    )


@dataclass(frozen=True)
class FormRow:
    """One question on the form's page: its number, the question whole, and the order the
    form would have if it moved up or down (None at either end)."""

    number: int
    question: editing.BankQuestion
    up_order: list[int] | None
    down_order: list[int] | None


def _title(form: Form) -> str:
    return _("%(code)s · form %(label)s") % {"code": form.standard.code, "label": form.label}


def _rows(form: Form) -> list[FormRow]:
    items = editing.form_questions(form)
    ids = [item.pk for item in items]
    rows = []
    for n, item in enumerate(items):
        up = ids[: n - 1] + [ids[n], ids[n - 1]] + ids[n + 1 :] if n > 0 else None
        down = ids[:n] + [ids[n + 1], ids[n]] + ids[n + 2 :] if n < len(ids) - 1 else None
        rows.append(FormRow(n + 1, editing.bank_question(item), up, down))
    return rows


def _page(
    form: Form, *, settings: FormSettingsForm | None = None, moved: int | None = None
) -> dict[str, object]:
    rows = _rows(form)
    sittings = form.attempts.count()
    status = ""
    if moved is not None:
        number = next((r.number for r in rows if r.question.item.pk == moved), None)
        if number is not None:
            status = _("Question #%(item)s is now question %(number)s of %(count)s.") % {
                "item": moved,
                "number": number,
                "count": len(rows),
            }
    return {
        "form": form,
        "standard": form.standard,
        "title": _title(form),
        "rows": rows,
        "sittings": sittings,
        "free": editing.free_questions(form) if not sittings else [],
        "settings": settings
        or FormSettingsForm(
            initial={"threshold": form.threshold, "shuffle_items": form.shuffle_items}
        ),
        # As a student meets it: the written order, choices as written (each sitting
        # shuffles its own), nothing of the key.
        "preview": sheet_items([r.question.item for r in rows], {}),
        "moved": moved,
        "order_status": status,
    }


def _bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def _form_page_url(form: Form, anchor: str = "") -> str:
    return reverse("assessments:form-edit", args=[form.pk]) + (f"#{anchor}" if anchor else "")


def _bank_url(standard_id: int, anchor: str) -> str:
    return reverse("assessments:standard-bank", args=[standard_id]) + f"#{anchor}"


@require_GET
@login_required
def form_edit(request: AuthedRequest, form_id: int) -> HttpResponse:
    """A form's own page: its questions in order (move, drag, add, remove), its settings, a
    preview as a student sees it, printing, archive and delete."""
    form = access.get_form_for_editor(request.user, form_id)
    return render(request, "assessments/form_edit.html", _page(form))


@require_POST
@login_required
def form_reorder(request: AuthedRequest, form_id: int) -> HttpResponse:
    """The form's questions in a new order (`order`: every item id once; `moved`: the one
    that moved, for the page to say where it went). 400, and no change, for any other
    list."""
    form = access.get_form_for_editor(request.user, form_id)
    ids = [parse_id(raw) for raw in request.POST.getlist("order")]
    if None in ids:
        return _bad_request(_("That is not a list of this form's questions."))
    try:
        editing.reorder_form_items(form=form, ordered_item_ids=[i for i in ids if i])
    except ActionError as e:
        return _bad_request(e.message)
    moved = parse_id(request.POST.get("moved", ""))
    if request.htmx:
        context = _page(form, moved=moved)
        return render(request, "assessments/form_edit.html#form-item-list", context)
    return redirect(_form_page_url(form, f"fi-{moved}" if moved else "questions"))


@require_POST
@login_required
def form_settings(request: AuthedRequest, form_id: int) -> HttpResponse:
    form = access.get_form_for_editor(request.user, form_id)
    bound = FormSettingsForm(request.POST)
    if bound.is_valid():
        try:
            editing.set_form_settings(
                form=form,
                threshold=bound.cleaned_data["threshold"],
                shuffle_items=bound.cleaned_data["shuffle_items"],
            )
        except ActionError as e:
            bound.add_error(None, e.message)
        else:
            messages.success(
                request,
                _("Form %(label)s saved. Attempts already handed in keep their result.")
                % {"label": form.label},
            )
            return redirect(_form_page_url(form, "settings"))
    return render(request, "assessments/form_edit.html", _page(form, settings=bound), status=400)


@require_POST
@login_required
def form_item_add(request: AuthedRequest, form_id: int, item_id: int) -> HttpResponse:
    form = access.get_form_for_editor(request.user, form_id)
    try:
        editing.add_form_item(form=form, item_id=item_id)
    except ActionError as e:
        messages.error(request, e.message)
        return redirect(_form_page_url(form, "add"))
    messages.success(
        request,
        _("Question #%(item)s added to form %(label)s.") % {"item": item_id, "label": form.label},
    )
    return redirect(_form_page_url(form, f"fi-{item_id}"))


@require_POST
@login_required
def form_item_remove(request: AuthedRequest, form_id: int, item_id: int) -> HttpResponse:
    form = access.get_form_for_editor(request.user, form_id)
    try:
        editing.remove_form_item(form=form, item_id=item_id)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            _("Question #%(item)s taken off form %(label)s; it stays in the bank.")
            % {"item": item_id, "label": form.label},
        )
    return redirect(_form_page_url(form, "questions"))


def _back_from_form(request: AuthedRequest, form: Form) -> str:
    """Back to the bank when the button was there, else to the form's page."""
    if request.POST.get("from") == "bank":
        return _bank_url(form.standard_id, "forms")
    return _form_page_url(form)


@require_POST
@login_required
def form_archive(request: AuthedRequest, form_id: int) -> HttpResponse:
    form = access.get_form_for_editor(request.user, form_id)
    editing.archive_form(form=form)
    messages.success(
        request,
        _(
            "Form %(label)s archived: no student gets it as their next form any more. A "
            "sitting already open on it can still be handed in, and its sittings stay readable."
        )
        % {"label": form.label},
    )
    return redirect(_back_from_form(request, form))


@require_POST
@login_required
def form_restore(request: AuthedRequest, form_id: int) -> HttpResponse:
    form = access.get_form_for_editor(request.user, form_id)
    editing.restore_form(form=form)
    messages.success(
        request, _("Form %(label)s restored: students can take it again.") % {"label": form.label}
    )
    return redirect(_back_from_form(request, form))


@require_http_methods(["GET", "POST"])
@login_required
def form_delete(request: AuthedRequest, form_id: int) -> HttpResponse:
    """GET: "Delete form A?" with Delete and Cancel, or why it cannot be (with Archive).
    POST: delete it."""
    form = access.get_form_for_editor(request.user, form_id)
    if request.method == "POST":
        try:
            label = editing.delete_form(form=form)
        except ActionError as e:
            messages.error(request, e.message)
            return redirect("assessments:form-delete", form_id=form.pk)
        messages.success(
            request,
            _("Form %(label)s deleted; its questions are free for another form.")
            % {"label": label},
        )
        return redirect(_bank_url(form.standard_id, "forms"))
    context = {
        "standard": form.standard,
        "form": form,
        "title": _title(form),
        "refusals": editing.form_delete_refusals(form),
        "cancel_url": _form_page_url(form),
    }
    return render(request, "assessments/confirm_delete.html", context)


@require_POST
@login_required
def item_archive(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = access.get_item_for_editor(request.user, item_id)
    done = editing.archive_item(item=item)
    parts = [
        _("Question #%(item)s archived: it is off the bank's list and goes on no new form.")
        % {"item": item.pk}
    ]
    if done.taken_off:
        parts.append(
            ngettext(
                "It was taken off form %(labels)s, which nobody had sat.",
                "It was taken off forms %(labels)s, which nobody had sat.",
                len(done.taken_off),
            )
            % {"labels": ", ".join(done.taken_off)}
        )
    if done.kept_on:
        parts.append(
            ngettext(
                "It stays on form %(labels)s, which students have sat, so their attempts "
                "still show it.",
                "It stays on forms %(labels)s, which students have sat, so their attempts "
                "still show it.",
                len(done.kept_on),
            )
            % {"labels": ", ".join(done.kept_on)}
        )
    messages.success(request, " ".join(parts))
    return redirect(_bank_url(item.standard_id, "archived"))


@require_POST
@login_required
def item_restore(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = access.get_item_for_editor(request.user, item_id)
    editing.restore_item(item=item)
    messages.success(
        request,
        _("Question #%(item)s is back in the bank, free to go on a new form.") % {"item": item.pk},
    )
    return redirect(_bank_url(item.standard_id, f"item-{item.pk}"))


@require_http_methods(["GET", "POST"])
@login_required
def item_delete(request: AuthedRequest, item_id: int) -> HttpResponse:
    """GET: "Delete this question?" with Delete and Cancel, or why it cannot be (with
    Archive). POST: delete it, taking it off the forms nobody has sat."""
    item = access.get_item_for_editor(request.user, item_id)
    if request.method == "POST":
        try:
            labels = editing.delete_item(item=item)
        except ActionError as e:
            messages.error(request, e.message)
            return redirect("assessments:item-delete", item_id=item_id)
        text = _("Question #%(item)s deleted.") % {"item": item_id}
        if labels:
            text += " " + ngettext(
                "It was taken off form %(labels)s.",
                "It was taken off forms %(labels)s.",
                len(labels),
            ) % {"labels": ", ".join(labels)}
        messages.success(request, text)
        return redirect(_bank_url(item.standard_id, "bank"))
    context = {
        "standard": item.standard,
        "item": item,
        "question": editing.bank_question(item),
        "refusals": editing.item_delete_refusals(item),
        "cancel_url": _bank_url(item.standard_id, f"item-{item.pk}"),
    }
    return render(request, "assessments/confirm_delete.html", context)


@require_GET
@login_required
def form_answer_sheet(request: AuthedRequest, form_id: int) -> HttpResponse:
    """A blank answer sheet for a form, to print: a student writes their answers on it
    (bubbles to fill for choices, boxes for the rest) while reading a printed or projected
    copy. Nothing of a question's text or key is on it; its QR code names the form."""
    form = access.get_form_for_editor(request.user, form_id)
    url = request.build_absolute_uri(reverse("assessments:form-answer-sheet", args=[form.pk]))
    title = _title(form)
    context = {
        "form": form,
        "standard": form.standard,
        "title": title,
        "questions": editing.blank_answer_sheet(editing.form_questions(form)),
        "qr": mark_safe(qr_svg(url, _("QR code naming %(title)s") % {"title": title})),  # noqa: S308
    }
    return render(request, "assessments/answer_sheet.html", context)
