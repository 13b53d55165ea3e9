"""The official returns as data (domain.md §5.2–5.3): a return's definition for
one year and its variables, each saying which table it reads, which cells it
adds up and where the figure comes from. RUDEL changes from year to year, so a
new year is a new definition (superusers edit them; `load_return_definition`
loads the shipped one)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from .enums import Breakdown, ReturnKind


class ReturnDefinition(ClusterableModel):
    kind = models.CharField(_("return"), max_length=30, choices=ReturnKind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000)]
    )
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("What changed this year, and the source of the variables."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("kind"),
        FieldPanel("year"),
        FieldPanel("title"),
        FieldPanel("notes"),
        InlinePanel("variables", label=_("Variables")),
    ]

    class Meta:
        verbose_name = _("return definition")
        verbose_name_plural = _("return definitions")
        ordering = ["kind", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year"],
                name="reports_definition_one_per_year",
                violation_error_message=_(
                    "This return already has a definition for this year."
                ),
            )
        ]
        permissions = [
            ("produce_returns", _("Produces the official returns of their area")),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class ReturnVariable(Orderable):
    """One figure of a return: the sum of the cells of `breakdown` whose row
    and column match (empty: every row or column; a trailing * matches codes
    that start with what precedes it)."""

    definition = ParentalKey(
        ReturnDefinition, on_delete=models.CASCADE, related_name="variables"
    )
    code = models.CharField(_("code"), max_length=30)
    label = models.CharField(_("label"), max_length=255)
    help_text = models.TextField(
        _("where it comes from"),
        help_text=_("Shown next to the figure: how Llar counts it."),
    )
    breakdown = models.CharField(_("table"), max_length=40, choices=Breakdown.choices)
    row = models.CharField(
        _("rows"),
        max_length=60,
        blank=True,
        help_text=_("Row key to add up; empty for every row; 2.3.7* for a prefix."),
    )
    column = models.CharField(
        _("columns"),
        max_length=60,
        blank=True,
        help_text=_("Column key to add up; empty for every column."),
    )

    panels = [
        FieldPanel("code"),
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldPanel("breakdown"),
        FieldPanel("row"),
        FieldPanel("column"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("variable")
        verbose_name_plural = _("variables")
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "code"],
                name="reports_variable_code_once",
                violation_error_message=_("Another variable has this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"
