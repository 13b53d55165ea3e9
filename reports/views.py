"""The Memòries screens: the return with its filter bar (on screen or as XLSX),
and "explain this number", the list of what a figure counted."""

import json
from io import BytesIO

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from openpyxl import Workbook
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from casework.models import Expedient, ProblemRecord, Resource
from casework.modules.eaia.models import EaiaEvolution
from casework.modules.siad.models import SiadActuacio
from configuration.audit.trail import log_export, log_summary
from configuration.custom_fields import FORMS
from configuration.export_jobs import JobWriter, export_job_start, save_job_content
from configuration.exports import SHEET_TITLE_LENGTH, sheet_title, unique_sheet_title
from configuration.models import AreaSettings, ExportUnit, User
from directory.models import Person

from .breakdowns import SPECS, UNKNOWN, members
from .custom_breakdowns import (
    ALL,
    choice_definition,
    choice_members,
    parse_table_key,
)
from .enums import Breakdown, DateBasis
from .forms import ReturnForm
from .models import ReturnDefinition
from .pdf import return_pdf
from .returns import TOTAL, produce

PRODUCE_RIGHT = "reports.produce_returns"
EXPLAIN_EVENT = "report_explain"
PAGE_SIZE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def user_produces_returns(user) -> bool:
    """Coordinators of an area (their role's right), and superusers, who
    choose the area. Administrators have no casework rights, so they do not
    produce returns (they would count no persons and no expedients)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and (
            user.is_superuser
            or (user.area_id is not None and user.has_perm(PRODUCE_RIGHT))
        )
    )


class ReturnsAccessMixin:
    """Anyone else gets 404: the screens do not exist for them."""

    def dispatch(self, request, *args, **kwargs):
        if not user_produces_returns(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


def area_data(area_id: int, *, to_read: bool = True) -> list[tuple[str, object]]:
    """The area's descriptive data for the return, from its settings (the
    "General" tab of the configuration, domain.md §5.2): numbers grouped as
    Catalan reads them (70.000) on the screen and the PDF, kept numbers for
    the spreadsheet (`to_read=False`)."""
    settings = (
        AreaSettings.objects.select_related("area").filter(area_id=area_id).first()
    )
    if settings is None:
        return []
    fields = (
        "titular_body_code",
        "population",
        "head_of_service",
        "address",
        "phone",
        "email",
    )
    lines = [(str(_("Area")), f"{settings.area.name} ({settings.area.code})")]
    for name in fields:
        value = getattr(settings, name)
        label = AreaSettings._meta.get_field(name).verbose_name
        if value is None:
            value = ""
        elif isinstance(value, int) and to_read:
            value = number_format(value, force_grouping=True)
        elif not isinstance(value, int):
            value = str(value)
        lines.append((capfirst(str(label)), value))
    return lines


def chart_data(table, hidden: set) -> str:
    """The table's chart (reports/static/reports/charts.js) as JSON: a monthly
    table has the months along the axis and a series per row, any other the
    rows along the axis and a series per column. Hidden cells are null."""

    def value(row, col):
        return None if (row, col) in hidden else table.value(row, col)

    rows = [(key, str(label)) for key, label in table.rows]
    cols = [(key, str(label)) for key, label in table.cols]
    if hasattr(SPECS.get(table.key), "count"):  # monthly: months along the axis
        labels = [label for _k, label in cols]
        series = [
            {"label": label, "values": [value(row, col) for col, _l in cols]}
            for row, label in rows
        ]
    else:
        labels = [label for _k, label in rows]
        series = [
            {"label": label, "values": [value(row, col) for row, _l in rows]}
            for col, label in cols
        ]
    return json.dumps({"labels": labels, "series": series})


def explains(key: str, row: str, col: str) -> bool:
    """Whether a cell's list is what it counted: a monthly table's sum over
    months of a stock, or over events, counts a row more than once."""
    check = getattr(SPECS.get(key), "explains", None)
    return check is None or check(row, col)


def explain_url(criteria, definition, key: str, row: str = "", col: str = "") -> str:
    query = {**criteria.query(), "definition": definition.pk}
    counted_field = parse_table_key(key)
    if counted_field is not None:  # a table by a choice field: which one
        query["count_by"] = ":".join(counted_field)
    if row:
        query["row"] = row
    if col:
        query["col"] = col
    return f"{reverse('reports_explain', args=[key])}?{urlencode(query)}"


class ReturnView(ReturnsAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reports/return.html"
    page_title = _("Official returns")
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def form(self):
        data = self.request.GET if "definition" in self.request.GET else None
        return ReturnForm(data, user=self.request.user)

    def get(self, request, *args, **kwargs):
        form = self.form()
        produced = None
        if form.is_bound and "count_by" in form.errors:
            raise Http404  # a field of another area's, or none at all
        if form.is_bound and form.is_valid():
            definition = (
                form.cleaned_data["definition"] or form.fields["definition"].initial
            )
            if definition is None:
                raise Http404
            job = getattr(request, "llar_export_job", None)
            if job is not None:  # the exports worker, as the job's owner
                return self.write_job(job, form, definition)
            export_format = request.GET.get("format")
            if export_format in FILES and request.GET.get("background") == "1":
                return self.queue(form, definition, export_format)
            produced = produce(
                definition,
                form.criteria(),
                publishable=form.cleaned_data["publishable"],
                count_by=form.counted_field(),
            )
            if export_format in FILES:
                return self.download(produced, export_format)
        return self.render_to_response(
            self.get_context_data(form=form, produced=produced)
        )

    def get_context_data(self, *, form, produced, **kwargs):
        context = super().get_context_data(form=form, produced=produced, **kwargs)
        if produced is None:
            return context
        criteria, definition = produced.criteria, produced.definition
        links = not produced.publishable
        context["area_data"] = area_data(criteria.area_id)
        context["figures"] = [
            {
                "figure": figure,
                "url": explain_url(
                    criteria, definition, figure.breakdown, figure.row, figure.column
                )
                if links
                and figure.value
                and explains(figure.breakdown, figure.row, figure.column)
                else "",
            }
            for figure in produced.figures
        ]
        context["tables"] = [
            self.table_context(table, produced, links) for table in produced.tables
        ]
        query = self.request.GET.copy()
        query.pop("background", None)
        for export_format in FILES:
            query["format"] = export_format
            context[f"{export_format}_url"] = f"?{query.urlencode()}"
            query["background"] = "1"
            context[f"{export_format}_background_url"] = f"?{query.urlencode()}"
            query.pop("background")
        return context

    def table_context(self, table, produced, links):
        hidden = produced.hidden.get(table.key, set())
        criteria, definition = produced.criteria, produced.definition

        def cell(row, col, value):
            if (row or TOTAL, col or TOTAL) in hidden:
                return {"value": None, "url": ""}
            url = ""
            if links and value and explains(table.key, row, col):
                url = explain_url(criteria, definition, table.key, row, col)
            return {"value": value, "url": url}

        rows = [
            {
                "label": label,
                "cells": [
                    cell(key, col, table.value(key, col)) for col, _l in table.cols
                ],
                "total": cell(key, "", table.row_total(key)),
            }
            for key, label in table.rows
        ]
        totals = [cell("", col, table.col_total(col)) for col, _l in table.cols]
        return {
            "title": table.title,
            "help_text": table.help_text,
            "chart": chart_data(table, hidden),
            "row_title": table.row_title,
            "cols": [label for _k, label in table.cols],
            "rows": rows,
            "totals": totals,
            "total": cell("", "", table.total),
        }

    def download(self, produced, export_format: str):
        """The file, and its audit entry (what was produced, with which criteria)."""
        log_export(
            user=self.request.user,
            model=ReturnDefinition,
            export_format=export_format,
            rows=len(produced.figures),
            criteria=audit_criteria(produced),
        )
        write, content_type = FILES[export_format]
        response = HttpResponse(write(produced), content_type=content_type)
        response["Content-Disposition"] = (
            f'attachment; filename="{file_name(produced, export_format)}"'
        )
        return response

    def queue(self, form, definition, export_format: str):
        """Queue the file for the exports worker ("My exports"): it stores
        what to produce (the screen's criteria), never what was counted."""
        query = self.request.GET.copy()
        query.pop("format", None)
        criteria = form.criteria()
        counted = form.counted_field()
        export_job_start(
            owner=self.request.user,
            model=ReturnDefinition,
            listing=f"{capfirst(str(self.page_title))}: {definition}",
            path=self.request.path_info,
            query=query,
            filters={
                **criteria.query(),
                "definition": definition.pk,
                "publishable": form.cleaned_data["publishable"],
                **({"count_by": ":".join(counted)} if counted else {}),
            },
            export_format=export_format,
            rows_total=None,
            filename=file_name_of(definition, criteria, export_format),
            unit=ExportUnit.TABLES,
        )
        messages.success(
            self.request,
            _(
                "The return is produced in the background: it will be ready "
                "here, and on your home screen, when it is written."
            ),
        )
        return redirect("llar_exports")

    def write_job(self, job, form, definition):
        """Produce the return again as the job's owner, with the stored
        criteria, and keep its file; the progress counts its tables."""
        export_format = self.request.GET.get("export")
        if export_format not in FILES:
            raise Http404
        writer = JobWriter()
        try:
            produced = produce(
                definition,
                form.criteria(),
                publishable=form.cleaned_data["publishable"],
                count_by=form.counted_field(),
                progress=lambda done, total: writer.update(
                    job.pk, rows_done=done, rows_total=total
                ),
            )
        finally:
            writer.close()
        write, _content_type = FILES[export_format]
        return save_job_content(
            job=job,
            content=write(produced),
            model=ReturnDefinition,
            rows=len(produced.figures),
            done=len(produced.tables),
            filters=audit_criteria(produced),
        )


def audit_criteria(produced) -> dict:
    """What a return's file was produced with (its audit entry's criteria)."""
    criteria = {
        **produced.criteria.query(),
        "definition": produced.definition.pk,
        "publishable": produced.publishable,
    }
    counted = [t.key for t in produced.tables if parse_table_key(t.key)]
    if counted:
        criteria["count_by"] = ":".join(parse_table_key(counted[0]))
    return criteria


def file_name_of(definition, criteria, export_format: str) -> str:
    name = slugify(
        f"{definition.title}-{definition.year}-{criteria.start}-{criteria.end}"
    )
    return f"{name}.{export_format}"


def file_name(produced, export_format: str) -> str:
    return file_name_of(produced.definition, produced.criteria, export_format)


def pdf_content(produced) -> bytes:
    basis = dict(DateBasis.choices)[produced.criteria.basis]
    return return_pdf(produced, area_data(produced.criteria.area_id), str(basis))


def xlsx_content(produced) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Fitxa"
    definition = produced.definition
    criteria = produced.criteria
    sheet.append([str(definition)])
    sheet.append(
        [
            str(_("Period")),
            criteria.start.strftime("%d/%m/%Y"),
            criteria.end.strftime("%d/%m/%Y"),
        ]
    )
    sheet.append(
        [
            str(_("Counting choice")),
            str(dict(ReturnForm.base_fields["basis"].choices)[criteria.basis]),
        ]
    )
    if produced.publishable:
        sheet.append([str(_("Publishable version: hidden figures are shown as *."))])
    sheet.append([])
    for label, value in area_data(criteria.area_id, to_read=False):
        sheet.append([label, value])
    sheet.append([])
    sheet.append(
        [
            str(_("Code")),
            str(_("Variable")),
            str(_("Value")),
            str(_("Where it comes from")),
        ]
    )
    for figure in produced.figures:
        value = "*" if figure.value is None else figure.value
        sheet.append([figure.code, figure.label, value, figure.help_text])
    taken = {sheet.title.casefold()}
    for table in produced.tables:
        hidden = produced.hidden.get(table.key, set())
        page = book.create_sheet(unique_sheet_title(table_sheet_title(table), taken))

        def shown(row, col, value, hidden=hidden):
            return "*" if (row, col) in hidden else value

        page.append([table.title])
        if table.help_text:
            page.append([table.help_text])
        page.append(
            [
                table.row_title,
                *(str(label) for _k, label in table.cols),
                str(_("Total")),
            ]
        )
        for key, label in table.rows:
            page.append(
                [
                    str(label),
                    *(shown(key, col, table.value(key, col)) for col, _l in table.cols),
                    shown(key, TOTAL, table.row_total(key)),
                ]
            )
        page.append(
            [
                str(_("Total")),
                *(shown(TOTAL, col, table.col_total(col)) for col, _l in table.cols),
                shown(TOTAL, TOTAL, table.total),
            ]
        )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_sheet_title(table) -> str:
    """A table's sheet: a choice field's table is named by the field's label
    (its rows' title), never its internal key; the others by their key."""
    if parse_table_key(table.key):
        return sheet_title(table.row_title)
    return table.key[:SHEET_TITLE_LENGTH]


# The files a return downloads as: (writer, content type).
FILES = {
    "xlsx": (xlsx_content, XLSX_TYPE),
    "pdf": (pdf_content, "application/pdf"),
}


# What the explain list shows of each kind of row: (related rows to fetch, columns).
ENTITY_MODELS = {
    "persons": Person,
    "expedients": Expedient,
    "problems": ProblemRecord,
    "resources": Resource,
    "professionals": User,
    "siad_actuacions": SiadActuacio,
    "eaia_periods": EaiaEvolution,
}


# What the rows of a configurable form are, for the explain list (the others:
# "items", an actuació, demand, tràmit or plan, shown by what it says).
FORM_ENTITIES = {"cover": "expedients", "problem": "problems", "resource": "resources"}


def explain_rows(entity: str, queryset):
    """The listing's queryset (constant queries) and how to show one row."""
    if entity == "items":
        return explain_items(queryset)
    if entity == "persons":
        rows = queryset.select_related("nationality").order_by(
            "surname1", "surname2", "first_name", "pk"
        )
        return (
            rows,
            (_("Person"), _("Birth date"), _("Sex"), _("Nationality")),
            lambda p: (
                (str(p), reverse("person:inspect", args=[p.pk])),
                (p.birth_date.strftime("%d/%m/%Y") if p.birth_date else "", ""),
                (p.get_sex_display(), ""),
                (str(p.nationality or ""), ""),
            ),
        )
    if entity == "expedients":
        rows = queryset.select_related("sector", "reference_professional").order_by(
            "number", "pk"
        )
        return (
            rows,
            (_("Expedient"), _("Sector"), _("State"), _("Reference professional")),
            lambda e: (
                (e.number, reverse("casework_expedient", args=[e.pk])),
                (str(e.sector), ""),
                (e.get_state_display(), ""),
                (str(e.reference_professional), ""),
            ),
        )
    if entity == "problems":
        rows = queryset.select_related("expedient", "problem").order_by(
            "expedient__number", "pk"
        )
        return (
            rows,
            (_("Expedient"), _("Problem"), _("Start date"), _("End date")),
            lambda p: (
                (
                    p.expedient.number,
                    reverse("casework_expedient", args=[p.expedient_id]),
                ),
                (str(p.problem), ""),
                (p.starts_on.strftime("%d/%m/%Y"), ""),
                (p.ends_on.strftime("%d/%m/%Y"), ""),
            ),
        )
    if entity == "resources":
        rows = queryset.select_related("expedient", "benefit").order_by(
            "expedient__number", "pk"
        )
        headers = (
            _("Expedient"),
            _("Benefit"),
            _("State"),
            _("Start date"),
            _("Promoting entity"),
        )
        return (
            rows,
            headers,
            lambda r: (
                (
                    r.expedient.number,
                    reverse("casework_expedient", args=[r.expedient_id]),
                ),
                (f"{r.benefit.code} {r.benefit.name}", ""),
                (r.get_state_display(), ""),
                (r.starts_on.strftime("%d/%m/%Y") if r.starts_on else "", ""),
                (r.get_promoting_entity_display(), ""),
            ),
        )
    if entity == "siad_actuacions":
        rows = queryset.select_related(
            "expedient", "attending_service", "consultation_area"
        ).order_by("expedient__number", "date", "pk")
        return (
            rows,
            (_("Expedient"), _("Date"), _("Attending service"), _("Consultation area")),
            lambda a: (
                (
                    a.expedient.number,
                    reverse("casework_expedient", args=[a.expedient_id]),
                ),
                (a.date.strftime("%d/%m/%Y"), ""),
                (str(a.attending_service or ""), ""),
                (str(a.consultation_area or ""), ""),
            ),
        )
    if entity == "eaia_periods":
        rows = queryset.select_related("expedient").order_by(
            "expedient__number", "starts_on", "pk"
        )
        return (
            rows,
            (
                _("Expedient"),
                _("Expedient type"),
                _("Territoriality criterion"),
                _("Start date"),
                _("End date"),
            ),
            lambda p: (
                (
                    p.expedient.number,
                    reverse("casework_expedient", args=[p.expedient_id]),
                ),
                (p.get_expedient_type_display(), ""),
                (p.get_territoriality_display(), ""),
                (p.starts_on.strftime("%d/%m/%Y"), ""),
                (p.ends_on.strftime("%d/%m/%Y") if p.ends_on else "", ""),
            ),
        )
    rows = queryset.order_by("last_name", "first_name", "pk")
    return (
        rows,
        (_("Professional"), _("User name")),
        lambda u: (
            (str(u), ""),
            (u.username, ""),
        ),
    )


def explain_items(queryset):
    """An actuació, demand, tràmit or plan: its expedient and what it says."""
    related = ["expedient"]
    if any(f.name == "type" for f in queryset.model._meta.get_fields()):
        related.append("type")
    rows = queryset.select_related(*related).order_by("expedient__number", "pk")
    return (
        rows,
        (_("Expedient"), capfirst(queryset.model._meta.verbose_name), _("Recorded")),
        lambda item: (
            (
                item.expedient.number,
                reverse("casework_expedient", args=[item.expedient_id]),
            ),
            (str(item), ""),
            (timezone.localtime(item.created_at).strftime("%d/%m/%Y"), ""),
        ),
    )


def row_choices(spec, criteria) -> tuple:
    if getattr(spec, "events", ()):
        return tuple((key, label) for key, label, _q in spec.events)
    return spec.rows(criteria) if spec.rows else ()


def key_label(choices, key: str) -> str:
    """A row's or column's label when the table names it; else its key."""
    return str(dict(choices).get(key, key)) if key else ""


class ExplainView(ReturnsAccessMixin, WagtailAdminTemplateMixin, TemplateView):
    """The rows a figure counted: the same queryset as the count, filtered by
    the cell's keys; each page shown is one audit entry."""

    template_name = "reports/explain.html"
    page_title = _("What this figure counts")
    header_icon = "list-ul"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("reports_return"), "label": _("Official returns")},
            {"url": "", "label": self.page_title},
        ]

    def get(self, request, *args, table: str, **kwargs):
        key = table
        counted_field = parse_table_key(key)
        if key not in SPECS and counted_field is None:
            raise Http404
        form = ReturnForm(request.GET, user=request.user)
        if not form.is_valid():
            raise Http404
        criteria = form.criteria()
        row, col = request.GET.get("row", ""), request.GET.get("col", "")
        if counted_field is not None:
            # The field must be the one the return counted by: the area's
            # or a shared one (the form's choices), never another area's.
            if form.counted_field() != counted_field or col not in ("", ALL):
                raise Http404
            title, row_label, col_label, entity, queryset = self.choice_cell(
                criteria, counted_field, row
            )
        else:
            spec = SPECS[key]
            if not explains(key, row, col):
                raise Http404
            title = Breakdown(key).label
            row_label = key_label(row_choices(spec, criteria), row)
            col_label = key_label(spec.columns(criteria), col)
            entity = spec.entity
            queryset = members(key, criteria, row=row, col=col)
        queryset, headers, render = explain_rows(entity, queryset)
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("p"))
        lines = [render(item) for item in page.object_list]
        if lines:
            log_summary(
                user=request.user,
                model=ENTITY_MODELS.get(entity) or queryset.model,
                event=EXPLAIN_EVENT,
                rows=len(lines),
                page=page.number,
                criteria={**criteria.query(), "table": key, "row": row, "col": col},
            )
        back = request.GET.copy()
        for name in ("row", "col", "p"):
            back.pop(name, None)

        def page_url(number):
            query = request.GET.copy()
            query["p"] = number
            return f"?{query.urlencode()}"

        return self.render_to_response(
            self.get_context_data(
                table=title,
                row=row_label,
                col=col_label,
                criteria=criteria,
                headers=headers,
                lines=lines,
                page=page,
                back_url=f"{reverse('reports_return')}?{back.urlencode()}",
                previous_url=page_url(page.number - 1) if page.has_previous() else "",
                next_url=page_url(page.number + 1) if page.has_next() else "",
            )
        )

    def choice_cell(self, criteria, counted_field, row):
        """A `choice_count` cell: its title, labels, entity and rows."""
        form, key = counted_field
        definition = choice_definition(criteria, form=form, key=key)
        if definition is None:
            raise Http404
        labels = {UNKNOWN: _("Not recorded")} | {
            str(choice.get("code")): choice.get("label") or choice.get("code")
            for choice in definition.choices or ()
        }
        return (
            f"{FORMS[form].label}: {definition.label}",
            str(labels.get(row, row)) if row else "",
            "",
            FORM_ENTITIES.get(form.partition(".")[0], "items"),
            choice_members(criteria, form=form, key=key, row=row),
        )
