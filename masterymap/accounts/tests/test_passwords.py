"""Generated student passwords carry at least 40 bits and stay easy to type; passwords
people choose: 12 characters for staff, 8 for students, never like the username or common."""

from __future__ import annotations

import math
import re

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from masterymap.accounts.models import User
from masterymap.accounts.passwords import generated_password, password_words
from masterymap.lib.names import PASSWORD_BITS


class GeneratedPasswordTests(SimpleTestCase):
    def test_they_carry_at_least_40_bits_and_are_short_words(self) -> None:
        words = password_words()
        self.assertGreaterEqual(len(words), 1200)
        for _ in range(200):
            password = generated_password()
            parts = password.split("-")
            with self.subTest(password=password):
                self.assertTrue(all(re.fullmatch(r"[a-z]{3,5}", p) for p in parts))
                self.assertTrue(set(parts) <= set(words))
                self.assertGreaterEqual(len(parts) * math.log2(len(words)), PASSWORD_BITS)
        self.assertGreaterEqual(PASSWORD_BITS, 40)


class ChosenPasswordTests(SimpleTestCase):
    def check(self, password: str, user: User) -> list[str]:
        try:
            validate_password(password, user)
        except ValidationError as e:
            return [err.code or "" for err in e.error_list]
        return []

    def test_the_rules_by_role(self) -> None:
        teacher = User(username="tomas.rivera", first_name="Tomás", role=User.Role.TEACHER)
        admin = User(username="ada", role=User.Role.SCHOOL_ADMIN)
        student = User(username="ana.a", first_name="Ana", role=User.Role.STUDENT)
        cases = [
            (teacher, "lakeside-47", ["password_too_short"]),  # 11 characters
            (teacher, "lakeside-47b", []),  # 12
            (admin, "short-pass1", ["password_too_short"]),
            (teacher, "tomas.rivera1", ["password_too_similar"]),
            (teacher, "123456789012", ["password_entirely_numeric"]),
            (teacher, "password1234", ["password_too_common"]),
            (student, "kite-moon7", []),  # 10: enough for a student
            (student, "kite-7", ["password_too_short"]),
            (student, "password", ["password_too_common"]),
        ]
        for user, password, codes in cases:
            with self.subTest(role=user.role, password=password):
                self.assertEqual(sorted(self.check(password, user)), sorted(codes))
