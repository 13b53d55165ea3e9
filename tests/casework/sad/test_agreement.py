"""The service agreement PDF of a home-care expedient: generated from the
characteristics and the work plan in force, in Catalan, for whoever reads
the expedient, audited, 404 outside the scope."""

from datetime import date
from decimal import Decimal

from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import translation

from casework.modules.sad.enums import HomeCareEventKind
from casework.modules.sad.services import add_work_plan
from casework.tabs import expedient_url
from configuration import roles
from tests.factories import AreaFactory, professional
from tests.website.test_learning import pdf_text

from .world import SadTestCase, approved, characteristics, open_case, world

Kind = HomeCareEventKind


class AgreementTests(SadTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.w = world()
        cls.elsewhere = professional(roles.COORDINADOR, area=AreaFactory())
        cls.case = open_case(cls.w)
        approved(cls.w, cls.case, Kind.START, characteristics=characteristics(cls.w))
        add_work_plan(
            by=cls.w.manager,
            case=cls.case,
            starts_on=date.today(),
            weekdays=[0, 3],
            hours=Decimal("1.5"),
            periodicity="weekly",
        )
        cls.url = reverse("casework_sad_agreement", args=[cls.case.pk])

    def get(self, user, url=None):
        self.client.force_login(user)
        return self.client.get(url or self.url)

    def test_everyone_who_reads_the_expedient_downloads_it(self):
        t = self.w.t
        for user in (t.worker, t.teammate, self.w.manager, t.coordinator):
            response = self.get(user)
            self.assertEqual(response.status_code, 200, user)
            self.assertEqual(response["Content-Type"], "application/pdf")
            self.assertIn("attachment", response["Content-Disposition"])
            self.assertTrue(response.content.startswith(b"%PDF"))

    def test_outsiders_and_other_areas_get_404(self):
        sad_elsewhere = professional(roles.GESTOR_SAD, area=AreaFactory())
        for user in (self.w.t.outsider, self.elsewhere, sad_elsewhere):
            self.assertEqual(self.get(user).status_code, 404, user)

    def test_another_kind_of_expedient_and_an_unknown_one_get_404(self):
        for pk in (self.w.ssb.pk, 999999):
            url = reverse("casework_sad_agreement", args=[pk])
            self.assertEqual(self.get(self.w.manager, url).status_code, 404)

    def test_before_the_service_is_defined_there_is_nothing_to_sign(self):
        other = world()
        case = open_case(other)
        url = reverse("casework_sad_agreement", args=[case.pk])
        self.assertEqual(self.get(other.manager, url).status_code, 404)
        tab = self.client.get(expedient_url(case.pk, "sad_events"))
        self.assertNotContains(tab, url)

    def test_the_events_tab_offers_the_download(self):
        tab = self.get(self.w.t.worker, expedient_url(self.case.pk, "sad_events"))
        self.assertContains(tab, self.url)

    def test_opening_it_is_an_audited_read(self):
        before = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
        self.get(self.w.t.teammate)
        entry = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).latest("pk")
        self.assertEqual(
            LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count(), before + 1
        )
        self.assertEqual(entry.actor, self.w.t.teammate)
        self.assertEqual(entry.object_pk, str(self.case.pk))

    def test_it_says_who_which_service_and_how_in_catalan(self):
        self.client.force_login(self.w.manager)
        with translation.override("ca"):
            response = self.client.get(self.url, HTTP_ACCEPT_LANGUAGE="ca")
        text = pdf_text(response.content)
        for expected in (
            "Acord de prestaci",
            self.case.number,
            str(self.w.person),
            "SAD social",
            f"Tasques: {self.w.task.label}",
            "Hores setmanals: 6",
            "20,50 euros al mes",
            "Administració local",
            "Pla de treball",
            "Dilluns, Dijous",
            "Hores per visita: 1,5",
            "Signatura i data",
        ):
            self.assertIn(expected, text, expected)
        # The tasks by label, as on the screens: never "3 Higiene personal".
        self.assertNotIn(str(self.w.task), text)
