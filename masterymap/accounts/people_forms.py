"""Input for the People page: adding a teacher or a student, and the search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from masterymap.accounts.models import Classroom, User
from masterymap.accounts.people_queries import ACTIVE, DEACTIVATED, PeopleFilter
from masterymap.lib.html import CONTENT, ContentSelect

USERNAME_HELP = _(
    "Leave empty to make one from the name (first.last). Or type 3 or more letters, digits or "
    ". _ - (no spaces)."
)


class AddPersonForm(forms.Form):
    first_name = forms.CharField(
        max_length=150, label=_("First name"), widget=forms.TextInput(attrs=CONTENT)
    )
    last_name = forms.CharField(
        max_length=150, required=False, label=_("Last name"), widget=forms.TextInput(attrs=CONTENT)
    )
    username = forms.RegexField(
        regex=r"^[A-Za-z0-9.@+_-]{3,150}$",
        max_length=150,
        required=False,
        label=_("Username (optional)"),
        widget=forms.TextInput(attrs=CONTENT | {"autocomplete": "off"}),
        help_text=USERNAME_HELP,
        error_messages={"invalid": _("Use 3 or more letters, digits or . _ - (no spaces).")},
    )


class AddTeacherForm(AddPersonForm):
    prefix = "teacher"


class AddStudentForm(AddPersonForm):
    prefix = "student"

    classroom = forms.ModelChoiceField(
        queryset=Classroom.objects.none(),
        required=False,
        label=_("Enrol in class (optional)"),
        empty_label=_("No class yet"),
        widget=ContentSelect,
    )

    def __init__(self, *args: Any, classrooms: QuerySet[Classroom], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["classroom"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = classrooms


class PeopleSearchForm(forms.Form):
    q = forms.CharField(
        max_length=100,
        required=False,
        label=_("Name or username"),
        widget=forms.TextInput(attrs=CONTENT),
    )
    role = forms.ChoiceField(
        required=False,
        label=_("Role"),
        choices=[("", _("Everyone")), *User.Role.choices],
    )
    status = forms.ChoiceField(
        required=False,
        label=_("Logging in"),
        choices=[
            ("", _("Active and deactivated")),
            (ACTIVE, _("Active")),
            (DEACTIVATED, _("Deactivated")),
        ],
    )

    def wanted(self) -> PeopleFilter:
        """The filter typed; a value that is not valid (a hand-edited URL) filters nothing."""
        self.is_valid()  # fills cleaned_data with the valid fields only
        data = self.cleaned_data
        return PeopleFilter(
            search=data.get("q", ""), role=data.get("role", ""), status=data.get("status", "")
        )
