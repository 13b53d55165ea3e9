"""The training course: course and unit pages, the certification quiz, and what
trainees leave behind (units read, attempts, certificates, ratings).

Grading happens on the server (services.py); the page never carries which answers
are correct.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from configuration.scope import AreaScopedQuerySet

from .blocks import UNIT_BLOCKS, QuestionBlock
from .enums import AttemptStatus, ExplanationReview, QuestionOrder

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I look-alikes


def new_certificate_code() -> str:
    """Return a random code like LLAR-7KQ2-M9XD-3HTP (about 60 bits)."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3)
    )
    return "LLAR-" + "-".join(groups)


class CoursePage(Page):
    intro = RichTextField(_("introduction"))

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["learning.UnitPage", "learning.QuizPage"]
    parent_page_types = ["home.HomePage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_progress

        context = super().get_context(request, *args, **kwargs)
        context.update(course_progress(course=self, user=request.user))
        return context


class UnitPage(Page):
    number = models.PositiveSmallIntegerField(_("unit number"))
    summary = models.TextField(_("summary"), blank=True)
    body = StreamField(UNIT_BLOCKS, verbose_name=_("content"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("number"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    parent_page_types = ["learning.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def serve(self, request, *args, **kwargs):
        from .services import unit_mark_read

        if request.user.is_authenticated:
            unit_mark_read(unit=self, user=request.user)
        return super().serve(request, *args, **kwargs)


class QuizPage(Page):
    intro = RichTextField(_("introduction"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, help_text=_("Score needed to pass, 0–100.")
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        default=10,
        help_text=_("How many questions each attempt draws from the bank (0: all)."),
    )
    question_order = models.CharField(
        _("question order"),
        max_length=10,
        choices=QuestionOrder.choices,
        default=QuestionOrder.RANDOM,
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=3, help_text=_("0: no limit.")
    )
    wait_minutes = models.PositiveIntegerField(
        _("minutes to wait between attempts"), default=60
    )
    explanations_shown = models.CharField(
        _("show the explanations"),
        max_length=10,
        choices=ExplanationReview.choices,
        default=ExplanationReview.FINAL,
        help_text=_(
            "Most explanations state the right answer: shown after every attempt, "
            "a trainee can pass by memorising them."
        ),
    )
    questions = StreamField(
        [("question", QuestionBlock())], verbose_name=_("question bank")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("pass_mark"),
                FieldPanel("questions_per_attempt"),
                FieldPanel("question_order"),
                FieldPanel("max_attempts"),
                FieldPanel("wait_minutes"),
                FieldPanel("explanations_shown"),
            ],
            heading=_("Rules"),
        ),
        FieldPanel("questions"),
    ]
    parent_page_types = ["learning.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__lte=100),
                name="learning_quizpage_pass_mark_range",
            )
        ]

    def serve(self, request, *args, **kwargs):
        from .views import serve_quiz

        return serve_quiz(self, request)

    def question_map(self) -> dict[str, dict]:
        """Return {question block id: question value} for the whole bank."""
        return {block.id: block.value for block in self.questions}


class UserAreaQuerySet(AreaScopedQuerySet):
    """Training records belong to their trainee's area (coordinators review them)."""


class UnitRead(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="units_read"
    )
    unit = models.ForeignKey(UnitPage, on_delete=models.CASCADE, related_name="reads")
    read_at = models.DateTimeField(_("read at"), auto_now_add=True)

    class Meta:
        verbose_name = _("unit read")
        verbose_name_plural = _("units read")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit"], name="learning_unitread_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit}"


class QuizAttempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.CASCADE,
        related_name="quiz_attempts",
    )
    quiz = models.ForeignKey(
        QuizPage,
        verbose_name=_("quiz"),
        on_delete=models.CASCADE,
        related_name="attempts",
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    question_ids = models.JSONField(_("questions drawn"), default=list)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    correct_count = models.PositiveSmallIntegerField(_("correct answers"), default=0)
    score = models.PositiveSmallIntegerField(_("score (%)"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True)

    area_lookup = "user__area"

    objects = UserAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100),
                name="learning_quizattempt_score_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.quiz} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None

    @property
    def status(self) -> str:
        if self.is_open:
            return AttemptStatus.IN_PROGRESS
        return AttemptStatus.PASSED if self.passed else AttemptStatus.NOT_PASSED

    @property
    def status_label(self) -> str:
        return AttemptStatus(self.status).label

    status_label.fget.short_description = _("result")


class Certificate(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    quiz = models.ForeignKey(
        QuizPage, verbose_name=_("quiz"), on_delete=models.PROTECT, related_name="+"
    )
    attempt = models.OneToOneField(
        QuizAttempt, verbose_name=_("attempt"), on_delete=models.PROTECT
    )
    code = models.CharField(
        _("verification code"), max_length=24, unique=True, default=new_certificate_code
    )
    full_name = models.CharField(_("name"), max_length=300)
    course_title = models.CharField(_("course"), max_length=255)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    area_lookup = "user__area"

    objects = UserAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "quiz"], name="learning_certificate_once_per_quiz"
            )
        ]

    def __str__(self) -> str:
        return self.code


class Rating(models.Model):
    """The 0–10 "would you recommend this course?" answer given after an attempt."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainee"),
        on_delete=models.CASCADE,
        related_name="course_ratings",
    )
    attempt = models.OneToOneField(
        QuizAttempt, verbose_name=_("attempt"), on_delete=models.CASCADE
    )
    score = models.PositiveSmallIntegerField(_("recommendation (0–10)"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    area_lookup = "user__area"

    objects = UserAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__lte=10), name="learning_rating_score_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.score}/10"
