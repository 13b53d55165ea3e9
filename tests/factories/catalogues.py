"""Factories of catalogue entries: shared by default, local with `area=`."""

import factory

from configuration.enums import ImmigrationCourseLevel, TramitKind
from configuration.models import (
    Benefit,
    BenefitSubtype,
    BenefitType,
    Country,
    DemandType,
    HomeCareTask,
    ImmigrationCourse,
    Problem,
    ProblemType,
    Province,
    SiadTrainingResource,
    TramitType,
)
from configuration.models.catalogues import current_year


class CatalogueEntryFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"{n + 1}")
    name = factory.Sequence(lambda n: f"Entrada {n + 1}")
    area = None

    class Meta:
        abstract = True


class BenefitTypeFactory(CatalogueEntryFactory):
    class Meta:
        model = BenefitType


class BenefitSubtypeFactory(CatalogueEntryFactory):
    code = factory.Sequence(lambda n: f"9.{n + 1}")
    type = factory.SubFactory(BenefitTypeFactory)

    class Meta:
        model = BenefitSubtype


class BenefitFactory(CatalogueEntryFactory):
    code = factory.Sequence(lambda n: f"9.9.{n + 1}")
    subtype = factory.SubFactory(BenefitSubtypeFactory)

    class Meta:
        model = Benefit


class ProblemTypeFactory(CatalogueEntryFactory):
    year = factory.LazyFunction(current_year)

    class Meta:
        model = ProblemType


class ProblemFactory(CatalogueEntryFactory):
    code = factory.Sequence(lambda n: f"9.{n + 1}")
    type = factory.SubFactory(ProblemTypeFactory)
    year = factory.SelfAttribute("type.year")

    class Meta:
        model = Problem


class DemandTypeFactory(CatalogueEntryFactory):
    class Meta:
        model = DemandType


class TramitTypeFactory(CatalogueEntryFactory):
    kind = TramitKind.OWN

    class Meta:
        model = TramitType


class SiadTrainingResourceFactory(CatalogueEntryFactory):
    area = factory.SubFactory("tests.factories.configuration.AreaFactory")

    class Meta:
        model = SiadTrainingResource


class HomeCareTaskFactory(CatalogueEntryFactory):
    class Meta:
        model = HomeCareTask


class ImmigrationCourseFactory(CatalogueEntryFactory):
    area = factory.SubFactory("tests.factories.configuration.AreaFactory")
    level = ImmigrationCourseLevel.A1
    hours = 90

    class Meta:
        model = ImmigrationCourse


class CountryFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"{800 + n}")
    name = factory.Sequence(lambda n: f"País {n}")

    class Meta:
        model = Country


class ProvinceFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"{80 + n}")
    name = factory.Sequence(lambda n: f"Província {n}")

    class Meta:
        model = Province
