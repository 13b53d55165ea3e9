"""The steps a user may take on an incident's thread, as the detail screen
offers them: which, with which form, calling which service."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..tools.views.base import add_errors
from . import services as s
from .forms import AssignForm, MessageForm, StepForm


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    form_class: type
    service: Callable
    done: str
    secondary: bool = False


REPLY = Step("reply", _("Send"), MessageForm, s.incident_reply, _("Message sent."))
RESOLVE = Step(
    "resolve", _("Resolve"), StepForm, s.incident_resolve, _("Incident resolved.")
)
CLOSE = Step(
    "close",
    _("Close the incident"),
    StepForm,
    s.incident_close,
    _("Incident closed."),
    True,
)
NOTE = Step(
    "note",
    _("Add internal note"),
    MessageForm,
    s.incident_note,
    _("Note added."),
    True,
)
ASSIGN = Step(
    "assign", _("Assign"), AssignForm, s.incident_assign, _("Assignment saved."), True
)


def available(user, incident, is_support: bool) -> dict[str, Step]:
    """The steps the incident's state allows to this user (author or support)."""
    state = incident.state
    if incident.author_id == user.pk:
        steps = [
            (REPLY, s.PROFESSIONAL_REPLY_FROM),
            (CLOSE, s.PROFESSIONAL_CLOSE_FROM),
        ]
    else:
        steps = [
            (REPLY, s.SUPPORT_REPLY_FROM),
            (RESOLVE, s.RESOLVE_FROM),
            (CLOSE, s.SUPPORT_CLOSE_FROM),
        ]
    found = {step.name: step for step, allowed in steps if state in allowed}
    if is_support:
        found.update({NOTE.name: NOTE, ASSIGN.name: ASSIGN})
    return found


def form_for(step: Step, data=None, files=None):
    return step.form_class(data, files, auto_id=f"id_{step.name}_%s")


def steps_for(user, incident, is_support: bool, bound: dict) -> list[tuple]:
    """(step, form) for each step offered; `bound` holds a refused form by name."""
    shown = []
    for name, step in available(user, incident, is_support).items():
        form = bound.get(name) or form_for(step)
        if step is ASSIGN and not form.is_bound:
            form.initial = {"assignee": incident.assigned_to_id}
        shown.append((step, form))
    return shown


def run(step: Step, form, request, incident) -> bool:
    """Call the step's service; on a refusal put its reasons on the form."""
    try:
        step.service(incident=incident, acting_user=request.user, **form.cleaned_data)
    except ValidationError as error:
        add_errors(form, error)
        return False
    messages.success(request, step.done)
    return True
