"""The placeholders of the areas' document templates (domain.md §3.3.8,
§3.3.10), and the sandboxed engine that fills them.

A template's text names what it needs between double braces,
`{{ persona.nom }}`, and only the names of `PLACEHOLDERS` are known: nothing
else is evaluated. There is no template language behind them (no tags, no
filters, no attribute lookups on objects): a placeholder is looked up in a
dictionary of plain strings that the caller built from the records
(casework.services.templates), so a text such as `{{ ''.__class__ }}` is
refused on saving and, were it ever stored, is written out as it stands.

The names are Catalan words whatever the language of the screens: they are
what the coordinators type.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Placeholder:
    name: str
    label: str


PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder("persona.nom", _("The person's given name")),
    Placeholder("persona.cognoms", _("The person's surnames")),
    Placeholder("persona.nom_complet", _("The person's full name")),
    Placeholder("persona.document", _("The person's identity document number")),
    Placeholder("persona.data_naixement", _("The person's birth date (dd/mm/aaaa)")),
    Placeholder("persona.adreca", _("The person's address")),
    Placeholder("persona.telefon", _("The person's phone")),
    Placeholder("expedient.numero", _("The expedient's number")),
    Placeholder("expedient.titol", _("The expedient's title (family name)")),
    Placeholder("expedient.servei", _("The expedient's service (SSB, SAD…)")),
    Placeholder("expedient.data_obertura", _("The expedient's opening date")),
    Placeholder(
        "expedient.professional_referencia", _("The expedient's reference professional")
    ),
    Placeholder("professional.nom", _("The name of the professional who generates it")),
    Placeholder("professional.telefon", _("The professional's phone")),
    Placeholder("professional.correu", _("The professional's e-mail")),
    Placeholder("area.nom", _("The area's name")),
    Placeholder("avui", _("Today's date (dd/mm/aaaa)")),
)
NAMES = frozenset(placeholder.name for placeholder in PLACEHOLDERS)

# Whatever stands between double braces (on one line), trimmed.
PATTERN = re.compile(r"\{\{([^{}\n]*)\}\}")


def used_placeholders(text: str) -> list[str]:
    """The placeholders `text` names (known or not), in order, once each."""
    seen: dict[str, None] = {}
    for match in PATTERN.finditer(text or ""):
        seen.setdefault(match.group(1).strip(), None)
    return list(seen)


def validate_placeholders(text: str) -> None:
    """Refuse a text naming a placeholder that is not one of PLACEHOLDERS, or
    with braces that open a placeholder and never close it; the message lists
    the valid ones."""
    unknown = [name for name in used_placeholders(text) if name not in NAMES]
    stray = PATTERN.sub("", text or "")
    if not unknown and "{{" not in stray and "}}" not in stray:
        return
    valid = ", ".join(f"{{{{ {name} }}}}" for name in sorted(NAMES))
    if unknown:
        message = gettext(
            "Not a placeholder: %(names)s. The valid ones are: %(valid)s."
        ) % {
            "names": ", ".join(f"{{{{ {name} }}}}" for name in unknown),
            "valid": valid,
        }
    else:
        message = gettext(
            "A placeholder is written between double braces on one line, as "
            "{{ persona.nom }}. The valid ones are: %(valid)s."
        ) % {"valid": valid}
    raise ValidationError(message, code="placeholder")


# What a placeholder without a value prints: a line to fill in by hand, as on
# a paper form (a person without a document number, a professional without a
# phone), rather than nothing, which left "(document )".
BLANK = "__________"


def render_placeholders(text: str, values: dict[str, str]) -> str:
    """`text` with each known placeholder replaced by its value in `values`
    (missing or empty: BLANK, to fill in by hand); anything else between
    braces stays as it is."""

    def replace(match: re.Match) -> str:
        name = match.group(1).strip()
        if name not in NAMES:
            return match.group(0)
        return str(values.get(name) or BLANK)

    return PATTERN.sub(replace, text or "")


def blocks(text: str) -> list[tuple[str, str]]:
    """The template's structure: ("heading", text) for a line starting with
    "# ", ("paragraph", text) for the lines between blank lines (their line
    breaks kept)."""
    found: list[tuple[str, str]] = []
    lines: list[str] = []

    def close() -> None:
        if lines:
            found.append(("paragraph", "\n".join(lines)))
            lines.clear()

    for line in (text or "").replace("\r\n", "\n").split("\n"):
        if line.startswith("# "):
            close()
            found.append(("heading", line[2:].strip()))
        elif not line.strip():
            close()
        else:
            lines.append(line.rstrip())
    close()
    return found
