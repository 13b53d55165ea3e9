"""The course, the certification quiz, certificates and the recommendation rating."""

import html
import re
import zlib
from datetime import timedelta
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from configuration import roles
from configuration.models import User
from tests.factories import AreaFactory, professional
from website.learning import services
from website.learning.enums import ExplanationReview
from website.learning.models import Certificate, QuizAttempt, QuizPage, Rating, UnitPage
from website.learning.selectors import rating_summary


def right_answers(quiz: QuizPage, attempt: QuizAttempt) -> dict[str, list[str]]:
    bank = quiz.question_map()
    return {
        qid: sorted(services.correct_choice_ids(bank[qid]))
        for qid in attempt.question_ids
    }


def wrong_answers(quiz: QuizPage, attempt: QuizAttempt) -> dict[str, list[str]]:
    bank = quiz.question_map()
    answers = {}
    for qid in attempt.question_ids:
        right = services.correct_choice_ids(bank[qid])
        answers[qid] = [
            c.id for c in bank[qid]["choices"].bound_blocks if c.id not in right
        ][:1]
    return answers


def pdf_text(pdf: bytes) -> str:
    """Return the text drawn in a PDF's (deflated) content streams.

    A stream runs up to "endstream"; the end-of-line before that keyword is
    left on the chunk, because the compressed data itself may end in a
    carriage return (the decompressor stops at the zlib stream's own end)."""
    chunks = re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.S)
    drawn = b"".join(zlib.decompressobj().decompress(chunk) for chunk in chunks)
    return "".join(re.findall(r"\((.*?)\) Tj", drawn.decode("latin-1")))


class CourseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())
        cls.quiz = QuizPage.objects.get()
        cls.area = AreaFactory()
        cls.trainee = professional(roles.ALUMNE, area=cls.area)

    def setUp(self):
        self.quiz.refresh_from_db()

    def start(self, user=None) -> QuizAttempt:
        return services.attempt_start(quiz=self.quiz, user=user or self.trainee)

    def submit(self, attempt, answers, user=None):
        return services.attempt_submit(
            attempt=attempt, user=user or self.trainee, answers=answers
        )


class DemoCourseTests(CourseTestCase):
    def test_the_demo_builds_every_unit_and_a_bank_of_at_least_25_questions(self):
        from website.learning import course_content

        self.assertEqual(UnitPage.objects.live().count(), len(course_content.UNITS))
        self.assertGreaterEqual(len(self.quiz.question_map()), 25)
        self.assertEqual(self.client.get("/curs/").status_code, 200)

    def test_the_specialised_modules_unit_and_its_questions(self):
        unit = UnitPage.objects.live().get(slug="serveis-especialitzats")
        page = html.unescape(self.client.get(unit.url).content.decode())
        self.assertIn("1.1.2.1", page)
        self.assertIn("confidencial", page)
        prompts = [q["prompt"] for q in self.quiz.question_map().values()]
        self.assertGreaterEqual(sum("SAD" in p for p in prompts), 3)
        self.assertGreaterEqual(sum("SIAD" in p for p in prompts), 3)

    def test_the_child_protection_unit_and_its_questions(self):
        unit = UnitPage.objects.live().get(slug="infancia-i-adolescencia-eaia")
        page = html.unescape(self.client.get(unit.url).content.decode())
        self.assertIn("72 hores", page)
        self.assertIn("Evolució", page)
        self.assertIn("germans", page)
        prompts = [q["prompt"] for q in self.quiz.question_map().values()]
        self.assertGreaterEqual(sum("EAIA" in p for p in prompts), 3)

    def test_the_immigration_unit_and_its_questions(self):
        unit = UnitPage.objects.live().get(slug="immigracio-i-ciutadania")
        page = html.unescape(self.client.get(unit.url).content.decode())
        self.assertIn("75%", page)
        self.assertIn("dos anys", page)
        prompts = [q["prompt"] for q in self.quiz.question_map().values()]
        self.assertGreaterEqual(sum("immigració" in p for p in prompts), 3)

    def test_the_data_unit_and_its_questions(self):
        unit = UnitPage.objects.live().get(slug="treballar-amb-les-dades")
        page = html.unescape(self.client.get(unit.url).content.decode())
        for words in (
            "Fitxa 1 del RUDEL",
            "només del mòdul SIAD",
            "només del mòdul EAIA",
            "criteri de recompte",
            "Versió publicable",
            "Obrir les Memòries",
            "Obrir l'Explotació",
            "tots dos dies inclosos",
        ):
            self.assertIn(words, page)
        prompts = [q["prompt"] for q in self.quiz.question_map().values()]
        self.assertGreaterEqual(sum("memòri" in p.lower() for p in prompts), 5)


