"""The immigration module's data-layer plugs, registered once from
`CaseworkConfig.ready()`: its permission policies, the audit trail and what
counts as one expedient there, and the information transfer's read-only
message for its actuacions."""

from django.utils.translation import gettext_lazy as _


def register_immigration() -> None:
    from auditlog.registry import auditlog
    from wagtail.permissions import register_permission_policy

    from configuration.audit.subjects import EXPEDIENT, register_audit_part

    from ...services.common import RECORDED_BEFORE_TRANSFER
    from .models import (
        ImmigrationActuacio,
        ImmigrationAttendance,
        ImmigrationCourseClass,
        ImmigrationTrainingModule,
    )
    from .permissions import POLICIES

    for model, policy in POLICIES.items():
        register_permission_policy(model, policy)

    # The case itself is registered with every module's table (apps.py); a
    # child row's save signals name the child model only.
    for model in (
        ImmigrationActuacio,
        ImmigrationTrainingModule,
        ImmigrationCourseClass,
        ImmigrationAttendance,
    ):
        auditlog.register(model)
    register_audit_part(EXPEDIENT, "casework.ImmigrationActuacio", "expedient")
    register_audit_part(EXPEDIENT, "casework.ImmigrationTrainingModule", "expedient")
    register_audit_part(
        EXPEDIENT, "casework.ImmigrationAttendance", "module__expedient"
    )
    RECORDED_BEFORE_TRANSFER["immigrationactuacio"] = RECORDED_BEFORE_TRANSFER[
        "actuacio"
    ]
    RECORDED_BEFORE_TRANSFER["immigrationtrainingmodule"] = _(
        "This module was recorded before the expedient moved to another sector "
        "on %(date)s: it can be read, not changed."
    )
