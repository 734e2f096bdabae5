"""Open-response items: written answers (and a photo of the working) wait for the teacher;
the scoring queue scores them on the class's scale; the last score finishes the attempt,
which then becomes evidence and moves the level. Plus pictures on questions and choices."""

from __future__ import annotations

import shutil
import tempfile

from django.test import override_settings
from django.urls import reverse

from masterymap.assessments.actions import ChoiceInput, PictureInput, create_form, create_item
from masterymap.assessments.models import Attempt, Item, Response
from masterymap.evidence.models import Evidence
from masterymap.evidence.tests.images import image_bytes, pdf_bytes, upload
from masterymap.lib.errors import ActionError
from masterymap.lib.uploads import check_upload
from masterymap.mastery.models import MasteryRecord
from masterymap.test import BaseTestCase
from masterymap.workflows import actions

RUBRIC = "RUBRIC-SECRET: 4 names the unit rate and explains it"


class PrivateMediaRoot:
    """Uploads go to a temporary PRIVATE_MEDIA_ROOT (lib.storage reads it when used)."""

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        root = tempfile.mkdtemp(prefix="mm-open-")
        self.addCleanup(shutil.rmtree, root, ignore_errors=True)  # type: ignore[attr-defined]
        overridden = override_settings(PRIVATE_MEDIA_ROOT=root)
        overridden.enable()
        self.addCleanup(overridden.disable)  # type: ignore[attr-defined]