class GradingTests(CourseTestCase):
    def test_an_attempt_draws_the_configured_number_of_questions(self):
        attempt = self.start()
        self.assertEqual(len(attempt.question_ids), self.quiz.questions_per_attempt)
        self.assertEqual(len(set(attempt.question_ids)), len(attempt.question_ids))

    def test_all_right_passes_and_issues_one_certificate(self):
        attempt = self.start()
        graded = self.submit(attempt, right_answers(self.quiz, attempt))
        self.assertEqual((graded.score, graded.passed), (100, True))
        certificate = Certificate.objects.get(user=self.trainee)
        self.assertEqual(certificate.attempt, graded)
        self.assertEqual(certificate.course_title, "Curs bàsic de Llar")
        self.assertRegex(
            certificate.code, r"^LLAR-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$"
        )

    def test_all_wrong_fails_and_issues_nothing(self):
        attempt = self.start()
        graded = self.submit(attempt, wrong_answers(self.quiz, attempt))
        self.assertEqual((graded.score, graded.passed), (0, False))
        self.assertFalse(Certificate.objects.exists())

    def test_the_pass_mark_is_the_boundary(self):
        attempt = self.start()
        answers = right_answers(self.quiz, attempt)
        wrong = wrong_answers(self.quiz, attempt)
        for qid in attempt.question_ids[:3]:  # 7 of 10 right: exactly 70%
            answers[qid] = wrong[qid]
        graded = self.submit(attempt, answers)
        self.assertEqual((graded.score, graded.passed), (70, True))

    def test_ticking_every_choice_is_wrong(self):
        attempt = self.start()
        bank = self.quiz.question_map()
        everything = {
            qid: [c.id for c in bank[qid]["choices"].bound_blocks]
            for qid in attempt.question_ids
        }
        self.assertEqual(self.submit(attempt, everything).score, 0)

    def test_tampered_answers_never_count_as_right(self):
        attempt = self.start()
        drawn = set(attempt.question_ids)
        other = next(qid for qid in self.quiz.question_map() if qid not in drawn)
        answers = {qid: ["forged-choice-id"] for qid in attempt.question_ids}
        answers[other] = right_answers(self.quiz, self.start())[attempt.question_ids[0]]
        answers["not-a-question"] = ["x"]
        graded = self.submit(attempt, answers)
        self.assertEqual(graded.score, 0)
        self.assertNotIn(other, graded.answers)

    def test_an_attempt_is_graded_once(self):
        attempt = self.start()
        self.submit(attempt, wrong_answers(self.quiz, attempt))
        with self.assertRaises(ValidationError):
            self.submit(attempt, right_answers(self.quiz, attempt))
        self.assertFalse(Certificate.objects.exists())

    def test_someone_elses_attempt_cannot_be_submitted(self):
        attempt = self.start()
        other = professional(roles.ALUMNE, area=self.area)
        with self.assertRaises(ValidationError):
            self.submit(attempt, right_answers(self.quiz, attempt), user=other)


class AttemptLimitTests(CourseTestCase):
    def fail_once(self):
        attempt = self.start()
        self.submit(attempt, wrong_answers(self.quiz, attempt))
        return attempt

    def test_the_wait_between_attempts_is_enforced(self):
        attempt = self.fail_once()
        availability = services.attempt_availability(quiz=self.quiz, user=self.trainee)
        self.assertFalse(availability.allowed)
        self.assertEqual(
            availability.next_at,
            QuizAttempt.objects.get(pk=attempt.pk).submitted_at
            + timedelta(minutes=self.quiz.wait_minutes),
        )
        with self.assertRaises(ValidationError):
            self.start()
        QuizAttempt.objects.filter(pk=attempt.pk).update(
            submitted_at=timezone.now() - timedelta(minutes=self.quiz.wait_minutes + 1)
        )
        self.assertTrue(self.start().is_open)

    def test_no_attempt_beyond_the_limit(self):
        self.quiz.wait_minutes = 0
        self.quiz.save()
        for _ in range(self.quiz.max_attempts):
            self.fail_once()
        availability = services.attempt_availability(quiz=self.quiz, user=self.trainee)
        self.assertFalse(availability.allowed)
        with self.assertRaises(ValidationError):
            self.start()

    def test_an_open_attempt_is_resumed_not_redrawn(self):
        self.assertEqual(self.start().pk, self.start().pk)

    def test_after_passing_no_new_attempt_starts(self):
        attempt = self.start()
        self.submit(attempt, right_answers(self.quiz, attempt))
        with self.assertRaises(ValidationError):
            self.start()


