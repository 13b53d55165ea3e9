"""A territory with a home-care manager, a person whose basic social services
expedient holds resource 1.1.2.1 pre-assigned, and the helpers the home-care
tests share (all made through the services)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.test import TestCase
from django.utils import translation

from casework.models import Expedient, Resource
from casework.modules.sad.services import (
    HOME_CARE_BENEFIT_CODE,
    HOME_CARE_BENEFIT_NAME,
    Characteristics,
    approve_home_care_event,
    open_home_care_expedient,
    propose_home_care_event,
)
from casework.services import resource_create
from configuration import roles
from configuration.enums import PromotingEntity, SadKind
from configuration.models import Benefit, ClosingReason, HomeCareTask, User
from directory.models import Person
from tests.factories import BenefitFactory, HomeCareTaskFactory, professional
from tests.factories.casework import Territory, basic_case, resident, territory


class SadTestCase(TestCase):
    """Runs in English, the source language, so tests read the refusals'
    words (the Catalan ones are checked once, in test_events)."""

    def setUp(self):
        super().setUp()
        translation.activate("en")
        self.addCleanup(translation.deactivate)


@dataclass
class World:
    t: Territory
    manager: User  # SAD manager of the first team
    person: Person
    ssb: Expedient
    resource: Resource
    task: HomeCareTask
    reason: ClosingReason


def home_care_benefit() -> Benefit:
    benefit = Benefit.objects.filter(code=HOME_CARE_BENEFIT_CODE, area=None).first()
    return benefit or BenefitFactory(
        code=HOME_CARE_BENEFIT_CODE, name=HOME_CARE_BENEFIT_NAME
    )


def pre_assign(t: Territory, ssb: Expedient, person: Person, benefit=None):
    resource = Resource(expedient=ssb, benefit=benefit or home_care_benefit())
    resource, _warnings = resource_create(
        resource=resource, holder=person, acting_user=t.worker
    )
    return resource


def member(role, t: Territory, team=None) -> User:
    user = professional(role, area=t.area)
    user.teams.add(team or t.team)
    return user


def world(**person_fields) -> World:
    t = territory()
    person = resident(t, **person_fields)
    ssb = basic_case(t, person)
    return World(
        t=t,
        manager=member(roles.GESTOR_SAD, t),
        person=person,
        ssb=ssb,
        resource=pre_assign(t, ssb, person),
        task=HomeCareTaskFactory(),
        reason=ClosingReason.objects.get_or_create(
            code="4", area=None, defaults={"name": "Defunció"}
        )[0],
    )


def characteristics(w: World, **fields) -> Characteristics:
    values = {
        "service_type": SadKind.SOCIAL,
        "tasks": [w.task],
        "weekly_hours": Decimal("6"),
        "funding": PromotingEntity.LOCAL,
        "copayment": Decimal("20.50"),
        **fields,
    }
    return Characteristics(**values)


def open_case(w: World, *, by=None, on=None):
    return open_home_care_expedient(by=by or w.t.worker, person=w.person, on=on)


def propose(w: World, case, kind, *, on=None, by=None, **extra):
    return propose_home_care_event(
        by=by or w.t.worker, case=case, kind=kind, on=on or date.today(), **extra
    )


def approved(w: World, case, kind, *, on=None, **extra):
    """Propose and approve an event (the manager decides)."""
    event = propose(w, case, kind, on=on, **extra)
    return approve_home_care_event(by=w.manager, event=event)
