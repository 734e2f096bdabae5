from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from masterymap.accounts.models import Classroom, JoinRequest, User
from masterymap.lib.html import CONTENT, ContentSelect


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
    """Signing up with a class code. No username field: one is made from the name, so the
    page never tells a visitor which usernames exist."""

    join_code = forms.CharField(max_length=12, label=_("Class code"))
    first_name = forms.CharField(
        max_length=150, label=_("First name"), widget=forms.TextInput(attrs=CONTENT)
    )
    last_name = forms.CharField(
        max_length=150, required=False, label=_("Last name"), widget=forms.TextInput(attrs=CONTENT)
    )
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=128,
        label=_("Password"),
        help_text=_("At least 8 characters. Three short words you will remember work well."),
    )


class JoiningForm(forms.Form):
    """How students get into a class (the roster page's "Joining" card)."""

    join_open = forms.BooleanField(required=False, label=_("Students may join with the code"))
    expires_at = forms.DateTimeField(
        required=False,
        label=_("The code stops working at"),
        help_text=_("Leave empty to keep it working until you close joining."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    needs_approval = forms.BooleanField(
        required=False, label=_("Students who join wait for my approval before any assessment")
    )
    students_may_change_password = forms.BooleanField(
        required=False, label=_("Students may change their own password")
    )


class SetStudentPasswordForm(forms.Form):
    """A teacher types a student's new password."""

    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=128,
        label=_("New password"),
        help_text=_("At least 8 characters; tell it to the student privately."),
    )
    confirm = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        max_length=128,
        label=_("The same password again"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("confirm") and data["password"] != data["confirm"]:
            self.add_error("confirm", _("The two passwords are not the same."))
        return data


class JoinRequestsForm(forms.Form):
    """Ticked students on a class's waiting list, and what to do with them."""

    requests = forms.TypedMultipleChoiceField(coerce=int, choices=[], label=_("Students"))
    decision = forms.ChoiceField(
        choices=[("approve", _("Let in")), ("refuse", _("Turn away"))], label=_("Decision")
    )

    def __init__(self, *args: Any, waiting: Iterable[JoinRequest] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(r.pk, r.student.display_name) for r in waiting]
        cast(forms.TypedMultipleChoiceField, self.fields["requests"]).choices = choices


class MoveStudentForm(forms.Form):
    """The roster's "Move a student to another class": a student of this class, and one of
    the classes the teacher may move them into (queries.move_targets)."""

    student = forms.TypedChoiceField(
        coerce=int, choices=[], label=_("Student"), widget=ContentSelect
    )
    to_classroom = forms.TypedChoiceField(
        coerce=int, choices=[], label=_("Move to the class"), widget=ContentSelect
    )

    def __init__(
        self,
        *args: Any,
        roster: Iterable[User] = (),
        targets: Iterable[Classroom] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        students = [("", _("Pick a student")), *((s.pk, s.display_name) for s in roster)]
        classes = [("", _("Pick a class")), *((c.pk, c.name) for c in targets)]
        cast(forms.TypedChoiceField, self.fields["student"]).choices = students
        cast(forms.TypedChoiceField, self.fields["to_classroom"]).choices = classes