class QuizPageTests(CourseTestCase):
    def test_the_page_never_carries_the_correct_answers(self):
        self.client.force_login(self.trainee)
        self.client.post(self.quiz.url, {"action": "start"})
        page = self.client.get(self.quiz.url).content.decode()
        html = page[page.index('<form method="post" class="quiz">') :]
        attempt = QuizAttempt.objects.get(user=self.trainee)
        inputs = re.findall(r"<input[^>]*name=\"q-[^>]*>", html)
        self.assertEqual(
            len(inputs),
            sum(
                len(self.quiz.question_map()[qid]["choices"])
                for qid in attempt.question_ids
            ),
        )
        for tag in inputs:  # nothing but the kind, the question and an opaque id
            attributes = re.findall(r"(\w[\w-]*)=", tag)
            self.assertEqual(sorted(attributes), ["name", "type", "value"], tag)
        self.assertNotIn("checked", html)
        bank = self.quiz.question_map()
        for qid in attempt.question_ids:
            self.assertNotIn(bank[qid]["explanation"], html)

    def test_the_full_flow_through_the_page(self):
        self.client.force_login(self.trainee)
        self.client.post(self.quiz.url, {"action": "start"})
        attempt = QuizAttempt.objects.get(user=self.trainee)
        data = {"action": "submit", "attempt": attempt.pk}
        for qid, choices in right_answers(self.quiz, attempt).items():
            data[f"q-{qid}"] = choices
        response = self.client.post(self.quiz.url, data)
        self.assertRedirects(response, f"{self.quiz.url}?result={attempt.pk}")
        page = self.client.get(response.url)
        certificate = Certificate.objects.get(user=self.trainee)
        self.assertContains(page, certificate.code)
        rated = self.client.post(
            self.quiz.url, {"action": "rate", "attempt": attempt.pk, "score": "9"}
        )
        self.assertEqual(rated.status_code, 302)
        self.assertEqual(Rating.objects.get(attempt=attempt).score, 9)

    def test_another_trainees_result_is_not_found(self):
        attempt = self.start()
        self.submit(attempt, wrong_answers(self.quiz, attempt))
        other = professional(roles.ALUMNE, area=self.area)
        self.client.force_login(other)
        response = self.client.get(f"{self.quiz.url}?result={attempt.pk}")
        self.assertEqual(response.status_code, 404)

    def test_anonymous_visitors_read_the_course_but_must_sign_in_for_the_quiz(self):
        self.assertEqual(
            self.client.get("/curs/servei-i-organitzacio/").status_code, 200
        )
        response = self.client.get(self.quiz.url)
        self.assertContains(response, reverse("wagtailadmin_login"))
        self.assertNotContains(response, 'name="q-')
        self.client.post(self.quiz.url, {"action": "start"})
        self.assertFalse(QuizAttempt.objects.exists())

    def test_opening_a_unit_records_progress(self):
        unit = UnitPage.objects.get(number=1)
        self.client.force_login(self.trainee)
        self.client.get(unit.url)
        self.client.get(unit.url)
        self.assertEqual(unit.reads.filter(user=self.trainee).count(), 1)
        self.assertContains(self.client.get("/curs/"), "1")


class CertificateTests(CourseTestCase):
    def passed_certificate(self) -> Certificate:
        attempt = self.start()
        self.submit(attempt, right_answers(self.quiz, attempt))
        return Certificate.objects.get(user=self.trainee)

    def test_anyone_can_verify_a_code(self):
        certificate = self.passed_certificate()
        url = reverse("learning_certificate_verify", args=[certificate.code])
        response = self.client.get(url)
        self.assertContains(response, certificate.full_name)
        self.assertContains(response, "Curs bàsic de Llar")
        lookup = self.client.get(
            reverse("learning_certificate_lookup"), {"code": certificate.code.lower()}
        )
        self.assertRedirects(lookup, url)

    def test_an_unknown_code_is_not_found(self):
        url = reverse("learning_certificate_verify", args=["LLAR-AAAA-BBBB-CCCC"])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "LLAR-AAAA-BBBB-CCCC", status_code=404)

    def test_the_pdf_is_for_its_owner_only(self):
        certificate = self.passed_certificate()
        url = reverse("learning_certificate_pdf", args=[certificate.code])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(professional(roles.ALUMNE, area=self.area))
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.trainee)
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertIn(certificate.code, pdf_text(response.content))
        self.assertIn(certificate.full_name, pdf_text(response.content))


