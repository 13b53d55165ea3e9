"""Admin screens (Wagtail viewsets) of the configuration app.

Registered in configuration/wagtail_hooks.py, after each model's permission policy.
"""

from .catalogues import CatalogueGroup, CatalogueViewSet, ReferenceViewSet
from .organisation import (
    PROFESSIONAL_BULK_ACTIONS,
    OrganisationGroup,
    ProfessionalViewSet,
)

__all__ = [
    "PROFESSIONAL_BULK_ACTIONS",
    "CatalogueGroup",
    "CatalogueViewSet",
    "OrganisationGroup",
    "ProfessionalViewSet",
    "ReferenceViewSet",
]
