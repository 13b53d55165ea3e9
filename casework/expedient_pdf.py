"""The printed expedient (issue #23, domain.md §8.3): the whole expedient or
chosen sections as one PDF (fpdf2, built-in fonts as casework/plan_pdf.py),
each page headed by the area, the professional who prints and the date, and
numbered at its foot.

A section is a tab of the expedient screen that knows how to print itself
(`SECTIONS`, by tab key). A user may print only the sections whose tabs the
screen shows them (casework.tabs.tabs_for: the module lists the tab and the
role has its permission), so what a role may not see never prints; the items
come through their live managers, so deleted items never print either. The
shared tabs print with the functions here; each module's own tabs with those
its declaration names (ModuleSpec.print_sections, casework/modules/<key>/
printing.py), built from the helpers here (print_table, print_actuacio_rows).
"""

from collections.abc import Callable
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from configuration.custom_fields import (
    ReferenceLabels,
    all_definitions,
    shown_values,
)

from .custom_forms import item_form_key
from .history import CHILD_MODELS, LINKED_MODELS, ExpedientHistory
from .models import Actuacio, Document, Housing, InterventionPlan, Resource, Tramit
from .models.items import DeletableItem
from .modules import expedient_title, get_module
from .plan_pdf import WIDTH, AgreementPDF, _date, _latin1, _objectives, write_table
from .tabs import tabs_for

LABEL_WIDTH = 55  # mm: the label column of Label: value lines


class ExpedientPDF(AgreementPDF):
    """A4 pages headed by `header_text` and numbered "page n of N"."""

    header_text = ""

    def header(self) -> None:
        self.set_font("Helvetica", "", 8)
        self.set_text_color(90)
        self.multi_cell(
            WIDTH, 4, _latin1(self.header_text), new_x="LMARGIN", new_y="NEXT"
        )
        self.line(
            self.l_margin, self.get_y() + 1, self.l_margin + WIDTH, self.get_y() + 1
        )
        self.ln(4)
        self.set_text_color(0)
        self.set_font("Helvetica", "", 10)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        text = _("Page %(page)s of %(pages)s") % {
            "page": self.page_no(),
            "pages": self.str_alias_nb_pages,
        }
        self.cell(WIDTH, 5, _latin1(text), align="C")

    def section(self, title: str) -> None:
        if self.get_y() > self.h - self.b_margin - 30:
            self.add_page()  # never a section's title alone at a page's foot
        self.ln(2)
        self.set_font("Helvetica", "B", 13)
        self.multi_cell(WIDTH, 8, _latin1(title), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 9)

    def lines(self, pairs) -> None:
        """Label: value lines, the label in bold."""
        for label, value in pairs:
            self.set_font("Helvetica", "B", 9)
            self.cell(LABEL_WIDTH, 5.5, _latin1(f"{label}:"))
            self.set_font("Helvetica", "", 9)
            self.multi_cell(
                WIDTH - LABEL_WIDTH,
                5.5,
                _latin1(value or "—"),
                new_x="LMARGIN",
                new_y="NEXT",
            )


def print_names(people) -> str:
    return ", ".join(str(person) for person in people) or "—"


def print_when(value) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def print_table(pdf: ExpedientPDF, columns, rows: list, empty: str) -> None:
    if rows:
        write_table(pdf, columns, rows)
    else:
        pdf.para(empty)


class _AreaFields:
    """The area's own fields of the expedient's forms (issue #22), read once
    per form; deactivated ones too, since their values stay readable."""

    def __init__(self, expedient):
        self.expedient = expedient
        self.forms: dict[str, list] = {}
        # The persons and entries the values name, read for many rows at once.
        self.references = ReferenceLabels()

    def read_references(self, rows) -> None:
        """Read the persons and catalogue entries all `rows` name, one query
        per kind (a table's rows, the actuacions), before their pairs."""
        for row in rows:
            fields = self.fields_of(row)
            if fields:
                self.references.want_values(fields, row.extra)
        self.references.resolve()

    def pairs(self, row) -> list[tuple[str, str]]:
        fields = self.fields_of(row)
        if not fields:
            return []
        self.references.want_values(fields, row.extra)
        self.references.resolve()  # nothing to read when read_references ran
        return shown_values(fields, row.extra, names=self.references)

    def fields_of(self, row) -> list:
        """The area's fields of `row`'s form, when the row has values."""
        if row is self.expedient:
            key = f"cover.{self.expedient.module}"
        elif isinstance(row, Actuacio):  # the module's own actuació form
            key = f"actuacio.{self.expedient.module}"
        else:
            key = item_form_key(row)
        if not key or not getattr(row, "extra", None):
            return []
        if key not in self.forms:
            self.forms[key] = all_definitions(area_id=self.expedient.area_id, form=key)
        return self.forms[key]


