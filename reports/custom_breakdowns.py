"""A report's count by a configurable choice field (issue #22).

`choice_count(c, form=…, key=…)` counts the rows of a configurable form (a
module's cover or actuació, a demand, problem, resource, tràmit or plan) by the
code of one of its choice fields (one choice, or several choices), in one
GROUP BY query, as the official returns' tables do (reports.breakdowns):

- the rows are those of the criteria's expedients (`breakdowns.expedients`:
  the user's scope, the area, the sector, team and professional filters, the
  form's module), never the deleted ones (the items' default managers hide
  them), of the period by the counting choice (`in_period`): registered in
  it, or dated in it (an actuació or demand by its date, a tràmit by the day
  it was processed, a problem, resource or plan in force at some point of
  it, a cover by its expedient worked in it, as the expedients' table);
- one choice: a row per code, and "Not recorded" (UNKNOWN) for rows without
  a value; several choices: a row is counted once under each code it holds
  (`jsonb_array_elements_text` on PostgreSQL, `json_each` on SQLite), and
  under "Not recorded" when it holds none;
- the labels are the definition's choices; a code no choice has any longer
  is shown as it is.

`choice_members(c, form=…, key=…, row=…)` is what a cell counted ("explain
this number"): the same rows, filtered by the code.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import F, Q, QuerySet
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from casework.custom_forms import ITEM_FORMS
from casework.enums import Module
from configuration.custom_fields import FORMS
from configuration.custom_filters import JsonListHas
from configuration.models import CHOICE_TYPES, CustomField, CustomFieldType

from .breakdowns import UNKNOWN, Criteria, Table, expedients, worked_expedients

ALL = "all"
PREFIX = "custom_choice."
# The forms whose rows a return counts (the person record's block is not an
# expedient's: it has no period and no sector).
COUNTED_KINDS = ("cover", "actuacio", *ITEM_FORMS)


def counted_forms() -> list[str]:
    return [key for key in FORMS if key.partition(".")[0] in COUNTED_KINDS]


def table_key(form: str, key: str) -> str:
    return f"{PREFIX}{form}.{key}"


def parse_table_key(table: str) -> tuple[str, str] | None:
    """(form, key) of a `choice_count` table's key; None for any other."""
    if not table.startswith(PREFIX):
        return None
    form, _dot, key = table[len(PREFIX) :].rpartition(".")
    return (form, key) if form and key else None


def choice_fields(area_id: int | None):
    """The choice fields a return of `area_id` may count by: the shared ones
    and the area's (the area's own when both have the key), deactivated ones
    included (their values stay); another area's never."""
    area = Q(area__isnull=True)
    if area_id is not None:
        area |= Q(area_id=area_id)
    found = {}
    rows = CustomField.objects.filter(
        area, form__in=counted_forms(), field_type__in=CHOICE_TYPES
    ).order_by(F("area_id").asc(nulls_first=True), "sort_order", "pk")
    for definition in rows:
        found[(definition.form, definition.key)] = definition
    return sorted(found.values(), key=lambda d: (d.form, d.sort_order, d.label.lower()))


def choice_definition(c: Criteria, *, form: str, key: str) -> CustomField | None:
    """The choice field `key` of `form` the area's report may count (shared
    or the area's own; deactivated ones too: their values stay)."""
    return (
        CustomField.objects.for_form(area_id=c.area_id, form=form)
        .filter(key=key, field_type__in=CHOICE_TYPES)
        .order_by(F("area_id").asc(nulls_first=True))
        .last()
    )


def in_force(c: Criteria, start: str, end: str) -> Q:
    """From `start` to `end` (none: still in force), overlapping the period."""
    return Q(**{f"{start}__lte": c.end}) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": c.start})
    )


def in_period(c: Criteria, form: str, rows: QuerySet) -> QuerySet:
    """`rows` of `form` of the period, by the counting choice."""
    if c.registered:
        return rows.filter(c.created_in_period())
    kind = form.partition(".")[0]
    if kind in ("actuacio", "demand"):
        return rows.filter(c.dated_in_period("date"))
    if kind == "tramit":
        return rows.filter(c.dated_in_period("processed_on"))
    if kind == "problem":
        return rows.filter(in_force(c, "starts_on", "ends_on"))
    if kind == "plan":
        return rows.filter(in_force(c, "starts_on", "closed_on"))
    if kind == "resource":
        return rows.alias(from_day=Coalesce("starts_on", "state_changed_on")).filter(
            in_force(c, "from_day", "ends_on")
        )
    raise LookupError(form)


