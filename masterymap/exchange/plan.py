"""Pure. What an import will do, or did: the changes, and every problem with where it is.

Every importer returns a Plan. The preview shows it before anything is written; applying
computes it again inside one transaction and writes exactly what it lists. A plan with a
fatal problem (a file that cannot be read at all) changes nothing. Problems that are not
fatal skip their own row and are listed; in all-or-nothing mode any problem refuses the
whole file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Action = Literal["create", "update", "skip", "delete"]


@dataclass(frozen=True)
class Problem:
    """A problem found in the file, said so that its owner can fix it.

    `where` names the file and the line (“users.csv, line 14”) or the identifier
    (“CFItem 5f3e…”); `message` is a plain explanation, already translated.
    """

    where: str
    message: str
    fatal: bool = False


@dataclass(frozen=True)
class Change:
    """One row the import creates, updates, skips or removes.

    `what` is the kind of thing, in the reader's words ("Standard", "Student"), `label`
    names it ("7.NS.A.1", "Ana López"), `detail` says what changes or why it is skipped.
    """

    action: Action
    what: str
    label: str
    detail: str = ""


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Anything the importer wants to show or pass on (for example the ids of what it made).
    facts: dict[str, Any] = field(default_factory=dict)

    def add(self, action: Action, what: str, label: str, detail: str = "") -> None:
        self.changes.append(Change(action, what, label, detail))

    def problem(self, where: str, message: str, *, fatal: bool = False) -> None:
        self.problems.append(Problem(where, message, fatal))

    @property
    def fatal(self) -> bool:
        return any(p.fatal for p in self.problems)

    @property
    def writes(self) -> bool:
        """Whether applying would change anything."""
        return any(c.action in ("create", "update", "delete") for c in self.changes)

    def counts(self) -> list[tuple[str, dict[str, int]]]:
        """Per kind of thing, in first-seen order: how many are created, updated, skipped,
        removed."""
        order: list[str] = []
        tally: Counter[tuple[str, str]] = Counter()
        for change in self.changes:
            if change.what not in order:
                order.append(change.what)
            tally[(change.what, change.action)] += 1
        actions = ("create", "update", "skip", "delete")
        return [(what, {a: tally[(what, a)] for a in actions}) for what in order]

    def refused(self, *, all_or_nothing: bool) -> bool:
        """Whether applying must change nothing: the file is unusable, or the person asked for
        all or nothing and something is wrong."""
        return self.fatal or (all_or_nothing and bool(self.problems))

    def to_json(self) -> dict[str, Any]:
        return {
            "changes": [asdict(c) for c in self.changes],
            "problems": [asdict(p) for p in self.problems],
            "facts": self.facts,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        return cls(
            changes=[Change(**c) for c in data.get("changes", [])],
            problems=[Problem(**p) for p in data.get("problems", [])],
            facts=dict(data.get("facts", {})),
        )


class Refused(Exception):
    """Raised inside the apply transaction so that it rolls back; carries the plan that says
    why."""

    def __init__(self, plan: Plan) -> None:
        super().__init__("import refused")
        self.plan = plan