class OpenResponseTests(PrivateMediaRoot, BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        # s2: one single-choice question (1 point) and one open response (5 points).
        self.single = create_item(
            standard=self.d.s2,
            kind="single",
            stem="Which is a proportion?",
            choices=[ChoiceInput("2/4 = 3/6", True), ChoiceInput("2/4 = 3/5")],
        )
        self.open = create_item(
            standard=self.d.s2,
            kind="open",
            stem="Explain how you find a unit rate.",
            points=5,
            rubric=RUBRIC,
        )
        self.form = create_form(standard=self.d.s2, item_ids=[self.single.pk, self.open.pk])
        create_form(
            standard=self.d.s2,
            item_ids=[
                create_item(
                    standard=self.d.s2, kind="text", stem="Spare", accepted_answers=["x"]
                ).pk
            ],
        )
        self.open_retakes()
        self.attempt = actions.start_attempt(student=self.d.ana, standard=self.d.s2)
        self.right = str(self.single.choices.get(is_correct=True).pk)

    def hand_in(self, text: str = "Divide by the number of hours.") -> Attempt:
        return actions.submit_attempt(
            attempt=self.attempt, answers={self.single.pk: [self.right], self.open.pk: [text]}
        )

    def response(self) -> Response:
        return Response.objects.get(attempt=self.attempt, item=self.open)

    def test_a_written_answer_waits_for_the_teacher_with_no_score_and_no_evidence(self) -> None:
        attempt = self.hand_in()
        self.assertEqual(attempt.status, Attempt.Status.AWAITING)
        self.assertIsNone(attempt.percent)
        self.assertFalse(Evidence.objects.filter(attempt=attempt).exists())
        self.client.force_login(self.d.ana)
        page = self.client.get(reverse("workflows:attempt", args=[attempt.pk])).content.decode()
        self.assertIn("Waiting for your teacher", page)
        self.assertIn("Question 2", page)
        self.assertNotIn(RUBRIC, page)
        # Handing in again changes nothing; the next form waits until it is scored.
        self.assertEqual(self.hand_in("changed").status, Attempt.Status.AWAITING)
        self.assertEqual(self.response().answer, ["Divide by the number of hours."])
        with self.assertRaises(ActionError):
            actions.start_attempt(student=self.d.ana, standard=self.d.s2)

    def test_a_blank_written_answer_needs_no_teacher(self) -> None:
        attempt = actions.submit_attempt(
            attempt=self.attempt, answers={self.single.pk: [self.right], self.open.pk: [""]}
        )
        self.assertEqual(attempt.status, Attempt.Status.SUBMITTED)
        self.assertEqual((attempt.points, attempt.max_points), (1, 6))
        self.assertTrue(Evidence.objects.filter(attempt=attempt).exists())

    def test_the_last_score_finishes_the_attempt_and_moves_the_level(self) -> None:
        attempt = self.hand_in()
        self.client.force_login(self.d.tomas)
        queue = reverse("workflows:scoring-queue", args=[self.d.c7a.pk])
        page = self.client.get(queue).content.decode()
        self.assertIn("Divide by the number of hours.", page)
        self.assertIn("RUBRIC-SECRET", page)
        self.assertIn("4 of 5 points", page)  # Mastered: the 80 % cut of 5 points
        score = reverse("workflows:score-response", args=[self.d.c7a.pk, self.response().pk])
        self.client.post(score, {"level": "3", "comment": "Clear, name the units."})
        attempt.refresh_from_db()
        self.assertEqual(attempt.status, Attempt.Status.SUBMITTED)
        self.assertEqual((attempt.points, attempt.max_points), (5, 6))
        self.assertTrue(attempt.mastered)
        evidence = Evidence.objects.get(attempt=attempt)
        self.assertEqual(evidence.recorded_at, attempt.submitted_at)
        record = MasteryRecord.objects.get(
            classroom=self.d.c7a, student=self.d.ana, standard=self.d.s2
        )
        self.assertEqual(record.status, MasteryRecord.State.MASTERED)
        # The queue is empty; the student's result shows the comment and the level.
        self.assertIn("Nothing to score", self.client.get(queue).content.decode())
        self.client.force_login(self.d.ana)
        result = self.client.get(reverse("workflows:attempt", args=[attempt.pk])).content.decode()
        self.assertIn("Clear, name the units.", result)
        self.assertIn("5/6", result)
        # A scored attempt's scores stay as they are.
        self.client.force_login(self.d.tomas)
        self.client.post(score, {"level": "1", "comment": ""})
        attempt.refresh_from_db()
        self.assertEqual(attempt.points, 5)

    def test_only_the_students_teachers_score_and_see_the_queue(self) -> None:
        self.hand_in()
        queue = reverse("workflows:scoring-queue", args=[self.d.c7a.pk])
        score = reverse("workflows:score-response", args=[self.d.c7a.pk, self.response().pk])
        for user in (self.d.ana, self.d.uma, self.d.zed):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(queue).status_code, 404)
                self.assertEqual(self.client.post(score, {"level": "4"}).status_code, 404)
        # Tomás's other class (7B) does not hold Ana: nothing of hers in its queue.
        self.client.force_login(self.d.tomas)
        other = reverse("workflows:scoring-queue", args=[self.d.c7b.pk])
        self.assertNotIn("Divide by", self.client.get(other).content.decode())
        self.assertIsNone(self.response().scored_at)

    def test_a_level_off_the_scale_is_refused_and_changes_nothing(self) -> None:
        self.hand_in()
        self.client.force_login(self.d.tomas)
        score = reverse("workflows:score-response", args=[self.d.c7a.pk, self.response().pk])
        for level in ("9", "0", "", "abc"):
            with self.subTest(level=level):
                self.client.post(score, {"level": level})
                self.assertIsNone(self.response().scored_at)

    def test_a_photo_of_the_working_is_checked_and_private(self) -> None:
        self.client.force_login(self.d.ana)
        url = reverse("workflows:attempt-photo", args=[self.attempt.pk, self.open.pk])
        refused = self.client.post(url, {"photo": upload("w.pdf", pdf_bytes())}, follow=True)
        self.assertIn("not a picture we can show", refused.content.decode())
        self.assertFalse(self.response().photo if Response.objects.exists() else False)
        self.client.post(url, {"photo": upload("working.png", image_bytes("PNG"))})
        response = self.response()
        self.assertTrue(response.photo.name.endswith(".png"))
        self.assertNotIn("working", response.photo.name.rsplit("/", 1)[-1])
        # Not on a question that is not open response.
        single = reverse("workflows:attempt-photo", args=[self.attempt.pk, self.single.pk])
        self.client.post(single, {"photo": upload("x.png", image_bytes("PNG"))})
        self.assertFalse(Response.objects.filter(item=self.single, photo__gt="").exists())
        photo = reverse("assessments:photo", args=[response.pk])
        self.assertEqual(self.client.get(photo)["Content-Type"], "image/png")
        for user, status in ((self.d.tomas, 200), (self.d.ben, 404), (self.d.uma, 404)):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(photo).status_code, status)
        # Ben cannot add a photo to Ana's attempt.
        self.client.force_login(self.d.ben)
        self.assertEqual(
            self.client.post(url, {"photo": upload("b.png", image_bytes("PNG"))}).status_code, 404
        )


