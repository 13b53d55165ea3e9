from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Casework")

    def ready(self):
        from auditlog.registry import auditlog

        from configuration.holdings import register_holding
        from directory.links import register_person_link

        from . import details, models
        from .custom_forms import register_casework_forms
        from .modules import load_modules, modules
        from .permissions import register_policies
        from .scope import countable_links

        load_modules()
        register_policies()
        register_casework_forms()
        from .explotacio import register_explotacio

        register_explotacio()  # each module's Explotació listings

        # One audit trail: every create, change and delete of an expedient and of
        # everything recorded in it, with the many-to-many person lists.
        auditlog.register(models.Expedient, m2m_fields={"persons"})
        # Each module's table; normalised copies (family_search) are no news.
        for module in modules():
            auditlog.register(
                module.get_model(), exclude_fields=list(module.audit_exclude)
            )
        auditlog.register(models.LinkedPerson)
        auditlog.register(models.Housing)
        auditlog.register(models.GenogramRelative)
        auditlog.register(
            models.Actuacio,
            m2m_fields={
                "related_persons",
                "attendee_persons",
                "attendee_professionals",
            },
        )
        auditlog.register(models.Demand, m2m_fields={"beneficiaries"})
        auditlog.register(models.ProblemRecord, m2m_fields={"beneficiaries"})
        auditlog.register(models.Tramit)
        auditlog.register(models.Resource)
        auditlog.register(models.ResourceBeneficiary)
        auditlog.register(
            models.InterventionPlan, m2m_fields={"referents", "affected_persons"}
        )
        auditlog.register(models.PlanObjective, m2m_fields={"target_persons"})
        auditlog.register(models.Document, m2m_fields={"persons"})
        register_audit_subjects()
        details.register()  # the Registres' sentences for break-glass, access reports
        from .modules.sad.setup import register_home_care

        register_home_care()

        # Each specialised module registers its own data-layer plugs.
        from .modules.siad.registration import register_siad

        register_siad()
        from .modules.immigration.registration import register_immigration

        register_immigration()

        from .modules.eaia.registration import register_eaia

        register_eaia()

        # Everything that points at a person record moves with a merge (and back
        # with its undo); the linked-person row is what counts as an expedient.
        register_person_link(
            "casework.LinkedPerson",
            "person",
            label=_("expedients"),
            unique_with=("expedient",),
            expedient="expedient",
            counted=countable_links,
        )
        register_person_link("casework.Tramit", "holder", label=_("tràmits"))
        register_person_link(
            "casework.ResourceBeneficiary",
            "person",
            label=_("resources"),
            unique_with=("resource",),
        )
        for model, field, owner, label in (
            ("Actuacio", "related_persons", "actuacio", _("actuacions")),
            ("Actuacio", "attendee_persons", "actuacio", _("actuacions")),
            ("Demand", "beneficiaries", "demand", _("demands")),
            ("ProblemRecord", "beneficiaries", "problemrecord", _("problems")),
            ("InterventionPlan", "affected_persons", "interventionplan", _("plans")),
            ("PlanObjective", "target_persons", "planobjective", _("plans")),
            ("Document", "persons", "document", _("documents")),
        ):
            through = getattr(models, model)._meta.get_field(field).remote_field.through
            register_person_link(
                through._meta.label, "person", label=label, unique_with=(owner,)
            )

        # A professional cannot be deregistered while they are the reference
        # professional of an expedient, closed ones included (domain.md §2.3).
        register_holding(
            "casework.expedients",
            label=_("expedients"),
            count=lambda professional: models.Expedient.objects.filter(
                reference_professional=professional
            ).count(),
        )


def register_audit_subjects():
    """What the Registres count as one expedient (configuration/audit): the
    expedient, its module case, and everything recorded in it."""
    from configuration.audit.subjects import (
        EXPEDIENT,
        register_audit_family,
        register_audit_part,
        register_audit_record,
    )

    from .modules import modules

    register_audit_family(
        EXPEDIENT,
        label=_("Expedient"),
        record="casework.Expedient",
        to_field_name="number",
    )
    for module in modules():
        register_audit_record(EXPEDIENT, module.model)
    for model in (
        "LinkedPerson",
        "Housing",
        "Actuacio",
        "Demand",
        "ProblemRecord",
        "Tramit",
        "Resource",
        "InterventionPlan",
        "Document",
    ):
        register_audit_part(EXPEDIENT, f"casework.{model}", "expedient")
    register_audit_part(
        EXPEDIENT, "casework.ResourceBeneficiary", "resource__expedient"
    )
    register_audit_part(EXPEDIENT, "casework.PlanObjective", "plan__expedient")
