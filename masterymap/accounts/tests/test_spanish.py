"""The accounts pages and the project's own templates (base, errors) in Spanish, and the
English pages unchanged."""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from masterymap.accounts import actions
from masterymap.accounts.models import Classroom, User
from masterymap.lib.errors import ActionError
from masterymap.test import BaseTestCase

ES = {"accept-language": "es"}


class SpanishTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        # A request leaves its language active in this thread: back to English afterwards,
        # so no later test reads Spanish.
        self.addCleanup(translation.deactivate)


class AnonymousPagesInSpanishTests(SpanishTestCase):
    def test_the_login_page(self) -> None:
        r = self.client.get(reverse("accounts:login"), headers=ES)
        self.assertContains(r, "<title>Iniciar sesión · Mastery Map</title>", html=False)
        self.assertContains(r, "Inicia sesión en Mastery Map")
        self.assertContains(r, "Saltar al contenido")
        self.assertContains(r, "Crea tu cuenta")
        self.assertContains(r, "Nombre de usuario")
        # The language control names English in English.
        self.assertContains(r, 'lang="en" aria-describedby="language-label">English</button>')
        self.assertNotContains(r, "Inglés")
        for english in ["Log in to Mastery Map", "Skip to content", "Create your account"]:
            self.assertNotContains(r, english)

    def test_a_wrong_password(self) -> None:
        r = self.client.post(
            reverse("accounts:login"), {"username": "tomas", "password": "nope"}, headers=ES
        )
        self.assertContains(r, "no coinciden")
        self.assertNotContains(r, "do not match")

    def test_the_sign_up_page_and_its_errors(self) -> None:
        r = self.client.get(reverse("accounts:join"), headers=ES)
        self.assertContains(r, "Crea tu cuenta de estudiante")
        for label in ["Código de la clase", "Nombre", "Apellido", "Contraseña"]:
            self.assertContains(r, label)
        for english in ["Create your student account", "First name", "Last name", "Class code"]:
            self.assertNotContains(r, english)
        data = {
            "join_code": "NOPE99",
            "first_name": "Nia",
            "password": "purple-otter-91",
        }
        r = self.client.post(reverse("accounts:join"), data, headers=ES)
        self.assertContains(r, "Ese código de la clase no es válido. Revísalo con tu docente.")
        self.assertNotContains(r, "not valid")

    def test_the_error_pages(self) -> None:
        with translation.override("es"):
            page = render_to_string("500.html")
        self.assertIn('<html lang="es">', page)
        self.assertIn("Algo salió mal", page)
        self.assertNotIn("Something went wrong", page)
        r = self.client.get("/no-such-page/", headers=ES)
        self.assertEqual(r.status_code, 404)
        self.assertContains(r, "Página no encontrada", status_code=404)
        self.assertContains(r, "Ve a tu página de inicio", status_code=404)
        self.assertNotContains(r, "Not found", status_code=404)