def a_picture(fmt: str = "PNG", name: str = "graph.png") -> PictureInput:
    checked = check_upload(upload(name, image_bytes(fmt)), max_bytes=10**6, pictures_only=True)
    return PictureInput(upload=checked, alt="A line through the origin")


class PictureTests(PrivateMediaRoot, BaseTestCase):
    def picture(self, fmt: str = "PNG", name: str = "graph.png") -> PictureInput:
        return a_picture(fmt, name)

    def test_the_teacher_adds_a_picture_with_its_alt_text_or_not_at_all(self) -> None:
        self.client.force_login(self.d.tomas)
        url = reverse("assessments:item-create", args=[self.d.s2.pk])
        base = {
            "kind": "single",
            "stem": "Which graph shows $\\frac{3}{4}$?",
            "points": "1",
            "tolerance": "0",
            "choice_1_text": "This one",
            "choice_1_correct": "on",
            "choice_2_text": "That one",
        }
        before = Item.objects.count()
        page = self.client.post(url, base | {"picture": upload("g.png", image_bytes("PNG"))})
        self.assertIn("alt text", page.content.decode())
        page = self.client.post(
            url, base | {"picture": upload("g.png", pdf_bytes()), "picture_alt": "A graph"}
        )
        self.assertIn("not a picture we can show", page.content.decode())
        self.assertEqual(Item.objects.count(), before)
        self.client.post(
            url,
            base
            | {
                "picture": upload("g.png", image_bytes("PNG")),
                "picture_alt": "A graph",
                "choice_2_picture": upload("c.webp", image_bytes("WEBP")),
                "choice_2_picture_alt": "A curve",
            },
        )
        item = Item.objects.latest("pk")
        self.assertEqual((item.image_type, item.image_alt), ("image/png", "A graph"))
        self.assertEqual(item.choices.get(text="That one").image_type, "image/webp")

    def test_pictures_are_served_to_the_map_and_carry_nothing_of_the_key(self) -> None:
        item = create_item(
            standard=self.d.s2,
            kind="single",
            stem="Pick the graph.",
            picture=self.picture(),
            choices=[
                ChoiceInput("First", True, picture=self.picture(name="correct-answer.png")),
                ChoiceInput("Second", picture=self.picture(name="wrong.png")),
            ],
        )
        create_form(standard=self.d.s2, item_ids=[item.pk])
        create_form(
            standard=self.d.s2,
            item_ids=[
                create_item(standard=self.d.s2, kind="text", stem="x", accepted_answers=["x"]).pk
            ],
        )
        right = item.choices.get(is_correct=True)
        self.assertNotIn("correct", right.image.name)
        self.open_retakes()
        attempt = actions.start_attempt(student=self.d.ana, standard=self.d.s2)
        self.client.force_login(self.d.ana)
        sheet = self.client.get(reverse("workflows:attempt", args=[attempt.pk])).content.decode()
        self.assertIn(reverse("assessments:item-picture", args=[item.pk]), sheet)
        self.assertIn(reverse("assessments:choice-picture", args=[right.pk]), sheet)
        self.assertIn('alt="A line through the origin"', sheet)
        for secret in (right.image.name, "correct-answer", "is_correct", "data-correct"):
            self.assertNotIn(secret, sheet)
        urls = [
            reverse("assessments:item-picture", args=[item.pk]),
            reverse("assessments:choice-picture", args=[right.pk]),
        ]
        for user, status in (
            (self.d.ana, 200),
            (self.d.cara, 200),
            (self.d.tomas, 200),
            (self.d.ada, 200),
            (self.d.dev, 404),
            (self.d.uma, 404),
            (self.d.zed, 404),
        ):
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    self.client.force_login(user)
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, status)
                    if status == 200:
                        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.client.logout()
        self.assertEqual(self.client.get(urls[0]).status_code, 302)

    def test_removing_a_picture_or_keeping_it_without_alt_text(self) -> None:
        from masterymap.assessments.actions import update_item

        item = create_item(
            standard=self.d.s2,
            kind="text",
            stem="Name it.",
            accepted_answers=["x"],
            picture=self.picture(),
        )
        with self.assertRaises(ActionError):
            update_item(
                item=item,
                kind="text",
                stem="Name it.",
                accepted_answers=["x"],
                picture=PictureInput(alt=""),
            )
        item.refresh_from_db()
        self.assertTrue(item.image)
        update_item(
            item=item,
            kind="text",
            stem="Name it.",
            accepted_answers=["x"],
            picture=PictureInput(remove=True),
        )
        item.refresh_from_db()
        self.assertFalse(item.image)
        self.assertEqual(item.image_alt, "")


