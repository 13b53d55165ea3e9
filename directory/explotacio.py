"""The person-record listings of Explotació (domain.md §5.1: new records in
the period, the deceased, without consent, without a municipality of
residence). Each reuses the search desk's rows (the records the user sees,
merged ones left out), columns and export; registered from
`DirectoryConfig.ready()`."""

from django.utils.translation import gettext_lazy as _

from configuration.enums import PersonStatus
from configuration.explotacio import Listing

DESK = "directory.search_desk.SearchDeskView"
READ_RIGHT = "directory.view_person"


def deceased(queryset):
    return queryset.filter(status=PersonStatus.DECEASED)


def without_consent(queryset):
    return queryset.filter(consent_signed=False)


def without_residence(queryset):
    return queryset.filter(residence_municipality__isnull=True)


def person_listing(key, label, *, narrow="", period="created_at__date", **kwargs):
    return Listing(
        key=key,
        label=label,
        group="persons",
        permission=READ_RIGHT,
        source=DESK,
        narrow=narrow,
        filters={
            "area": "area",
            "professional": "reference_professional",
            "period": period,
        },
        **kwargs,
    )


LISTINGS = (
    person_listing(
        "persons-new",
        _("New person records"),
        period_label=_("Created"),
        description=_("The records created in the period, by who follows them."),
    ),
    person_listing(
        "persons-deceased",
        _("Deceased persons"),
        narrow="directory.explotacio.deceased",
        period="death_date",
        period_label=_("Death"),
        description=_("The records of persons who have died (Èxitus)."),
    ),
    person_listing(
        "persons-without-consent",
        _("Persons without a signed consent"),
        narrow="directory.explotacio.without_consent",
        period_label=_("Created"),
        description=_("The records whose data-use consent is not signed."),
    ),
    person_listing(
        "persons-without-residence",
        _("Persons without a municipality of residence"),
        narrow="directory.explotacio.without_residence",
        period_label=_("Created"),
        description=_("The records with no municipality of residence recorded."),
    ),
)
