"""Write side of the configurable forms' definitions (issue #22).

Coordinators shape their area's forms and superusers the shared definitions
(configuration.custom_fields has the read side). Every write goes through these
services: keyword-only, atomic, audited (the models are in the audit trail;
imports also write one summary entry).

The rules a definition keeps:
- its key is lowercase, unique on its form for its area, and no area's key
  clashes with a shared one; once saved, neither key nor form nor area change
  (the values are kept under the key);
- its type changes only while no row holds a value for it;
- one or several choices need at least one choice, with distinct codes, and a
  code in use cannot be taken away; a catalogue entry names its catalogue;
- labels change freely: values stay under the key.
"""

from __future__ import annotations

import datetime
import json

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .audit.details import register_audit_sentence
from .audit.trail import log_summary
from .custom_fields import FORMS, catalogue_choices, section_choices
from .models import Area, CustomField, CustomFieldType, StandardFieldRule
from .models.forms import CHOICE_TYPES, key_validator
from .versioning import save_versioned

EXPORT_FORMAT = "llar-form-fields"
EXPORT_VERSION = 1
IMPORT_EVENT = "form_fields_import"
DEFINITION_FIELDS = (
    "key",
    "label_ca",
    "label_es",
    "label_en",
    "help_text",
    "field_type",
    "required",
    "choices",
    "catalogue",
    "section",
)


# --- where a definition's values are --------------------------------------------


def _area_lookup(model) -> str:
    lookup = getattr(model, "area_lookup", None)
    if lookup:
        return lookup
    names = {field.name for field in model._meta.get_fields()}
    if "area" in names:
        return "area"
    return "expedient__area"


def _module_filter(model, form: str) -> Q:
    """Covers and actuacions are per module: the module's rows only."""
    kind, _dot, module = form.partition(".")
    if not module:
        return Q()
    if kind == "cover":
        return Q(module=module)
    return Q(expedient__module=module)


def rows_with_values(definition: CustomField) -> models.QuerySet:
    """The rows of the definition's form that hold a value under its key: its
    area's rows (every area's for a shared definition), deleted items too."""
    spec = FORMS.get(definition.form)
    if spec is None or not definition.key:
        return CustomField.objects.none()
    model = spec.model_class
    rows = model._base_manager.filter(
        _module_filter(model, definition.form), extra__has_key=definition.key
    )
    if definition.area_id is not None:
        rows = rows.filter(**{_area_lookup(model): definition.area_id})
    return rows


def codes_in_use(definition: CustomField) -> set[str]:
    """The choice codes the rows hold for the definition's key."""
    used: set[str] = set()
    for value in rows_with_values(definition).values_list(
        f"extra__{definition.key}", flat=True
    ):
        values = value if isinstance(value, list) else [value]
        used.update(str(code) for code in values if code is not None)
    return used


# --- checks ------------------------------------------------------------------------


def parse_choices(text: str) -> list[dict]:
    """ "code|label" lines as choices; a line without "|" is its own label."""
    choices = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        code, bar, label = line.partition("|")
        code = code.strip()
        label = label.strip() if bar else code
        choices.append({"code": code, "label": label or code})
    return choices


def choices_text(choices) -> str:
    return "\n".join(f"{c.get('code', '')}|{c.get('label', '')}" for c in choices or ())


def _check_choices(definition: CustomField, stored: CustomField | None) -> dict:
    if definition.field_type not in CHOICE_TYPES:
        return {}
    codes = [str(choice.get("code") or "").strip() for choice in definition.choices]
    if not codes:
        return {"choices": _("Give at least one choice.")}
    if any(not code for code in codes):
        return {"choices": _("Every choice needs a code.")}
    repeated = sorted({code for code in codes if codes.count(code) > 1})
    if repeated:
        return {
            "choices": _("Each choice needs its own code; repeated: %(codes)s.")
            % {"codes": ", ".join(repeated)}
        }
    if stored is not None and stored.field_type in CHOICE_TYPES:
        removed = {str(c.get("code")) for c in stored.choices or ()} - set(codes)
        in_use = sorted(removed & codes_in_use(stored)) if removed else []
        if in_use:
            return {
                "choices": _(
                    "These choices are recorded on some rows and cannot be "
                    "taken away: %(codes)s. Change their label instead."
                )
                % {"codes": ", ".join(in_use)}
            }
    return {}


def _key_taken(definition: CustomField) -> bool:
    same = CustomField.objects.filter(form=definition.form, key=definition.key)
    if definition.pk:
        same = same.exclude(pk=definition.pk)
    if definition.area_id is None:
        return same.exists()  # a shared key clashes with any area's
    return same.filter(Q(area__isnull=True) | Q(area_id=definition.area_id)).exists()


