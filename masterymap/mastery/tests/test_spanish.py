"""The mastery app in Spanish: the methods' sentences (decision 0004) and the pages.

- Each method's sentence is a phrase: written in English it is exactly the sentence the
  method always gave; written with a stub translator it is the stub's Spanish, numbers with
  a decimal comma, the school's own level names as typed.
- Records keep the phrase; each reader gets the sentence in their own language, and a record
  from before phrases were stored shows its English sentence until it is recomputed.
- The grid, the tracker, the student's map, show the math (what-if and override included),
  the policy and the scale pages read Spanish for a Spanish reader, with no English words
  left outside the school's own content (`data-content`); in English they are unchanged.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from io import StringIO
from typing import Any
from unittest import TestCase

from django.core.management import call_command
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation

from masterymap.accounts.models import User
from masterymap.mastery.actions import (
    override_level,
    recompute_records,
    set_class_scale,
    set_policy,
)
from masterymap.mastery.methods import METHODS, Observation
from masterymap.mastery.models import MasteryRecord
from masterymap.mastery.phrases import Language, Phrase, format_number, render
from masterymap.mastery.policy import Policy, evaluate
from masterymap.mastery.queries.cell import record_verdict
from masterymap.mastery.scale import DEFAULT_SCALE, Level, Scale
from masterymap.mastery.sentences import phrase_html, phrase_text
from masterymap.test import BaseTestCase
from masterymap.workflows.actions import record_evidence

# --- the sentences, without Django ----------------------------------------------------------

# A stub translator: the Spanish of exactly the messages the table uses. A message it does
# not know fails the test, so every part of every sentence is shown to be translated.
STUB = {
    "Beginning": "Inicial",
    "Approaching": "En proceso",
    "Mastered": "Dominado",
    "Exceeds": "Avanzado",
    "No level yet": "Todavía sin nivel",
    "Not assessed yet: no evidence recorded.": "Sin evaluar todavía: no hay evidencia registrada.",
    "%(label)s: %(because)s.": "%(label)s: %(because)s.",
    "%(label)s: the only score so far is %(level)s.": (
        "%(label)s: el único puntaje hasta ahora es %(level)s."
    ),
    "the most recently assessed of the %(count)s scores is %(level)s": (
        "el más reciente de los %(count)s puntajes es %(level)s"
    ),
    "the highest of the %(count)s scores is %(level)s": (
        "el más alto de los %(count)s puntajes es %(level)s"
    ),
    "the %(counted)s scores averaged %(level)s": (
        "el promedio de los %(counted)s puntajes es %(level)s"
    ),
    "%(score)s is the most common of the %(count)s scores (%(times)s times)": (
        "%(score)s es el más frecuente de los %(count)s puntajes (%(times)s veces)"
    ),
    "%(scores)s are equally common among the %(count)s scores (%(times)s times each), so "
    "the higher counts": (
        "%(scores)s se repiten igual entre los %(count)s puntajes (%(times)s veces cada uno), "
        "así que cuenta el más alto"
    ),
    "%(items)s and %(last)s": "%(items)s y %(last)s",
    "the %(count)s scores averaged %(level)s, weighting recent work most (each new score "
    "counts %(percent)s%%)": (
        "el promedio de los %(count)s puntajes es %(level)s, y el trabajo reciente pesa más "
        "(cada puntaje nuevo cuenta un %(percent)s %%)"
    ),
    "%(sentence)s, but only %(at_mastery)s at %(mastery)s or above": (
        "%(sentence)s, pero solo %(at_mastery)s en %(mastery)s o más"
    ),
    "%(count)s of the %(needed)s scores needed so far": (
        "%(count)s de los %(needed)s puntajes necesarios hasta ahora"
    ),
    "the %(count)s scores": "los %(count)s puntajes",
    "the last %(count)s scores": "los últimos %(count)s puntajes",
    "a rising trend": "una tendencia ascendente",
    "a falling trend": "una tendencia descendente",
    "%(level)s now": "%(level)s ahora",
    "the %(count)s scores follow %(trend)s that points to %(target)s": (
        "los %(count)s puntajes siguen %(trend)s que apunta a %(target)s"
    ),
}
STUB_PLURAL = {
    "No level yet: none of the %(count)s score counts, because their kinds of evidence have "
    "a weight of 0.": (
        "Todavía sin nivel: el único puntaje no cuenta, porque su tipo de evidencia tiene peso 0.",
        "Todavía sin nivel: ninguno de los %(count)s puntajes cuenta, porque sus tipos de "
        "evidencia tienen peso 0.",
    ),
    "the latest score (%(latest)s) counts %(latest_percent)s%% and the average of the "
    "earlier score (%(earlier)s) counts %(earlier_percent)s%%, giving %(level)s": (
        "el último puntaje (%(latest)s) cuenta un %(latest_percent)s %% y el puntaje anterior "
        "(%(earlier)s) cuenta un %(earlier_percent)s %%, lo que da %(level)s",
        "el último puntaje (%(latest)s) cuenta un %(latest_percent)s %% y el promedio de los "
        "%(count)s puntajes anteriores (%(earlier)s) cuenta un %(earlier_percent)s %%, lo que "
        "da %(level)s",
    ),
    "%(count)s of %(scores)s is at %(level)s or above (%(needed)s needed)": (
        "%(count)s de %(scores)s está en %(level)s o más (se necesitan %(needed)s)",
        "%(count)s de %(scores)s están en %(level)s o más (se necesitan %(needed)s)",
    ),
    "Not assessed yet: the only piece of evidence is not of a kind this class counts.": (
        "Sin evaluar todavía: la única evidencia no es de un tipo que esta clase cuenta.",
        "Sin evaluar todavía: ninguna de las %(count)s evidencias es de un tipo que esta "
        "clase cuenta.",
    ),
    "No level yet: %(have)s of the %(count)s piece of evidence needed.": (
        "Todavía sin nivel: hay %(have)s de la %(count)s evidencia necesaria.",
        "Todavía sin nivel: hay %(have)s de las %(count)s evidencias necesarias.",
    ),
}


def _stub_ngettext(singular: str, plural: str, count: int) -> str:
    one, many = STUB_PLURAL[singular]
    return one if count == 1 else many


STUB_SPANISH = Language(
    gettext=STUB.__getitem__,
    ngettext=_stub_ngettext,
    number=lambda value: format_number(float(value)).replace(".", ","),
)

# (method, params, scores oldest first, the English sentence as the method always wrote it,
# the Spanish the stub gives). The English was taken from the code before phrases existed.
TABLE: list[tuple[str, dict[str, Any], list[float], str, str]] = [
    (
        "most_recent",
        {},
        [2, 3],
        "Mastered: the most recently assessed of the 2 scores is 3.",
        "Dominado: el más reciente de los 2 puntajes es 3.",
    ),
    (
        "most_recent",
        {},
        [3.5],
        "Mastered: the only score so far is 3.5.",
        "Dominado: el único puntaje hasta ahora es 3,5.",
    ),
    (
        "most_recent",
        {},
        [],
        "Not assessed yet: no evidence recorded.",
        "Sin evaluar todavía: no hay evidencia registrada.",
    ),
    (
        "highest",
        {},
        [4, 2],
        "Exceeds: the highest of the 2 scores is 4.",
        "Avanzado: el más alto de los 2 puntajes es 4.",
    ),
    (
        "mean",
        {},
        [3, 4],
        "Mastered: the 2 scores averaged 3.5.",
        "Dominado: el promedio de los 2 puntajes es 3,5.",
    ),
    (
        "mode",
        {},
        [3, 3, 2],
        "Mastered: 3 is the most common of the 3 scores (2 times).",
        "Dominado: 3 es el más frecuente de los 3 puntajes (2 veces).",
    ),
    (
        "mode",
        {},
        [2, 2, 3, 3, 4],
        "Mastered: 3 and 2 are equally common among the 5 scores (2 times each), so the higher "
        "counts.",
        "Dominado: 3 y 2 se repiten igual entre los 5 puntajes (2 veces cada uno), así que "
        "cuenta el más alto.",
    ),
    (
        "decaying_average",
        {},
        [1, 2, 3, 4],
        "Mastered: the 4 scores averaged 3.48, weighting recent work most (each new score "
        "counts 65%).",
        "Dominado: el promedio de los 4 puntajes es 3,48, y el trabajo reciente pesa más (cada "
        "puntaje nuevo cuenta un 65 %).",
    ),
    (
        "weighted_average",
        {},
        [1, 2, 3, 4],
        "Mastered: the latest score (4) counts 65% and the average of the 3 earlier scores (2) "
        "counts 35%, giving 3.3.",
        "Dominado: el último puntaje (4) cuenta un 65 % y el promedio de los 3 puntajes "
        "anteriores (2) cuenta un 35 %, lo que da 3,3.",
    ),
    (
        "weighted_average",
        {},
        [2, 4],
        "Mastered: the latest score (4) counts 65% and the average of the earlier score (2) "
        "counts 35%, giving 3.3.",
        "Dominado: el último puntaje (4) cuenta un 65 % y el puntaje anterior (2) cuenta un "
        "35 %, lo que da 3,3.",
    ),
    (
        "n_times",
        {"n": 3},
        [3, 2, 4],
        "Approaching: 3 of the 3 scores are at Approaching or above (3 needed), but only 2 at "
        "Mastered or above.",
        "En proceso: 3 de los 3 puntajes están en En proceso o más (se necesitan 3), pero solo "
        "2 en Dominado o más.",
    ),
    (
        "n_times",
        {"n": 3},
        [3, 4],
        "No level yet: 2 of the 3 scores needed so far.",
        "Todavía sin nivel: 2 de los 3 puntajes necesarios hasta ahora.",
    ),
    (
        "power_law",
        {},
        [1, 3, 2, 4],
        "Mastered: the 4 scores follow a rising trend that points to 3.66 now.",
        "Dominado: los 4 puntajes siguen una tendencia ascendente que apunta a 3,66 ahora.",
    ),
    (
        "power_law",
        {},
        [4, 3, 2, 1],
        "Beginning: the 4 scores follow a falling trend that points to 1.28 now.",
        "Inicial: los 4 puntajes siguen una tendencia descendente que apunta a 1,28 ahora.",
    ),
    (
        "m_of_n",
        {"m": 3, "n": 4},
        [1, 3, 4, 3, 2],
        "Mastered: 3 of the last 4 scores are at Mastered or above (3 needed).",
        "Dominado: 3 de los últimos 4 puntajes están en Dominado o más (se necesitan 3).",
    ),
]


def observations(scores: list[float], kind: str = "assessment") -> list[Observation]:
    start = date(2026, 1, 1)
    return [
        Observation(
            score,
            start + timedelta(days=i),
            datetime(2026, 1, 1, 8) + timedelta(days=i),
            kind,
        )
        for i, score in enumerate(scores)
    ]


class MethodPhraseTests(TestCase):
    def test_each_method_reads_as_before_in_english_and_in_spanish_with_a_stub(self) -> None:
        covered = set()
        for key, params, scores, english, spanish in TABLE:
            with self.subTest(key, scores=scores):
                evaluation = evaluate(
                    observations(scores), Policy(method=key, params=params), DEFAULT_SCALE
                )
                self.assertEqual(render(evaluation.phrase), english)
                self.assertEqual(evaluation.sentence, english)
                self.assertEqual(render(evaluation.phrase, STUB_SPANISH), spanish)
                # What a record stores reads the same after a round trip through JSON.
                stored = Phrase.from_json(evaluation.phrase.to_json())
                self.assertEqual(stored, evaluation.phrase)
                self.assertEqual(render(stored, STUB_SPANISH), spanish)
                covered.add(key)
        self.assertEqual(covered, {method.key for method in METHODS})

    def test_the_policy_sentences_too(self) -> None:
        table = [
            (
                Policy(method="mean", weights={"product": 0}),
                observations([3, 1], "product"),
                "No level yet: none of the 2 scores counts, because their kinds of evidence "
                "have a weight of 0.",
                "Todavía sin nivel: ninguno de los 2 puntajes cuenta, porque sus tipos de "
                "evidencia tienen peso 0.",
            ),
            (
                Policy(method="mean", kinds=frozenset({"product"})),
                observations([3, 2, 4]),
                "Not assessed yet: none of the 3 pieces of evidence is of a kind this class "
                "counts.",
                "Sin evaluar todavía: ninguna de las 3 evidencias es de un tipo que esta clase "
                "cuenta.",
            ),
            (
                Policy(method="mean", kinds=frozenset({"product"})),
                observations([3]),
                "Not assessed yet: the only piece of evidence is not of a kind this class counts.",
                "Sin evaluar todavía: la única evidencia no es de un tipo que esta clase cuenta.",
            ),
            (
                Policy(method="highest", min_evidence=2),
                observations([3]),
                "No level yet: 1 of the 2 pieces of evidence needed.",
                "Todavía sin nivel: hay 1 de las 2 evidencias necesarias.",
            ),
        ]
        for policy, evidence, english, spanish in table:
            with self.subTest(english):
                evaluation = evaluate(evidence, policy, DEFAULT_SCALE)
                self.assertEqual(evaluation.sentence, english)
                self.assertEqual(render(evaluation.phrase, STUB_SPANISH), spanish)

    def test_a_level_name_the_school_typed_is_never_translated(self) -> None:
        scale = Scale(
            levels=(
                Level(1, "Emerging", "#111111", 0),
                Level(2, "Proficient", "#222222", 60),
            ),
            mastery_value=2,
        )
        evaluation = evaluate(observations([1, 2]), Policy(method="most_recent"), scale)
        self.assertEqual(
            evaluation.sentence, "Proficient: the most recently assessed of the 2 scores is 2."
        )
        # The stub knows no "Proficient": it is passed through as the school's own words.
        self.assertEqual(
            render(evaluation.phrase, STUB_SPANISH),
            "Proficient: el más reciente de los 2 puntajes es 2.",
        )

    def test_every_method_description_is_its_docstrings_first_line(self) -> None:
        import re

        for method in METHODS:
            with self.subTest(method.key):
                first = (method.__doc__ or "").strip().splitlines()[0]
                plain = re.sub(r"\s*\(`[^`]*`\)", "", first).replace("`", "")
                self.assertEqual(method.description, plain)

    def test_a_phrase_refuses_what_it_cannot_store(self) -> None:
        with self.assertRaises(TypeError):
            Phrase("%(x)s", {"x": True})
        with self.assertRaises(ValueError):
            Phrase.from_json({"params": {}})


class CatalogueSentenceTests(BaseTestCase):
    """The same phrases through Django's catalogues (mastery/locale)."""

    def test_the_real_catalogue_writes_the_sentences_in_spanish(self) -> None:
        evaluation = evaluate(
            observations([1, 2, 3, 4]), Policy(method="decaying_average"), DEFAULT_SCALE
        )
        with translation.override("es"):
            self.assertEqual(
                phrase_text(evaluation.phrase),
                "Dominado: el promedio de los 4 puntajes es 3,48, y el trabajo reciente pesa "
                "más (cada puntaje nuevo cuenta un 65 %).",
            )
        with translation.override("en"):
            self.assertEqual(phrase_text(evaluation.phrase), evaluation.sentence)

    def test_as_html_the_schools_level_names_are_marked_and_escaped(self) -> None:
        scale = Scale(
            levels=(Level(1, "<Emerging>", "#111111", 0), Level(2, "Mastered", "#222222", 60)),
            mastery_value=2,
        )
        evaluation = evaluate(observations([2, 1]), Policy(method="most_recent"), scale)
        with translation.override("es"):
            self.assertEqual(
                phrase_html(evaluation.phrase),
                "<span data-content>&lt;Emerging&gt;</span>: el más reciente de los 2 puntajes "
                "es 1.",
            )


class StoredSentenceTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.today = timezone.localdate()

    def evidence(self, level: float, days_ago: int = 0) -> None:
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            kind="one_on_one",
            level=level,
            assessed_on=self.today - timedelta(days=days_ago),
        )

    def record(self) -> MasteryRecord:
        return MasteryRecord.objects.get(
            classroom=self.d.c7a, student=self.d.ana, standard=self.d.s1
        )

    def test_a_record_keeps_the_english_and_the_phrase(self) -> None:
        self.evidence(2, days_ago=2)
        self.evidence(3)
        record = self.record()
        english = "Mastered: the most recently assessed of the 2 scores is 3."
        self.assertEqual(record.explanation, english)
        self.assertEqual(record.explanation_text(), english)
        with translation.override("es"):
            self.assertEqual(
                record.explanation_text(), "Dominado: el más reciente de los 2 puntajes es 3."
            )
            self.assertEqual(
                record_verdict(student=self.d.ana, standard=self.d.s1).explanation,
                "Dominado: el más reciente de los 2 puntajes es 3.",
            )

    def test_a_record_from_before_phrases_shows_its_english_until_recomputed(self) -> None:
        self.evidence(3)
        MasteryRecord.objects.update(explanation_phrase=None)
        record = self.record()
        with translation.override("es"):
            self.assertEqual(record.explanation_text(), "Mastered: the only score so far is 3.")
        call_command("recompute_mastery", stdout=StringIO())
        record = self.record()
        self.assertIsNotNone(record.explanation_phrase)
        self.assertEqual(record.explanation, "Mastered: the only score so far is 3.")
        self.assertEqual(record.changes.count(), 1, "filling the phrase is no level change")
        with translation.override("es"):
            self.assertEqual(
                record.explanation_text(), "Dominado: el único puntaje hasta ahora es 3."
            )

    def test_recomputing_with_nothing_new_writes_nothing(self) -> None:
        self.evidence(3)
        before = self.record().updated_at
        self.assertEqual(recompute_records(classroom=self.d.c7a, why="again"), 0)
        self.assertEqual(self.record().updated_at, before)


