from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from masterymap.accounts.request_types import AuthedRequest
from masterymap.assessments import access, actions, editing
from masterymap.assessments.forms import FormBuildForm, ItemForm
from masterymap.assessments.generate import uneven
from masterymap.assessments.models import Item
from masterymap.assessments.paper import printed_questions
from masterymap.assessments.queries import (
    choice_picture,
    form_stats,
    forms_for_standard,
    item_picture,
)
from masterymap.lib.errors import ActionError
from masterymap.lib.ids import parse_id
from masterymap.lib.markdown import render_inline, render_markdown
from masterymap.lib.qr import qr_svg
from masterymap.standards import access as standards_access


def _language_name(code: str) -> str:
    """A language in its own name, as the language control shows it ("Español")."""
    return capfirst(get_language_info(code)["name_local"]) if code else ""


def _editor_context(form: ItemForm, item: Item | None) -> dict[str, object]:
    """The editor's column headings (each language in its own name) and, for a saved item,
    whether its translation is missing or older than the original."""
    return {
        "original_language": form.original_language_code,
        "original_language_name": _language_name(form.original_language_code),
        "second_language_name": _language_name(form.second_language_code),
        "translation_state": item.translation_state() if item else "none",
    }


@require_GET
@login_required
def standard_bank(request: AuthedRequest, standard_id: int) -> HttpResponse:
    """A standard's item bank and forms, for the teacher who edits its map."""
    standard = standards_access.get_standard_for_editor(request.user, standard_id)
    items = list(standard.items.prefetch_related("choices"))
    rendered = [
        (item, render_markdown(item.stem), [(c, render_inline(c.text)) for c in item.choices.all()])
        for item in items
    ]
    forms = forms_for_standard(standard)
    # An archived form is no parallel form; an archived item is off the list and the builder
    # (still shown on the forms students sat, and under "Archived questions").
    usable = [f for f, f_items in forms if f_items and f.archived_at is None]
    by_pk = {row[0].pk: row for row in rendered}
    active = [row for row in rendered if row[0].archived_at is None]
    build_form = FormBuildForm(bank=[row[0] for row in active])
    stats = {row.label: row for row in form_stats(standard)}
    in_use = {f.label for f, _f_items in forms if f.archived_at is None}
    context = {
        "standard": standard,
        "stats": stats,
        "uneven": uneven([s for s in stats.values() if s.label in in_use]),
        "items": active,
        "archived": editing.archived_questions(standard),
        # Forms and the builder show each item whole (rendered, with its kind), never a
        # truncated line of Markdown.
        "forms": [(f, [by_pk[i.pk] for i in f_items], stats.get(f.label)) for f, f_items in forms],
        "builder": list(zip(build_form["items"], active, strict=True)),
        "needs_forms": len(usable) < 2,
        "usable_forms": len(usable),
        "build_form": build_form,
        "next_label": actions.next_form_label(standard) if len(forms) < 26 else None,
    }
    return render(request, "assessments/standard_bank.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def item_create(request: AuthedRequest, standard_id: int) -> HttpResponse:
    standard = standards_access.get_standard_for_editor(request.user, standard_id)
    form = ItemForm(
        request.POST or None,
        request.FILES or None,
        initial={"kind": "single", "points": 1, "tolerance": 0},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_item(standard=standard, **form.action_kwargs())
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("Item added to the bank."))
            return redirect("assessments:standard-bank", standard_id=standard.pk)
    context = {"standard": standard, "form": form, "item": None, **_editor_context(form, None)}
    return render(request, "assessments/item_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def item_edit(request: AuthedRequest, item_id: int) -> HttpResponse:
    item = access.get_item_for_editor(request.user, item_id)
    form = ItemForm(request.POST or None, request.FILES or None, initial=ItemForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_item(item=item, **form.action_kwargs())
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(
                request, _("Item saved. Attempts already submitted keep their scores.")
            )
            return redirect("assessments:standard-bank", standard_id=item.standard_id)
    choices = list(item.choices.all())
    context = {
        "standard": item.standard,
        "form": form,
        "item": item,
        "picture": item_picture(item),
        # The current picture beside each choice row, by position (as the rows are).
        "choice_pictures": [choice_picture(c) for c in choices],
        **_editor_context(form, item),
    }
    return render(request, "assessments/item_form.html", context)


@require_POST
@login_required
def form_create(request: AuthedRequest, standard_id: int) -> HttpResponse:
    standard = standards_access.get_standard_for_editor(request.user, standard_id)
    build = FormBuildForm(request.POST, bank=standard.items.all())
    if not build.is_valid():
        messages.error(
            request, _("Tick the items for the form and give a threshold from 1 to 100.")
        )
        return redirect("assessments:standard-bank", standard_id=standard.pk)
    try:
        form = actions.create_form(
            standard=standard,
            item_ids=build.cleaned_data["items"],
            threshold=build.cleaned_data["threshold"],
            shuffle_items=build.cleaned_data["shuffle_items"],
        )
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Form %(label)s created.") % {"label": form.label})
    return redirect("assessments:standard-bank", standard_id=standard.pk)


@require_POST
@login_required
def form_generate(request: AuthedRequest, standard_id: int) -> HttpResponse:
    """The next form drawn from the bank (assessments.generate), to check and swap from."""
    standard = standards_access.get_standard_for_editor(request.user, standard_id)
    size = parse_id(request.POST.get("size", "")) if request.POST.get("size") else None
    try:
        form = actions.generate_form(
            standard=standard,
            size=size if size is not None else None,
            shuffle_items=request.POST.get("shuffle_items") == "on",
        )
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            _("Form %(label)s drawn from the bank: check it, and swap any question.")
            % {"label": form.label},
        )
    return redirect(reverse("assessments:standard-bank", args=[standard.pk]) + "#forms")


@require_POST
@login_required
def form_item_swap(request: AuthedRequest, form_id: int, item_id: int) -> HttpResponse:
    """Another free bank question of the same kind in place of this one."""
    form = access.get_form_for_editor(request.user, form_id)
    try:
        actions.swap_form_item(form=form, item_id=item_id)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Question swapped on form %(label)s.") % {"label": form.label})
    return redirect(reverse("assessments:standard-bank", args=[form.standard_id]) + "#forms")


@require_GET
@login_required
def form_print(request: AuthedRequest, form_id: int) -> HttpResponse:
    """A form to print for a class, with its answer key on request (`?key=1`); its QR code
    names the form, so a paper copy can be told apart from a parallel one later."""
    form = access.get_form_for_editor(request.user, form_id)
    items = [
        fi.item
        for fi in form.form_items.select_related("item__standard")
        .prefetch_related("item__choices")
        .order_by("position", "id")
    ]
    url = request.build_absolute_uri(reverse("assessments:form-print", args=[form.pk]))
    title = _("%(code)s · form %(label)s") % {"code": form.standard.code, "label": form.label}
    context = {
        "form": form,
        "standard": form.standard,
        "title": title,
        "questions": printed_questions(items),
        "with_key": request.GET.get("key") == "1",
        "qr": mark_safe(qr_svg(url, _("QR code naming %(title)s") % {"title": title})),  # noqa: S308
    }
    return render(request, "assessments/form_print.html", context)


def _private_picture(file: FieldFile, content_type: str) -> HttpResponseBase:
    """A stored picture, inline, never cached by shared caches, never sniffed."""
    try:
        response = FileResponse(file.open("rb"), content_type=content_type or "image/jpeg")
    except FileNotFoundError:
        raise Http404("No such file.") from None
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    patch_cache_control(response, private=True, max_age=3600)
    return response


@require_GET
@login_required
def item_picture_file(request: AuthedRequest, item_id: int) -> HttpResponseBase:
    item = access.get_item_picture_for_user(request.user, item_id)
    return _private_picture(item.image, item.image_type)


@require_GET
@login_required
def choice_picture_file(request: AuthedRequest, choice_id: int) -> HttpResponseBase:
    choice = access.get_choice_picture_for_user(request.user, choice_id)
    return _private_picture(choice.image, choice.image_type)


@require_GET
@login_required
def photo_file(request: AuthedRequest, response_id: int) -> HttpResponseBase:
    """A photo of a student's working on an open-response question."""
    response = access.get_photo_for_user(request.user, response_id)
    return _private_picture(response.photo, response.photo_type)