def _check_saved(definition: CustomField, stored: CustomField, add) -> None:
    """What cannot change once saved: the key, form and area the values are
    kept under, and the type once some row holds a value."""
    if definition.key != stored.key:
        add(
            "key",
            _("The key cannot change once saved: the values are kept under it."),
        )
    if definition.form != stored.form:
        add("form", _("The form cannot change once saved."))
    if definition.area_id != stored.area_id:
        add("area", _("The area cannot change once saved."))
    changed_type = definition.field_type != stored.field_type
    if changed_type and rows_with_values(stored).exists():
        add(
            "field_type",
            _(
                "Some rows already hold a value for this field, so its type "
                "cannot change. Deactivate it and add a new field instead."
            ),
        )


def _check(definition: CustomField, stored: CustomField | None) -> None:
    errors: dict[str, list] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if definition.form not in FORMS:
        add("form", _("Choose one of the forms."))
    try:
        key_validator(definition.key or "")
    except ValidationError as error:
        add("key", error.messages[0])
    if stored is not None:
        _check_saved(definition, stored, add)
    if "key" not in errors and definition.form in FORMS and _key_taken(definition):
        add(
            "key",
            _("This form already has a field with this key (yours or a shared one)."),
        )
    _check_content(definition, add)
    for field, message in _check_choices(definition, stored).items():
        add(field, message)
    if errors:
        raise ValidationError(errors)


def _check_content(definition: CustomField, add) -> None:
    known_sections = {key for key, _label in section_choices(definition.form)}
    if definition.section not in known_sections:
        add("section", _("Choose one of the form's sections."))
    catalogues = dict(catalogue_choices())
    if (
        definition.field_type == CustomFieldType.CATALOGUE
        and definition.catalogue not in catalogues
    ):
        add("catalogue", _("Choose the catalogue its entries come from."))
    if not (definition.label_ca or "").strip():
        add("label_ca", _("Give the field a label in Catalan."))


def _tidy(definition: CustomField) -> None:
    if definition.field_type not in CHOICE_TYPES:
        definition.choices = []
    else:
        definition.choices = [
            {"code": str(c.get("code")).strip(), "label": str(c.get("label")).strip()}
            for c in definition.choices
        ]
    if definition.field_type != CustomFieldType.CATALOGUE:
        definition.catalogue = ""


def _area_for(acting_user, area: Area | None) -> Area | None:
    """Coordinators write their own area's definitions; superusers any."""
    if acting_user.is_superuser:
        return area
    if acting_user.area_id is None:
        raise ValidationError(_("You have no area to shape forms for."))
    if area is not None and area.pk != acting_user.area_id:
        raise ValidationError(_("You may only shape your own area's forms."))
    return acting_user.area


# --- services -------------------------------------------------------------------------


@transaction.atomic
def custom_field_save(
    *,
    definition: CustomField,
    acting_user,
    expected_version: int | None = None,
) -> CustomField:
    """Create or change a definition (unsaved changes on `definition`).

    A new definition joins the acting user's area (superusers choose, empty
    for shared) and goes last on its form."""
    stored = None
    if definition.pk:
        stored = CustomField.objects.select_for_update().get(pk=definition.pk)
    elif not acting_user.is_superuser:
        definition.area = _area_for(acting_user, definition.area)
    _check(definition, stored)
    _tidy(definition)
    if stored is None:
        highest = CustomField.objects.filter(
            area_id=definition.area_id, form=definition.form
        ).aggregate(Max("sort_order"))["sort_order__max"]
        definition.sort_order = (highest or 0) + 1
    return save_versioned(
        obj=definition, expected_version=expected_version, acting_user=acting_user
    )


@transaction.atomic
def custom_field_deactivate(
    *, definition: CustomField, acting_user, on: datetime.date | None = None
) -> CustomField:
    """Take a field off its form from `on` (today); its values stay."""
    if definition.deactivated_on is not None:
        raise ValidationError(_("This field is already deactivated."))
    definition.deactivated_on = on or timezone.localdate()
    return save_versioned(
        obj=definition, expected_version=None, acting_user=acting_user
    )


@transaction.atomic
def custom_field_reactivate(*, definition: CustomField, acting_user) -> CustomField:
    """Put a deactivated field back on its form."""
    if definition.deactivated_on is None:
        raise ValidationError(_("This field is active."))
    definition.deactivated_on = None
    return save_versioned(
        obj=definition, expected_version=None, acting_user=acting_user
    )


@transaction.atomic
def custom_field_move(*, definition: CustomField, acting_user, up: bool) -> None:
    """Move a field one place up or down among its form's fields of its area."""
    siblings = list(
        CustomField.objects.select_for_update()
        .filter(area_id=definition.area_id, form=definition.form)
        .order_by("sort_order", "pk")
    )
    index = next(i for i, row in enumerate(siblings) if row.pk == definition.pk)
    other = index - 1 if up else index + 1
    if other < 0 or other >= len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, row in enumerate(siblings, start=1):
        if row.sort_order != position:
            row.sort_order = position
            save_versioned(obj=row, expected_version=None, acting_user=acting_user)


