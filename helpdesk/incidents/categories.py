"""What each incident category asks for (domain.md §6.2), defined once.

`Incident.details` holds a category's answers as a flat JSON dict; the model's
`clean()` checks it against `SCHEMAS` and the new-incident form builds its
fields from the same specs, so the two cannot drift apart.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..enums import IncidentCategory

TEXT, LONG_TEXT, EMAIL, FLAG = "text", "long_text", "email", "flag"
MAX_LENGTH = {TEXT: 200, LONG_TEXT: 2000, EMAIL: 254}


@dataclass(frozen=True)
class DetailField:
    name: str
    label: str
    kind: str = TEXT
    required: bool = True
    help_text: str = ""


C = IncidentCategory
SCHEMAS: dict[str, tuple[DetailField, ...]] = {
    C.NEW_PROFESSIONAL: (
        DetailField("full_name", _("Name and surnames")),
        DetailField("document", _("NIF, NIE or passport")),
        DetailField("email", _("Corporate e-mail"), EMAIL),
        DetailField("role", _("Role")),
        DetailField("team", _("Team and sector")),
        DetailField(
            "fse_category",
            _("FSE category (A, B or C)"),
            required=False,
            help_text=_("Only for immigration technicians."),
        ),
        DetailField(
            "mobile",
            _("Mobile phone"),
            required=False,
            help_text=_("To send the initial password, if wanted."),
        ),
    ),
    C.MERGE_PERSONS: (
        DetailField("keep_record", _("Person record to keep (number)")),
        DetailField("merge_record", _("Person record to merge into it (number)")),
    ),
    C.MERGE_EXPEDIENTS: (
        DetailField("keep_expedient", _("Expedient to keep (number)")),
        DetailField("merge_expedient", _("Expedient to merge into it (number)")),
    ),
    C.MASS_TRANSFER: (
        DetailField("from_professional", _("From professional")),
        DetailField("to_professional", _("To professional")),
        DetailField(
            "closed_expedients", _("Closed expedients too"), FLAG, required=False
        ),
        DetailField(
            "deceased_records",
            _("Person records of deceased persons too"),
            FLAG,
            required=False,
        ),
        DetailField("agenda", _("The agenda too"), FLAG, required=False),
    ),
    C.DELETE_EXPEDIENTS: (
        DetailField("expedients", _("Expedient numbers"), LONG_TEXT),
        DetailField(
            "nothing_attached",
            _("I checked that nothing is attached (resources, tràmits…)"),
            FLAG,
        ),
    ),
    C.DATA_CORRECTION: (
        DetailField("record", _("Expedient or person record (number)")),
        DetailField("correction", _("What must change"), LONG_TEXT),
    ),
    C.LISTING_REQUEST: (
        DetailField("listing", _("What the listing must contain"), LONG_TEXT),
        DetailField("period", _("Period"), required=False),
    ),
    C.NEW_SECTOR: (
        DetailField("municipality", _("Municipality")),
        DetailField("change", _("Sector or subsector to create or change"), LONG_TEXT),
    ),
    C.CANNOT_RECORD: (
        DetailField("expedient", _("Expedient number")),
        DetailField("item", _("What cannot be recorded (actuació, demand…)")),
        DetailField("message", _("Message shown, if any"), required=False),
    ),
    C.OTHER: (),
}


def _value_error(spec: DetailField, value) -> str | None:
    if spec.kind == FLAG:
        if not isinstance(value, bool):
            return gettext("Expected yes or no.")
        return None if value or not spec.required else gettext("Must be ticked.")
    if not isinstance(value, str):
        return gettext("Expected text.")
    if len(value) > MAX_LENGTH[spec.kind]:
        return gettext("Too long.")
    if spec.required and not value.strip():
        return gettext("This field is required.")
    if spec.kind == EMAIL and value:
        try:
            validate_email(value)
        except ValidationError:
            return gettext("Enter a valid e-mail address.")
    return None


def validate_details(category: str, details) -> None:
    """Refuse details that do not match the category's fields, naming each one."""
    if not isinstance(details, dict):
        raise ValidationError({"details": gettext("Expected a set of fields.")})
    specs = {spec.name: spec for spec in SCHEMAS.get(category, ())}
    errors = [
        gettext("Unexpected field: %(name)s.") % {"name": name}
        for name in sorted(set(details) - set(specs))
    ]
    for name, spec in specs.items():
        if name not in details:
            if spec.required:
                errors.append(f"{spec.label}: {gettext('This field is required.')}")
            continue
        message = _value_error(spec, details[name])
        if message:
            errors.append(f"{spec.label}: {message}")
    if errors:
        raise ValidationError({"details": errors})


def detail_rows(category: str, details: dict) -> list[tuple[str, object]]:
    """(label, value) pairs to show an incident's details in the schema's order."""
    return [
        (spec.label, details[spec.name])
        for spec in SCHEMAS.get(category, ())
        if spec.name in details
    ]
