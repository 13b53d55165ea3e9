"""Admin screens of the directory that are not CRUD (URLs in wagtail_hooks.py).

- Likely duplicates: the coordinators' worklist of pairs in their area.
- Compare and merge: two records side by side; pick the surviving record and,
  field by field, the value that wins (`services.person_merge`).
- Historial: the record's changes from the audit trail, its reference
  professional, municipality and team over time, and the merges it received,
  each with "Undo merge" (`services.person_unmerge`).

Rows outside the user's scope answer 404 before any permission check; merging
and undoing need the merge right (`directory.permissions`), otherwise Wagtail's
refusal (a redirect to the admin home with a message).
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.db.models.fields.files import FieldFile
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button, HeaderButton

from configuration.audit import LogAccessMixin
from configuration.scope import OBJECT_ACTIONS, ScopedObjectMixin, policy_for

from .history import EMPTY, PersonHistory, mask_identifier, sensitive_person_fields
from .links import person_links
from .models import DuplicateCandidate, Person, PersonMerge
from .permissions import user_can_merge_persons, user_sees_sensitive_data
from .record_tabs import person_record_buttons
from .search import search_persons
from .services.duplicates import likely_duplicates
from .services.merge import (
    MERGEABLE_FIELDS,
    check_mergeable,
    check_undoable,
    person_merge,
    person_unmerge,
)

HISTORY_PAGE_SIZE = 30
PERSON_RELATIONS = (
    "birth_country",
    "birth_province",
    "birth_municipality",
    "nationality",
    "residence_province",
    "residence_municipality",
    "reference_professional",
    "reference_team",
    "created_by",
)
MERGE_SEARCH_LIMIT = 20


def scoped_persons(user):
    """The records `user` may open: their area's, and only with a person right."""
    return policy_for(Person).instances_user_has_any_permission_for(
        user, OBJECT_ACTIONS
    )


def first_message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else str(error)


class PersonBreadcrumbsMixin:
    def person_breadcrumbs(self, person: Person, *tail: dict) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("directory_search"), "label": _("Search desk")},
            {"url": reverse("person:inspect", args=[person.pk]), "label": str(person)},
            *tail,
        ]


class MergeRightMixin:
    """Refuse users without the merge right, after their rows were scoped."""

    def dispatch(self, request, *args, **kwargs):
        if not user_can_merge_persons(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# --- likely duplicates --------------------------------------------------------------


class DuplicateListView(MergeRightMixin, WagtailAdminTemplateMixin, ListView):
    template_name = "directory/duplicates.html"
    page_title = gettext_lazy("Likely duplicates")
    header_icon = "resubmit"
    paginate_by = 25
    page_kwarg = "p"
    context_object_name = "pairs"

    def get_queryset(self):
        return (
            DuplicateCandidate.objects.visible_to(self.request.user)
            .filter(person__merged_into__isnull=True, other__merged_into__isnull=True)
            .select_related("person", "other")
            .order_by("-found_at", "-pk")
        )

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["elided_page_range"] = page.paginator.get_elided_page_range(page.number)
        context["rows"] = [
            (pair, [self.side(pair.person), self.side(pair.other)])
            for pair in context["pairs"]
        ]
        return context

    @staticmethod
    def side(person: Person) -> dict:
        return {
            "person": person,
            "document": mask_identifier(person.document_number) or EMPTY,
        }


# --- compare and merge --------------------------------------------------------------


def shown_value(person: Person, name: str) -> str:
    """The value of one field of a record as the merge screen shows it."""
    model_field = Person._meta.get_field(name)
    value = getattr(person, name)
    if value is None or value == "":
        return EMPTY
    if model_field.choices:
        return str(getattr(person, f"get_{name}_display")())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, FieldFile):
        return value.name
    return str(value)


def stored_value(person: Person, name: str):
    value = Person._meta.get_field(name).value_from_object(person)
    return value.name or "" if isinstance(value, FieldFile) else value


def is_blank(name: str, value) -> bool:
    """Nothing recorded: empty, or a code list still at "not recorded"."""
    model_field = Person._meta.get_field(name)
    if value is None or value == "":
        return True
    return bool(model_field.choices) and value == model_field.get_default()


@dataclass
class MergeRow:
    name: str
    label: str
    cells: list