class SignedInPagesInSpanishTests(SpanishTestCase):
    def setUp(self) -> None:
        super().setUp()
        for user in [self.d.tomas, self.d.ana]:
            user.language = "es"
            user.save(update_fields=["language"])

    def test_the_top_bar_names_the_role_and_marks_the_name_as_content(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("accounts:roster", args=[self.d.c7a.pk]))
        self.assertContains(r, "<span data-content>Tomás</span> · Docente")
        for spanish in ["Clases", "Mapas de dominio", "Cerrar sesión"]:
            self.assertContains(r, spanish)
        for english in ["Mastery maps", "Log out", "Teacher"]:
            self.assertNotContains(r, english)

    def test_the_roster(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("accounts:roster", args=[self.d.c7a.pk]))
        self.assertContains(r, "Estudiantes de <span data-content>7A</span>")
        self.assertContains(r, "Lista de la clase (2)")
        self.assertContains(r, "Nombres de los estudiantes")
        self.assertContains(r, 'aria-label="Tarjeta de acceso nueva para Ana A"')
        self.assertContains(r, "data-content>Ana A</label>")
        for english in ["Students in", "Add students by name", "Roster (2)", "Open tracker"]:
            self.assertNotContains(r, english)

    def test_an_empty_list_of_names_is_refused_in_spanish(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(reverse("accounts:roster", args=[self.d.c7a.pk]), {"names": " "})
        self.assertContains(r, "Este campo es obligatorio.")

    def test_login_cards(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(reverse("accounts:roster", args=[self.d.c7a.pk]), {"names": "Sam Lee"})
        self.assertContains(r, "Tarjetas de acceso de <span data-content>7A</span>")
        self.assertContains(r, "<strong>Imprímelas o cópialas ahora.</strong>")
        for label in ["Sitio web", "Nombre de usuario", "Contraseña", "Imprimir tarjetas"]:
            self.assertContains(r, label)
        self.assertTrue(re.search(r'class="card-password">[^<]+<', r.content.decode()))
        for english in ["Login cards for", "Website", "Password", "Print cards"]:
            self.assertNotContains(r, english)

    def test_ticking_nobody_gets_a_spanish_message(self) -> None:
        self.client.force_login(self.d.tomas)
        r = self.client.post(reverse("accounts:login-cards", args=[self.d.c7a.pk]), follow=True)
        self.assertContains(r, "Marca a los estudiantes que necesitan tarjetas de acceso nuevas.")

    def test_joining_a_class_with_its_code(self) -> None:
        Classroom.objects.filter(pk=self.d.c7b.pk).update(join_needs_approval=False)
        self.client.force_login(self.d.ana)
        r = self.client.get(reverse("accounts:join-code"))
        self.assertContains(r, "Escribe el código de la clase que te dio tu docente.")
        self.assertContains(r, "Mi mapa")
        self.assertNotContains(r, "Join a class")
        r = self.client.post(
            reverse("accounts:join-code"), {"join_code": self.d.c7b.join_code}, follow=True
        )
        self.assertContains(r, "Te uniste a <span data-content>7B</span>.")
        r = self.client.post(reverse("accounts:join-code"), {"join_code": "NOPE99"})
        self.assertContains(r, "no es válido")

    def test_action_errors_and_roles_follow_the_language(self) -> None:
        with translation.override("es"):
            self.assertEqual(str(User.Role.STUDENT.label), "Estudiante")
            with self.assertRaisesMessage(ActionError, "Elige inglés o español."):
                actions.set_language(user=self.d.ana, language="fr")
        with (
            translation.override("en"),
            self.assertRaisesMessage(ActionError, "Pick English or Spanish."),
        ):
            actions.set_language(user=self.d.ana, language="fr")


class EnglishPagesUnchangedTests(BaseTestCase):
    def test_the_login_and_roster_pages(self) -> None:
        r = self.client.get(reverse("accounts:login"), headers={"accept-language": "en"})
        self.assertContains(r, "Log in to Mastery Map")
        self.assertContains(r, "<title>Log in · Mastery Map</title>", html=False)
        self.client.force_login(self.d.tomas)
        r = self.client.get(reverse("accounts:roster", args=[self.d.c7a.pk]))
        self.assertContains(r, "Students in <span data-content>7A</span>")
        self.assertContains(r, "Roster (2)")
        self.assertContains(r, "<span data-content>Tomás</span> · Teacher")
        self.assertContains(r, 'aria-label="New login card for Ana A"')
        self.assertNotContains(r, "Lista de la clase")

    def test_joining_says_so_in_english(self) -> None:
        Classroom.objects.filter(pk=self.d.c7b.pk).update(join_needs_approval=False)
        self.client.force_login(self.d.ana)
        r = self.client.post(
            reverse("accounts:join-code"), {"join_code": self.d.c7b.join_code}, follow=True
        )
        self.assertContains(r, "You joined <span data-content>7B</span>.")

    def test_the_error_page(self) -> None:
        r = self.client.get("/no-such-page/", headers={"accept-language": "en"})
        self.assertContains(r, "<h1>Not found</h1>", status_code=404)