class RatingTests(CourseTestCase):
    def graded(self, user):
        self.quiz.wait_minutes = 0
        attempt = services.attempt_start(quiz=self.quiz, user=user)
        return services.attempt_submit(
            attempt=attempt, user=user, answers=wrong_answers(self.quiz, attempt)
        )

    def test_the_score_must_be_from_0_to_10(self):
        attempt = self.graded(self.trainee)
        with self.assertRaises(ValidationError):
            services.rating_record(attempt=attempt, user=self.trainee, score=11)
        self.assertFalse(Rating.objects.exists())

    def test_an_open_attempt_cannot_be_rated(self):
        attempt = self.start()
        with self.assertRaises(ValidationError):
            services.rating_record(attempt=attempt, user=self.trainee, score=5)

    def test_the_net_promoter_score(self):
        for score in (10, 9, 9, 8, 7, 6, 3, 0, 10, 10):
            user = professional(roles.ALUMNE, area=self.area)
            services.rating_record(attempt=self.graded(user), user=user, score=score)
        summary = rating_summary(Rating.objects.all())
        # 5 promoters, 2 passives, 3 detractors of 10: 50% - 30% = 20
        self.assertEqual((summary["promoters"], summary["detractors"]), (5, 3))
        self.assertEqual(summary["nps"], 20)
        self.assertEqual({s: n for s, n, _ in summary["distribution"]}[9], 2)

    def test_the_coordinator_sees_the_summary_of_their_area_only(self):
        for area, score in ((self.area, 10), (AreaFactory(), 0)):
            user = professional(roles.ALUMNE, area=area)
            services.rating_record(attempt=self.graded(user), user=user, score=score)
        coordinator = professional(roles.COORDINADOR, area=self.area)
        self.client.force_login(coordinator)
        response = self.client.get(reverse("learning_rating_summary"))
        self.assertEqual(response.context["total"], 1)
        self.assertEqual(response.context["nps"], 100)
        self.client.force_login(professional(roles.TECNIC, area=self.area))
        response = self.client.get(reverse("learning_rating_summary"))
        self.assertRedirects(response, reverse("wagtailadmin_home"))