class KeysInEveryKindTests(PrivateMediaRoot, BaseTestCase):
    def test_no_key_of_any_kind_reaches_the_sheet_in_math_pictures_or_attributes(self) -> None:
        s2 = self.d.s2
        items = [
            create_item(
                standard=s2,
                kind="single",
                stem=r"Which is $\frac{1}{2}$?",
                feedback=r"KEYFB1 $\frac{2}{4}$",
                choices=[
                    ChoiceInput(r"$\frac{2}{4}$", True, picture=a_picture()),
                    ChoiceInput(r"$\frac{1}{3}$", misconception="KEYMIS"),
                ],
            ),
            create_item(
                standard=s2,
                kind="multiple",
                stem="Pick both.",
                choices=[ChoiceInput("a", True), ChoiceInput("b", True), ChoiceInput("c")],
            ),
            create_item(
                standard=s2, kind="numeric", stem="n?", numeric_answer=7.125, feedback="KEYFB2"
            ),
            create_item(standard=s2, kind="text", stem="t?", accepted_answers=["KEYTEXT"]),
            create_item(standard=s2, kind="open", stem="o?", rubric=r"KEYRUBRIC $x^2$"),
        ]
        create_form(standard=s2, item_ids=[i.pk for i in items])
        create_form(
            standard=s2,
            item_ids=[create_item(standard=s2, kind="text", stem="s", accepted_answers=["s"]).pk],
        )
        self.open_retakes()
        attempt = actions.start_attempt(student=self.d.ana, standard=s2)
        self.client.force_login(self.d.ana)
        sheet = self.client.get(reverse("workflows:attempt", args=[attempt.pk])).content.decode()
        self.assertIn("<math", sheet)  # the choices' fractions are drawn
        for secret in (
            "KEYFB1",
            "KEYFB2",
            "KEYMIS",
            "KEYTEXT",
            "KEYRUBRIC",
            "7.125",
            "correct",
            "is_correct",
            "data-key",
            "msup",  # the rubric's x² is drawn nowhere on the sheet
        ):
            with self.subTest(secret=secret):
                self.assertNotIn(secret, sheet)
        # Right and wrong choices look alike: the same markup around each, by id only.
        right, wrong = items[0].choices.order_by("-is_correct")
        for choice in (right, wrong):
            self.assertIn(f'value="{choice.pk}"', sheet)
        self.assertEqual(sheet.count("<mfrac>"), 3)  # the stem's and both choices'
