"""The agenda in the admin: its URLs, its menu item and its "New appointment"
entry points on the search desk, the person record and the expedient. One
block per screen group, so other parts of the agenda add their own."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus import MenuItem as ActionItem
from wagtail.admin.widgets.button import HeaderButton

from casework.views.expedient import EXPEDIENT_BUTTON_HOOK
from directory.record_tabs import PERSON_ACTION_HOOK

from .permissions import BOOK_RIGHT, user_sees_persons
from .urls import BOOKING_URLS, CALENDAR_URLS

# --- the calendar and booking (agenda/views/calendar.py, booking.py) ---------------


@hooks.register("register_admin_urls")
def register_calendar_urls():
    return [*CALENDAR_URLS, *BOOKING_URLS]


class AgendaMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.area_id is not None and user.has_perm("agenda.view_appointment")


@hooks.register("register_admin_menu_item")
def register_agenda_menu_item():
    # After the search desk, as in Hèstia's main bar (domain.md §6.1).
    return AgendaMenuItem(_("Agenda"), reverse("agenda"), icon_name="date", order=2)


def _may_book_visits(user) -> bool:
    # Permissions only (cached on the user): called once per desk row.
    return user.has_perm(BOOK_RIGHT) and user_sees_persons(user)


def new_appointment_for_person(*, person, user):
    """The desk row's and the person record's "New appointment"."""
    if not _may_book_visits(user):
        return None
    url = f"{reverse('agenda_book_appointment')}?person={person.pk}"
    return ActionItem(_("New appointment"), url, icon_name="date", priority=30)


def new_appointment_for_expedient(*, expedient, user):
    """The expedient's "New appointment", prefilled with it and its main person."""
    if not _may_book_visits(user):
        return None
    url = f"{reverse('agenda_book_appointment')}?expedient={expedient.pk}"
    return HeaderButton(_("New appointment"), url=url, icon_name="date")


hooks.register(PERSON_ACTION_HOOK, new_appointment_for_person)
hooks.register(EXPEDIENT_BUTTON_HOOK, new_appointment_for_expedient)
