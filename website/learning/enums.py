from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionOrder(models.TextChoices):
    RANDOM = "random", _("Random draw, shuffled")
    FIXED = "fixed", _("The bank's order")


class ExplanationReview(models.TextChoices):
    """When a trainee reads the explanations of the questions of an attempt
    (Moodle's review options): most explanations state the right answer, so
    showing them after a failed attempt lets a trainee pass by memorising."""

    FINAL = "final", _("Once passed or with no attempts left")
    EVERY_ATTEMPT = "every", _("After every attempt")
    NEVER = "never", _("Never")


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    PASSED = "passed", _("Passed")
    NOT_PASSED = "not_passed", _("Not passed")


PROMOTER_MIN = 9  # 9–10 promote the course
DETRACTOR_MAX = 6  # 0–6 detract from it
