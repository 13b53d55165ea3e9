"""Documents in the specialist modules' expedients (domain.md §3.3.10: the
signed consent of a women's service expedient, the signed application of an
immigration one, the EAIA case report): each module's technicians file and
generate them in that module's expedients only, by the module's own right
(`ModuleSpec.document_permission`, casework.permissions.ModuleItemPolicy, as
immigration's tràmits), within the expedients' scope. In a basic social
services expedient they read they are refused as for tràmits; another
module's expedients they never see (404), nor a confidential SIAD expedient
they are not named on. Deleting stays the coordinators' (their tool)."""

from datetime import date

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from casework.models import Document
from casework.modules import modules
from casework.modules.eaia.services import open_child_protection_expedient
from casework.modules.immigration.services import open_immigration_expedient
from casework.modules.siad.services import open_womens_service_expedient
from casework.permissions import user_can_file_document, user_can_record_tramit
from casework.services import document_create
from casework.services.templates import document_generate
from casework.tabs import expedient_url
from configuration import roles
from configuration.models import DocumentKind, DocumentTemplate
from tests.factories import professional
from tests.factories.casework import basic_case, resident, territory
from tests.private_folder import PrivateFolder

from .records_data import close
from .siad.data import InEnglish

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RIGHTS = {
    "siad": "casework.file_siad_documents",
    "immigration": "casework.file_immigration_documents",
    "eaia": "casework.file_eaia_documents",
}


def member(t, role, team):
    user = professional(role, area=t.area)
    user.teams.add(team)
    return user


class ModuleWorld(PrivateFolder, InEnglish):
    """One territory with an expedient of each module for one person (a child,
    so that EAIA opens one too): the basic social services one of `t.worker`,
    and one of each specialist module opened by its technician of `t.team`.
    `mate` is another SIAD technician of the team, not named on the (always
    confidential) SIAD expedient."""

    key = ""  # the module under test

    @classmethod
    def setUpTestData(cls):
        cls.t = t = territory()
        cls.person = resident(t, first_name="Pol", birth_date=date(2014, 3, 2))
        cls.techs = {
            "siad": member(t, roles.TECNIC_SIAD, t.team),
            "immigration": member(t, roles.TECNIC_IMMIGRACIO, t.team),
            "eaia": member(t, roles.TECNIC_EAIA, t.team),
        }
        cls.mate = member(t, roles.TECNIC_SIAD, t.team)
        cls.cases = {
            "ssb": basic_case(t, cls.person),
            "siad": open_womens_service_expedient(
                by=cls.techs["siad"], person=cls.person
            ),
            "immigration": open_immigration_expedient(
                by=cls.techs["immigration"], person=cls.person
            ),
            "eaia": open_child_protection_expedient(
                by=cls.techs["eaia"], person=cls.person
            ),
        }
        cls.kind = DocumentKind.objects.create(code="k-1", name="Consentiment signat")
        cls.template = DocumentTemplate.objects.create(
            area=t.area,
            code="CONS",
            name="Consentiment informat",
            kind=cls.kind,
            body="# Consentiment\n{{ persona.nom_complet }}, {{ expedient.numero }}",
        )
        if cls.key:
            cls.tech = cls.techs[cls.key]
            cls.case = cls.cases[cls.key]
            cls.others = [
                case for key, case in cls.cases.items() if key not in ("ssb", cls.key)
            ]

    def add_url(self, case) -> str:
        return reverse("casework_documents:add") + f"?expedient={case.pk}"

    def generate_url(self, case) -> str:
        return reverse("casework_document_generate", args=[case.pk])

    def post_add(self, case, title="Consentiment signat"):
        return self.client.post(
            self.add_url(case),
            {
                "title": title,
                "kind": self.kind.pk,
                "date": date.today().strftime("%d/%m/%Y"),
                "persons": [self.person.pk],
                "item": "",
                "expedient": case.pk,
                "file": SimpleUploadedFile("consentiment.pdf", PDF),
            },
        )

    def post_generate(self, case):
        return self.client.post(
            self.generate_url(case),
            {"template": self.template.pk, "person": self.person.pk},
        )

    def filed(self, case, by) -> Document:
        return document_create(
            expedient=case,
            acting_user=by,
            file=SimpleUploadedFile("informe.pdf", PDF),
            title="Informe",
            kind=self.kind,
            persons=[self.person],
        )

    def assert_created_by(self, document, user):
        created = LogEntry.objects.get_for_object(document).get(
            action=LogEntry.Action.CREATE
        )
        self.assertEqual(created.actor, user)


