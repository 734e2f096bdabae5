from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from masterymap.accounts.models import User
from masterymap.lib.html import CONTENT


class AddStudentsForm(forms.Form):
    names = forms.CharField(
        # The placeholder shows two example names: people's names, never translated.
        widget=forms.Textarea(
            attrs={"rows": 8, "placeholder": "Ana García\nLee, Jordan"} | CONTENT
        ),
        label=_("Student names"),
        help_text=_("One student per line: “First Last” or “Last, First”."),
        max_length=20000,
    )


class StudentPickForm(forms.Form):
    students = forms.TypedMultipleChoiceField(coerce=int, choices=[], label=_("Students"))

    def __init__(self, *args: Any, roster: Iterable[User] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(s.pk, s.display_name) for s in roster]
        cast(forms.TypedMultipleChoiceField, self.fields["students"]).choices = choices


class JoinCodeForm(forms.Form):
    join_code = forms.CharField(max_length=12, label=_("Class code"))


class RegisterWithCodeForm(forms.Form):
    join_code = forms.CharField(max_length=12, label=_("Class code"))
    first_name = forms.CharField(
        max_length=150, label=_("First name"), widget=forms.TextInput(attrs=CONTENT)
    )
    last_name = forms.CharField(
        max_length=150, required=False, label=_("Last name"), widget=forms.TextInput(attrs=CONTENT)
    )
    username = forms.RegexField(
        regex=r"^[A-Za-z0-9.@+_-]{3,150}$",
        max_length=150,
        label=_("Username"),
        widget=forms.TextInput(attrs=CONTENT),
        help_text=_("3 or more letters, digits or . _ - (no spaces)."),
        error_messages={"invalid": _("Use 3 or more letters, digits or . _ - (no spaces).")},
    )
    password = forms.CharField(widget=forms.PasswordInput, min_length=8, label=_("Password"))

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password)
        return password
