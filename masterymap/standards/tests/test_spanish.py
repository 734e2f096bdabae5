"""The map editor in Spanish (symbols included), and the English pages unchanged."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from masterymap.lib.errors import ActionError
from masterymap.standards import actions
from masterymap.test import BaseTestCase


class SpanishMapEditorTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        # A request leaves its language active in this thread: back to English afterwards.
        self.addCleanup(translation.deactivate)
        self.d.tomas.language = "es"
        self.d.tomas.save(update_fields=["language"])
        self.client.force_login(self.d.tomas)

    def test_the_map_list(self) -> None:
        r = self.client.get(reverse("standards:map-list"))
        self.assertContains(r, "<h1>Mapas de dominio</h1>", html=False)
        self.assertContains(r, "Nuevo mapa de dominio")
        self.assertContains(r, "Por ejemplo “Matemáticas de 7.º grado”.")
        self.assertContains(r, "por <span data-content>Tomás</span>")
        self.assertContains(r, "Crear mapa")
        for english in ["New mastery map", "Create map", "For example", " by "]:
            self.assertNotContains(r, english)

    def test_the_map_page_counts_forms_in_spanish(self) -> None:
        r = self.client.get(reverse("standards:map-detail", args=[self.d.grade7.pk]))
        self.assertContains(r, "1 estándar todavía tiene menos de dos versiones.")
        self.assertContains(r, "7.RP.A.2</a> (0 versiones)")
        self.assertContains(r, "0 · necesita 2")
        self.assertContains(r, "Preguntas y versiones")
        self.assertContains(r, "<h2 data-content>Ratios</h2>", html=False)
        self.assertContains(r, "<td data-content>I can find unit rates</td>", html=False)
        self.assertContains(r, 'aria-label="Estrella de color azul"')
        self.assertContains(r, 'aria-label="Círculo de color verde"')
        for english in ["fewer than two forms", "(0 forms)", "needs 2", "Items &amp; forms"]:
            self.assertNotContains(r, english)
        self.assertNotContains(r, "Blue star")

    def test_the_standard_form_offers_spanish_symbol_names(self) -> None:
        r = self.client.get(reverse("standards:standard-edit", args=[self.d.s1.pk]))
        self.assertContains(r, "Editar <span data-content>7.RP.A.1</span>")
        for spanish in ["Frase «Puedo…»", "Enunciado", "Ícono", "Rayo", "Llave", "Turquesa"]:
            self.assertContains(r, spanish)
        self.assertContains(r, "data-content>Ratios</option>")
        for english in ["Lightning bolt", "Teal", "Statement", "Add standard"]:
            self.assertNotContains(r, english)

    def test_refusals_and_messages_are_in_spanish(self) -> None:
        url = reverse("standards:standard-create", args=[self.d.grade7.pk])
        data = {
            "unit": self.d.unit1.pk,
            "code": "7.RP.A.1",
            "statement": "s",
            "i_can": "I can",
            "icon": "star",
            "colour": "red",
        }
        r = self.client.post(url, data)
        self.assertContains(r, "Este mapa ya tiene un estándar 7.RP.A.1.")
        r = self.client.post(url, data | {"code": "7.RP.A.9"}, follow=True)
        self.assertContains(
            r, "<span data-content>7.RP.A.9</span> agregado. Ahora escribe sus preguntas"
        )
        r = self.client.post(
            reverse("standards:unit-create", args=[self.d.grade7.pk]), {"title": ""}, follow=True
        )
        self.assertContains(r, "Ponle un título a la unidad.")
        with translation.override("es"), self.assertRaisesMessage(ActionError, "no existe"):
            actions.create_standard(
                unit=self.d.unit1, code="X", statement="", i_can="", icon="dragon", colour="red"
            )

    def test_symbol_names_follow_the_language(self) -> None:
        with translation.override("es"):
            self.assertEqual(self.d.s1.symbol_label, "Estrella de color azul")
            self.assertEqual(self.d.s1.icon_label, "Estrella")
            self.assertEqual(self.d.s1.get_colour_display(), "Azul")
        with translation.override("en"):
            self.assertEqual(self.d.s1.symbol_label, "Blue star")
            self.assertEqual(self.d.s1.get_colour_display(), "Blue")


class EnglishMapEditorTests(BaseTestCase):
    def test_the_map_page_and_the_standard_form_are_unchanged(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("standards:map-detail", args=[self.d.grade7.pk]))
        self.assertContains(r, "1 standard still has fewer than two forms.")
        self.assertContains(r, "7.RP.A.2</a> (0 forms)")
        self.assertContains(r, "0 · needs 2")
        self.assertContains(r, 'aria-label="Blue star"')
        r = self.client.get(reverse("standards:standard-edit", args=[self.d.s1.pk]))
        for english in ["Edit <span data-content>7.RP.A.1</span>", "“I can…” statement"]:
            self.assertContains(r, english)
        for english in ["Lightning bolt", "Teal", "Statement", "Order within the unit."]:
            self.assertContains(r, english)
