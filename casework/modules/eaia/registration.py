"""The EAIA module's data-layer plugs, registered once from `CaseworkConfig.ready()`:
its item policies, the audit trail and what counts as one expedient there, the
person links a merge moves, and the information transfer's read-only message
for its items. Screen plugs are wired by the casework screens."""

from django.utils.translation import gettext_lazy as _


def register_eaia() -> None:
    from auditlog.registry import auditlog
    from wagtail.permissions import register_permission_policy

    from configuration.audit.subjects import EXPEDIENT, register_audit_part
    from directory.links import register_person_link

    from ...services.common import RECORDED_BEFORE_TRANSFER
    from .models import EaiaActuacio, EaiaEvolution
    from .permissions import POLICIES

    for model, policy in POLICIES.items():
        register_permission_policy(model, policy)
    # The expedient's table is registered with every module's (casework.apps).
    for model in (EaiaEvolution, EaiaActuacio):
        auditlog.register(model)
    register_audit_part(EXPEDIENT, "casework.EaiaEvolution", "expedient")
    register_audit_part(EXPEDIENT, "casework.EaiaActuacio", "expedient")
    register_person_link(
        "casework.EaiaEvolution", "person", label=_("EAIA Evolució periods")
    )
    RECORDED_BEFORE_TRANSFER.update(
        {
            "eaiaactuacio": RECORDED_BEFORE_TRANSFER["actuacio"],
            "eaiaevolution": _(
                "This period was recorded before the expedient moved to another "
                "sector on %(date)s: it can be read, not changed."
            ),
        }
    )
