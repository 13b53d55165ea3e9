"""Reads that assemble the trainee's progress and the course's rating summary."""

from django.db.models import Count, Max, QuerySet

from .enums import DETRACTOR_MAX, PROMOTER_MIN
from .models import Certificate, QuizPage, UnitPage, UnitRead


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
