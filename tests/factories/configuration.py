import datetime

import factory
from django.contrib.auth.models import Group
from wagtail.users.models import UserProfile

from configuration import roles
from configuration.enums import LocalBodyKind
from configuration.models import (
    Area,
    LocalBody,
    Municipality,
    Sector,
    Subsector,
    Team,
    User,
    WorkSchedule,
)
from configuration.services import roles_sync

TEST_PASSWORD = "a-long-test-password"


class LocalBodyFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Consell Comarcal de Prova {n}")
    kind = LocalBodyKind.COUNTY_COUNCIL

    class Meta:
        model = LocalBody


class AreaFactory(factory.django.DjangoModelFactory):
    local_body = factory.SubFactory(LocalBodyFactory)
    name = factory.Sequence(lambda n: f"ABSS de prova {n}")
    code = factory.Sequence(lambda n: f"T{n:03d}")

    class Meta:
        model = Area


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"professional{n}")
    first_name = factory.Faker("first_name", locale="es_CA")
    last_name = factory.Faker("last_name", locale="es_CA")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    area = factory.SubFactory(AreaFactory)
    password = factory.django.Password(TEST_PASSWORD)

    class Meta:
        model = User
        skip_postgeneration_save = True


def professional(role: roles.Role, **kwargs) -> User:
    """Return a new user holding `role` (groups are synchronised first)."""
    if not Group.objects.filter(name=role.name).exists():
        roles_sync()
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role.name))
    return user


class MunicipalityFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"{9000 + n}")
    name = factory.Sequence(lambda n: f"Municipi {n}")

    class Meta:
        model = Municipality


class SectorFactory(factory.django.DjangoModelFactory):
    area = factory.SubFactory(AreaFactory)
    municipality = factory.SubFactory(MunicipalityFactory)

    class Meta:
        model = Sector


class SubsectorFactory(factory.django.DjangoModelFactory):
    sector = factory.SubFactory(SectorFactory)
    name = factory.Sequence(lambda n: f"Barri {n}")

    class Meta:
        model = Subsector


class TeamFactory(factory.django.DjangoModelFactory):
    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Equip {n}")

    class Meta:
        model = Team


class WorkScheduleFactory(factory.django.DjangoModelFactory):
    professional = factory.SubFactory(UserFactory)
    sector = factory.SubFactory(
        SectorFactory, area=factory.SelfAttribute("..professional.area")
    )
    weekday = 0
    starts_at = datetime.time(9, 0)
    ends_at = datetime.time(14, 0)

    class Meta:
        model = WorkSchedule


def english_ui(*users: User) -> None:
    """Show the admin to `users` in English, the source language, for tests
    that assert a screen's text (the catalogues translate it otherwise)."""
    for user in users:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