class MergeForm(forms.Form):
    """Which record survives, and for each differing field which value wins.

    Choices are the columns ("a", "b"), not "keep"/"take", so switching the
    surviving record never changes which values were picked.
    """

    COLUMNS = ("a", "b")

    def __init__(self, *args, a: Person, b: Person, fields: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.a, self.b, self.differing = a, b, fields
        self.fields["survivor"] = forms.ChoiceField(
            label=_("Record that stays"),
            choices=[("a", str(a)), ("b", str(b))],
            widget=forms.RadioSelect,
            initial="a",
        )
        for name in fields:
            self.fields[name] = forms.ChoiceField(
                choices=[("a", "A"), ("b", "B")],
                widget=forms.RadioSelect,
                initial=self._default(name),
            )

    def _default(self, name: str) -> str:
        """The older record's value, unless it has none and the other has one."""
        mine, theirs = stored_value(self.a, name), stored_value(self.b, name)
        return "b" if is_blank(name, mine) and not is_blank(name, theirs) else "a"

    def decision(self) -> tuple[Person, Person, list[str]]:
        """Return (survivor, merged, fields the survivor takes from merged)."""
        kept = self.cleaned_data["survivor"]
        survivor, merged = (self.a, self.b) if kept == "a" else (self.b, self.a)
        taken = [name for name in self.differing if self.cleaned_data[name] != kept]
        return survivor, merged, taken


def link_counts(a: Person, b: Person) -> list[tuple[str, int, int]]:
    """How many linked rows (kinship, expedients…) each record has, per kind."""
    totals: dict[str, list[int]] = {}
    for link in person_links():
        counts = dict(
            link.model._base_manager.filter(**{f"{link.field}__in": [a.pk, b.pk]})
            .values_list(link.field)
            .annotate(n=Count("pk"))
            .order_by()
        )
        row = totals.setdefault(str(capfirst(link.label)), [0, 0])
        row[0] += counts.get(a.pk, 0)
        row[1] += counts.get(b.pk, 0)
    return [(label, n_a, n_b) for label, (n_a, n_b) in totals.items()]


class MergeView(
    MergeRightMixin, PersonBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "directory/merge.html"
    page_title = gettext_lazy("Compare and merge")
    header_icon = "resubmit"
    http_method_names = ["get", "post"]

    def setup(self, request, *args, **kwargs):
        # Load both records before the permission check: out of scope is 404.
        super().setup(request, *args, **kwargs)
        visible = scoped_persons(request.user).select_related(*PERSON_RELATIONS)
        first = get_object_or_404(visible, pk=kwargs["a"])
        second = get_object_or_404(visible, pk=kwargs["b"])
        self.a, self.b = sorted((first, second), key=lambda person: person.pk)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("directory_duplicates"), "label": _("Likely duplicates")},
            {"url": "", "label": self.page_title},
        ]

    @cached_property
    def problem(self) -> str:
        try:
            check_mergeable(survivor=self.a, merged=self.b)
        except ValidationError as error:
            return first_message(error)
        return ""

    @cached_property
    def comparable_fields(self) -> list[str]:
        hidden = (
            set()
            if user_sees_sensitive_data(self.request.user)
            else sensitive_person_fields()
        )
        return [name for name in MERGEABLE_FIELDS if name not in hidden]

    @cached_property
    def differing(self) -> list[str]:
        return [
            name
            for name in self.comparable_fields
            if stored_value(self.a, name) != stored_value(self.b, name)
        ]

    def get_form(self, data=None) -> MergeForm:
        return MergeForm(data, a=self.a, b=self.b, fields=self.differing)

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if self.problem or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        survivor, merged, taken = form.decision()
        try:
            person_merge(
                survivor=survivor,
                merged=merged,
                fields_taken=taken,
                acting_user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request,
            _(
                "%(merged)s was merged into %(survivor)s. The merge can be undone "
                "from the record's Historial."
            )
            % {"merged": merged, "survivor": survivor},
            buttons=[
                messages.button(
                    reverse("person_historial", args=[survivor.pk]), _("Historial")
                )
            ],
        )
        return redirect("person:inspect", survivor.pk)

    def rows(self, form: MergeForm) -> list[MergeRow]:
        rows = []
        for name in self.differing:
            radios = list(form[name])
            values = (shown_value(self.a, name), shown_value(self.b, name))
            rows.append(
                MergeRow(
                    name=name,
                    label=capfirst(Person._meta.get_field(name).verbose_name),
                    cells=list(zip(radios, values, strict=True)),
                )
            )
        return rows

    def get_context_data(self, **kwargs):
        form = kwargs["form"]
        return super().get_context_data(
            a=self.a,
            b=self.b,
            pair=(self.a, self.b),
            problem=self.problem,
            rows=self.rows(form),
            survivor_radios=list(form["survivor"]),
            same_count=len(self.comparable_fields) - len(self.differing),
            links=link_counts(self.a, self.b),
            **kwargs,
        )


