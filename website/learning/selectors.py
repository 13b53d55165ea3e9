"""Reads that assemble the trainee's progress and the course's rating summary."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, QuerySet

from configuration import roles

from .enums import DETRACTOR_MAX, PROMOTER_MIN, ExplanationReview
from .models import Certificate, QuizPage, UnitPage, UnitRead


def attempts_left(*, quiz: QuizPage, user) -> int | None:
    """Return how many graded attempts `user` still has (None: no limit)."""
    if not quiz.max_attempts:
        return None
    used = quiz.attempts.filter(user=user, submitted_at__isnull=False).count()
    return max(quiz.max_attempts - used, 0)


def explanations_visible(*, quiz: QuizPage, user) -> bool:
    """Whether `user` may read the explanations of their graded attempts now.

    With the default review option they open once the trainee has passed or has
    no attempts left, as Moodle's review options do: before that an explanation,
    which usually states the right answer, would be learnt for the next draw."""
    if quiz.explanations_shown == ExplanationReview.EVERY_ATTEMPT:
        return True
    if quiz.explanations_shown == ExplanationReview.NEVER:
        return False
    if Certificate.objects.filter(user=user, quiz=quiz).exists():
        return True
    return attempts_left(quiz=quiz, user=user) == 0


def area_coordinators(user) -> list[str]:
    """The names of the active coordinators of `user`'s area, for a trainee who
    needs somebody to ask (more attempts, a question on the course)."""
    if not getattr(user, "area_id", None):
        return []
    coordinators = (
        get_user_model()
        .objects.filter(
            area_id=user.area_id, is_active=True, groups__name=roles.COORDINADOR.name
        )
        .order_by("first_name", "last_name")
    )
    return [c.get_full_name() or c.get_username() for c in coordinators.distinct()]


def course_progress(*, course, user) -> dict:
    """Return the course's units and quiz with what `user` has read and scored."""
    units = list(UnitPage.objects.live().child_of(course).order_by("number"))
    quiz = QuizPage.objects.live().child_of(course).first()
    progress = {"units": units, "quiz": quiz, "read_ids": set(), "best_score": None}
    if getattr(user, "is_authenticated", False):
        progress["read_ids"] = set(
            UnitRead.objects.filter(user=user, unit__in=units).values_list(
                "unit_id", flat=True
            )
        )
        if quiz:
            progress["best_score"] = quiz.attempts.filter(user=user).aggregate(
                best=Max("score")
            )["best"]
            progress["certificate"] = Certificate.objects.filter(
                user=user, quiz=quiz
            ).first()
    return progress


def rating_summary(ratings: QuerySet) -> dict:
    """Return the 0–10 distribution and the Net Promoter Score of `ratings`.

    NPS = % of promoters (9–10) minus % of detractors (0–6), from −100 to 100.
    """
    counts = dict(
        ratings.order_by()
        .values_list("score")
        .annotate(n=Count("id"))
        .values_list("score", "n")
    )
    distribution = [(score, counts.get(score, 0)) for score in range(11)]
    total = sum(counts.values())
    promoters = sum(n for score, n in counts.items() if score >= PROMOTER_MIN)
    detractors = sum(n for score, n in counts.items() if score <= DETRACTOR_MAX)
    nps = round(100 * (promoters - detractors) / total) if total else None
    peak = max(counts.values(), default=0)
    return {
        "distribution": [
            (score, n, round(100 * n / peak) if peak else 0)
            for score, n in distribution
        ],
        "total": total,
        "promoters": promoters,
        "detractors": detractors,
        "passives": total - promoters - detractors,
        "nps": nps,
    }
