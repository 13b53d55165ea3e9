"""Printing the expedient (issue #23, domain.md §8.3): the chosen sections as
one PDF headed by the area, the professional and the date, pages numbered;
only what the role sees on the screen prints, deleted items never do, and
printing is an audited read; outsiders and other areas get 404."""

from auditlog.models import LogEntry
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.details import EXPEDIENT_PRINT_EVENT
from casework.models import Housing, Resource
from casework.services import actuacio_create, demand_create, problem_create
from configuration.models import ActuacioType
from tests.casework.records_data import close
from tests.casework.sad.world import open_case, world
from tests.factories import DemandTypeFactory, ProblemFactory
from tests.factories.casework import basic_case, territory
from tests.helpdesk.test_tools_delete import DeletionData
from tests.website.test_learning import pdf_text

SSB_SECTIONS = [
    "cover",
    "persons",
    "actuacions",
    "demands",
    "problems",
    "resources",
    "tramits",
    "plans",
    "housing",
    "genogram",
    "documents",
    "history",
]


def print_url(case) -> str:
    return reverse("casework_expedient_print", args=[case.pk])


class PrintData(DeletionData):
    """The deletion tool's expedient (an actuació "Entrevista", a demand, a
    problem, a tràmit and a resource) with a housing."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Housing.objects.create(expedient=cls.source, street_name="Carrer del Pou")
        # Names of their own, so the text tells which item printed.
        for row, name in (
            (cls.demand.type, "Demanda d'habitatge"),
            (cls.problem.problem, "Problema de salut"),
            (cls.tramit.type, "Beca menjador"),
            (cls.tramit.resource.benefit, "Ajut de beca"),
            (cls.resource.benefit, "Ajut d'urgència"),
        ):
            type(row).objects.filter(pk=row.pk).update(name=name)
            row.refresh_from_db()

    def print(self, user, sections=SSB_SECTIONS, case=None):
        self.client.force_login(user)
        return self.client.post(print_url(case or self.source), {"sections": sections})

    def printed(self, user, sections=SSB_SECTIONS) -> str:
        response = self.print(user, sections)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        return pdf_text(response.content)


class ExpedientPrintTests(PrintData, TestCase):
    def test_the_whole_expedient_prints_every_section_with_its_items(self):
        text = self.printed(self.t.worker)
        for shown in (
            self.source.number,
            "Entrevista",  # the actuació
            self.demand.type.name,
            self.problem.problem.name,
            self.tramit.type.name,
            self.resource.benefit.name,
            "Carrer del Pou",  # the housing
            str(self.son),  # a linked person
            "Intervention plans",
            "History",
        ):
            self.assertIn(shown, text)

    def test_every_page_names_the_area_the_professional_and_the_date(self):
        text = self.printed(self.t.worker)
        today = timezone.localdate().strftime("%d/%m/%Y")
        header = (
            f"{self.t.area} · Printed by {self.t.worker.get_full_name()} on {today}"
        )
        self.assertIn(header.encode("latin-1").decode("latin-1"), text)
        self.assertIn("Page 1 of", text)

    def test_only_the_chosen_sections_print(self):
        text = self.printed(self.t.worker, ["demands", "housing"])
        self.assertIn(self.demand.type.name, text)
        self.assertIn("Carrer del Pou", text)
        for absent in (
            "Entrevista",
            self.problem.problem.name,
            self.tramit.type.name,
            self.resource.benefit.name,
            "History",
        ):
            self.assertNotIn(absent, text)

    def test_the_genogram_prints_as_it_is_today(self):
        text = self.printed(self.t.worker, ["genogram"])
        today = timezone.localdate().strftime("%d/%m/%Y")
        self.assertIn("Genogram", text)
        self.assertIn(f"As it was on {today}", text)
        self.assertIn(self.son.first_name, text)  # drawn under his symbol
        self.assertNotIn("Carrer del Pou", text)

    def test_the_form_offers_every_section_checked(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(print_url(self.source))
        self.assertEqual(response.status_code, 200)
        offered = response.context["form"].fields["sections"]
        self.assertEqual([key for key, _label in offered.choices], SSB_SECTIONS)
        self.assertEqual(offered.initial, SSB_SECTIONS)

    def test_no_section_chosen_is_refused(self):
        response = self.print(self.t.worker, [])
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["sections"])
        self.assertFalse(
            LogEntry.objects.filter(additional_data__event=EXPEDIENT_PRINT_EVENT)
        )

    def test_the_screen_has_the_print_button(self):
        self.client.force_login(self.t.worker)
        response = self.client.get(reverse("casework_expedient", args=[self.source.pk]))
        self.assertContains(response, print_url(self.source))

    def test_printing_is_an_audited_read(self):
        self.printed(self.t.worker, ["cover", "demands"])
        entry = LogEntry.objects.get(additional_data__event=EXPEDIENT_PRINT_EVENT)
        self.assertEqual(
            (entry.actor, entry.object_pk, entry.action),
            (self.t.worker, str(self.source.pk), LogEntry.Action.ACCESS),
        )
        self.assertEqual(entry.additional_data["sections"], ["cover", "demands"])

    def test_deleted_items_never_print(self):
        self.delete(demands=[self.demand], problems=[self.problem])
        text = self.printed(self.t.worker)
        self.assertNotIn(self.demand.type.name, text)
        self.assertNotIn(self.problem.problem.name, text)
        self.assertIn("Entrevista", text)

    def test_a_closed_expedient_prints_too(self):
        close(self.source)
        self.assertIn("Entrevista", self.printed(self.t.worker))


class PrintByRoleTests(PrintData, TestCase):
    def test_a_role_without_the_items_is_neither_offered_nor_given_them(self):
        user = self.t.administrative  # tràmits, persons and housing; no records
        self.client.force_login(user)
        offered = self.client.get(print_url(self.source)).context["form"]
        keys = [key for key, _label in offered.fields["sections"].choices]
        self.assertEqual(
            keys, ["cover", "persons", "tramits", "housing", "genogram", "history"]
        )
        refused = self.print(user, ["cover", "actuacions"])
        self.assertTrue(refused.context["form"].errors["sections"])
        text = self.printed(user, keys)
        self.assertIn(self.tramit.type.name, text)
        for absent in (
            "Entrevista",
            self.demand.type.name,
            self.problem.problem.name,
            self.resource.benefit.name,
        ):
            self.assertNotIn(absent, text)

    def test_the_page_numbers_titles_and_numbers_are_in_catalan(self):
        text = self.printed(self.t.administrative, ["cover", "tramits"])
        self.assertIn("Pàgina 1 de", text)
        self.assertIn("Imprès per", text)
        self.assertIn("Tràmits", text)
        Resource.objects.filter(pk=self.resource.pk).update(amount="325.50")
        self.assertIn("325,50", self.printed(self.t.teammate, ["resources"]))

    def test_outsiders_and_other_areas_get_404(self):
        for user in (self.t.outsider, self.stranger):
            self.client.force_login(user)
            self.assertEqual(self.client.get(print_url(self.source)).status_code, 404)
            self.assertEqual(self.print(user).status_code, 404)
        self.assertFalse(
            LogEntry.objects.filter(additional_data__event=EXPEDIENT_PRINT_EVENT)
        )

    def test_a_confidential_expedient_prints_only_for_those_named_on_it(self):
        secret = basic_case(self.t, self.main, confidential=True)
        self.assertEqual(
            self.print(self.t.teammate, ["cover"], case=secret).status_code, 404
        )
        response = self.print(self.t.worker, ["cover"], case=secret)
        self.assertEqual(response.status_code, 200)
        self.assertIn(secret.number, pdf_text(response.content))


class PrintQueryCountTests(PrintData, TestCase):
    def queries(self) -> int:
        self.client.force_login(self.t.worker)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.post(
                print_url(self.source), {"sections": SSB_SECTIONS}
            )
        self.assertEqual(response["Content-Type"], "application/pdf")
        return len(queries)

    def test_the_queries_do_not_grow_with_the_items(self):
        self.queries()  # the content types' cache filled
        before = self.queries()
        by = {"expedient": self.source, "acting_user": self.t.worker}
        for n in range(3):
            actuacio_create(
                topic=f"Visita {n}",
                type=ActuacioType.objects.create(code=f"q-{n}", name=f"Tipus {n}"),
                place=self.actuacio.place,
                related_persons=[self.main, self.son],
                responsible=self.t.worker,
                **by,
            )
            demand_create(beneficiaries=[self.main], type=DemandTypeFactory(), **by)
            problem_create(beneficiaries=[self.son], problem=ProblemFactory(), **by)
        self.assertEqual(self.queries(), before)


class ModuleExpedientPrintTests(TestCase):
    """A home-care (SAD) expedient prints its cover, persons, its own tabs
    (its module's printers: tests/casework/test_module_print.py), documents
    and history."""

    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.case = open_case(cls.w)

    def test_the_cover_persons_and_history_print(self):
        self.client.force_login(self.w.t.worker)
        form = self.client.get(print_url(self.case)).context["form"]
        keys = [key for key, _label in form.fields["sections"].choices]
        self.assertEqual(
            keys,
            [
                "cover",
                "persons",
                "sad_events",
                "sad_work_plans",
                "documents",
                "history",
            ],
        )
        response = self.client.post(print_url(self.case), {"sections": keys})
        text = pdf_text(response.content)
        self.assertIn(self.case.number, text)
        self.assertIn(str(self.w.person), text)

    def test_other_areas_get_404(self):
        self.client.force_login(territory().worker)
        self.assertEqual(self.client.get(print_url(self.case)).status_code, 404)