class MergeStartView(
    MergeRightMixin, PersonBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Merge with another record: its likely duplicates, or any record of the area
    found as at the search desk."""

    template_name = "directory/merge_start.html"
    page_title = gettext_lazy("Merge with another record")
    header_icon = "resubmit"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.person = get_object_or_404(scoped_persons(request.user), pk=kwargs["a"])

    def get_breadcrumbs_items(self):
        return self.person_breadcrumbs(
            self.person, {"url": "", "label": self.page_title}
        )

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "").strip()
        return super().get_context_data(
            person=self.person,
            query=query,
            likely=self.likely(),
            found=self.found(query),
            **kwargs,
        )

    def likely(self) -> list[tuple[Person, str]]:
        if self.person.merged_into_id:
            return []
        pairs = likely_duplicates(person=self.person)
        return [(other, reason.label) for other, reason in pairs]

    def found(self, query: str) -> list[tuple[Person, str]]:
        if not query:
            return []
        others = scoped_persons(self.request.user).current().exclude(pk=self.person.pk)
        hits = search_persons(others.select_related("residence_municipality"), query)
        return [(other, "") for other in hits[:MERGE_SEARCH_LIMIT]]


# --- historial ----------------------------------------------------------------------


class HistorialView(
    LogAccessMixin,
    ScopedObjectMixin,
    PersonBreadcrumbsMixin,
    WagtailAdminTemplateMixin,
    TemplateView,
):
    """Readable by everyone who may open the record; reading it is audited."""

    model = Person
    pk_url_kwarg = "pk"
    template_name = "directory/historial.html"
    page_title = gettext_lazy("Historial")
    header_icon = "history"

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.person_breadcrumbs(
            self.object, {"url": "", "label": self.page_title}
        )

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Open the record"),
                url=reverse("person:inspect", args=[self.object.pk]),
                icon_name="edit",
            )
        ]

    def get_context_data(self, **kwargs):
        history = PersonHistory(self.object, self.request.user)
        paginator = Paginator(history.entries(), HISTORY_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        events, over_time = history.build(list(page.object_list))
        can_merge = user_can_merge_persons(self.request.user)
        return super().get_context_data(
            person=self.object,
            document=mask_identifier(self.object.document_number) or EMPTY,
            events=events,
            page_obj=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
            over_time=over_time,
            merges=self.merges(can_merge),
            merged_into=self.merged_into(),
            **kwargs,
        )

    def merges(self, can_merge: bool) -> list[tuple[PersonMerge, bool]]:
        received = PersonMerge.objects.filter(survivor=self.object).select_related(
            "merged", "merged_by", "undone_by"
        )
        undoable = can_merge and not self.object.merged_into_id
        return [(merge, undoable and not merge.is_undone) for merge in received]

    def merged_into(self) -> PersonMerge | None:
        if not self.object.merged_into_id:
            return None
        return (
            PersonMerge.objects.filter(merged=self.object, undone_at__isnull=True)
            .select_related("survivor", "merged_by")
            .first()
        )


class UnmergeView(
    MergeRightMixin, PersonBreadcrumbsMixin, WagtailAdminTemplateMixin, TemplateView
):
    """Confirm, then undo a merge received by a record of the user's area."""

    template_name = "directory/unmerge.html"
    page_title = gettext_lazy("Undo merge")
    header_icon = "rotate"
    http_method_names = ["get", "post"]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        merges = PersonMerge.objects.filter(
            survivor__in=scoped_persons(request.user)
        ).select_related("survivor", "merged", "merged_by")
        self.merge = get_object_or_404(merges, pk=kwargs["pk"])

    def get_breadcrumbs_items(self):
        survivor = self.merge.survivor
        return self.person_breadcrumbs(
            survivor,
            {
                "url": reverse("person_historial", args=[survivor.pk]),
                "label": _("Historial"),
            },
            {"url": "", "label": self.page_title},
        )

    @cached_property
    def problem(self) -> str:
        try:
            check_undoable(merge=self.merge)
        except ValidationError as error:
            return first_message(error)
        return ""

    def get_context_data(self, **kwargs):
        snapshot = self.merge.snapshot or {}
        return super().get_context_data(
            merge=self.merge,
            problem=self.problem,
            moved=sum(len(ids) for ids in snapshot.get("moved", {}).values()),
            removed=len(snapshot.get("removed", [])),
            fields=[
                capfirst(Person._meta.get_field(name).verbose_name)
                for name in self.merge.fields_taken
                if name in MERGEABLE_FIELDS
            ],
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            restored = person_unmerge(merge=self.merge, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, first_message(error))
            return self.render_to_response(self.get_context_data())
        messages.success(
            request,
            _("The merge was undone: %(restored)s is a separate record again.")
            % {"restored": restored},
            buttons=[
                messages.button(
                    reverse("person:inspect", args=[restored.pk]), _("Open the record")
                )
            ],
        )
        return redirect("person_historial", self.merge.survivor_id)


class HistorialLinkMixin:
    """The record's edit page leads to its Historial: a header button, and the
    header's history link (Wagtail's own history has no field diffs)."""

    def get_history_url(self):
        return reverse("person_historial", args=[self.object.pk])

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Historial"), url=self.get_history_url(), icon_name="history"
            ),
        ]


class MergeLinkMixin:
    """The record's edit page offers "Merge with another record" to those who may
    merge (in the header's actions menu)."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        person = self.object
        if user_can_merge_persons(self.request.user) and not person.merged_into_id:
            url = reverse("directory_merge_start", args=[person.pk])
            buttons.append(
                Button(
                    _("Merge with another record"),
                    url=url,
                    icon_name="resubmit",
                    priority=40,
                )
            )
        # What other apps add (casework: the access report).
        buttons += person_record_buttons(person=person, user=self.request.user)
        return buttons
