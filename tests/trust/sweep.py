"""What the resolver-driven tests share: every admin URL pattern, and for each
of its keyword arguments one representative value of the role users' area,
one of another area and one that does not exist.

Nothing here lists screens by hand: the patterns come from Django's URL
resolver, the model behind a `pk` from the view (Wagtail's viewsets pass it
as `model`, custom views set `model`), and a row of an area from the model's
own area lookup. Only arguments the resolver cannot tie to a model are named
below (`KWARG_MODELS`, `KWARG_VALUES`), and a new one the tables do not know
fails the sweep instead of being skipped.
"""

import re
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, FieldError
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver

UNKNOWN_ID = 987_654_321

# Patterns no request of the sweep may open: signing out ends the session;
# the catch-all and the API's regex routes take no keyword a test can fill.
SKIPPED = {
    "wagtailadmin_logout",
    "wagtailadmin_password_reset_confirm",  # a token, not an id
}

# Keyword arguments whose model the view does not say, by name.
KWARG_MODELS = {
    "person": "directory.Person",
    "a": "directory.Person",
    "b": "directory.Person",
    "page_id": "wagtailcore.Page",
    "parent_page_id": "wagtailcore.Page",
    "page_to_move_id": "wagtailcore.Page",
    "destination_id": "wagtailcore.Page",
    "page_pk": "wagtailcore.Page",
    "revision_id": "wagtailcore.Revision",
    "workflow_pk": "wagtailcore.Workflow",
    "workflow_state_id": "wagtailcore.WorkflowState",
    "task_state_id": "wagtailcore.TaskState",
    "task_id": "wagtailcore.Task",
    "collection_id": "wagtailcore.Collection",
    "document_id": "wagtaildocs.Document",
    "doc_id": "wagtaildocs.Document",
    "image_id": "wagtailimages.Image",
    "uploaded_file_id": "wagtailcore.UploadedFile",
    "redirect_id": "wagtailredirects.Redirect",
    "restriction_id": "wagtailcore.PageViewRestriction",
    "page_view_restriction_id": "wagtailcore.PageViewRestriction",
    "session_id": "wagtailadmin.EditingSession",
    "message_pk": "helpdesk.IncidentMessage",
    "assignment": "casework.SiadTrainingAssignment",
    "plan": "casework.HomeCareWorkPlan",
    "period": "casework.EaiaEvolution",
    "relative": "casework.GenogramRelative",
}
# The model of `pk` in patterns whose view does not name it, by URL name.
PK_MODELS = {
    "directory_unmerge": "directory.PersonMerge",
    "casework_expedient": "casework.Expedient",
    "casework_expedient_close": "casework.Expedient",
    "casework_expedient_reopen": "casework.Expedient",
    "casework_expedient_person_add": "casework.Expedient",
    "casework_expedient_main": "casework.Expedient",
    "casework_expedient_reference": "casework.Expedient",
    "casework_expedient_unlink": "casework.Expedient",
    "casework_expedient_housing": "casework.Expedient",
    "casework_expedient_housing_copy": "casework.Expedient",
    "casework_expedient_break_glass": "casework.Expedient",
    "casework_expedient_print": "casework.Expedient",
    "casework_expedient_genogram_svg": "casework.Expedient",
    "casework_expedient_genogram_pdf": "casework.Expedient",
    "casework_expedient_genogram_add": "casework.Expedient",
    "casework_expedient_genogram_remove": "casework.Expedient",
    "casework_plan_agreement": "casework.InterventionPlan",
    "casework_document_download": "casework.Document",
    "casework_document_generate": "casework.Expedient",
    "casework_sad_agreement": "casework.HomeCareCase",
    "casework_person_access_report": "directory.Person",
    "agenda_move": "agenda.Appointment",
    "agenda_appointment": "agenda.Appointment",
    "agenda_appointment_edit": "agenda.Appointment",
    "agenda_appointment_outcome": "agenda.Appointment",
    "agenda_appointment_cancel": "agenda.Appointment",
    "agenda_reminder": "agenda.Appointment",
    "agenda_receipt": "agenda.Appointment",
    "helpdesk_alerts:dismiss": "casework.Resource",
    "helpdesk_tools:professional_transfer": "configuration.User",
    "helpdesk_tools:password_reset": "configuration.User",
    "helpdesk_tools:expedient_transfer": "casework.Expedient",
    "helpdesk_tools:items_move": "casework.Expedient",
    "helpdesk_tools:items_delete": "casework.Expedient",
    "helpdesk_tools:items_restore": "casework.Expedient",
    "helpdesk_tools:person_recover": "directory.Person",
    "helpdesk_notification_read": "helpdesk.Notification",
    "llar_export_download": "configuration.ExportJob",
    "configuration_form_field_action": "configuration.CustomField",
    "security_second_factor_reset": "configuration.User",
    "security_unlock": "configuration.User",
    "helpdesk_handovers:detail": "helpdesk.Handover",
    "helpdesk_handovers:acknowledge": "helpdesk.Handover",
    "helpdesk_incidents:detail": "helpdesk.Incident",
    "helpdesk_incidents:attachment": "helpdesk.Incident",
    "wagtailadmin_pages:revisions_compare": "wagtailcore.Page",
    "wagtailadmin_api:pages:detail": "wagtailcore.Page",
    "wagtailadmin_api:pages:action": "wagtailcore.Page",
    "wagtailadmin_api:documents:detail": "wagtaildocs.Document",
    "wagtailadmin_api:images:detail": "wagtailimages.Image",
    "wagtailadmin_collections:edit": "wagtailcore.Collection",
    "wagtailadmin_collections:delete": "wagtailcore.Collection",
    "wagtailadmin_workflows:enable": "wagtailcore.Workflow",
    "wagtailadmin_workflows:disable": "wagtailcore.Workflow",
    "wagtailadmin_workflows:edit": "wagtailcore.Workflow",
    "wagtailadmin_workflows:usage": "wagtailcore.Workflow",
    "wagtailadmin_workflows:usage_results": "wagtailcore.Workflow",
    "wagtailadmin_workflows:edit_task": "wagtailcore.Task",
    "wagtailadmin_workflows:disable_task": "wagtailcore.Task",
    "wagtailadmin_workflows:enable_task": "wagtailcore.Task",
    "wagtailsettings:edit": "wagtailcore.Site",
    "wagtailsettings:preview_on_edit": "wagtailcore.Site",
    "agenda_duty_slot_remove": "agenda.DutySlot",
}
# Arguments that are no row at all: one valid value each (the same in every
# variant of the request).
KWARG_VALUES = {
    "kind": "plans_expired",
    "catalogue": "demand-types",
    "app_label": "directory",
    "model_name": "person",
    "app_name": "website",
    "content_type_app_name": "wagtailcore",
    "content_type_model_name": "page",
    "object_id": "1",
    "action": "delete",
    "action_name": "copy",
    "filter_spec": "original",
    "revision_id_a": "earliest",
    "revision_id_b": "latest",
    "table": "persons_age_sex",  # reports: a table of the returns
    "key": "ssb-expedients",  # reports: an Explotació listing
    "form": "resource",  # configuration: a configurable form
}


