"""The SIAD listings (domain.md §5.1, §5.4): each filter, the scope, the totals
by the ICD's dimensions, and a constant number of queries however many rows."""

from datetime import date, timedelta

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from casework.modules.siad.listings import (
    main_person_of,
    siad_actuacio_listing,
    siad_actuacio_totals,
    siad_case_listing,
)
from casework.modules.siad.services import (
    open_womens_service_expedient,
    siad_actuacio_create,
)
from configuration.enums import ExpedientState
from tests.factories.casework import resident

from .data import InEnglish, siad_lists, siad_world

YESTERDAY = date.today() - timedelta(days=1)


class SiadListingTests(InEnglish, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = siad_world()
        cls.l = siad_lists()
        w, l = cls.w, cls.l  # noqa: E741
        cls.legal = siad_actuacio_create(
            by=w.owner,
            expedient=w.case,
            topic="Divorci",
            date=YESTERDAY,
            urgent=True,
            attending_service=l.legal,
            consultation_type=l.divorce,
            violence_situation=l.violence,
            channel=l.channel,
            referral_source=l.referral,
        )
        cls.welcome = siad_actuacio_create(
            by=w.owner,
            expedient=w.case,
            topic="Acollida",
            attending_service=l.service,
            responsible=w.siad_mate,
        )

    def listed(self, user=None, **filters):
        return list(siad_actuacio_listing(user or self.w.owner, **filters))

    def test_it_lists_the_readers_actuacions_newest_first(self):
        self.assertEqual(self.listed(), [self.welcome, self.legal])
        self.assertEqual(self.listed(self.w.t.coordinator), [self.welcome, self.legal])

    def test_it_lists_nothing_to_those_who_do_not_read_the_expedient(self):
        for user in (self.w.siad_mate, self.w.t.worker, self.w.foreign):
            self.assertEqual(self.listed(user), [])
            self.assertEqual(list(siad_case_listing(user)), [])

    def test_each_filter(self):
        l = self.l  # noqa: E741
        for filters, expected in (
            ({"date_from": date.today()}, [self.welcome]),
            ({"date_to": YESTERDAY}, [self.legal]),
            ({"urgent": True}, [self.legal]),
            ({"urgent": False}, [self.welcome]),
            ({"attending_service": l.legal}, [self.legal]),
            ({"consultation_area": l.legal_area}, [self.legal]),
            ({"consultation_type": l.divorce}, [self.legal]),
            ({"consultation_type": l.self_esteem}, []),
            ({"violence_situation": l.violence}, [self.legal]),
            ({"channel": l.channel}, [self.legal]),
            ({"referral_source": l.referral}, [self.legal]),
            ({"responsible": self.w.siad_mate}, [self.welcome]),
            ({"sector": self.w.t.sector}, [self.welcome, self.legal]),
            ({"sector": self.w.t.other_sector}, []),
        ):
            with self.subTest(filters):
                self.assertEqual(self.listed(**filters), expected)

    def test_rows_name_the_woman(self):
        [row, _] = siad_actuacio_listing(self.w.owner)
        self.assertEqual(main_person_of(row.expedient), str(self.w.woman))
        [case] = siad_case_listing(self.w.owner)
        self.assertEqual(main_person_of(case), str(self.w.woman))

    def test_the_expedient_listing_filters(self):
        for filters, expected in (
            ({}, [self.w.case]),
            ({"state": ExpedientState.OPEN}, [self.w.case]),
            ({"state": ExpedientState.CLOSED}, []),
            ({"sector": self.w.t.other_sector}, []),
            ({"reference_professional": self.w.owner}, [self.w.case]),
            ({"opened_from": date.today() + timedelta(days=1)}, []),
            ({"opened_to": date.today()}, [self.w.case]),
        ):
            with self.subTest(filters):
                self.assertEqual(
                    list(siad_case_listing(self.w.owner, **filters)), expected
                )

    def test_totals_by_service_area_and_violence(self):
        rows = siad_actuacio_listing(self.w.owner)
        by_service = siad_actuacio_totals(rows, by="attending_service")
        self.assertEqual(
            [(r["name"], r["actuacions"], r["expedients"]) for r in by_service],
            [("Primera acollida", 1, 1), ("Jurídic", 1, 1)],
        )
        by_area = siad_actuacio_totals(rows, by="consultation_area")
        self.assertEqual(
            [(r["name"], r["actuacions"]) for r in by_area],
            [("Jurídica", 1), ("Not recorded", 1)],
        )
        violence = siad_actuacio_totals(
            siad_actuacio_listing(self.w.owner, urgent=True), by="violence_situation"
        )
        self.assertEqual(
            [(r["entry"], r["actuacions"]) for r in violence], [(self.l.violence.pk, 1)]
        )

    def test_totals_refuse_an_unknown_dimension(self):
        with self.assertRaises(ValueError):
            siad_actuacio_totals(siad_actuacio_listing(self.w.owner), by="topic")

    def read_listings(self, user) -> int:
        with CaptureQueriesContext(connection) as queries:
            for row in siad_actuacio_listing(user):
                columns = (
                    row.expedient.number,
                    main_person_of(row.expedient),
                    row.channel,
                    row.violence_situation,
                    row.attending_service,
                    row.referral_source,
                    row.consultation_area,
                    row.consultation_type,
                    row.responsible,
                )
                self.assertTrue(columns[0])
            for case in siad_case_listing(user):
                columns = (
                    case.number,
                    main_person_of(case),
                    case.sector,
                    case.subsector,
                    case.reference_professional,
                    case.co_reference_professional,
                )
        return len(queries)

    def test_the_query_count_does_not_grow_with_the_rows(self):
        for user in (self.w.owner, self.w.t.coordinator):
            self.read_listings(user)  # the user's rights, read once per request
            before = self.read_listings(user)
            for n in range(3):
                woman = resident(self.w.t, first_name=f"Dona {n}")
                case = open_womens_service_expedient(by=self.w.owner, person=woman)
                for topic in ("Una", "Dues"):
                    siad_actuacio_create(
                        by=self.w.owner,
                        expedient=case,
                        topic=topic,
                        consultation_type=self.l.self_esteem,
                        channel=self.l.channel,
                    )
            self.assertEqual(self.read_listings(user), before, user)
            self.assertGreater(len(siad_actuacio_listing(user)), 2)