@transaction.atomic
def standard_field_rules_save(
    *, area: Area, form: str, rules: dict[str, tuple[bool, bool]], acting_user
) -> list[StandardFieldRule]:
    """Set, for each optional standard field of `form`, whether `area`'s form
    shows it and whether it requires it (a hidden field is never required)."""
    area = _area_for(acting_user, area)
    spec = FORMS.get(form)
    if spec is None or area is None:
        raise ValidationError(_("Choose one of the forms."))
    unknown = set(rules) - set(spec.optional_fields)
    if unknown:
        raise ValidationError(
            _("These fields cannot be hidden or required: %(names)s.")
            % {"names": ", ".join(sorted(unknown))}
        )
    saved = []
    for name in spec.optional_fields:
        shown, required = rules.get(name, (True, False))
        rule, _created = StandardFieldRule.objects.get_or_create(
            area=area, form=form, field_name=name
        )
        required = bool(required and shown)
        if (rule.shown, rule.required) != (bool(shown), required):
            rule.shown, rule.required = bool(shown), required
            rule.save()
        saved.append(rule)
    return saved


# --- export and import --------------------------------------------------------------


def definitions_export(*, area: Area | None, form: str) -> dict:
    """One area's (None: the shared) definitions of a form, as JSON data."""
    rows = CustomField.objects.filter(form=form, area=area).order_by("sort_order", "pk")
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "form": form,
        "fields": [
            {
                **{name: getattr(row, name) for name in DEFINITION_FIELDS},
                "active_from": row.active_from.isoformat(),
                "deactivated_on": (
                    row.deactivated_on.isoformat() if row.deactivated_on else None
                ),
            }
            for row in rows
        ],
    }


def _import_error(number: int, error: ValidationError) -> ValidationError:
    if hasattr(error, "message_dict"):
        parts = [
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        ]
    else:
        parts = error.messages
    return ValidationError(
        _("Field %(number)s: %(error)s") % {"number": number, "error": " ".join(parts)}
    )


def _read_date(value, default):
    if value in (None, ""):
        return default
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise ValidationError(_("A date is not in the form aaaa-mm-dd.")) from error


def _definition_from(data: dict, *, area: Area | None, form: str) -> CustomField:
    if not isinstance(data, dict):
        raise ValidationError(_("Each field is a JSON object."))
    definition = CustomField(area=area, form=form)
    for name in DEFINITION_FIELDS:
        if name in data:
            setattr(definition, name, data[name])
    if not isinstance(definition.choices, list) or not all(
        isinstance(choice, dict) for choice in definition.choices
    ):
        raise ValidationError({"choices": _("Choices are a list of {code, label}.")})
    if definition.field_type not in CustomFieldType.values:
        raise ValidationError({"field_type": _("Unknown type.")})
    for name in ("key", "label_ca", "label_es", "label_en", "help_text", "section"):
        value = getattr(definition, name)
        setattr(definition, name, "" if value is None else str(value))
    definition.catalogue = str(definition.catalogue or "")
    definition.required = bool(definition.required)
    definition.active_from = _read_date(data.get("active_from"), timezone.localdate())
    definition.deactivated_on = _read_date(data.get("deactivated_on"), None)
    return definition


NOT_AN_EXPORT = _lazy("The file is not a JSON export of form fields.")


def read_export(content: bytes | str) -> dict:
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError) as error:
        raise ValidationError(
            _("The file is not a JSON export of form fields.")
        ) from error
    if (
        not isinstance(data, dict)
        or data.get("format") != EXPORT_FORMAT
        or not isinstance(data.get("fields"), list)
    ):
        raise ValidationError(NOT_AN_EXPORT)
    return data


@transaction.atomic
def definitions_import(
    *, data: dict, area: Area | None, acting_user
) -> list[CustomField]:
    """Add a form's exported definitions to `area` (None: shared, superusers):
    every field or none. A field whose key the form already has, or that breaks
    a rule, refuses the whole file with that field's error."""
    area = _area_for(acting_user, area)
    form = data.get("form")
    if form not in FORMS:
        raise ValidationError(_("The file names a form Llar does not have."))
    created = []
    for number, row in enumerate(data.get("fields") or (), start=1):
        try:
            definition = _definition_from(row, area=area, form=form)
            created.append(
                custom_field_save(definition=definition, acting_user=acting_user)
            )
        except ValidationError as error:
            raise _import_error(number, error) from error
    log_summary(
        user=acting_user,
        model=CustomField,
        event=IMPORT_EVENT,
        form=form,
        area=area.pk if area else None,
        rows=len(created),
    )
    return created


def _import_sentence(data: dict, record: str) -> str:
    spec = FORMS.get(data.get("form") or "")
    return _("Imported %(rows)s fields into the form %(form)s.") % {
        "rows": data.get("rows", 0),
        "form": spec.label if spec else "",
    }


register_audit_sentence(IMPORT_EVENT, _import_sentence)