def _own_lines(pdf: ExpedientPDF, pairs) -> None:
    """Label: value lines of the area's own fields; a label too long for the
    label column (an area names its fields) takes a line of its own."""
    for label, value in pairs:
        pdf.set_font("Helvetica", "B", 9)
        if pdf.get_string_width(_latin1(f"{label}:")) < LABEL_WIDTH - 2:
            pdf.lines([(label, value)])
            continue
        pdf.set_font("Helvetica", "B", 9)
        pdf.multi_cell(WIDTH, 5.5, _latin1(f"{label}:"), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(WIDTH, 5.5, _latin1(value), new_x="LMARGIN", new_y="NEXT")


def _area_fields_notes(pdf: ExpedientPDF, expedient, rows) -> None:
    """After a table: each row's own fields under the row's name (`rows`:
    pairs of the row's name and the row)."""
    fields = _AreaFields(expedient)
    fields.read_references(row for _name, row in rows)
    notes = [(name, fields.pairs(row)) for name, row in rows]
    notes = [(name, pairs) for name, pairs in notes if pairs]
    if not notes:
        return
    pdf.heading(_("Additional fields"))
    for name, pairs in notes:
        pdf.set_font("Helvetica", "B", 9)
        pdf.multi_cell(WIDTH, 5.5, _latin1(name), new_x="LMARGIN", new_y="NEXT")
        _own_lines(pdf, pairs)
        pdf.ln(1)


# --- the sections --------------------------------------------------------------------


def print_cover(pdf: ExpedientPDF, *, expedient, user) -> None:
    state = f"{expedient.get_state_display()} ({_date(expedient.state_date)})"
    if expedient.closing_reason_id:
        state += f": {expedient.closing_reason.label}"
    module = get_module(expedient.module)
    sector = str(expedient.sector)
    if expedient.subsector_id:
        sector += f" / {expedient.subsector}"
    pdf.lines(
        (
            (_("Number"), expedient.number),
            (_("Service"), str(module.label) if module else ""),
            (_("Title"), expedient_title(expedient)),
            (_("External reference"), expedient.external_reference),
            (_("State"), state),
            (_("Sector"), sector),
            (_("Reference team"), str(expedient.reference_team or "")),
            (_("Reference professional"), str(expedient.reference_professional or "")),
            (
                _("Co-reference professional"),
                str(expedient.co_reference_professional or ""),
            ),
            (_("Confidential"), _("Yes") if expedient.confidential else _("No")),
            (_("Created"), print_when(expedient.created_at)),
        )
    )
    _own_lines(pdf, _AreaFields(expedient).pairs(expedient))


def print_persons(pdf: ExpedientPDF, *, expedient, user) -> None:
    from .views.expedient import linked_person_rows  # the views import this module

    rows = [
        (
            str(row["link"].person),
            row["relationship"] or "—",
            row["document"],
            _("Main person") if row["link"].is_main else "",
        )
        for row in linked_person_rows(user, expedient)
    ]
    columns = (
        (_("Person"), 70),
        (_("Relationship"), 45),
        (_("Document"), 35),
        ("", 30),
    )
    print_table(pdf, columns, rows, _("No persons linked yet."))


def print_actuacio_rows(
    pdf: ExpedientPDF, actuacions, *, details, empty: str, expedient=None
) -> None:
    """Actuacions of any module, newest first as given: a bold line (date,
    time, type, topic), the lines `details(actuacio)` returns, the area's own
    fields of the module's actuació form (given the `expedient`), then the text."""
    fields = _AreaFields(expedient) if expedient is not None else None
    if fields is not None:
        actuacions = list(actuacions)
        fields.read_references(actuacions)
    found = False
    for actuacio in actuacions:
        found = True
        time = getattr(actuacio, "time", None)
        kind = (
            getattr(actuacio, "type", None)
            if getattr(actuacio, "type_id", None)
            else None
        )
        title = " · ".join(
            part
            for part in (
                _date(actuacio.date) + (f" {time:%H:%M}" if time else ""),
                kind.name if kind else "",
                actuacio.topic,
            )
            if part
        )
        pdf.set_font("Helvetica", "B", 10)
        pdf.multi_cell(WIDTH, 5.5, _latin1(title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        lines = [line for line in details(actuacio) if line]
        lines.append(
            _("Responsible professional: %(name)s")
            % {"name": actuacio.responsible or "—"}
        )
        if actuacio.hours is not None:
            lines.append(
                _("Hours: %(hours)s") % {"hours": number_format(actuacio.hours)}
            )
        if fields is not None:
            lines.extend(f"{label}: {value}" for label, value in fields.pairs(actuacio))
        pdf.para("\n".join(lines))
        if actuacio.text:
            pdf.para(actuacio.text)
        pdf.ln(2)
    if not found:
        pdf.para(empty)


def print_actuacions(pdf: ExpedientPDF, *, expedient, user) -> None:
    actuacions = (
        expedient.actuacions.filter(siad__isnull=True)
        .select_related("type", "place", "responsible")
        .prefetch_related("related_persons")
        .order_by("-date", "-pk")
    )
    print_actuacio_rows(
        pdf,
        actuacions,
        details=lambda actuacio: [
            _("Place: %(place)s")
            % {"place": actuacio.place.name if actuacio.place_id else "—"},
            _("Related persons: %(names)s")
            % {"names": print_names(actuacio.related_persons.all())},
        ],
        empty=_("No actuacions recorded yet."),
        expedient=expedient,
    )


def print_demands(pdf: ExpedientPDF, *, expedient, user) -> None:
    demands = expedient.demands.select_related("type", "actuacio").prefetch_related(
        "beneficiaries"
    )
    rows = [
        (
            _date(demand.date),
            demand.type.name,
            print_names(demand.beneficiaries.all()),
            str(demand.actuacio or "—"),
        )
        for demand in demands
    ]
    columns = (
        (_("Date asked"), 25),
        (_("Type"), 50),
        (_("Beneficiaries"), 55),
        (_("Related actuació"), 50),
    )
    print_table(pdf, columns, rows, _("No demands recorded yet."))
    _area_fields_notes(
        pdf, expedient, [(f"{_date(d.date)} {d.type.name}", d) for d in demands]
    )


def print_problems(pdf: ExpedientPDF, *, expedient, user) -> None:
    problems = expedient.problems.select_related("problem__type").prefetch_related(
        "beneficiaries"
    )
    rows = [
        (
            f"{row.problem.code} {row.problem.name}",
            row.problem.type.name,
            row.get_scope_display(),
            print_names(row.beneficiaries.all()),
            _date(row.starts_on),
            _date(row.ends_on),
        )
        for row in problems
    ]
    columns = (
        (_("Problem"), 50),
        (_("Problem type"), 30),
        (_("Scope"), 22),
        (_("Persons concerned"), 38),
        (_("Start date"), 20),
        (_("End date"), 20),
    )
    print_table(pdf, columns, rows, _("No problems recorded yet."))
    _area_fields_notes(pdf, expedient, [(row.problem.name, row) for row in problems])


def print_resources(pdf: ExpedientPDF, *, expedient, user) -> None:
    resources = (
        Resource.objects.filter(expedient=expedient)
        .select_related("benefit")
        .prefetch_related("beneficiary_rows__person")
    )
    rows = [
        (
            f"{row.benefit.code} {row.benefit.name}",
            row.get_state_display(),
            _date(row.state_changed_on),
            print_names(
                r.person for r in row.beneficiary_rows.all() if r.role == "holder"
            ),
            "—" if row.amount is None else number_format(row.amount, 2),
            _date(row.starts_on),
            _date(row.ends_on),
        )
        for row in resources
    ]
    columns = (
        (_("Benefit"), 45),
        (_("State"), 22),
        (_("State since"), 20),
        (_("Holder"), 33),
        (_("Amount (euros)"), 20),
        (_("Start date"), 20),
        (_("End date"), 20),
    )
    print_table(pdf, columns, rows, _("No resources recorded yet."))
    _area_fields_notes(pdf, expedient, [(row.benefit.name, row) for row in resources])


def print_tramits(pdf: ExpedientPDF, *, expedient, user) -> None:
    shows_resource = user.has_perm("casework.view_resource")
    tramits = Tramit.objects.filter(expedient=expedient).select_related(
        "type", "holder"
    )
    if shows_resource:
        tramits = tramits.select_related("resource")
    rows = []
    for tramit in tramits:
        texts = [
            tramit.type.name,
            tramit.type.get_kind_display(),
            tramit.get_state_display(),
            _date(tramit.processed_on),
            str(tramit.holder),
        ]
        if shows_resource:
            # The reverse one-to-one: absent, or deleted with the tràmit kept.
            resource = getattr(tramit, "resource", None)
            shown = resource is not None and not resource.is_deleted
            texts.append(resource.get_state_display() if shown else "—")
        rows.append(texts)
    columns = [
        (_("Tràmit type"), 50),
        (_("Kind"), 25),
        (_("State"), 25),
        (_("Processing date"), 25),
        (_("Holder"), 35),
    ]
    if shows_resource:
        columns.append((_("Resource"), 20))
    print_table(pdf, columns, rows, _("No tràmits registered yet."))
    _area_fields_notes(pdf, expedient, [(t.type.name, t) for t in tramits])


def print_documents(pdf: ExpedientPDF, *, expedient, user) -> None:
    documents = (
        Document.objects.filter(expedient=expedient)
        .select_related("kind")
        .prefetch_related("persons")
        .order_by("-date", "-pk")
    )
    rows = [
        (
            _date(document.date),
            document.title,
            document.kind.name,
            print_names(document.persons.all()),
            str(document.item or "—"),
        )
        for document in documents
    ]
    columns = (
        (_("Date"), 22),
        (_("Title"), 55),
        (_("Type"), 30),
        (_("Persons concerned"), 38),
        (_("Item"), 35),
    )
    print_table(pdf, columns, rows, _("No documents filed yet."))


def print_plans(pdf: ExpedientPDF, *, expedient, user) -> None:
    plans = InterventionPlan.objects.filter(expedient=expedient).prefetch_related(
        "referents", "affected_persons"
    )
    found = False
    fields = _AreaFields(expedient)
    for plan in plans:
        found = True
        pdf.heading(f"{plan.title} ({plan.get_state_display()})")
        pdf.para(
            _("Starts on %(start)s; review on %(review)s; expires on %(expiry)s.")
            % {
                "start": _date(plan.starts_on),
                "review": _date(plan.review_on),
                "expiry": _date(plan.expires_on),
            }
        )
        pdf.para(
            _("Referents: %(names)s") % {"names": print_names(plan.referents.all())}
        )
        pdf.para(
            _("Persons affected: %(names)s")
            % {"names": print_names(plan.affected_persons.all())}
        )
        _own_lines(pdf, fields.pairs(plan))
        _objectives(pdf, plan)
        if plan.agreements:
            pdf.heading(_("Agreements"))
            pdf.para(plan.agreements)
    if not found:
        pdf.para(_("No intervention plans yet."))


def _shown(housing, name: str, field) -> str:
    """A housing form field's value as the form would show it."""
    value = getattr(housing, name, None)
    if value is None or value in ("", [], ()):
        return ""
    if hasattr(value, "_meta"):  # a catalogue row: its name
        return str(value)
    if isinstance(value, list | tuple):
        choices = dict(field.choices)
        return ", ".join(str(choices.get(item, item)) for item in value)
    display = getattr(housing, f"get_{name}_display", None)
    return str(display()) if display else str(value)


def print_housing(pdf: ExpedientPDF, *, expedient, user) -> None:
    from .viewsets.expedient_forms import HousingForm

    housing = Housing.objects.filter(expedient=expedient).first()
    if housing is None:
        pdf.para(_("No housing recorded yet."))
        return
    form = HousingForm(instance=housing, for_user=user, disabled=True)
    pdf.lines(
        (form[name].label, _shown(housing, name, field))
        for name, field in form.fields.items()
        if not field.widget.is_hidden
    )


def _without_deleted_items(history: ExpedientHistory, entries):
    """The History's entries less those about items deleted since (and their
    rows: a resource's beneficiaries): a deleted item never prints. The
    deletion tool's own summary (counts and reason) stays."""
    models = set(history.models.values())
    for model in (m for m in LINKED_MODELS if m in models):
        if not issubclass(model, DeletableItem):
            continue
        pks = list(
            model.all_objects.filter(
                expedient=history.expedient, deleted_at__isnull=False
            ).values_list("pk", flat=True)
        )
        if not pks:
            continue
        entries = entries.exclude(
            content_type_id=history.type_ids[model], object_id__in=pks
        )
        gone = [str(pk) for pk in pks]  # as the entries' changes hold them
        for child, item, field in CHILD_MODELS:
            if item is model and child in history.type_ids:
                about = Q(**{f"changes__{field}__1__in": gone}) | Q(
                    **{f"changes__{field}__0__in": gone}
                )
                rows = LogEntry.objects.filter(
                    about, content_type_id=history.type_ids[child]
                )
                entries = entries.exclude(pk__in=rows.values("pk"))
    return entries


def print_history(pdf: ExpedientPDF, *, expedient, user) -> None:
    history = ExpedientHistory(expedient, user)
    rows = []
    entries = _without_deleted_items(history, history.entries())
    for event in history.build(list(entries)):
        changes = []
        for change in event.changes:
            if getattr(change, "is_list", False):
                text = " ".join(part for part in (change.verb, change.names) if part)
            elif event.entry.action == 0:
                text = str(change.new)
            else:
                text = f"{change.old} -> {change.new}"
            changes.append(f"{change.label}: {text}")
        rows.append(
            (
                print_when(event.entry.timestamp),
                str(event.entry.actor or _("the system")),
                f"{event.action}\n{event.part}",
                "\n".join(changes),
            )
        )
    columns = ((_("When"), 28), (_("Who"), 35), (_("What"), 45), (_("Changes"), 72))
    print_table(pdf, columns, rows, _("No changes recorded."))


# The genogram needs about this much of a page (mm); with less left it
# starts on the next page.
GENOGRAM_ROOM = 110


def print_genogram(pdf: ExpedientPDF, *, expedient, user) -> None:
    """The family as it is on the day of printing (casework.genogram)."""
    from .genogram import draw_genogram, genogram_of

    today = timezone.localdate()
    if pdf.h - pdf.b_margin - pdf.get_y() < GENOGRAM_ROOM:
        pdf.add_page()
        pdf.section(_("Genogram"))
    pdf.para(_("As it was on %(date)s") % {"date": _date(today)})
    draw_genogram(pdf, genogram_of(expedient, on=today), bottom_margin=pdf.b_margin)


SECTIONS: dict[str, Callable] = {
    "cover": print_cover,
    "persons": print_persons,
    "actuacions": print_actuacions,
    "demands": print_demands,
    "problems": print_problems,
    "resources": print_resources,
    "tramits": print_tramits,
    "documents": print_documents,
    "plans": print_plans,
    "housing": print_housing,
    "genogram": print_genogram,
    "history": print_history,
}


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    write: Callable


def printable_sections(user, expedient) -> list[Section]:
    """The sections `user` may print, in the order of the screen's tabs: the
    shared ones (SECTIONS) and the module's own (ModuleSpec.print_sections)."""
    module = get_module(expedient.module)
    sections = []
    for tab in tabs_for(user, expedient):
        write = SECTIONS.get(tab.key) or (module.printer(tab.key) if module else None)
        if write is not None:
            sections.append(Section(tab.key, tab.label, write))
    return sections


TITLE = gettext_lazy("Expedient %(number)s")


def render_expedient(*, expedient, sections: list[Section], user) -> bytes:
    """Return the printed expedient: its title, then each section in turn."""
    pdf = ExpedientPDF(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.header_text = _("%(area)s · Printed by %(name)s on %(date)s") % {
        "area": expedient.area,
        "name": user.get_full_name() or user.get_username(),
        "date": _date(timezone.localdate()),
    }
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    title = TITLE % {"number": expedient.number}
    family = expedient_title(expedient)
    if family:
        title = f"{title}: {family}"
    pdf.multi_cell(WIDTH, 9, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for section in sections:
        pdf.section(str(section.label))
        section.write(pdf, expedient=expedient, user=user)
    return bytes(pdf.output())
