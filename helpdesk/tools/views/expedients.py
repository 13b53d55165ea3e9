"""Screens of the expedient tools: transfer to another sector, move items."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from casework.enums import PlanState
from casework.models import Expedient
from casework.tabs import expedient_url

from ..forms import (
    ExpedientPickForm,
    ExpedientTransferForm,
    OpenExpedientPickForm,
    TransferKind,
)
from ..permissions import (
    tool_expedients,
    transferable_expedients,
    user_runs_tools,
    user_transfers_expedients,
)
from ..services import (
    expedient_family_transfer,
    expedient_information_transfer,
    family_links,
    recorded_counts,
)
from .base import ObjectToolView, PickView

TRANSFER_TITLE = gettext_lazy("Transfer an expedient to another sector")

ITEM_WORDS = {
    "actuacions": lambda n: ngettext("%(count)d actuació", "%(count)d actuacions", n),
    "demands": lambda n: ngettext("%(count)d demand", "%(count)d demands", n),
    "problems": lambda n: ngettext("%(count)d problem", "%(count)d problems", n),
    "resources": lambda n: ngettext("%(count)d resource", "%(count)d resources", n),
    "tramits": lambda n: ngettext("%(count)d tràmit", "%(count)d tràmits", n),
    "documents": lambda n: ngettext("%(count)d document", "%(count)d documents", n),
}


def item_words(counts: dict[str, int]) -> str:
    return ", ".join(ITEM_WORDS[kind](n) % {"count": n} for kind, n in counts.items())


def place(sector, subsector) -> str:
    return f"{sector} / {subsector}" if subsector else str(sector)


class ExpedientToolView(ObjectToolView):
    header_icon = "folder-open-inverse"

    def get_queryset(self):
        return tool_expedients(self.request.user)


class ExpedientTransferPickView(PickView):
    page_title = TRANSFER_TITLE
    form_class = ExpedientPickForm
    tool_url_name = "expedient_transfer"


class PersonUnlinkPickView(PickView):
    """Unlink a person (domain.md §4.6): choose the expedient, then unlink
    them on its Persons tab, whose Unlink screen does the rest."""

    page_title = gettext_lazy("Unlink a person from an expedient")
    form_class = OpenExpedientPickForm
    intro = gettext_lazy(
        "Choose the expedient; its Persons tab then offers “Unlink” for each "
        "linked person."
    )

    def get_tool_url(self, subject) -> str:
        return expedient_url(subject.pk, "persons")


class ExpedientTransferView(ExpedientToolView):
    """Coordinators (from their tools) and technicians (from the expedient's
    cover, for the expedients and sectors of their teams) transfer here."""

    page_title = TRANSFER_TITLE
    form_class = ExpedientTransferForm
    user_allowed = staticmethod(user_transfers_expedients)

    def get_queryset(self):
        return transferable_expedients(self.request.user)

    def from_tools(self) -> bool:
        return user_runs_tools(self.request.user)

    def get_breadcrumbs_items(self):
        if self.from_tools():
            return super().get_breadcrumbs_items()
        return [
            *self.breadcrumbs_items,
            {"url": expedient_url(self.object.pk), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.from_tools():
            context["back_url"] = expedient_url(self.object.pk)
        return context

    def preview(self, form) -> list[str]:
        data = form.cleaned_data
        expedient = self.object
        moves = _("From %(origin)s to %(destination)s.") % {
            "origin": place(expedient.sector, expedient.subsector),
            "destination": place(data["sector"], data["subsector"]),
        }
        if data["kind"] == TransferKind.INFORMATION:
            lines = [
                _("Information transfer of expedient %(number)s.")
                % {"number": expedient.number},
                moves,
                _("Recorded so far, readable but no longer editable: %(items)s.")
                % {"items": item_words(recorded_counts(expedient))},
            ]
            open_plans = expedient.plans.filter(state=PlanState.OPEN).count()
            if open_plans:
                lines.append(
                    ngettext(
                        "Its open intervention plan will be closed; the new sector "
                        "starts its own.",
                        "Its %(count)d open intervention plans will be closed; the "
                        "new sector starts its own.",
                        open_plans,
                    )
                    % {"count": open_plans}
                )
            return lines
        main, others = family_links(expedient)
        persons = ", ".join(str(link.person) for link in [main, *others])
        return [
            _(
                "Family transfer: expedient %(number)s will be closed (%(reason)s), "
                "its open plans closed and its running problems ended."
            )
            % {"number": expedient.number, "reason": data["reason"]},
            moves,
            _("A new expedient opens there for %(persons)s; nothing else is copied.")
            % {"persons": persons},
        ]

    def act(self, form) -> str:
        data = dict(form.cleaned_data)
        kind, reason = data.pop("kind"), data.pop("reason")
        if kind == TransferKind.INFORMATION:
            expedient_information_transfer(
                expedient=self.object, acting_user=self.request.user, **data
            )
            self.success_pk = self.object.pk
            return _("Expedient %(number)s moved to %(sector)s.") % {
                "number": self.object.number,
                "sector": data["sector"],
            }
        new = expedient_family_transfer(
            expedient=self.object,
            reason=reason,
            acting_user=self.request.user,
            **data,
        )
        self.success_pk = new.pk
        return _(
            "Expedient %(old)s closed; expedient %(new)s opened in %(sector)s."
        ) % {
            "old": self.object.number,
            "new": new.number,
            "sector": data["sector"],
        }

    def get_success_url(self):
        # The expedient may now be out of the professional's sight.
        if Expedient.objects.visible_to(self.request.user).filter(pk=self.success_pk):
            return expedient_url(self.success_pk)
        if self.from_tools():
            return super().get_success_url()
        return reverse("casework_expedients:index")
