"""The standard form's symbol picker: every option shows its icon or colour and its name."""

from __future__ import annotations

import re

from django.urls import reverse

from masterymap.standards.symbols import COLOURS, ICONS
from masterymap.test import BaseTestCase


class SymbolPickerTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.client.force_login(self.d.tomas)
        self.html = self.client.get(
            reverse("standards:standard-edit", args=[self.d.s1.pk])
        ).content.decode()

    def options(self, name: str) -> list[str]:
        return re.findall(
            rf'<label class="symbol-option[^"]*" for="id_{name}_\d+">(.*?)</label>', self.html
        )

    def test_every_icon_is_drawn_beside_its_name_in_a_labelled_group(self) -> None:
        options = self.options("icon")
        self.assertEqual(len(options), len(ICONS))
        for option, (key, name) in zip(options, ICONS.items(), strict=True):
            self.assertIn(f'type="radio" name="icon" value="{key}"', option)
            self.assertIn(f'#sym-{key}"></use>', option)
            self.assertIn('aria-hidden="true"', option)  # the name says it in words
            self.assertIn(f'<span class="symbol-name">{name}</span>', option)
        self.assertIn("<legend>Icon</legend>", self.html)
        # 7.RP.A.1 is a blue star: its options start checked.
        self.assertRegex(self.html, r'value="star" id="id_icon_\d+" required checked')
        self.assertRegex(self.html, r'value="blue" id="id_colour_\d+" required checked')

    def test_every_colour_is_a_swatch_beside_its_name(self) -> None:
        options = self.options("colour")
        self.assertEqual(len(options), len(COLOURS))
        for option, (key, (name, _hex)) in zip(options, COLOURS.items(), strict=True):
            self.assertIn(f'type="radio" name="colour" value="{key}"', option)
            self.assertIn('<span class="colour-swatch" aria-hidden="true"></span>', option)
            self.assertIn(f'<span class="symbol-name">{name}</span>', option)
            self.assertIn(f'class="symbol-option colour-{key}"', self.html)
        self.assertIn("<legend>Colour</legend>", self.html)

    def test_choosing_a_symbol_still_saves_it(self) -> None:
        s1 = self.d.s1
        data = {
            "unit": s1.unit_id,
            "code": s1.code,
            "statement": s1.statement,
            "i_can": s1.i_can,
            "icon": "anchor",
            "colour": "teal",
            "position": s1.position,
        }
        r = self.client.post(reverse("standards:standard-edit", args=[s1.pk]), data)
        self.assertEqual(r.status_code, 302)
        s1.refresh_from_db()
        self.assertEqual((s1.icon, s1.colour), ("anchor", "teal"))