# --- the pages ---------------------------------------------------------------------------------

# English interface words that must not be left on a Spanish page outside the school's own
# content (as tests/browser/test_accessibility.py looks for them).
ENGLISH_WORDS = [
    " the ",
    " and ",
    " of ",
    " to ",
    " is ",
    " for ",
    " with ",
    " your ",
    "Your ",
    "My ",
    "Class ",
    "Students",
    "Standard",
    "Evidence",
    "Level",
    "Save",
    "Show the math",
    "Not yet",
    "Not started",
    "In progress",
    "Mastered",
    "What if",
    "Override",
    "Preview",
    "Beginning",
    "Approaching",
    "Exceeds",
    "score",
    "policy",
    "scale",
    "tracker",
    "grid",
]


class _VisibleText(HTMLParser):
    """The text of <main>, leaving out the school's content (data-content), scripts and what
    was typed into a textarea; the options of selects are text too."""

    SKIP = {"script", "style", "textarea", "template"}
    VOID = {"input", "br", "img", "meta", "link", "hr", "use", "circle", "source"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # per open element: is its text skipped
        self.in_main = False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.in_main = True
        if tag in self.VOID:
            return
        skipped = (self.stack and self.stack[-1]) or tag in self.SKIP
        skipped = skipped or any(name == "data-content" for name, _ in attrs)
        self.stack.append(bool(skipped))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.in_main = False
        if tag in self.VOID:
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.in_main and not (self.stack and self.stack[-1]) and data.strip():
            self.parts.append(" " + " ".join(data.split()) + " ")


def english_left(response: HttpResponse) -> list[str]:
    parser = _VisibleText()
    parser.feed(response.content.decode())
    text = "\n".join(parser.parts)
    found = []
    for word in ENGLISH_WORDS:
        at = text.find(word)
        if at >= 0:
            found.append(f"{word.strip()!r}: …{text[max(0, at - 50) : at + 50]}…")
    return found


def spanish(*users: User) -> None:
    for user in users:
        user.language = "es"
        user.save(update_fields=["language"])


class PagesInSpanishTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.today = timezone.localdate()
        for level, days_ago in [(2, 3), (3, 1)]:
            record_evidence(
                recorded_by=self.d.tomas,
                classroom=self.d.c7a,
                student=self.d.ana,
                standard=self.d.s1,
                kind="one_on_one",
                level=level,
                assessed_on=self.today - timedelta(days=days_ago),
            )
        set_policy(
            classroom=self.d.c7a,
            standard=None,
            method="decaying_average",
            params={},
            min_evidence=1,
            kinds=None,
            weights={},
            by=self.d.tomas,
        )

    def get(self, user: User, name: str, *args: object) -> HttpResponse:
        self.client.force_login(user)
        response = self.client.get(reverse(name, args=args))
        self.assertEqual(response.status_code, 200)
        return response

    def assert_spanish(self, response: HttpResponse, *texts: str) -> None:
        self.assertContains(response, '<html lang="es">')
        for text in texts:
            with self.subTest(text=text):
                self.assertContains(response, text)
        self.assertEqual(english_left(response), [])

    def test_a_spanish_students_tracker_shows_the_spanish_sentence(self) -> None:
        spanish(self.d.ana)
        r = self.get(self.d.ana, "workflows:tracker", self.d.c7a.pk, self.d.ana.pk)
        self.assert_spanish(
            r,
            "<title>Registro · Ana A · Mastery Map</title>",
            "<h1>Mi registro</h1>",
            '<p class="sentence">En proceso: el promedio de los 2 puntajes es 2,65, y el '
            "trabajo reciente pesa más (cada puntaje nuevo cuenta un 65 %).</p>",
            '<strong class="level-summary">2,65 · En proceso</strong>',
            '<span class="badge status-not-yet">Todavía no</span>',
            "0 de 2 estándares dominados",
            "Ver el cálculo",
            "Nivel y estado",
        )
        self.assertNotContains(r, "the 2 scores averaged")
        # Ben reads English: the same record, his teacher's page, in English.
        r = self.get(self.d.tomas, "workflows:tracker", self.d.c7a.pk, self.d.ana.pk)
        self.assertContains(r, '<html lang="en">')
        self.assertContains(
            r,
            "Approaching: the 2 scores averaged 2.65, weighting recent work most (each new "
            "score counts 65%).",
        )

    def test_the_students_map(self) -> None:
        spanish(self.d.ana)
        override_level(
            record=MasteryRecord.objects.get(student=self.d.ana, standard=self.d.s1),
            level=3,
            reason="Explained it at the board",
            by=self.d.tomas,
        )
        r = self.get(self.d.ana, "workflows:student-map", self.d.c7a.pk)
        self.assert_spanish(
            r,
            "<title>Mi mapa · 7A · Mastery Map</title>",
            "presiona <strong>Estoy listo/a</strong>",
            "1 de 2 estándares dominados",
            '<span class="badge status-mastered">Dominado</span>',
            # The override's sentence quotes the teacher: the school's words.
            '<p class="sentence" data-content>Un docente ajustó este nivel a mano: Explained '
            "it at the board.</p>",
            "Todavía no hay evaluación para este estándar.",
            "¡Dominado! ¡Muy bien!",
        )

    def test_show_the_math_with_what_if_and_an_override(self) -> None:
        spanish(self.d.ana, self.d.tomas)
        cell = ("mastery:cell", self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk)
        r = self.get(self.d.ana, *cell)
        self.assert_spanish(
            r,
            "<title>Ver el cálculo · 7.RP.A.1 · Mastery Map</title>",
            '<strong class="level-big">2,65</strong>',
            '<span class="level-label">En proceso</span>',
            '<p class="sentence" id="explanation">En proceso: el promedio de los 2 puntajes es '
            "2,65, y el trabajo reciente pesa más",
            '<dd id="method-summary">Promedio con decaimiento (tasa de decaimiento 0,65)</dd>',
            "Si mi próximo puntaje es",
            '<option value="3" selected>3 · Dominado</option>',
            "Historial del nivel",
            "Sin empezar → Todavía no",
        )
        what_if = reverse("mastery:what-if", args=cell[1:])
        r = self.client.get(what_if, {"score": "4"}, headers={"HX-Request": "true"})
        self.assertContains(r, "Si mi próximo puntaje es 4, mi nivel pasa a")
        self.assertContains(r, "3,53 · Dominado")
        self.assertContains(r, "el promedio de los 3 puntajes es 3,53")
        override_level(
            record=MasteryRecord.objects.get(student=self.d.ana, standard=self.d.s1),
            level=3,
            reason="Explained it at the board",
            by=self.d.tomas,
        )
        r = self.get(self.d.tomas, *cell)
        self.assert_spanish(
            r,
            "Ajustado a mano a <strong>3 · Dominado</strong> por <span data-content>Tomás</span>",
            "Motivo: “<span data-content>Explained it at the board</span>”",
            "Calculado a partir de la evidencia: 2,65 · En proceso.",
            "✎ Ajustado a mano",
            "Quitar el ajuste manual",
        )
        r = self.client.get(what_if, {"score": "1"}, headers={"HX-Request": "true"})
        self.assertContains(
            r,
            "El nivel se queda en 3: un docente lo ajustó a mano (<span data-content>Explained "
            "it at the board</span>). El cálculo daría 1,58 · Inicial",
        )
        r = self.client.post(
            reverse("mastery:override", args=cell[1:]),
            {"level": "2", "reason": "Second look"},
            follow=True,
        )
        self.assertContains(r, "Nivel ajustado a mano a 2.")

    def test_the_grid_the_policy_and_the_scale_pages(self) -> None:
        spanish(self.d.tomas)
        r = self.get(self.d.tomas, "mastery:grid", self.d.c7a.pk)
        self.assert_spanish(
            r,
            "<title>7A · cuadrícula de la clase · Mastery Map</title>",
            "2 estudiantes",
            "Regla de dominio",
            'aria-label="Ana A, 7.RP.A.1: Todavía no · nivel 2,65"',
            "<span>2,65</span>",
        )
        r = self.get(self.d.tomas, "mastery:policy", self.d.c7a.pk)
        self.assert_spanish(
            r,
            "Regla de dominio · <span data-content>7A</span>",
            "Promedio con decaimiento (tasa de decaimiento 0,65)",
            "Cada puntaje nuevo acerca el nivel hacia él según la tasa de decaimiento r",
            "De 0,5 a 0,99; por defecto, 0,65.",
            "Peso de Revisión individual («vence al jefe»)",
        )
        r = self.client.post(
            reverse("mastery:policy-preview", args=[self.d.c7a.pk]),
            {"method": "highest", "min_evidence": "1", "standard": ""},
            headers={"HX-Request": "true"},
        )
        self.assertContains(r, "1 estudiante, en 1 estándar, cambiaría de estado.")
        r = self.client.post(
            reverse("mastery:policy", args=[self.d.c7a.pk]),
            {"method": "decaying_average", "decaying_average-rate": "2", "min_evidence": "1"},
        )
        self.assertContains(r, "«tasa de decaimiento» debe estar entre 0,50 y 0,99.")
        r = self.get(self.d.tomas, "mastery:scale", self.d.c7a.pk)
        self.assert_spanish(
            r,
            "Escala de desempeño · <span data-content>7A</span>",
            "<td>Inicial</td>",
            "<td>En proceso</td>",
            "<td>80 %</td>",
            "la escala por defecto",
        )

    def test_a_school_scale_shows_as_typed(self) -> None:
        spanish(self.d.tomas, self.d.ana)
        set_class_scale(
            classroom=self.d.c7a,
            levels=[
                Level(1, "Emerging", "#c0392b", 0),
                Level(2, "Developing", "#d68910", 50),
                Level(3, "Mastered", "#1e8449", 80),
            ],
            mastery_value=3,
            by=self.d.tomas,
        )
        r = self.get(self.d.tomas, "mastery:scale", self.d.c7a.pk)
        self.assert_spanish(
            r,
            "<td><span data-content>Developing</span></td>",
            "<td>Dominado</td>",  # a default name the school kept is translated
        )
        r = self.get(self.d.ana, "workflows:tracker", self.d.c7a.pk, self.d.ana.pk)
        self.assert_spanish(
            r,
            '<p class="sentence"><span data-content>Developing</span>: el promedio de los 2 '
            "puntajes es 2,65",
        )
        r = self.get(self.d.ana, "mastery:cell", self.d.c7a.pk, self.d.ana.pk, self.d.s1.pk)
        self.assertContains(r, '<option value="2" data-content>2 · Developing</option>')
        self.assertContains(r, '<option value="3" selected>3 · Dominado</option>')
        posted = {"class-rows": "6", "class-mastery": "1"}
        for n, (value, label) in enumerate([(1, "A"), (2, "B")], start=1):
            posted |= {f"class-value-{n}": value, f"class-label-{n}": label}
            posted |= {f"class-colour-{n}": "#111111", f"class-cut-{n}": 10 * n}
        self.client.force_login(self.d.tomas)
        r = self.client.post(reverse("mastery:scale", args=[self.d.c7a.pk]), posted)
        self.assertContains(
            r,
            "El nivel más bajo (A) debe empezar en 0 %, para que todo puntaje obtenga un nivel.",
            status_code=422,
        )


class PagesInEnglishTests(BaseTestCase):
    """The same pages for English readers, as they always read."""

    def test_the_pages_are_unchanged_in_english(self) -> None:
        today = timezone.localdate()
        record_evidence(
            recorded_by=self.d.tomas,
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            kind="one_on_one",
            level=3,
            assessed_on=today,
        )
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("workflows:tracker", args=[self.d.c7a.pk, self.d.ana.pk]))
        for text in (
            '<html lang="en">',
            "<h1>My tracker</h1>",
            '<p class="sentence">Mastered: the only score so far is 3.</p>',
            # The level's name is the status's: said once, by the badge ("3 · Mastered").
            '<strong class="level-summary">3 ·</strong> '
            '<span class="badge status-mastered">Mastered</span>',
            "1 of 2 standards mastered",
        ):
            with self.subTest(text=text):
                self.assertContains(r, text)
        r = self.client.get(reverse("workflows:student-map", args=[self.d.c7a.pk]))
        self.assertContains(r, "press <strong>I'm ready</strong> to take its short assessment.")
        self.assertContains(r, "Mastered. Well done!")
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("mastery:grid", args=[self.d.c7a.pk]))
        self.assertContains(r, "<title>7A · mastery grid · Mastery Map</title>")
        self.assertContains(r, 'aria-label="Ana A, 7.RP.A.1: Mastered · level 3"')
        r = self.client.get(reverse("mastery:policy", args=[self.d.c7a.pk]))
        self.assertContains(r, "From 0.5 to 0.99; default 0.65.")
        self.assertContains(r, "Each new score pulls the level toward itself")
