"""Write-side rules of the course: attempts, grading, certificates, ratings.

Grading happens here, on the server, from the question bank; what the browser
posts is only the choices ticked, and anything that is not a choice of a drawn
question counts as a wrong answer, never as a right one.
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .enums import QuestionOrder
from .models import Certificate, QuizAttempt, QuizPage, Rating, UnitPage, UnitRead


@dataclass(frozen=True)
class Availability:
    allowed: bool
    reason: str = ""
    next_at: datetime | None = None
    exhausted: bool = False  # every attempt used: the trainee needs to ask


def unit_mark_read(*, unit: UnitPage, user) -> None:
    """Record that `user` opened the unit (once)."""
    try:
        with transaction.atomic():
            UnitRead.objects.get_or_create(unit=unit, user=user)
    except IntegrityError:  # two tabs opened it at once: it is recorded either way
        pass


def attempt_availability(*, quiz: QuizPage, user) -> Availability:
    """Say whether `user` may start a new attempt now, and if not, why."""
    if Certificate.objects.filter(user=user, quiz=quiz).exists():
        return Availability(
            False, _("You have already passed: your certificate is below.")
        )
    submitted = quiz.attempts.filter(user=user, submitted_at__isnull=False)
    if quiz.max_attempts and submitted.count() >= quiz.max_attempts:
        return Availability(
            False, _("You have used all the attempts allowed."), exhausted=True
        )
    last = submitted.order_by("-submitted_at").first()
    if last and quiz.wait_minutes:
        next_at = last.submitted_at + timedelta(minutes=quiz.wait_minutes)
        if timezone.now() < next_at:
            when = date_format(timezone.localtime(next_at), "DATETIME_FORMAT")
            return Availability(
                False, _("You may try again from %(when)s.") % {"when": when}, next_at
            )
    return Availability(True)


def _draw(quiz: QuizPage) -> list[str]:
    ids = list(quiz.question_map())
    count = quiz.questions_per_attempt or len(ids)
    if quiz.question_order == QuestionOrder.FIXED:
        return ids[:count]
    return secrets.SystemRandom().sample(ids, min(count, len(ids)))


@transaction.atomic
def attempt_start(*, quiz: QuizPage, user) -> QuizAttempt:
    """Return the user's open attempt, or draw the questions of a new one."""
    open_attempt = quiz.attempts.filter(user=user, submitted_at__isnull=True).first()
    if open_attempt:
        return open_attempt
    availability = attempt_availability(quiz=quiz, user=user)
    if not availability.allowed:
        raise ValidationError(availability.reason)
    question_ids = _draw(quiz)
    if not question_ids:
        raise ValidationError(_("This quiz has no questions yet."))
    return QuizAttempt.objects.create(quiz=quiz, user=user, question_ids=question_ids)


def correct_choice_ids(question) -> set[str]:
    return {
        child.id for child in question["choices"].bound_blocks if child.value["correct"]
    }


def grade(*, quiz: QuizPage, question_ids: list[str], answers: dict) -> int:
    """Return how many drawn questions were answered exactly right."""
    bank = quiz.question_map()
    right = 0
    for question_id in question_ids:
        question = bank.get(question_id)
        if question is None:  # removed from the bank since: nobody's fault
            right += 1
            continue
        if set(answers.get(question_id, [])) == correct_choice_ids(question):
            right += 1
    return right


def attempt_submit(*, attempt: QuizAttempt, user, answers: dict) -> QuizAttempt:
    """Grade an open attempt once, in one write; a pass issues the certificate.

    Everything is read and graded before the transaction, whose first statement
    is the write: a conditional UPDATE of the still-open attempt. On SQLite that
    takes the write lock straight away, so a concurrent writer makes it wait (the
    busy timeout) instead of failing with "database is locked" when a read
    transaction tries to become a write one; on PostgreSQL the row lock makes a
    second submission of the same attempt find it graded. The answers, the grade
    and the certificate are committed together or not at all.
    """
    attempt = QuizAttempt.objects.select_related("quiz").get(pk=attempt.pk)
    if attempt.user_id != user.pk:
        raise ValidationError(_("This attempt is not yours."))
    if not attempt.is_open:
        raise ValidationError(_("This attempt has already been graded."))
    graded = _graded(attempt, answers)
    with transaction.atomic():
        written = QuizAttempt.objects.filter(
            pk=attempt.pk, submitted_at__isnull=True
        ).update(**graded)
        if not written:  # another request graded it since it was read
            raise ValidationError(_("This attempt has already been graded."))
        for field, value in graded.items():
            setattr(attempt, field, value)
        if attempt.passed:
            certificate_issue(attempt=attempt)
    return attempt


def _graded(attempt: QuizAttempt, answers: dict) -> dict:
    """Return the fields a graded attempt is saved with."""
    drawn = set(attempt.question_ids)
    kept = {
        qid: sorted({str(choice) for choice in choices})[:20]
        for qid, choices in answers.items()
        if qid in drawn and isinstance(choices, list | tuple)
    }
    correct = grade(quiz=attempt.quiz, question_ids=attempt.question_ids, answers=kept)
    score = round(100 * correct / len(attempt.question_ids))
    return {
        "answers": kept,
        "correct_count": correct,
        "score": score,
        "passed": score >= attempt.quiz.pass_mark,
        "submitted_at": timezone.now(),
    }


def certificate_issue(*, attempt: QuizAttempt) -> Certificate:
    """Issue the trainee's certificate for this quiz (once; later passes reuse it)."""
    user, quiz = attempt.user, attempt.quiz
    certificate, _created = Certificate.objects.get_or_create(
        user=user,
        quiz=quiz,
        defaults={
            "attempt": attempt,
            "full_name": user.get_full_name() or user.get_username(),
            "course_title": quiz.get_parent().title,
        },
    )
    return certificate


@transaction.atomic
def rating_record(
    *, attempt: QuizAttempt, user, score: int, comment: str = ""
) -> Rating:
    """Record (or correct) the 0–10 recommendation given after a graded attempt."""
    if attempt.user_id != user.pk or attempt.is_open:
        raise ValidationError(_("Rate the course after finishing your attempt."))
    if not 0 <= score <= 10:
        raise ValidationError(_("The recommendation goes from 0 to 10."))
    rating, _created = Rating.objects.update_or_create(
        attempt=attempt, defaults={"user": user, "score": score, "comment": comment}
    )
    return rating