class SpecialistDocuments(ModuleWorld):
    """What every specialist module's technician does with documents; each
    subclass names the module."""

    def setUp(self):
        super().setUp()
        self.client.force_login(self.tech)

    def test_the_role_holds_its_modules_right_only(self):
        for key, right in RIGHTS.items():
            with self.subTest(key):
                self.assertEqual(self.tech.has_perm(right), key == self.key)
        self.assertFalse(self.tech.has_perm("casework.add_document"))
        self.assertFalse(self.tech.has_perm("casework.delete_document"))

    def test_they_file_a_document_in_their_modules_expedient(self):
        self.assertEqual(self.client.get(self.add_url(self.case)).status_code, 200)
        response = self.post_add(self.case)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.assertEqual(response.url, expedient_url(self.case.pk, "documents"))
        document = Document.objects.get(expedient=self.case)
        self.assertEqual(document.title, "Consentiment signat")
        self.assertEqual(document.created_by, self.tech)
        self.assertEqual(list(document.persons.all()), [self.person])
        self.assertTrue(document.file.storage.exists(document.file.name))
        self.assert_created_by(document, self.tech)
        tab = self.client.get(expedient_url(self.case.pk, "documents"))
        self.assertContains(tab, "Consentiment signat")
        download = reverse("casework_document_download", args=[document.pk])
        self.assertEqual(self.client.get(download).status_code, 200)

    def test_they_generate_a_document_in_their_modules_expedient(self):
        self.assertEqual(self.client.get(self.generate_url(self.case)).status_code, 200)
        response = self.post_generate(self.case)
        self.assertRedirects(
            response,
            expedient_url(self.case.pk, "documents"),
            fetch_redirect_response=False,
        )
        document = Document.objects.get(expedient=self.case)
        self.assertEqual(document.template, self.template)
        self.assertEqual(document.content_type, "application/pdf")
        self.assert_created_by(document, self.tech)

    def test_the_tab_offers_filing_and_generating_in_their_modules_expedient(self):
        tab = self.client.get(expedient_url(self.case.pk, "documents"))
        self.assertContains(tab, self.add_url(self.case))
        self.assertContains(tab, self.generate_url(self.case))

    def test_they_change_what_is_said_of_their_modules_documents_not_delete(self):
        document = self.filed(self.case, self.t.coordinator)
        edit = reverse("casework_documents:edit", args=[document.pk])
        self.assertEqual(self.client.get(edit).status_code, 200)
        tab = self.client.get(expedient_url(self.case.pk, "documents"))
        self.assertContains(tab, edit)
        delete = reverse("casework_documents:delete", args=[document.pk])
        self.assertNotEqual(self.client.get(delete).status_code, 200)
        self.assertTrue(Document.objects.filter(pk=document.pk).exists())

    def test_refused_in_the_basic_social_services_expedient_they_read(self):
        ssb = self.cases["ssb"]
        tab = self.client.get(expedient_url(ssb.pk, "documents"))
        self.assertEqual(tab.status_code, 200)  # they read it
        self.assertNotContains(tab, self.add_url(ssb))
        self.assertNotContains(tab, self.generate_url(ssb))
        home = reverse("wagtailadmin_home")
        for response in (
            self.client.get(self.add_url(ssb)),
            self.post_add(ssb),
            self.client.get(self.generate_url(ssb)),
            self.post_generate(ssb),
        ):
            self.assertEqual(response.status_code, 302)
            self.assertEqual(response.url, home)
        self.assertFalse(Document.all_objects.filter(expedient=ssb).exists())
        with self.assertRaises(ValidationError):
            document_generate(
                expedient=ssb,
                template=self.template,
                person=self.person,
                acting_user=self.tech,
            )
        # Its documents open read-only; its listing offers no "File".
        document = self.filed(ssb, self.t.worker)
        edit = reverse("casework_documents:edit", args=[document.pk])
        self.assertNotEqual(self.client.get(edit).status_code, 200)
        inspect = reverse("casework_documents:inspect", args=[document.pk])
        self.assertEqual(self.client.get(inspect).status_code, 200)
        listing = reverse("casework_documents:index") + f"?expedient={ssb.pk}"
        self.assertNotContains(self.client.get(listing), self.add_url(ssb))

    def test_another_modules_expedients_are_404(self):
        for case in self.others:
            with self.subTest(case.module):
                self.assertEqual(self.client.get(self.add_url(case)).status_code, 404)
                self.assertEqual(self.post_add(case).status_code, 404)
                self.assertEqual(
                    self.client.get(self.generate_url(case)).status_code, 404
                )
                self.assertEqual(self.post_generate(case).status_code, 404)
                self.assertFalse(self.tech.has_perm(RIGHTS[case.module]))
                self.assertFalse(user_can_file_document(self.tech, case))
        others = [case.pk for case in self.others]
        self.assertFalse(Document.all_objects.filter(expedient__in=others).exists())

    def test_a_closed_expedient_takes_no_document(self):
        close(self.case)
        tab = self.client.get(expedient_url(self.case.pk, "documents"))
        self.assertNotContains(tab, self.add_url(self.case))
        self.assertNotContains(tab, self.generate_url(self.case))
        self.post_add(self.case)
        self.post_generate(self.case)
        self.assertFalse(Document.all_objects.filter(expedient=self.case).exists())


