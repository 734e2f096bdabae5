"""Sentences as data: what a sentence is made of, translated only where it is shown. Pure.

A calculation method explains itself in one sentence, and that sentence is stored on the
mastery record when the level is calculated; the student, their teacher and their family
may each read it in another language. So the pure modules do not return finished text: they
return a `Phrase`, an English message id (the msgid of the catalogues) with its parameters
(numbers, the school's own words, or other phrases), and `render` writes it in a language
(`Language`). English is the default, so `render(phrase)` is the sentence as it has always
read. The Django side (`mastery.sentences`) passes Django's `gettext` and `ngettext`, the
language's number format and, for HTML, escaping and `data-content` around the school's
words. See docs/decisions/0004-translated-explanations.md.

How the message ids reach the catalogues: `gettext_lazy(msgid, **params)` and
`ngettext_lazy(singular, plural, count, **params)` build phrases, and are named so that
makemessages extracts their first argument(s) (it runs xgettext with
`--keyword=gettext_lazy` and `--keyword=ngettext_lazy:1,2`). Like Django's lazy strings,
they translate nothing when called: a phrase is translated when it is rendered.
`gettext_noop(message)` marks a plain string (a label) the same way and returns it.

A phrase is also plain JSON (`to_json`, `from_json`), which is how a record keeps it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Union

# A parameter: another phrase (translated too), a number (written in the language's
# format), a Decimal (a number with its decimals as given: "0.50"), the school's own words
# (a str, never translated) or a list of these (joined with ", ").
Param = Union["Phrase", str, int, float, Decimal, "tuple[Param, ...]"]


@dataclass(frozen=True)
class Phrase:
    """A message to translate and its named parameters (`%(name)s` in the message).

    With `plural`, the message has two English forms and `count` picks one (in English: the
    first when count is 1), as `ngettext` does; `count` is also the `count` parameter.
    """

    msgid: str
    params: Mapping[str, Param] = field(default_factory=dict, hash=False)
    plural: str = ""
    count: int = 0

    def __post_init__(self) -> None:
        # A recompute builds several phrases per record: the common cases cost little.
        if not self.params:
            object.__setattr__(self, "params", _NO_PARAMS)
            return
        for name, value in self.params.items():
            if type(value) not in _PLAIN_TYPES:  # bool is not int here, as _check wants
                _check(name, value)
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def to_json(self) -> dict[str, object]:
        """Plain JSON: {"msgid", "params", and "plural" with "count" for a plural}."""
        data: dict[str, object] = {"msgid": self.msgid}
        if self.params:
            data["params"] = {name: _param_to_json(v) for name, v in self.params.items()}
        if self.plural:
            data["plural"] = self.plural
            data["count"] = self.count
        return data

    @classmethod
    def from_json(cls, data: object) -> Phrase:
        """The phrase `to_json` wrote; ValueError for anything else."""
        if not isinstance(data, dict) or not isinstance(data.get("msgid"), str):
            raise ValueError("A phrase is an object with a msgid.")
        params = data.get("params", {})
        plural = data.get("plural", "")
        count = data.get("count", 0)
        if not isinstance(params, dict) or not isinstance(plural, str):
            raise ValueError("A phrase's params are an object and its plural a string.")
        if isinstance(count, bool) or not isinstance(count, int):
            raise ValueError("A phrase's count is a whole number.")
        return cls(
            msgid=data["msgid"],
            params={str(name): _param_from_json(v) for name, v in params.items()},
            plural=plural,
            count=count,
        )


_PARAM_TYPES = (Phrase, str, int, float, Decimal, tuple)
_PLAIN_TYPES = frozenset({Phrase, str, int, float, Decimal})
_NO_PARAMS: Mapping[str, Param] = MappingProxyType({})


def _check(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, _PARAM_TYPES):
        raise TypeError(f"Parameter {name!r} of a phrase can't be {type(value).__name__}.")
    if isinstance(value, tuple):
        for item in value:
            _check(name, item)


def _param_to_json(value: Param) -> object:
    if isinstance(value, Phrase):
        return value.to_json()
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, tuple):
        return [_param_to_json(item) for item in value]
    return value


def _param_from_json(value: object) -> Param:
    if isinstance(value, dict):
        if "decimal" in value:
            return Decimal(str(value["decimal"]))
        return Phrase.from_json(value)
    if isinstance(value, list):
        return tuple(_param_from_json(item) for item in value)
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"A phrase parameter can't be {value!r}.")
    return value


def gettext_noop(message: str) -> str:
    """Marks `message` for makemessages (it knows this name) and returns it unchanged."""
    return message


def gettext_lazy(msgid: str, /, **params: Param) -> Phrase:
    """The phrase `msgid` with these parameters. Named for makemessages; translates nothing."""
    return Phrase(msgid, params)


def ngettext_lazy(singular: str, plural: str, count: int, /, **params: Param) -> Phrase:
    """A phrase with two English forms, picked by `count` (also its `count` parameter)."""
    return Phrase(singular, {"count": count, **params}, plural=plural, count=count)


def _same(text: str) -> str:
    return text


def _english_plural(singular: str, plural: str, count: int) -> str:
    return singular if count == 1 else plural


def format_number(value: float) -> str:
    """A number as people read it: at most 2 decimals, no trailing zeros.

    3.0 → "3", 3.3 → "3.3", 3.484625 → "3.48" (the precision a level is ever shown with).
    """
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _number(value: float | Decimal) -> str:
    return str(value) if isinstance(value, Decimal) else format_number(value)


@dataclass(frozen=True)
class Language:
    """How to write a phrase: translate a message (`gettext`, `ngettext`), write a number
    (`number`: as `format_number` rounds it, a Decimal as given), write the school's
    words (`content`), and prepare a translated message before its parameters go in
    (`message`; HTML escapes it). The defaults write English text."""

    gettext: Callable[[str], str] = _same
    ngettext: Callable[[str, str, int], str] = _english_plural
    number: Callable[[float | Decimal], str] = _number
    content: Callable[[str], str] = _same
    message: Callable[[str], str] = _same
    separator: str = ", "


ENGLISH = Language()


def render(value: Param, language: Language = ENGLISH) -> str:
    """`value` written in `language` (English text by default)."""
    if isinstance(value, Phrase):
        if value.plural:
            text = language.ngettext(value.msgid, value.plural, value.count)
        else:
            text = language.gettext(value.msgid)
        text = language.message(text)
        if not value.params:
            return text
        return text % {name: render(v, language) for name, v in value.params.items()}
    if isinstance(value, str):
        return language.content(value)
    if isinstance(value, tuple):
        return language.separator.join(render(item, language) for item in value)
    return language.number(value)


def listing(items: Sequence[Param]) -> Param:
    """Items as a list a person reads: "2, 3 and 4" (one item: itself)."""
    if len(items) == 1:
        return items[0]
    return gettext_lazy("%(items)s and %(last)s", items=tuple(items[:-1]), last=items[-1])
