"""Screen of the tool that reactivates a deceased person's record."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from configuration.enums import PersonStatus

from ..forms import ConfirmForm, DeceasedPersonPickForm
from ..permissions import tool_persons
from ..services import open_expedient_count, person_reactivate
from .base import ObjectToolView, PickView

RECOVER_TITLE = gettext_lazy("Reactivate a deceased person")


class PersonRecoverPickView(PickView):
    page_title = RECOVER_TITLE
    form_class = DeceasedPersonPickForm
    tool_url_name = "person_recover"


class PersonRecoverView(ObjectToolView):
    page_title = RECOVER_TITLE
    form_class = ConfirmForm
    header_icon = "user"

    def get_queryset(self):
        return tool_persons(self.request.user).filter(status=PersonStatus.DECEASED)

    def preview(self, form) -> list[str]:
        person = self.object
        return [
            _(
                "%(person)s becomes active again; the date of death (%(date)s) "
                "is removed."
            )
            % {
                "person": person,
                "date": date_format(person.death_date, "SHORT_DATE_FORMAT"),
            },
            _("Open expedients the person is linked to: %(count)d.")
            % {"count": open_expedient_count(person)},
        ]

    def act(self, form) -> str:
        person_reactivate(person=self.object, acting_user=self.request.user)
        return _("%(person)s is active again.") % {"person": self.object}