class SiadDocumentsTests(SpecialistDocuments, TestCase):
    key = "siad"

    def test_a_siad_technician_not_named_on_it_gets_404(self):
        document = self.filed(self.case, self.tech)
        self.client.force_login(self.mate)
        for url in (
            self.add_url(self.case),
            self.generate_url(self.case),
            reverse("casework_documents:edit", args=[document.pk]),
            reverse("casework_document_download", args=[document.pk]),
            reverse("casework_documents:inspect", args=[document.pk]),
        ):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)
        # The expedient screen offers only break-glass (siad/test_scope.py).
        self.assertRedirects(
            self.client.get(expedient_url(self.case.pk, "documents")),
            reverse("casework_expedient_break_glass", args=[self.case.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(self.post_add(self.case).status_code, 404)
        self.assertEqual(self.post_generate(self.case).status_code, 404)
        self.assertEqual(Document.objects.filter(expedient=self.case).count(), 1)

    def test_their_teams_coordinator_files_there_too(self):
        self.client.force_login(self.t.coordinator)
        self.assertEqual(self.post_add(self.case).status_code, 302)
        self.assertEqual(self.post_generate(self.case).status_code, 302)
        self.assertEqual(Document.objects.filter(expedient=self.case).count(), 2)


class ImmigrationDocumentsTests(SpecialistDocuments, TestCase):
    key = "immigration"

    def test_their_tramits_tab_offers_registering_one_the_ssb_one_does_not(self):
        add = reverse("casework_tramits:add")
        own = self.client.get(expedient_url(self.case.pk, "tramits"))
        self.assertContains(own, f"{add}?expedient={self.case.pk}")
        ssb = self.cases["ssb"]
        tab = self.client.get(expedient_url(ssb.pk, "tramits"))
        self.assertEqual(tab.status_code, 200)
        self.assertNotContains(tab, f"{add}?expedient={ssb.pk}")
        self.assertTrue(user_can_record_tramit(self.tech, self.case))
        self.assertFalse(user_can_record_tramit(self.tech, ssb))


class EaiaDocumentsTests(SpecialistDocuments, TestCase):
    key = "eaia"


class BasicSocialServicesDocumentsTests(ModuleWorld, TestCase):
    """The basic social services roles keep their document rights as before;
    the module rights are the specialists' alone."""

    def test_the_social_worker_files_and_generates_in_their_expedient(self):
        ssb = self.cases["ssb"]
        self.client.force_login(self.t.worker)
        tab = self.client.get(expedient_url(ssb.pk, "documents"))
        self.assertContains(tab, self.add_url(ssb))
        self.assertContains(tab, self.generate_url(ssb))
        self.assertEqual(self.post_add(ssb).status_code, 302)
        self.assertEqual(self.post_generate(ssb).status_code, 302)
        documents = Document.objects.filter(expedient=ssb)
        self.assertEqual(documents.count(), 2)
        for document in documents:
            self.assert_created_by(document, self.t.worker)

    def test_they_never_reach_the_specialist_modules_expedients(self):
        self.client.force_login(self.t.worker)
        for key in RIGHTS:
            case = self.cases[key]
            with self.subTest(key):
                self.assertEqual(self.client.get(self.add_url(case)).status_code, 404)
                self.assertEqual(
                    self.client.get(self.generate_url(case)).status_code, 404
                )

    def test_only_specialist_roles_hold_the_module_rights(self):
        holders = {
            role.key
            for role in roles.ROLES
            for right in RIGHTS.values()
            if right in role.permissions
        }
        self.assertEqual(
            holders, {"tecnic_siad", "tecnic_immigracio", "tecnic_eaia", "coordinador"}
        )
        declared = {m.key: m.document_permission for m in modules()}
        # (and home care's, the SAD manager's: tests/casework/sad/test_documents.py)
        self.assertEqual(
            {k: v for k, v in declared.items() if v},
            {**RIGHTS, "sad": "casework.file_sad_documents"},
        )
