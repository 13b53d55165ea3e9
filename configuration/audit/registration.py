"""The configuration models in the one audit trail (style.md G16).

Professionals (with their roles, the groups, and their teams), the organisation
and the catalogues: every create, change and delete, with the acting professional
and the changed fields. A professional's identity document and phone are masked
in the stored diffs; the password hash and the last sign-in time are left out
(a sign-in is its own entry, `signins`), so signing in writes no change.
"""

from auditlog.registry import auditlog

PROFESSIONAL_MASKED = ["identity_document", "phone"]
PROFESSIONAL_EXCLUDED = ("password", "last_login")


def own_fields(model, *excluded: str) -> list[str]:
    """The model's own columns: without this auditlog also lists every reverse
    relation (a professional's comments, revisions, tokens…) in each diff."""
    return [f.name for f in model._meta.concrete_fields if f.name not in excluded]


def register_audited_models() -> None:
    from ..models import (
        CATALOGUE_MODELS,
        Area,
        AreaSettings,
        Country,
        CustomField,
        DocumentTemplate,
        LocalBody,
        Municipality,
        Province,
        Sector,
        StandardFieldRule,
        Subsector,
        Team,
        User,
        WorkSchedule,
    )

    auditlog.register(
        User,
        include_fields=own_fields(User, *PROFESSIONAL_EXCLUDED),
        mask_fields=PROFESSIONAL_MASKED,
        m2m_fields={"groups", "teams"},
    )
    auditlog.register(Team, include_fields=own_fields(Team), m2m_fields={"sectors"})
    for model in (
        LocalBody,
        Area,
        AreaSettings,
        Sector,
        Subsector,
        WorkSchedule,
        *CATALOGUE_MODELS,
        DocumentTemplate,
        Country,
        Province,
        Municipality,
        CustomField,
        StandardFieldRule,
    ):
        auditlog.register(model, include_fields=own_fields(model))