class AdminReviewTests(CourseTestCase):
    def test_coordinators_list_and_export_their_areas_attempts(self):
        attempt = self.start()
        self.submit(attempt, right_answers(self.quiz, attempt))
        stranger = professional(roles.ALUMNE)  # another area
        other = services.attempt_start(quiz=self.quiz, user=stranger)
        coordinator = professional(roles.COORDINADOR, area=self.area)
        self.client.force_login(coordinator)
        listing = self.client.get(reverse("quizattempt:index"))
        self.assertContains(listing, self.trainee.get_full_name())
        self.assertNotContains(listing, stranger.get_full_name())
        export = self.client.get(reverse("certificate:index") + "?export=csv")
        content = b"".join(export.streaming_content).decode()
        self.assertIn(Certificate.objects.get().code, content)
        url = reverse("quizattempt:inspect", args=[other.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_listing_queries_do_not_grow_with_attempts(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        coordinator = professional(roles.COORDINADOR, area=self.area)
        self.client.force_login(coordinator)
        url = reverse("quizattempt:index")

        def count():
            self.client.get(url)
            with CaptureQueriesContext(connection) as queries:
                self.client.get(url)
            return len(queries)

        def add(n):
            for _ in range(n):
                services.attempt_start(
                    quiz=self.quiz, user=professional(roles.ALUMNE, area=self.area)
                )

        add(2)
        few = count()
        add(12)
        self.assertEqual(count(), few)


class ReviewOptionTests(CourseTestCase):
    """Explanations state the right answers: they open once the trainee has
    passed or used every attempt, unless coordinators choose otherwise."""

    def setUp(self):
        super().setUp()
        self.quiz.wait_minutes = 0
        self.quiz.save()
        self.client.force_login(self.trainee)

    def graded(self, answers_for) -> tuple[QuizAttempt, str]:
        attempt = self.start()
        self.submit(attempt, answers_for(self.quiz, attempt))
        page = self.client.get(f"{self.quiz.url}?result={attempt.pk}")
        return attempt, html.unescape(page.content.decode())

    def explanations(self, attempt) -> list[str]:
        bank = self.quiz.question_map()
        return [bank[qid]["explanation"] for qid in attempt.question_ids]

    def test_a_failed_attempt_with_attempts_left_shows_no_explanation(self):
        attempt, page = self.graded(wrong_answers)
        for explanation in self.explanations(attempt):
            self.assertNotIn(explanation, page)
        self.assertIn("Les explicacions de les preguntes s'obren", page)

    def test_they_open_once_passed(self):
        attempt, page = self.graded(right_answers)
        for explanation in self.explanations(attempt):
            self.assertIn(explanation, page)

    def test_they_open_with_no_attempts_left_for_every_attempt(self):
        first, _page = self.graded(wrong_answers)
        for _ in range(self.quiz.max_attempts - 1):
            self.graded(wrong_answers)
        page = self.client.get(f"{self.quiz.url}?result={first.pk}")
        page = html.unescape(page.content.decode())
        for explanation in self.explanations(first):
            self.assertIn(explanation, page)

    def test_coordinators_may_show_them_after_every_attempt_or_never(self):
        self.quiz.explanations_shown = ExplanationReview.EVERY_ATTEMPT
        self.quiz.save()
        attempt, page = self.graded(wrong_answers)
        self.assertIn(self.explanations(attempt)[0], page)
        self.quiz.explanations_shown = ExplanationReview.NEVER
        self.quiz.save()
        attempt, page = self.graded(right_answers)
        self.assertNotIn(self.explanations(attempt)[0], page)

    def test_the_option_is_on_the_quiz_page_editor(self):
        coordinator = User.objects.get(username="coordinadora")
        self.client.force_login(coordinator)
        url = reverse("wagtailadmin_pages:edit", args=[self.quiz.pk])
        self.assertContains(self.client.get(url), 'name="explanations_shown"')


class NoAttemptsLeftTests(CourseTestCase):
    def test_the_trainee_is_told_what_to_do_next_and_whom_to_ask(self):
        self.quiz.wait_minutes = 0
        self.quiz.save()
        coordinator = professional(roles.COORDINADOR, area=self.area)
        for _ in range(self.quiz.max_attempts):
            attempt = self.start()
            self.submit(attempt, wrong_answers(self.quiz, attempt))
        self.client.force_login(self.trainee)
        page = self.client.get(self.quiz.url)
        self.assertContains(page, "Què podeu fer ara")
        self.assertContains(page, f'href="{self.quiz.get_parent().url}"')
        self.assertContains(page, coordinator.get_full_name())
        self.assertNotContains(page, 'value="start"')


class RatingFormTests(CourseTestCase):
    def test_the_form_shows_the_score_and_comment_given(self):
        attempt = self.start()
        self.submit(attempt, wrong_answers(self.quiz, attempt))
        self.client.force_login(self.trainee)
        self.client.post(
            self.quiz.url,
            {"action": "rate", "attempt": attempt.pk, "score": "7", "comment": "Útil"},
        )
        page = self.client.get(f"{self.quiz.url}?result={attempt.pk}").content.decode()
        checked = re.findall(r'<input type="radio" name="score"[^>]*checked', page)
        self.assertEqual(len(checked), 1)
        self.assertIn('value="7"', checked[0])
        self.assertIn(">Útil</textarea>", page)


class AttemptListingWordsTests(CourseTestCase):
    def test_the_attempts_list_and_export_say_the_result_in_words(self):
        passed = self.start()
        self.submit(passed, right_answers(self.quiz, passed))
        services.attempt_start(
            quiz=self.quiz, user=professional(roles.ALUMNE, area=self.area)
        )
        self.client.force_login(professional(roles.COORDINADOR, area=self.area))
        listing = self.client.get(reverse("quizattempt:index")).content.decode()
        start = listing.index('<table class="listing')
        table = listing[start : listing.index("</table>", start)]
        self.assertIn("Aprovada", table)
        self.assertIn("En curs", table)
        self.assertNotRegex(table, r">\s*(True|False|None)\s*<")
        export = self.client.get(reverse("quizattempt:index") + "?export=csv")
        content = b"".join(export.streaming_content).decode()
        self.assertIn("Resultat", content)
        self.assertNotRegex(content, r",(True|False),")
        inspect = self.client.get(reverse("quizattempt:inspect", args=[passed.pk]))
        self.assertContains(inspect, "Aprovada")


class TryItLinkTests(CourseTestCase):
    """A "try it in Llar" link shows only to those the admin lets in: every demo
    role follows every link it is shown and lands on the screen, never on a
    refusal; the others read what the screen is for."""

    def try_it_links(self, unit) -> list[str]:
        page = self.client.get(unit.url).content.decode()
        blocks = re.findall(r'<div class="try-it">(.*?)</div>', page, re.S)
        return [href for b in blocks for href in re.findall(r'href="([^"]+)"', b)]

    def test_no_role_is_led_to_a_refusal(self):
        from configuration.demo import DEMO_PROFESSIONALS

        shown = {}
        for username, *_ in DEMO_PROFESSIONALS:
            self.client.force_login(User.objects.get(username=username))
            for unit in UnitPage.objects.live():
                for href in self.try_it_links(unit):
                    response = self.client.get(href)
                    self.assertEqual(response.status_code, 200, (username, href))
                    shown.setdefault(username, []).append(href)
        self.assertIn("/admin/users/", shown["coordinadora"])
        self.assertEqual(shown["alumne"], ["/admin/"])

    def test_a_trainee_reads_what_the_screen_is_for(self):
        self.client.force_login(self.trainee)
        unit = UnitPage.objects.get(number=1)
        page = html.unescape(self.client.get(unit.url).content.decode())
        self.assertIn("Veure els professionals de l'àrea", page)
        self.assertIn("la llista dels professionals de l'àrea", page)
        self.assertNotIn('href="/admin/users/"', page)

    def test_a_visitor_is_asked_to_sign_in_and_comes_back_to_the_unit(self):
        unit = UnitPage.objects.get(number=1)
        page = self.client.get(unit.url)
        self.assertNotContains(page, 'href="/admin/users/"')
        login = reverse("wagtailadmin_login")
        self.assertContains(page, f'href="{login}?next={unit.url}"')


class PublicHomePageTests(CourseTestCase):
    def test_it_links_to_the_course_and_to_certificate_verification(self):
        page = self.client.get("/")
        self.assertContains(page, 'href="/curs/"')
        self.assertContains(page, f'href="{reverse("learning_certificate_lookup")}"')
        self.assertNotContains(page, "hi haurà")
        self.assertContains(page, "Aquí mateix hi ha el curs de formació")


class SubmissionUnderLoadTests(CourseTestCase):
    """A submission while another request writes: one write, answers never lost."""

    def test_the_grading_writes_before_it_reads_in_its_transaction(self):
        # SQLite lets a transaction that starts by writing wait for the busy
        # timeout; one that read first fails at once with "database is locked".
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        attempt = self.start()
        with CaptureQueriesContext(connection) as queries:
            self.submit(attempt, right_answers(self.quiz, attempt))
        statements = [q["sql"].lstrip().split()[0].upper() for q in queries]
        begin = statements.index("SAVEPOINT")
        self.assertEqual(statements[begin + 1], "UPDATE", statements)
        graded = QuizAttempt.objects.get(pk=attempt.pk)
        self.assertEqual((graded.score, graded.passed), (100, True))
        self.assertTrue(Certificate.objects.filter(attempt=graded).exists())

    def test_a_locked_database_gives_the_answers_back_ticked(self):
        from unittest import mock

        from django.db import OperationalError

        attempt = self.start()
        answers = right_answers(self.quiz, attempt)
        data = {"action": "submit", "attempt": attempt.pk}
        data.update({f"q-{qid}": choices for qid, choices in answers.items()})
        self.client.force_login(self.trainee)
        locked = OperationalError("database is locked")
        with mock.patch.object(services.QuizAttempt.objects, "filter") as write:
            write.return_value.update.side_effect = locked
            response = self.client.post(self.quiz.url, data)
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "Encara estan marcades", status_code=503)
        page = response.content.decode()
        for choices in answers.values():
            for choice in choices:
                self.assertRegex(page, rf'value="{choice}" checked')
        self.assertTrue(QuizAttempt.objects.get(pk=attempt.pk).is_open)
        self.assertFalse(Certificate.objects.exists())
        resent = self.client.post(self.quiz.url, data)  # handed in again: graded
        self.assertRedirects(resent, f"{self.quiz.url}?result={attempt.pk}")
        self.assertEqual(QuizAttempt.objects.get(pk=attempt.pk).score, 100)