def form_rows(c: Criteria, form: str) -> QuerySet:
    """The rows of `form` the report reads: in the criteria's expedients of
    the form's module, of the period by the counting choice, not deleted."""
    kind, _dot, module = form.partition(".")
    if kind == "cover":
        if c.registered:
            return expedients(c, module).filter(c.created_in_period())
        return worked_expedients(c, module)
    if kind == "actuacio":
        model = FORMS[form].model_class
    elif form in ITEM_FORMS:
        model = FORMS[form].model_class
        module = Module.SSB
    else:
        raise LookupError(form)
    rows = model.objects.filter(
        expedient__in=expedients(c, module).order_by().values("pk")
    )
    return in_period(c, form, rows)


def _codes(definition: CustomField) -> list[tuple[str, str]]:
    return [
        (str(choice.get("code")), str(choice.get("label") or choice.get("code")))
        for choice in definition.choices or ()
    ]


def _grouped(rows: QuerySet, definition: CustomField) -> dict[str, int]:
    """{code: rows} in one GROUP BY query."""
    key = definition.key
    connection = connections[rows.db]
    base_sql, params = rows.order_by().values("pk", "extra").query.sql_with_params()
    postgresql = connection.vendor == "postgresql"
    if definition.field_type == CustomFieldType.MULTIPLE:
        if postgresql:
            sql = (
                "SELECT COALESCE(code.value, %s), COUNT(*) FROM ("  # noqa: S608
                + base_sql
                + ") AS base LEFT JOIN LATERAL jsonb_array_elements_text("
                "CASE WHEN jsonb_typeof(base.extra -> %s) = 'array' "
                "THEN base.extra -> %s ELSE '[]'::jsonb END"
                ") AS code(value) ON TRUE GROUP BY 1"
            )
            params = (UNKNOWN, *params, key, key)
        else:
            sql = (
                "SELECT COALESCE(code.value, %s), COUNT(*) FROM ("  # noqa: S608
                + base_sql
                + ") AS base LEFT JOIN json_each(base.extra, %s) AS code GROUP BY 1"
            )
            params = (UNKNOWN, *params, f'$."{key}"')
    elif postgresql:
        sql = (
            "SELECT COALESCE(base.extra ->> %s, %s), COUNT(*) FROM ("  # noqa: S608
            + base_sql
            + ") AS base GROUP BY 1"
        )
        params = (key, UNKNOWN, *params)
    else:
        sql = (
            "SELECT COALESCE(json_extract(base.extra, %s), %s), COUNT(*) "  # noqa: S608
            "FROM (" + base_sql + ") AS base GROUP BY 1"
        )
        params = (f'$."{key}"', UNKNOWN, *params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {str(code): count for code, count in cursor.fetchall()}


def choice_count(c: Criteria, *, form: str, key: str) -> Table:
    """The rows of `form` counted by the codes of its choice field `key`."""
    definition = choice_definition(c, form=form, key=key)
    if definition is None:
        raise LookupError(key)
    counted = _grouped(form_rows(c, form), definition)
    rows = _codes(definition)
    known = {code for code, _label in rows}
    rows += [(code, code) for code in sorted(counted) if code not in known | {UNKNOWN}]
    rows.append((UNKNOWN, str(_("Not recorded"))))
    return Table(
        key=table_key(form, key),
        title=f"{FORMS[form].label}: {definition.label}",
        row_title=definition.label,
        rows=rows,
        cols=[(ALL, str(_("Count")))],
        cells={(code, ALL): number for code, number in counted.items()},
        help_text=help_text(form, definition),
    )


def help_text(form: str, definition: CustomField) -> str:
    """Where a `choice_count` table comes from (shown under it)."""
    text = _(
        "Rows of the form “%(form)s” in the expedients of the filters, of the "
        "period by the counting choice, by the value of its field “%(field)s”."
    ) % {"form": FORMS[form].label, "field": definition.label}
    if definition.field_type == CustomFieldType.MULTIPLE:
        text += " " + _("A row is counted once under each choice it holds.")
    return str(text)


def choice_members(c: Criteria, *, form: str, key: str, row: str = "") -> QuerySet:
    """What a row of `choice_count` counted: its rows holding the code `row`
    (no value for UNKNOWN; every row for "")."""
    definition = choice_definition(c, form=form, key=key)
    if definition is None:
        raise LookupError(key)
    rows = form_rows(c, form)
    if not row:
        return rows
    value = KeyTransform(key, "extra")
    if row == UNKNOWN:
        empty = Q(**{f"extra__{key}__isnull": True})
        if definition.field_type == CustomFieldType.MULTIPLE:
            empty |= Q(**{f"extra__{key}": []})
        return rows.filter(empty)
    if definition.field_type == CustomFieldType.MULTIPLE:
        return rows.filter(JsonListHas(value, row))
    return rows.filter(**{f"extra__{key}": row})
