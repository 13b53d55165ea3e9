"""The agenda in the admin: its URLs, its menu item, its "New appointment"
entry points on the search desk, the person record and the expedient, the
person record's Agenda tab, the appointments listing, the printed papers and
the private calendar link. One block per screen group."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus import MenuItem as ActionItem
from wagtail.admin.widgets.button import HeaderButton

from casework.views.expedient import EXPEDIENT_BUTTON_HOOK
from directory.record_tabs import PERSON_ACTION_HOOK, PERSON_RECORD_TAB_HOOK

from .permissions import BOOK_RIGHT, user_sees_persons
from .person_tab import agenda_tab
from .services.calendar_feed import user_can_have_feed
from .urls import BOOKING_URLS, CALENDAR_URLS, DUTY_URLS
from .views.ical import CalendarLinkView
from .views.listing import appointment_listing_viewset
from .views.receipts import appointment_receipt, appointment_reminder

# --- the calendar and booking (agenda/views/calendar.py, booking.py) ---------------


@hooks.register("register_admin_urls")
def register_calendar_urls():
    return [*CALENDAR_URLS, *BOOKING_URLS, *DUTY_URLS]


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


# --- the person record's Agenda tab (agenda/person_tab.py) -------------------------

hooks.register(PERSON_RECORD_TAB_HOOK, agenda_tab)


# --- the appointments listing and export (agenda/views/listing.py) -----------------


@hooks.register("register_admin_viewset")
def register_agenda_listing():
    return appointment_listing_viewset


# --- the printed reminder and receipt (agenda/views/receipts.py) -------------------


@hooks.register("register_admin_urls")
def register_paper_urls():
    return [
        path(
            "agenda/appointments/<int:pk>/reminder/",
            appointment_reminder,
            name="agenda_reminder",
        ),
        path(
            "agenda/appointments/<int:pk>/receipt/",
            appointment_receipt,
            name="agenda_receipt",
        ),
    ]


# --- the private calendar link (agenda/views/ical.py; the feed: public_urls.py) ----


@hooks.register("register_admin_urls")
def register_calendar_link_urls():
    return [
        path(
            "account/calendar-link/",
            CalendarLinkView.as_view(),
            name="agenda_calendar_link",
        ),
    ]


@hooks.register("register_account_menu_item")
def calendar_link_item(request):
    if not user_can_have_feed(request.user):
        return None
    return {
        "url": reverse("agenda_calendar_link"),
        "label": _("Calendar on the phone"),
        "help_text": _("A private link to see your agenda's times on your phone."),
    }
