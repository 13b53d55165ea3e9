"""Hand everything a professional holds to another one, and reset a
professional's password (domain.md §2.5, §4.5, §6.3).

The transfer is what deregistering needs (configuration.holdings counts what
is left): open expedients where they are the reference or co-reference
professional, and their active person records; closed expedients and deceased
records only when asked. What other apps register as transferable holdings
(configuration.holdings: the agenda's future appointments) moves too.
Each open expedient whose reference changes gets its handover summary after
commit (helpdesk.handovers), as when the cover is edited.
"""

from dataclasses import dataclass

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from casework.models import Expedient
from casework.modules import primary_module
from casework.permissions import reference_holders
from casework.services.expedients import reference_changes_announce
from casework.signals import ReferenceChange
from configuration.enums import ExpedientState, PersonStatus
from configuration.holdings import transfer_holdings
from configuration.models import User
from configuration.versioning import save_versioned
from directory.models import Person
from directory.services import person_save

from .common import ensure_coordinator, log_tool

HOLDINGS_TOOL = "professional_transfer"
PASSWORD_TOOL = "password_reset"  # noqa: S105 - a tool name, not a password
RESET_SUBJECT = "wagtailadmin/account/password_reset/email_subject.txt"
RESET_EMAIL = "wagtailadmin/account/password_reset/email.txt"


@dataclass(frozen=True)
class Holdings:
    """The rows a transfer would move, by kind."""

    referred: QuerySet  # expedients where the professional is the reference
    co_referred: QuerySet  # expedients where they are the co-reference
    persons: QuerySet  # person records they are the reference professional of

    def counts(self) -> dict[str, int]:
        return {
            "expedients": self.referred.count(),
            "co_referred_expedients": self.co_referred.count(),
            "persons": self.persons.count(),
        }


def holdings(
    *, professional: User, include_closed: bool = False, include_deceased: bool = False
) -> Holdings:
    """What `professional` holds in their area that a transfer would move."""
    expedients = Expedient.objects.filter(area_id=professional.area_id)
    if not include_closed:
        expedients = expedients.filter(state=ExpedientState.OPEN)
    persons = Person.objects.filter(
        area_id=professional.area_id, reference_professional=professional
    )
    if not include_deceased:
        persons = persons.filter(status=PersonStatus.ACTIVE)
    return Holdings(
        referred=expedients.filter(reference_professional=professional),
        co_referred=expedients.filter(co_reference_professional=professional),
        persons=persons,
    )


# Who may be the reference professional of person records: the roles that
# attend people and create their records (never a trainee or the administrator).
PERSON_HOLDER_RIGHT = "directory.add_person"


def receivers(*, source: User):
    """The active professionals of `source`'s area who may receive what
    `source` holds, closed expedients and deceased persons' records included:
    their roles must let them hold expedients of each module concerned and,
    if there are person records, person records (both when there is nothing)."""
    held = holdings(professional=source, include_closed=True, include_deceased=True)
    modules = {
        *held.referred.values_list("module", flat=True),
        *held.co_referred.values_list("module", flat=True),
    }
    has_persons = held.persons.exists()
    users = User.objects.filter(area_id=source.area_id, is_active=True).exclude(
        pk=source.pk
    )
    if modules or not has_persons:
        users = reference_holders(users, modules or {primary_module().key})
    if has_persons or not modules:
        users = users.with_permission(PERSON_HOLDER_RIGHT)
    return users


def _check_pair(source: User, target: User, acting_user) -> None:
    ensure_coordinator(acting_user, area_id=source.area_id)
    if source.pk == target.pk:
        raise ValidationError({"target": _("Choose another professional.")})
    active = User.objects.filter(area_id=source.area_id, is_active=True)
    if not active.filter(pk=target.pk).exists():
        raise ValidationError(
            {"target": _("Choose an active professional of the same area.")}
        )
    if not receivers(source=source).filter(pk=target.pk).exists():
        raise ValidationError(
            {
                "target": _(
                    "%(name)s's roles may not hold these records: choose a "
                    "technician or a coordinator of the area."
                )
                % {"name": target}
            }
        )


def _save_expedient(expedient: Expedient, acting_user) -> None:
    expedient.full_clean()
    # Versioned: a cover form loaded before this is now out of date.
    save_versioned(obj=expedient, expected_version=None, acting_user=acting_user)


def _move_expedients(held: Holdings, source: User, target: User, acting_user) -> None:
    # Someone cannot be both: the one who receives the reference stops being
    # the co-reference, and a co-reference who is already the reference is dropped.
    changes = []
    for expedient in held.referred.select_for_update().order_by("pk"):
        expedient.reference_professional = target
        if expedient.co_reference_professional_id == target.pk:
            expedient.co_reference_professional = None
        _save_expedient(expedient, acting_user)
        changes.append(ReferenceChange(expedient.pk, source.pk, target.pk))
    for expedient in held.co_referred.select_for_update().order_by("pk"):
        same = expedient.reference_professional_id == target.pk
        expedient.co_reference_professional = None if same else target
        _save_expedient(expedient, acting_user)
    # One handover summary per expedient whose reference changed (helpdesk
    # listens after commit, as for the cover edit).
    reference_changes_announce(changes=changes, acting_user=acting_user)


@transaction.atomic
def professional_holdings_transfer(
    *,
    source: User,
    target: User,
    acting_user,
    include_closed: bool = False,
    include_deceased: bool = False,
) -> dict[str, int]:
    """Make `target` the reference (and co-reference) professional of what
    `source` holds; return how many rows of each kind moved."""
    _check_pair(source, target, acting_user)
    held = holdings(
        professional=source,
        include_closed=include_closed,
        include_deceased=include_deceased,
    )
    counts = held.counts()
    _move_expedients(held, source, target, acting_user)
    for person in held.persons.select_for_update().order_by("pk"):
        person.reference_professional = target
        person_save(person=person, acting_user=acting_user)
    counts.update(
        transfer_holdings(source=source, target=target, acting_user=acting_user)
    )
    log_tool(
        instance=source,
        tool=HOLDINGS_TOOL,
        acting_user=acting_user,
        target=target.pk,
        include_closed=include_closed,
        include_deceased=include_deceased,
        **counts,
    )
    return counts


@transaction.atomic
def professional_password_reset(
    *, professional: User, acting_user, domain: str, use_https: bool = True
) -> None:
    """Send the professional Django's password-reset e-mail (after commit);
    their current password keeps working until they choose a new one."""
    ensure_coordinator(acting_user, area_id=professional.area_id)
    if not professional.is_active:
        raise ValidationError(_("This professional is deregistered."))
    if not professional.email:
        raise ValidationError(
            _("This professional has no e-mail address: add one to their account.")
        )
    context = {
        "email": professional.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(professional.pk)),
        "user": professional,
        "token": default_token_generator.make_token(professional),
        "protocol": "https" if use_https else "http",
    }
    log_tool(instance=professional, tool=PASSWORD_TOOL, acting_user=acting_user)
    transaction.on_commit(
        lambda: PasswordResetForm().send_mail(
            RESET_SUBJECT, RESET_EMAIL, context, None, professional.email
        )
    )
