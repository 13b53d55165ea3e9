"""The casework forms an area may extend with its own fields (issue #22).

Each module's cover ("cover.<module>", values in `Expedient.extra`), each
module's actuació ("actuacio.<module>", in `Actuacio.extra`), and the demand,
problem, resource, tràmit and plan forms. Registered in CaseworkConfig.ready.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from configuration.custom_fields import FormSpec, register_form, register_form_finder

from .enums import Module

# The modules whose expedients record actuacions of their own kind.
ACTUACIO_MODULES = (Module.SSB, Module.SIAD, Module.IMMIGRATION, Module.EAIA)

# The parts of a module's cover a field may go in (its edit panels' groups:
# ssb.viewsets.cover_panels, eaia.screens.cover_panels).
TERRITORY = ("territory", _("Territory and professionals"))
COVER_SECTIONS = {
    Module.SSB: (
        ("household", _("Household")),
        TERRITORY,
        ("situation", _("Situation")),
    ),
    Module.EAIA: (
        ("priority", _("Priority")),
        ("report", _("Report to DGAIA/SAIA")),
        ("synthesis", _("Case synthesis")),
        TERRITORY,
    ),
}

# The parts of the other forms (the resource's energy-poverty block).
ITEM_SECTIONS = {
    "resource": (("energy", _("Energy poverty (household supplies, 2.3.7)")),),
}

# Forms that are not per module: key → (label, model, optional standard fields).
ITEM_FORMS = {
    "demand": (_("Demand"), "casework.Demand", ("actuacio",)),
    "problem": (_("Problem"), "casework.ProblemRecord", ()),
    "resource": (
        _("Resource"),
        "casework.Resource",
        ("promoting_entity", "amount", "target_group", "ends_on"),
    ),
    "tramit": (_("Tràmit"), "casework.Tramit", ()),
    "plan": (_("Intervention plan"), "casework.InterventionPlan", ()),
}


def register_casework_forms() -> None:
    for module in Module:
        register_form(
            FormSpec(
                key=f"cover.{module.value}",
                label=format_lazy("{}: {}", _("Cover"), module.label),
                model="casework.Expedient",
                sections=COVER_SECTIONS.get(module, ()),
            )
        )
    for module in ACTUACIO_MODULES:
        register_form(
            FormSpec(
                key=f"actuacio.{module.value}",
                label=format_lazy("{}: {}", _("Actuació"), module.label),
                model="casework.Actuacio",
            )
        )
    for key, (label, model, optional) in ITEM_FORMS.items():
        register_form(
            FormSpec(
                key=key,
                label=label,
                model=model,
                sections=ITEM_SECTIONS.get(key, ()),
                optional_fields=optional,
            )
        )

    register_form_finder(forms_of_model)


def forms_of_model(model) -> list[str] | None:
    """The configurable forms of rows of `model` (the Registres read a change
    of `extra` with them): a module's table, its cover; the shared expedient
    table, every cover; an actuació, its module's (SSB's for the shared
    table); an item, its form. None for a model that is not casework's."""
    from .models import Expedient
    from .modules import module_of_model

    if model._meta.app_label != "casework":
        return None
    module = module_of_model(model)
    if module is not None:
        return [f"cover.{module.key}"]
    if issubclass(model, Expedient):
        return [f"cover.{module}" for module in Module]
    if issubclass(model, _actuacio_model()):
        parts = model.__module__.split(".")  # casework.modules.<key>.models
        key = parts[2] if parts[:2] == ["casework", "modules"] else Module.SSB
        return [f"actuacio.{key}"]
    key = model_form_key(model, "")
    return [key] if key else []


def item_form_key(instance) -> str:
    """The configurable form of an item row (actuacions: per module)."""
    label = type(instance)._meta.concrete_model._meta.label
    expedient = getattr(instance, "expedient", None)
    if isinstance(instance, _actuacio_model()):
        module = getattr(expedient, "module", None) or Module.SSB
        return f"actuacio.{module}"
    for key, (_label, model, _optional) in ITEM_FORMS.items():
        if model == label:
            return key
    return ""


def model_form_key(model, module: str) -> str:
    """The configurable form of rows of `model` in an expedient of `module`
    (the History reads `extra` changes with it): the cover for the expedient
    and its module's table, the module's actuació, else the item's form."""
    from .models import Expedient

    if issubclass(model, Expedient):
        return f"cover.{module}"
    if issubclass(model, _actuacio_model()):
        return f"actuacio.{module}"
    label = model._meta.concrete_model._meta.label
    for key, (_label, form_model, _optional) in ITEM_FORMS.items():
        if form_model == label:
            return key
    return ""


def _actuacio_model():
    from .models import Actuacio

    return Actuacio
