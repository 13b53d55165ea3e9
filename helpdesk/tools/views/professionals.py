"""Screens of the professional tools: hand everything over, reset a password."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from configuration.holdings import transferable_holdings_of, transferable_labels

from ..forms import (
    ActiveProfessionalPickForm,
    ConfirmForm,
    ProfessionalPickForm,
    ProfessionalTransferForm,
)
from ..permissions import tool_professionals
from ..services import (
    holdings,
    professional_holdings_transfer,
    professional_password_reset,
)
from .base import ObjectToolView, PickView

COUNT_LINES = {
    "expedients": lambda n: ngettext(
        "%(count)d expedient where they are the reference professional",
        "%(count)d expedients where they are the reference professional",
        n,
    ),
    "co_referred_expedients": lambda n: ngettext(
        "%(count)d expedient where they are the co-reference professional",
        "%(count)d expedients where they are the co-reference professional",
        n,
    ),
    "persons": lambda n: ngettext(
        "%(count)d person record where they are the reference professional",
        "%(count)d person records where they are the reference professional",
        n,
    ),
}


def count_lines(counts: dict[str, int]) -> list[str]:
    """One line per kind moved; what other apps register (the agenda's
    appointments) reads "count label", as the deregistration refusal does."""
    labels = transferable_labels()
    return [
        COUNT_LINES[key](n) % {"count": n}
        if key in COUNT_LINES
        else f"{n} {labels.get(key, key)}"
        for key, n in counts.items()
    ]


TRANSFER_TITLE = gettext_lazy("Transfer a professional's records")
PASSWORD_TITLE = gettext_lazy("Reset a professional's password")


class ProfessionalTransferPickView(PickView):
    page_title = TRANSFER_TITLE
    form_class = ProfessionalPickForm
    tool_url_name = "professional_transfer"
    intro = gettext_lazy("Choose the professional who hands over their records.")


class ProfessionalTransferView(ObjectToolView):
    page_title = TRANSFER_TITLE
    form_class = ProfessionalTransferForm
    intro = gettext_lazy(
        "Everything this professional holds passes to another one: open "
        "expedients where they are the reference or co-reference professional "
        "and their active person records (closed expedients and deceased "
        "persons' records only if ticked), and their appointments from today "
        "on. Do this before deregistering someone."
    )

    def get_queryset(self):
        return tool_professionals(self.request.user)

    def preview(self, form) -> list[str]:
        data = form.cleaned_data
        held = holdings(
            professional=self.object,
            include_closed=data["include_closed"],
            include_deceased=data["include_deceased"],
        )
        return [
            _("From %(source)s to %(target)s:")
            % {"source": self.object, "target": data["target"]},
            *count_lines(held.counts()),
            *(f"{n} {label}" for label, n in transferable_holdings_of(self.object)),
        ]

    def act(self, form) -> str:
        counts = professional_holdings_transfer(
            source=self.object, acting_user=self.request.user, **form.cleaned_data
        )
        return _("Transferred to %(target)s: %(counts)s.") % {
            "target": form.cleaned_data["target"],
            "counts": "; ".join(count_lines(counts)),
        }


class PasswordResetPickView(PickView):
    page_title = PASSWORD_TITLE
    form_class = ActiveProfessionalPickForm
    tool_url_name = "password_reset"


class PasswordResetView(ObjectToolView):
    page_title = PASSWORD_TITLE
    form_class = ConfirmForm
    intro = gettext_lazy(
        "The professional receives an e-mail with a link to choose a new "
        "password; their current password works until they do."
    )

    def get_queryset(self):
        return tool_professionals(self.request.user).filter(is_active=True)

    def preview(self, form) -> list[str]:
        return [
            _("A password-reset e-mail will be sent to %(name)s at %(email)s.")
            % {"name": self.object, "email": self.object.email or "—"}
        ]

    def act(self, form) -> str:
        professional_password_reset(
            professional=self.object,
            acting_user=self.request.user,
            domain=self.request.get_host(),
            use_https=self.request.is_secure(),
        )
        return _("A password-reset e-mail was sent to %(name)s.") % {
            "name": self.object
        }
