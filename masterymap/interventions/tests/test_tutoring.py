"""Peer tutoring (interventions.tutoring): offers on the map card, asking, the pair page for
the tutee and the tutor, sessions confirmed by both, the teacher's page and switches."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from masterymap.accounts.models import Classroom, Enrollment, User
from masterymap.assessments.models import Attempt
from masterymap.interventions import tutoring
from masterymap.interventions.models import (
    ErrorAnalysis,
    MissedItem,
    Route,
    Step,
    TutoringOff,
    TutorOffer,
    TutorPair,
)
from masterymap.lib.errors import ActionError
from masterymap.mastery.models import MasteryRecord
from masterymap.standards.models import MasteryMap, Standard, Unit
from masterymap.test import BaseTestCase, make_user
from masterymap.workflows.actions import start_attempt, submit_attempt

State = TutorPair.State


class TutoringTestCase(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.open_retakes()

    def student(self, name: str, classroom: Classroom | None = None) -> User:
        user = make_user(
            name.lower(), User.Role.STUDENT, self.d.school, first_name=name, last_name=name[0]
        )
        Enrollment.objects.create(classroom=classroom or self.d.c7a, student=user)
        return user

    def take(self, student: User, *, right: bool) -> Attempt:
        attempt = start_attempt(student=student, standard=self.d.s1)
        return submit_attempt(attempt=attempt, answers=self.answers_for(right=right))

    def tutor(self, student: User, *, offer: bool = True) -> User:
        """`student` masters s1 in 7A and (by default) offers to tutor it."""
        self.take(student, right=True)
        if offer:
            tutoring.offer_to_tutor(classroom=self.d.c7a, student=student, standard=self.d.s1)
        return student

    def ask_url(self, classroom: Classroom | None = None, standard: Standard | None = None) -> str:
        return reverse(
            "interventions:tutor-ask",
            args=[(classroom or self.d.c7a).pk, (standard or self.d.s1).pk],
        )

    def pair_url(self, pair: TutorPair, what: str = "") -> str:
        return reverse(f"interventions:tutor-pair{'-' + what if what else ''}", args=[pair.pk])

    def action_url(self, pair: TutorPair, what: str) -> str:
        return reverse(f"interventions:tutor-{what}", args=[pair.pk])

    def class_url(self, classroom: Classroom | None = None) -> str:
        return reverse("interventions:tutoring-class", args=[(classroom or self.d.c7a).pk])

    def ask(self, student: User) -> TutorPair:
        return tutoring.ask_for_tutor(classroom=self.d.c7a, student=student, standard=self.d.s1)

    def map_html(self, student: User) -> str:
        self.client.force_login(student)
        return self.client.get(
            reverse("workflows:student-map", args=[self.d.c7a.pk])
        ).content.decode()

    def tracker_html(self, viewer: User, student: User) -> str:
        self.client.force_login(viewer)
        return self.client.get(
            reverse("workflows:tracker", args=[self.d.c7a.pk, student.pk])
        ).content.decode()


class OfferTests(TutoringTestCase):
    def offers_html(self, student: User) -> str:
        self.client.force_login(student)
        r = self.client.get(reverse("interventions:tutor-offers", args=[self.d.c7a.pk]))
        self.assertEqual(r.status_code, 200)
        return r.content.decode()

    def test_a_student_who_mastered_a_standard_offers_to_tutor_it_from_their_offers_page(
        self,
    ) -> None:
        self.tutor(self.d.ben, offer=False)
        self.assertEqual(
            MasteryRecord.objects.get(classroom=self.d.c7a, student=self.d.ben).status, "mastered"
        )
        offers = reverse("interventions:tutor-offers", args=[self.d.c7a.pk])
        # The map links to the offers page rather than putting a button on every card.
        html = self.map_html(self.d.ben)
        self.assertIn(f'href="{offers}"', html)
        self.assertNotIn("Offer to tutor", html)
        html = self.offers_html(self.d.ben)
        self.assertIn("Offer to tutor <span data-content>7.RP.A.1</span>", html)
        self.assertIn("Offered: 0 of the 1 you mastered", html)
        r = self.client.post(
            reverse("interventions:tutor-offer", args=[self.d.c7a.pk, self.d.s1.pk])
        )
        self.assertRedirects(r, offers + f"#offer-{self.d.s1.pk}", fetch_redirect_response=False)
        self.assertTrue(TutorOffer.objects.filter(tutor=self.d.ben, standard=self.d.s1).exists())
        html = self.offers_html(self.d.ben)
        self.assertIn("You offer to tutor this.", html)
        self.assertIn("Stop offering", html)
        self.assertIn("Offered: 1 of the 1 you mastered", html)
        # The map's card says so, and the link counts it.
        html = self.map_html(self.d.ben)
        self.assertIn("You offer to tutor this.", html)
        self.assertIn("offered: 1", html)
        self.client.post(
            reverse("interventions:tutor-offer", args=[self.d.c7a.pk, self.d.s1.pk]),
            {"stop": "1"},
        )
        self.assertFalse(TutorOffer.objects.exists())

    def test_nobody_offers_a_standard_they_have_not_mastered(self) -> None:
        self.take(self.d.ana, right=False)
        self.assertNotIn("tutor-offers", self.map_html(self.d.ana))
        html = self.offers_html(self.d.ana)
        self.assertIn("Once you master a standard, you can offer to tutor it here.", html)
        self.assertNotIn("Offer to tutor", html)
        r = self.client.post(
            reverse("interventions:tutor-offer", args=[self.d.c7a.pk, self.d.s1.pk]), follow=True
        )
        self.assertContains(r, "once you have mastered it")
        self.assertFalse(TutorOffer.objects.exists())

    def test_offers_are_refused_and_hidden_when_tutoring_is_switched_off(self) -> None:
        self.tutor(self.d.ben, offer=False)
        offers = reverse("interventions:tutor-offers", args=[self.d.c7a.pk])
        for off in [
            TutoringOff(classroom=self.d.c7a, student=None, by=self.d.tomas),
            TutoringOff(classroom=self.d.c7a, student=self.d.ben, by=self.d.tomas),
        ]:
            with self.subTest(student=off.student_id):
                off.at = timezone.now()
                off.save()
                self.assertNotIn(offers, self.map_html(self.d.ben))
                html = self.offers_html(self.d.ben)
                self.assertIn("Your teacher has switched peer tutoring off here.", html)
                self.assertNotIn("Offer to tutor", html)
                with self.assertRaises(ActionError):
                    tutoring.offer_to_tutor(
                        classroom=self.d.c7a, student=self.d.ben, standard=self.d.s1
                    )
                off.delete()
        self.assertIn(offers, self.map_html(self.d.ben))
        self.assertIn("Offer to tutor", self.offers_html(self.d.ben))

    def test_the_offers_page_is_the_students_own(self) -> None:
        url = reverse("interventions:tutor-offers", args=[self.d.c7a.pk])
        for user in [self.d.cara, self.d.tomas, self.d.uma, self.d.zed]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_other_classes_and_teachers_cannot_offer(self) -> None:
        url = reverse("interventions:tutor-offer", args=[self.d.c7a.pk, self.d.s1.pk])
        for user in [self.d.cara, self.d.tomas, self.d.uma, self.d.zed]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(url).status_code, 404)


class AskTests(TutoringTestCase):
    def test_asking_starts_a_peer_step_and_asks_the_first_suggestion(self) -> None:
        self.tutor(self.d.ben)
        self.take(self.d.ana, right=False)
        self.client.force_login(self.d.ana)
        r = self.client.post(self.ask_url())
        pair = TutorPair.objects.get()
        self.assertRedirects(r, self.pair_url(pair))
        self.assertEqual(
            (pair.state, pair.tutor, pair.tutee), (State.ASKED, self.d.ben, self.d.ana)
        )
        self.assertFalse(pair.share_analysis)
        step = Step.objects.get()
        self.assertEqual(
            (step.route, step.chosen_by, step.student, pair.step),
            (Route.PEER, self.d.ana, self.d.ana, step),
        )
        page = self.client.get(self.pair_url(pair)).content.decode()
        self.assertIn("Ben B.", page)
        self.assertIn("Waiting for their answer", page)
        self.assertIn("Let my tutor see my error analysis on this standard", page)
        # The map card says where the request stands.
        self.assertIn("waiting for an answer", self.map_html(self.d.ana))

    def test_asking_twice_returns_the_open_request(self) -> None:
        self.tutor(self.d.ben)
        self.client.force_login(self.d.ana)
        first = self.client.post(self.ask_url())
        second = self.client.post(self.ask_url())
        self.assertEqual(first["Location"], second["Location"])
        self.assertEqual(TutorPair.objects.count(), 1)
        self.assertEqual(Step.objects.count(), 1)

    def test_with_nobody_to_ask_the_request_waits_for_the_teacher(self) -> None:
        self.take(self.d.ana, right=False)
        self.tutor(self.d.ben, offer=False)  # mastered, but has not offered
        self.client.force_login(self.d.ana)
        self.client.post(self.ask_url())
        pair = TutorPair.objects.get()
        self.assertEqual((pair.state, pair.tutor), (State.UNMATCHED, None))
        page = self.client.get(self.pair_url(pair)).content.decode()
        self.assertIn("Your teacher has been told", page)
        self.client.force_login(self.d.tomas)
        page = self.client.get(self.class_url()).content.decode()
        self.assertIn(f'id="unmatched-{pair.pk}"', page)

    def test_two_tutees_asking_at_once_get_different_free_tutors(self) -> None:
        eve = self.tutor(self.student("Eve"))
        self.tutor(self.d.ben)
        fay = self.student("Fay")
        first = self.ask(self.d.ana)
        second = self.ask(fay)
        self.assertEqual({first.tutor_id, second.tutor_id}, {eve.pk, self.d.ben.pk})

    def test_a_tutee_asks_another_suggestion_instead(self) -> None:
        eve = self.tutor(self.student("Eve"))
        self.tutor(self.d.ben)
        pair = self.ask(self.d.ana)
        other = eve if pair.tutor_id == self.d.ben.pk else self.d.ben
        self.client.force_login(self.d.ana)
        page = self.client.get(self.pair_url(pair)).content.decode()
        self.assertIn(tutoring.short_name(other), page)
        r = self.client.post(self.action_url(pair, "choose"), {"tutor": other.pk})
        new = TutorPair.objects.get(state=State.ASKED)
        self.assertRedirects(r, self.pair_url(new), fetch_redirect_response=False)
        self.assertEqual((new.tutor_id, new.step_id), (other.pk, pair.step_id))
        pair.refresh_from_db()
        self.assertEqual((pair.state, pair.ended_by), (State.ENDED, self.d.ana))
        # The old page sends the tutee on to the request as it is now.
        self.assertRedirects(
            self.client.get(self.pair_url(pair)), self.pair_url(new), fetch_redirect_response=False
        )
        # Nobody else to pick than the one asked: someone not suggested is refused.
        cara_pick = self.client.post(self.action_url(new, "choose"), {"tutor": self.d.cara.pk})
        self.assertEqual(cara_pick.status_code, 302)
        self.assertEqual(TutorPair.objects.filter(state=State.ASKED).get().tutor_id, other.pk)

    def test_only_students_of_the_class_not_there_yet_may_ask(self) -> None:
        self.tutor(self.d.ben)
        self.client.force_login(self.d.ben)  # mastered s1
        r = self.client.post(self.ask_url(), follow=True)
        self.assertContains(r, "You have mastered this standard already.")
        for user in [self.d.cara, self.d.dev, self.d.tomas, self.d.uma, self.d.zed]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.ask_url()).status_code, 404)
        # A standard of another map is not in this class.
        other_map = MasteryMap.objects.create(
            school=self.d.school, title="X", created_by=self.d.uma
        )
        unit = Unit.objects.create(mastery_map=other_map, title="U", position=1)
        elsewhere = Standard.objects.create(
            mastery_map=other_map, unit=unit, code="8.X", statement="s", i_can="i", position=1
        )
        self.client.force_login(self.d.ana)
        self.assertEqual(self.client.post(self.ask_url(standard=elsewhere)).status_code, 404)
        self.assertEqual(self.client.get(self.ask_url()).status_code, 405)
        self.assertFalse(TutorPair.objects.exists())

    def test_asking_is_refused_while_another_step_is_open(self) -> None:
        Step.objects.create(
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            route=Route.PRACTICE,
            chosen_by=self.d.ana,
            started_at=timezone.now(),
        )
        with self.assertRaises(ActionError):
            self.ask(self.d.ana)
        self.assertFalse(TutorPair.objects.exists())


class TutorTests(TutoringTestCase):
    def test_the_tutor_sees_the_request_on_their_map_and_accepts_it(self) -> None:
        self.tutor(self.d.ben)
        pair = self.ask(self.d.ana)
        html = self.map_html(self.d.ben)
        self.assertIn("A classmate asks for your help here.", html)
        page = self.client.get(self.pair_url(pair)).content.decode()
        # Who asks stays private until the tutor accepts.
        self.assertNotIn("Ana", page)
        self.assertIn("You will see who once you accept.", page)
        self.client.post(self.action_url(pair, "accept"))
        pair.refresh_from_db()
        self.assertEqual(pair.state, State.ACCEPTED)
        self.assertIsNotNone(pair.answered_at)
        page = self.client.get(self.pair_url(pair)).content.decode()
        self.assertIn("You are helping <strong data-content>Ana A.</strong>", page)
        self.assertIn("7.RP.A.1", page)
        self.assertIn("You are helping", self.map_html(self.d.ben))

    def test_a_decline_moves_the_request_to_the_next_tutor_then_to_the_teacher(self) -> None:
        eve = self.tutor(self.student("Eve"))
        self.tutor(self.d.ben)
        first = self.ask(self.d.ana)
        self.client.force_login(first.tutor)
        self.client.post(self.action_url(first, "decline"))
        first.refresh_from_db()
        self.assertEqual(first.state, State.DECLINED)
        second = TutorPair.objects.get(state=State.ASKED)
        self.assertEqual(second.step_id, first.step_id)
        self.assertEqual({first.tutor_id, second.tutor_id}, {eve.pk, self.d.ben.pk})
        # The one who declined no longer sees the tutee's request.
        self.assertNotIn("A classmate asks", self.map_html(first.tutor))
        self.client.force_login(second.tutor)
        self.client.post(self.action_url(second, "decline"))
        third = TutorPair.objects.get(state__in=TutorPair.OPEN_STATES)
        self.assertEqual((third.state, third.tutor), (State.UNMATCHED, None))
        # Those who declined are not suggested to this tutee again.
        self.client.force_login(self.d.ana)
        self.assertRedirects(
            self.client.get(self.pair_url(first)),
            self.pair_url(third),
            fetch_redirect_response=False,
        )
        page = self.client.get(self.pair_url(third)).content.decode()
        self.assertNotIn("Classmates you can ask", page)
        self.assertEqual(Step.objects.get().cancelled_at, None)

    def test_a_tutor_only_answers_their_own_request(self) -> None:
        eve = self.tutor(self.student("Eve"))
        self.tutor(self.d.ben)
        pair = self.ask(self.d.ana)
        other = eve if pair.tutor_id == self.d.ben.pk else self.d.ben
        self.client.force_login(other)
        for what in ["accept", "decline", "confirm", "cancel", "share", "choose"]:
            with self.subTest(what):
                self.assertEqual(self.client.post(self.action_url(pair, what)).status_code, 404)
        pair.refresh_from_db()
        self.assertEqual(pair.state, State.ASKED)
        # The tutor cannot cancel an unanswered request: they decline it.
        with self.assertRaises(ActionError):
            tutoring.end_pair(pair=pair, by=pair.tutor)
        # The tutee cannot accept their own request.
        with self.assertRaises(ActionError):
            tutoring.accept_request(pair=pair, by=self.d.ana)


class ShareTests(TutoringTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.tutor(self.d.ben)
        attempt = self.take(self.d.ana, right=False)
        now = timezone.now()
        analysis = ErrorAnalysis.objects.create(
            attempt=attempt, summary="SUMMARY-slow-down", created_at=now, updated_at=now
        )
        MissedItem.objects.create(
            analysis=analysis,
            item=self.d.s1_items[0],
            reason=MissedItem.Reason.MISREAD,
            fix="FIX-read-twice",
        )
        self.pair = self.ask(self.d.ana)
        tutoring.accept_request(pair=self.pair, by=self.d.ben)

    def tutor_page(self) -> str:
        self.client.force_login(self.d.ben)
        return self.client.get(self.pair_url(self.pair)).content.decode()

    def test_a_tutor_never_sees_an_analysis_the_tutee_did_not_share(self) -> None:
        page = self.tutor_page()
        self.assertIn("Not shared with you.", page)
        for secret in ["FIX-read-twice", "SUMMARY-slow-down", "I misread the question"]:
            self.assertNotIn(secret, page)

    def test_the_tutee_shares_their_analysis_and_takes_it_back(self) -> None:
        self.client.force_login(self.d.ana)
        self.client.post(self.action_url(self.pair, "share"), {"share": "on"})
        self.pair.refresh_from_db()
        self.assertTrue(self.pair.share_analysis)
        page = self.tutor_page()
        for shared in ["FIX-read-twice", "SUMMARY-slow-down", "I misread the question"]:
            self.assertIn(shared, page)
        # Never the score, the level or the items.
        for private in ["Not yet", "Pick **Right**", "Pick <strong>Right"]:
            self.assertNotIn(private, page)
        self.client.force_login(self.d.ana)
        self.client.post(self.action_url(self.pair, "share"))
        self.assertNotIn("FIX-read-twice", self.tutor_page())

    def test_only_the_tutee_decides_what_is_shared(self) -> None:
        self.client.force_login(self.d.ben)
        self.client.post(self.action_url(self.pair, "share"), {"share": "on"})
        self.pair.refresh_from_db()
        self.assertFalse(self.pair.share_analysis)


class SessionTests(TutoringTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.tutor(self.d.ben)
        self.attempt = self.take(self.d.ana, right=False)
        self.pair = self.ask(self.d.ana)
        tutoring.accept_request(pair=self.pair, by=self.d.ben)

    def test_both_confirm_the_session_then_it_is_done_and_the_step_too(self) -> None:
        self.client.force_login(self.d.ana)
        self.client.post(self.action_url(self.pair, "confirm"))
        self.pair.refresh_from_db()
        self.assertEqual(self.pair.state, State.ACCEPTED)
        self.assertIsNotNone(self.pair.tutee_confirmed_at)
        self.assertIsNone(Step.objects.get().done_at)
        self.assertIn(
            "You confirmed the session; waiting for your tutor.", self.map_html(self.d.ana)
        )
        self.client.force_login(self.d.ben)
        r = self.client.post(self.action_url(self.pair, "confirm"), follow=True)
        self.assertContains(r, "Session held: you both confirmed it.")
        self.pair.refresh_from_db()
        self.assertEqual(self.pair.state, State.DONE)
        step = Step.objects.get()
        self.assertEqual(step.done_by, self.d.ben)
        assert step.done_at is not None and self.attempt.submitted_at is not None
        self.assertGreater(step.done_at, self.attempt.submitted_at)  # a route step done
        # Confirming again changes nothing.
        self.client.post(self.action_url(self.pair, "confirm"))
        self.assertEqual(Step.objects.get().done_at, step.done_at)
        # Both trackers record it.
        given = self.tracker_html(self.d.ben, self.d.ben)
        self.assertIn("Sessions given: 1", given)
        self.assertIn(
            "<span data-content>7.RP.A.1</span> with <span data-content>Ana</span> on", given
        )
        received = self.tracker_html(self.d.ana, self.d.ana)
        self.assertIn("Sessions received: 1", received)
        self.assertIn("with <span data-content>Ben</span> on", received)
        self.assertIn("Sessions given: 1", self.tracker_html(self.d.tomas, self.d.ben))

    def test_the_tutee_confirms_from_the_map_card(self) -> None:
        self.assertIn("We had our session", self.map_html(self.d.ana))
        tutoring.confirm_session(pair=self.pair, by=self.d.ben)
        back = reverse("workflows:student-map", args=[self.d.c7a.pk]) + f"#standard-{self.d.s1.pk}"
        r = self.client.post(self.action_url(self.pair, "confirm"), {"next": back})
        self.assertRedirects(r, back, fetch_redirect_response=False)
        self.assertEqual(TutorPair.objects.get().state, State.DONE)

    def test_either_side_ends_an_open_pair_and_the_step_is_cancelled(self) -> None:
        self.client.force_login(self.d.ben)
        self.client.post(self.action_url(self.pair, "cancel"))
        self.pair.refresh_from_db()
        self.assertEqual((self.pair.state, self.pair.ended_by), (State.ENDED, self.d.ben))
        step = Step.objects.get()
        self.assertEqual(step.cancelled_by, self.d.ben)
        with self.assertRaises(ActionError):
            tutoring.confirm_session(pair=self.pair, by=self.d.ana)
        # The tutee can ask again.
        again = self.ask(self.d.ana)
        self.assertNotEqual(again.pk, self.pair.pk)
        self.client.force_login(self.d.ana)
        self.client.post(self.action_url(again, "cancel"))
        again.refresh_from_db()
        self.assertEqual((again.state, again.ended_by), (State.ENDED, self.d.ana))

    def test_nobody_else_reaches_the_pair_page(self) -> None:
        eve = self.student("Eve")
        gus = self.tutor(self.student("Gus"))
        other = self.ask(self.student("Hal"))
        self.assertEqual(other.tutor, gus)
        for user in [
            eve,
            gus,
            self.d.cara,
            self.d.dev,
            self.d.tomas,
            self.d.uma,
            self.d.zed,
            self.d.ada,
        ]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.pair_url(self.pair)).status_code, 404)
                self.assertEqual(
                    self.client.post(self.action_url(self.pair, "confirm")).status_code, 404
                )
        for user in [self.d.ana, self.d.ben]:
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.pair_url(self.pair)).status_code, 200)


class TeacherPageTests(TutoringTestCase):
    def test_only_teachers_of_the_class_reach_its_tutoring_page(self) -> None:
        for user, status in [
            (self.d.tomas, 200),
            (self.d.ada, 200),
            (self.d.uma, 404),
            (self.d.zed, 404),
            (self.d.ana, 404),
            (self.d.ben, 404),
        ]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.class_url()).status_code, status)
        pair = self.ask(self.d.ana)
        switch = reverse("interventions:tutoring-switch", args=[self.d.c7a.pk])
        end = reverse("interventions:tutoring-end", args=[self.d.c7a.pk, pair.pk])
        assign = reverse("interventions:tutoring-assign", args=[self.d.c7a.pk, pair.pk])
        for user in [self.d.uma, self.d.zed, self.d.ana, self.d.ben]:
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(switch, {"on": "0"}).status_code, 404)
                self.assertEqual(self.client.post(end).status_code, 404)
                self.assertEqual(
                    self.client.post(assign, {"tutor": self.d.ben.pk}).status_code, 404
                )
        # A pair of another class is not reached through this one.
        self.client.force_login(self.d.tomas)
        end_elsewhere = reverse("interventions:tutoring-end", args=[self.d.c7b.pk, pair.pk])
        self.assertEqual(self.client.post(end_elsewhere).status_code, 404)
        self.assertFalse(TutoringOff.objects.exists())
        self.assertEqual(TutorPair.objects.get().state, State.UNMATCHED)

    def test_the_grid_links_to_the_tutoring_page(self) -> None:
        self.client.force_login(self.d.tomas)
        page = self.client.get(reverse("mastery:grid", args=[self.d.c7a.pk]))
        self.assertContains(page, self.class_url())

    def test_the_teacher_sees_pairs_open_first_and_ends_one(self) -> None:
        self.tutor(self.d.ben)
        old = self.ask(self.d.ana)
        tutoring.end_pair(pair=old, by=self.d.ana)
        current = self.ask(self.d.ana)
        self.client.force_login(self.d.tomas)
        html = self.client.get(self.class_url()).content.decode()
        self.assertLess(html.index(f'id="pair-{current.pk}"'), html.index(f'id="pair-{old.pk}"'))
        self.assertIn("Waiting for the tutor&#x27;s answer", html)
        self.assertIn("Ended", html)
        self.assertIn("Ben B.", html)  # the offers list
        r = self.client.post(
            reverse("interventions:tutoring-end", args=[self.d.c7a.pk, current.pk]), follow=True
        )
        self.assertContains(r, "ended.")
        current.refresh_from_db()
        self.assertEqual((current.state, current.ended_by), (State.ENDED, self.d.tomas))
        self.assertIsNotNone(current.ended_at)
        self.assertEqual(Step.objects.filter(cancelled_by=self.d.tomas).count(), 1)

    def test_the_teacher_picks_a_tutor_by_hand_for_a_request_nobody_could_take(self) -> None:
        self.tutor(self.d.ben, offer=False)
        pair = self.ask(self.d.ana)
        self.assertEqual(pair.state, State.UNMATCHED)
        self.client.force_login(self.d.tomas)
        html = self.client.get(self.class_url()).content.decode()
        self.assertIn(f'<option value="{self.d.ben.pk}" data-content>Ben B.</option>', html)
        self.client.post(
            reverse("interventions:tutoring-assign", args=[self.d.c7a.pk, pair.pk]),
            {"tutor": self.d.ana.pk},
        )
        self.assertEqual(TutorPair.objects.get().state, State.UNMATCHED)
        self.client.post(
            reverse("interventions:tutoring-assign", args=[self.d.c7a.pk, pair.pk]),
            {"tutor": self.d.ben.pk},
        )
        pair.refresh_from_db()
        self.assertEqual((pair.state, pair.tutor), (State.ASKED, self.d.ben))

    def test_the_class_switch_stops_offers_and_requests(self) -> None:
        self.tutor(self.d.ben)
        self.client.force_login(self.d.tomas)
        switch = reverse("interventions:tutoring-switch", args=[self.d.c7a.pk])
        self.client.post(switch, {"on": "0"})
        off = TutoringOff.objects.get()
        self.assertEqual((off.student, off.by), (None, self.d.tomas))
        self.assertIn("Switch peer tutoring on", self.client.get(self.class_url()).content.decode())
        with self.assertRaises(ActionError):
            self.ask(self.d.ana)
        self.assertNotIn("Stop offering", self.map_html(self.d.ben))
        self.client.force_login(self.d.tomas)
        self.client.post(switch, {"on": "1"})
        self.assertFalse(TutoringOff.objects.exists())
        self.assertEqual(self.ask(self.d.ana).tutor, self.d.ben)

    def test_a_student_switched_off_is_neither_suggested_nor_offers(self) -> None:
        self.tutor(self.d.ben)
        self.client.force_login(self.d.tomas)
        switch = reverse("interventions:tutoring-switch", args=[self.d.c7a.pk])
        self.client.post(switch, {"on": "0", "student": self.d.ben.pk})
        self.assertEqual(TutoringOff.objects.get().student, self.d.ben)
        pair = self.ask(self.d.ana)
        self.assertEqual(pair.state, State.UNMATCHED)
        with self.assertRaises(ActionError):
            tutoring.offer_to_tutor(classroom=self.d.c7a, student=self.d.ben, standard=self.d.s1)
        # Not even by hand.
        html = self.client.get(self.class_url()).content.decode()
        self.assertNotIn(f'<option value="{self.d.ben.pk}"', html)
        # A student of another class cannot be switched here.
        r = self.client.post(switch, {"on": "0", "student": self.d.cara.pk})
        self.assertEqual(r.status_code, 404)
        # A tampered student is not read as "the whole class".
        r = self.client.post(switch, {"on": "0", "student": "ben"})
        self.assertEqual(r.status_code, 404)
        self.assertFalse(TutoringOff.objects.filter(student__isnull=True).exists())

    def test_the_page_reads_a_fixed_number_of_queries_whatever_the_pairs(self) -> None:
        self.tutor(self.d.ben, offer=False)
        self.ask(self.d.ana)  # nobody to ask: a request for the teacher
        self.client.force_login(self.d.tomas)
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.class_url())
        for n in range(4):
            tutor = self.tutor(self.student(f"Tutor{n}"))
            tutee = self.student(f"Tutee{n}")
            pair = self.ask(tutee)
            if n % 2:
                tutoring.accept_request(pair=pair, by=tutor)
            self.ask(self.student(f"Late{n}"))
        with CaptureQueriesContext(connection) as many:
            r = self.client.get(self.class_url())
        self.assertGreater(len(r.context["page"].open_pairs), 5)
        self.assertEqual(len(many), len(few))


class StepInteractionTests(TutoringTestCase):
    def test_a_request_whose_step_was_cancelled_elsewhere_is_replaced_on_asking_again(
        self,
    ) -> None:
        self.tutor(self.d.ben)
        first = self.ask(self.d.ana)
        assert first.step is not None
        first.step.cancelled_at = timezone.now()
        first.step.cancelled_by = self.d.ana
        first.step.save()
        again = self.ask(self.d.ana)
        self.assertNotEqual(again.pk, first.pk)
        first.refresh_from_db()
        self.assertEqual(first.state, State.ENDED)
        self.assertTrue(again.step and again.step.is_open)

    def test_a_teacher_assigned_peer_step_is_the_one_the_request_carries(self) -> None:
        step = Step.objects.create(
            classroom=self.d.c7a,
            student=self.d.ana,
            standard=self.d.s1,
            route=Route.PEER,
            chosen_by=self.d.tomas,
            started_at=timezone.now(),
        )
        self.assertEqual(self.ask(self.d.ana).step, step)
        self.assertEqual(Step.objects.count(), 1)
