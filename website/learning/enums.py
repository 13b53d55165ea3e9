from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionOrder(models.TextChoices):
    RANDOM = "random", _("Random draw, shuffled")
    FIXED = "fixed", _("The bank's order")


PROMOTER_MIN = 9  # 9–10 promote the course
DETRACTOR_MAX = 6  # 0–6 detract from it
