"""The home-care module's data-layer plugs: its scope right, audit trail and
audit subjects. Called once from casework's `AppConfig.ready()` (after the
expedient's audit family is registered). Its scope right is its declaration's
`view_permission` (module.py)."""

from auditlog.registry import auditlog


def register_home_care() -> None:
    from configuration.audit.subjects import (
        EXPEDIENT,
        register_audit_part,
        register_audit_record,
    )

    from .models import (
        HomeCareCase,
        HomeCareDefinition,
        HomeCareEvent,
        HomeCareWorkPlan,
    )

    # Every proposal, decision (with its reason) and change is in the trail.
    auditlog.register(HomeCareCase)
    auditlog.register(HomeCareEvent)
    auditlog.register(HomeCareDefinition, m2m_fields={"tasks"})
    auditlog.register(HomeCareWorkPlan)
    register_audit_record(EXPEDIENT, "casework.HomeCareCase")
    register_audit_part(EXPEDIENT, "casework.HomeCareEvent", "case")
    register_audit_part(EXPEDIENT, "casework.HomeCareWorkPlan", "case")
    register_audit_part(EXPEDIENT, "casework.HomeCareDefinition", "event__case")
