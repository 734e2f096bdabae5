"""Markdown with math, in tables: what becomes MathML, what stays money, what stays safe."""

from __future__ import annotations

from unittest import TestCase

from masterymap.lib.markdown import render_inline, render_markdown


class MathTests(TestCase):
    def test_math_becomes_mathml_and_money_stays_money(self) -> None:
        rows = [
            # (what, source, in the HTML, not in the HTML)
            ("a fraction", r"What is $\frac{3}{4}$ of 12?", "<mfrac>", "$"),
            ("display math", r"$$x^2 + 1$$", 'display="block"', "$$"),
            ("money", "It costs $5 and $10.", "$5 and $10", "<math"),
            ("an escaped dollar", r"Price: \$5", "Price: $5", "<math"),
            ("Markdown around math", r"$a_1 * b_2$ and *em*", "<em>em</em>", "<em>1"),
            ("a typo shows as written", r"Bad $\frac{$ here", r"<code>$\frac{$</code>", "<math"),
        ]
        for what, source, present, absent in rows:
            with self.subTest(what):
                html = render_markdown(source)
                self.assertIn(present, html)
                self.assertNotIn(absent, html)

    def test_nothing_in_math_can_run_script(self) -> None:
        for source in (
            "$<img src=x onerror=alert(1)>$",
            r"$\text{<script>alert(1)</script>}$",
            r"$\href{javascript:alert(1)}{x}$",
            "$$<svg onload=alert(1)>$$",
        ):
            with self.subTest(source):
                html = render_markdown(source) + render_inline(source)
                for bad in ("<img", "<script", "onerror", "onload", "javascript:", "<svg"):
                    self.assertNotIn(bad, html)

    def test_choices_take_math_inline(self) -> None:
        html = render_inline(r"$\sqrt{2}$ **b**")
        self.assertTrue(html.startswith("<math"))
        self.assertIn("<strong>b</strong>", html)
        self.assertNotIn("<p>", html)
