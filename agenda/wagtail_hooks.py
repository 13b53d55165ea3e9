"""The agenda in the admin. One block per screen group, so other parts of the
agenda add their own (the calendar and booking: their own block)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from directory.record_tabs import PERSON_RECORD_TAB_HOOK

from .person_tab import agenda_tab
from .services.calendar_feed import user_can_have_feed
from .views.ical import CalendarLinkView
from .views.listing import appointment_listing_viewset
from .views.receipts import appointment_receipt, appointment_reminder

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
