"""What every importer gives the shared upload → preview → apply pages.

An importer is a description (`Importer`) plus two functions over one `Source`: `plan`
reads the file and compares it with the database without writing; `apply` computes the same
plan and writes it. The job runner (exchange/jobs.py) calls `apply` inside one transaction
and rolls it back if the plan is refused, so a bad file changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol

from masterymap.exchange.plan import Plan

if TYPE_CHECKING:
    from django import forms
    from django.utils.functional import Promise

    from masterymap.accounts.models import User


def no_progress(done: int, total: int) -> None:
    """The default progress callback: nobody is watching."""


@dataclass
class Source:
    """One uploaded file and the options chosen for it, as the importer functions see it.

    `options` is the options form's cleaned data, made JSON-safe (ids, not rows): the same
    dict serves the preview and, later, the apply. `progress(done, total)` may be called as
    often as is useful; it is cheap.
    """

    user: User
    data: bytes
    filename: str
    options: dict[str, Any] = field(default_factory=dict)
    progress: Callable[[int, int], None] = no_progress


class OptionsForm(Protocol):
    """An importer's options form: built with the user (to offer only what they may
    change) and, once a preview exists, the facts of its plan (so it can offer choices found
    in the file, such as which part of a CASE tree becomes units); it validates and returns
    JSON-safe options."""

    def __init__(
        self, user: User, data: Any = None, facts: dict[str, Any] | None = None
    ) -> None: ...
    def is_valid(self) -> bool: ...
    def options(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Importer:
    key: str  # in URLs: "standards-csv", "case", "oneroster", "qti"
    title: str | Promise  # "Standards from a CASE package"
    description: str | Promise  # one or two sentences for the import page
    # Who may use it: "admin" (school admins) or "teacher" (teachers and school admins).
    audience: Literal["admin", "teacher"]
    accept: str  # for <input type=file accept=...>: ".json,.zip"
    form: Callable[..., forms.Form]  # OptionsForm: form(user, data=None, facts=None)
    plan: Callable[[Source], Plan]
    apply: Callable[[Source], Plan]
    # A template (or None) rendered on the upload page under the description: the CSV
    # template download, what the format must contain, what is left out.
    help_template: str | None = None
    # Whether the upload page also offers a box to paste the file's text (CASE JSON).
    paste: bool = False
    # Whether the upload page takes several files at once (OneRoster's loose CSV files): the
    # page then packs them into one zip, so `Source.data` is always one file.
    multiple: bool = False
