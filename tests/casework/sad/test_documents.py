"""The SAD manager files and generates documents (the signed service
agreement…) in home-care expedients only (domain.md §3.4: the SAD expedient
"produces documents"), by the module's own right
(`ModuleSpec.document_permission`, casework.permissions.ModuleItemPolicy):
in the person's basic social services expedient, which the manager reads, they
are refused; another area's home-care expedient is 404."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.models import Document
from casework.permissions import user_can_file_document
from configuration import roles
from configuration.models import DocumentKind, DocumentTemplate
from tests.factories import professional
from tests.private_folder import PrivateFolder

from .world import SadTestCase, open_case, world

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class SadManagerDocumentsTests(PrivateFolder, SadTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.case = open_case(cls.w)
        cls.other = world()  # another area, its own manager and expedient
        cls.other_case = open_case(cls.other)
        cls.kind = DocumentKind.objects.create(code="k-sad", name="Acord signat")
        cls.template = DocumentTemplate.objects.create(
            area=cls.w.t.area,
            code="ACORD",
            name="Acord de servei",
            kind=cls.kind,
            body="# Acord\n{{ persona.nom_complet }}, {{ expedient.numero }}",
        )

    def post_add(self, case):
        return self.client.post(
            reverse("casework_documents:add") + f"?expedient={case.pk}",
            {
                "title": "Acord signat",
                "kind": self.kind.pk,
                "date": date.today().strftime("%d/%m/%Y"),
                "persons": [self.w.person.pk],
                "item": "",
                "expedient": case.pk,
                "file": SimpleUploadedFile("acord.pdf", PDF),
            },
        )

    def post_generate(self, case):
        return self.client.post(
            reverse("casework_document_generate", args=[case.pk]),
            {"template": self.template.pk, "person": self.w.person.pk},
        )

    def test_the_manager_files_and_generates_in_the_home_care_expedient(self):
        self.client.force_login(self.w.manager)
        self.assertTrue(user_can_file_document(self.w.manager, self.case))
        self.assertEqual(self.post_add(self.case).status_code, 302)
        self.assertEqual(self.post_generate(self.case).status_code, 302)
        filed = Document.objects.filter(expedient=self.case)
        self.assertEqual(filed.count(), 2)
        self.assertEqual(
            set(filed.values_list("created_by", flat=True)), {self.w.manager.pk}
        )

    def test_refused_in_the_basic_social_services_expedient_they_read(self):
        self.client.force_login(self.w.manager)
        self.assertFalse(user_can_file_document(self.w.manager, self.w.ssb))
        self.post_add(self.w.ssb)
        self.assertNotEqual(self.post_generate(self.w.ssb).status_code, 200)
        self.assertFalse(Document.objects.filter(expedient=self.w.ssb).exists())

    def test_another_areas_home_care_expedient_is_404(self):
        self.client.force_login(self.w.manager)
        self.assertEqual(self.post_add(self.other_case).status_code, 404)
        self.assertEqual(self.post_generate(self.other_case).status_code, 404)
        self.assertFalse(Document.objects.filter(expedient=self.other_case).exists())

    def test_the_right_is_the_managers_and_the_coordinators(self):
        holders = {
            role.key
            for role in roles.ROLES
            if "casework.file_sad_documents" in role.permissions
        }
        self.assertEqual(holders, {"gestor_sad", "coordinador"})
        worker = professional(roles.TECNIC, area=self.w.t.area)
        self.assertFalse(worker.has_perm("casework.file_sad_documents"))