@dataclass(frozen=True)
class Pattern:
    route: str
    name: str
    kwargs: tuple[str, ...]
    model: type | None  # the model of `pk`, if any


def _walk(patterns, prefix="", namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = entry.name
            if name and namespace:
                name = f"{namespace}:{name}"
            yield prefix + str(entry.pattern), name, entry


def _view_model(name: str, entry: URLPattern):
    if name in PK_MODELS:
        return apps.get_model(PK_MODELS[name])
    callback = entry.callback
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model")
    model = model or getattr(getattr(callback, "view_class", None), "model", None)
    if isinstance(model, str):
        model = apps.get_model(model)
    return model if isinstance(model, type) and issubclass(model, Model) else None


def admin_patterns() -> list[Pattern]:
    """Every named admin URL pattern, with its keyword arguments."""
    found = []
    for route, name, entry in _walk(get_resolver().url_patterns):
        if not route.startswith("admin/") or not isinstance(name, str):
            continue
        if name in SKIPPED or route.startswith("admin/api/"):
            continue
        kwargs = tuple(entry.pattern.regex.groupindex)
        found.append(Pattern(route, name, kwargs, _view_model(name, entry)))
    return found


def _forward(model, lookup: str) -> bool:
    """Whether `lookup` starts with a field of the model itself (a role is
    reached from its professionals, but belongs to no area)."""
    try:
        field = model._meta.get_field(lookup.split("__")[0])
    except FieldDoesNotExist:
        return False
    return field.concrete or field.many_to_many and not field.auto_created


def area_rows(model, area):
    """The rows of `model` in `area`, through whichever area lookup it has;
    None for models that belong to no area."""
    lookups = [getattr(model, "area_lookup", None), "area"]
    lookups.append(f"{getattr(model, 'expedient_lookup', 'expedient')}__area")
    lookups += ["person__area", "sector__area", "user__area", "recipient__area"]
    for lookup in filter(None, lookups):
        if lookup != "pk" and not _forward(model, lookup):
            continue
        try:
            return model._default_manager.filter(**{lookup: area.pk}).order_by("pk")
        except FieldError:
            continue
    return None


def kwarg_model(pattern: Pattern, kwarg: str):
    if kwarg == "pk" or kwarg == "id":
        return pattern.model
    label = KWARG_MODELS.get(kwarg)
    return apps.get_model(label) if label else None


class UnknownKwarg(Exception):
    pass


def fill(pattern: Pattern, pick) -> dict | None:
    """The pattern's kwargs, each model argument given by `pick(model)`
    (None: this variant does not exist for the pattern)."""
    values = {}
    for kwarg in pattern.kwargs:
        if kwarg in KWARG_VALUES:
            values[kwarg] = KWARG_VALUES[kwarg]
            continue
        model = kwarg_model(pattern, kwarg)
        if model is None:
            raise UnknownKwarg(f"{pattern.name}: {kwarg} ({pattern.route})")
        value = pick(model)
        if value is None:
            return None
        values[kwarg] = str(value)
    return values


def path_of(pattern: Pattern, values: dict) -> str:
    """The URL of `pattern` with `values` (also for regex patterns)."""
    route = pattern.route
    for kwarg, value in values.items():
        route = re.sub(rf"\(\?P<{kwarg}>[^)]*\)", value, route)
        route = re.sub(rf"<(?:\w+:)?{kwarg}>", value, route)
    route = route.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + route
