"""Everything recorded in an expedient before an information transfer to another
sector is read-only (domain.md §4.5, §4.7): every write service refuses it with
the same message, items recorded after the transfer (and new ones) stay
changeable, and the screens show the earlier ones read-only."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from casework.enums import ObjectiveResult, PlanClosingReason
from casework.models import (
    Demand,
    InterventionPlan,
    LinkedPerson,
    PlanObjective,
    ProblemRecord,
    Resource,
    Tramit,
)
from casework.services import (
    actuacio_create,
    actuacio_update,
    demand_create,
    demand_update,
    information_transfers_at,
    item_lock_reason,
    objective_add,
    objective_evaluate,
    objective_update,
    plan_close,
    plan_create,
    plan_update,
    problem_create,
    problem_extend,
    problem_reopen,
    problem_update,
    resource_create,
    resource_update,
    tramit_create,
    tramit_set_state,
    tramit_update,
)
from casework.tabs import expedient_url, tabs_for
from configuration.enums import ResourceState, TramitState
from configuration.models import ActuacioPlace, ActuacioType
from helpdesk.tools.services import expedient_information_transfer
from tests.factories import (
    BenefitFactory,
    DemandTypeFactory,
    ProblemFactory,
    TramitTypeFactory,
    english_ui,
)
from tests.factories.casework import basic_case, resident, territory

TODAY = date.today()
MOVED = "recorded before the expedient moved to another sector on"


class TransferLockData:
    """An expedient with one item of each kind, then an information transfer
    to the other sector (where `t.outsider` works), then nothing else."""

    @classmethod
    def setUpTestData(cls):
        cls.t = t = territory()
        english_ui(t.worker, t.outsider, t.coordinator)
        cls.main = resident(t, first_name="Maria")
        cls.partner = resident(t, first_name="Pere")
        cls.case = basic_case(t, cls.main)
        LinkedPerson.objects.create(expedient=cls.case, person=cls.partner)
        cls.atype = ActuacioType.objects.create(code="t-a1", name="Informació")
        cls.place = ActuacioPlace.objects.create(code="t-p1", name="Domicili")
        cls.dtype = DemandTypeFactory(name="Orientació")
        cls.problem = ProblemFactory(name="Manca d'ingressos")
        cls.ended_problem = ProblemFactory(name="Solitud")
        cls.benefit = BenefitFactory()
        cls.ttype = TramitTypeFactory(area=t.area)
        cls.before = cls.record_items(t.worker, "abans")
        ended = cls.before["ended"]
        ProblemRecord.objects.filter(pk=ended.pk).update(
            starts_on=TODAY - timedelta(days=60), ends_on=TODAY - timedelta(days=1)
        )
        cls.case = expedient_information_transfer(
            expedient=cls.case,
            sector=t.other_sector,
            reference_team=t.other_team,
            acting_user=t.coordinator,
        )

    @classmethod
    def record_items(cls, user, label: str, *, problems: bool = True) -> dict:
        """One actuació, demand, problem(s), resource, tràmit, plan and objective."""
        case = cls.case
        items = {
            "actuacio": actuacio_create(
                expedient=case,
                acting_user=user,
                type=cls.atype,
                place=cls.place,
                topic=f"Entrevista {label}",
                responsible=user,
            ),
            "demand": demand_create(
                expedient=case,
                acting_user=user,
                beneficiaries=[cls.main],
                type=cls.dtype,
            ),
            "resource": resource_create(
                resource=Resource(expedient=case, benefit=cls.benefit),
                holder=cls.main,
                acting_user=user,
            )[0],
            "tramit": tramit_create(
                tramit=Tramit(expedient=case, type=cls.ttype, holder=cls.main),
                acting_user=user,
            ),
        }
        if problems:
            for key, problem in (
                ("problem", cls.problem),
                ("ended", cls.ended_problem),
            ):
                items[key] = problem_create(
                    expedient=case,
                    acting_user=user,
                    beneficiaries=[cls.main],
                    problem=problem,
                )
        plan = plan_create(
            plan=InterventionPlan(
                expedient=case,
                title=f"Pla {label}",
                starts_on=TODAY,
                expires_on=TODAY + timedelta(days=180),
            ),
            referents=[user],
            affected_persons=[cls.main],
            acting_user=user,
        )
        items["plan"] = plan
        items["objective"] = objective_add(
            objective=PlanObjective(plan=plan, description=f"Objectiu {label}"),
            target_persons=[cls.main],
            acting_user=user,
        )
        return items

    def fresh(self, item):
        return type(item).objects.get(pk=item.pk)


class TransferLockServiceTests(TransferLockData, TestCase):
    def writes(self, items: dict, user) -> dict:
        """Every write path of every item kind, as a callable."""
        return {
            "actuació update": lambda: actuacio_update(
                actuacio=self.fresh(items["actuacio"]), acting_user=user, topic="Canvi"
            ),
            "demand update": lambda: demand_update(
                demand=self.fresh(items["demand"]),
                acting_user=user,
                date=TODAY - timedelta(days=1),
            ),
            "demand beneficiaries": lambda: demand_update(
                demand=self.fresh(items["demand"]),
                acting_user=user,
                beneficiaries=[self.main, self.partner],
            ),
            "problem update": lambda: problem_update(
                record=self.fresh(items["problem"]),
                acting_user=user,
                beneficiaries=[self.partner],
            ),
            "problem extend": lambda: problem_extend(
                record=self.fresh(items["problem"]),
                ends_on=date(TODAY.year + 1, 12, 31),
                acting_user=user,
            ),
            "resource update": lambda: resource_update(
                resource=self.fresh(items["resource"]),
                holder=self.main,
                expected_version=None,
                acting_user=user,
            ),
            "resource beneficiaries": lambda: resource_update(
                resource=self.fresh(items["resource"]),
                holder=self.main,
                beneficiaries=[self.partner],
                expected_version=None,
                acting_user=user,
            ),
            "resource granted": lambda: resource_update(
                resource=self.with_values(
                    items["resource"], state=ResourceState.GRANTED, amount=Decimal(9)
                ),
                holder=self.main,
                expected_version=None,
                acting_user=user,
            ),
            "tràmit update": lambda: tramit_update(
                tramit=self.with_values(items["tramit"], processed_on=TODAY),
                expected_version=None,
                acting_user=user,
            ),
            "tràmit state": lambda: tramit_set_state(
                tramit=self.fresh(items["tramit"]),
                state=TramitState.GRANTED,
                acting_user=user,
            ),
            "plan update": lambda: plan_update(
                plan=self.with_values(items["plan"], agreements="Nous acords"),
                referents=[user],
                affected_persons=[self.main, self.partner],
                expected_version=None,
                acting_user=user,
            ),
            "objective add": lambda: objective_add(
                objective=PlanObjective(plan=items["plan"], description="Nou"),
                acting_user=user,
            ),
            "objective update": lambda: objective_update(
                objective=self.with_values(items["objective"], description="Canvi"),
                target_persons=[self.main],
                expected_version=None,
                acting_user=user,
            ),
            "objective evaluate": lambda: objective_evaluate(
                objective=self.fresh(items["objective"]),
                result=ObjectiveResult.ACHIEVED,
                acting_user=user,
            ),
            "plan close": lambda: plan_close(
                plan=self.fresh(items["plan"]),
                reason=PlanClosingReason.values[0],
                acting_user=user,
            ),
        }

    def with_values(self, item, **values):
        item = self.fresh(item)
        for name, value in values.items():
            setattr(item, name, value)
        return item

    def test_every_write_of_an_earlier_item_is_refused_with_the_reason(self):
        for name, write in self.writes(self.before, self.t.outsider).items():
            with self.subTest(name), translation.override("en"):
                with self.assertRaises(ValidationError) as refused:
                    write()
                self.assertIn(MOVED, " ".join(refused.exception.messages))
                self.assertIn(
                    "it can be read, not changed", refused.exception.messages[0]
                )

    def test_reopening_an_earlier_problem_is_refused(self):
        with translation.override("en"), self.assertRaises(ValidationError) as refused:
            problem_reopen(
                record=self.fresh(self.before["ended"]), acting_user=self.t.outsider
            )
        self.assertIn("This problem was " + MOVED, refused.exception.messages[0])

    def test_refused_writes_change_nothing(self):
        stored = {key: self.fresh(item) for key, item in self.before.items()}
        for write in self.writes(self.before, self.t.coordinator).values():
            with self.assertRaises(ValidationError):
                write()
        for key, item in stored.items():
            with self.subTest(key):
                self.assertEqual(self.fresh(item).version, item.version)
        self.assertEqual(list(self.before["demand"].beneficiaries.all()), [self.main])
        self.assertFalse(PlanObjective.objects.filter(description="Nou").exists())

    def test_items_recorded_after_the_transfer_are_changeable(self):
        after = self.record_items(self.t.outsider, "després", problems=False)
        for name, write in self.writes(after, self.t.outsider).items():
            if name.startswith("problem"):
                continue
            with self.subTest(name):
                write()
        self.assertEqual(self.fresh(after["tramit"]).state, TramitState.GRANTED)
        self.assertEqual(self.fresh(after["resource"]).state, ResourceState.GRANTED)
        self.assertFalse(self.fresh(after["plan"]).is_open)

    def test_the_new_sector_records_an_earlier_problem_again_and_extends_it(self):
        again = problem_create(
            expedient=self.case,
            acting_user=self.t.outsider,
            beneficiaries=[self.main],
            problem=self.problem,
        )
        later = date(TODAY.year + 1, 12, 31)
        problem_extend(record=again, ends_on=later, acting_user=self.t.outsider)
        self.assertEqual(self.fresh(again).ends_on, later)
        problem_create(  # the ended one too, rather than reopening it
            expedient=self.case,
            acting_user=self.t.outsider,
            beneficiaries=[self.main],
            problem=self.ended_problem,
        )
        with self.assertRaises(ValidationError):  # now recorded: extend it instead
            problem_create(
                expedient=self.case,
                acting_user=self.t.outsider,
                beneficiaries=[self.main],
                problem=self.problem,
            )

    def test_new_items_are_allowed_after_the_transfer(self):
        before = Demand.objects.count()
        demand_create(
            expedient=self.case,
            acting_user=self.t.outsider,
            beneficiaries=[self.main],
            type=self.dtype,
        )
        self.assertEqual(Demand.objects.count(), before + 1)

    def test_the_lock_reason_says_what_and_when(self):
        with translation.override("en"):
            for key in ("demand", "problem", "resource", "tramit", "plan"):
                reason = item_lock_reason(self.before[key])
                with self.subTest(key):
                    self.assertIn(MOVED, reason)
            objective = item_lock_reason(self.before["objective"])
        self.assertTrue(objective.startswith("The plan of this objective was"))

    def test_the_transfer_dates_of_several_expedients_are_one_query(self):
        other = basic_case(self.t, resident(self.t, first_name="Rosa"))
        with self.assertNumQueries(1):
            dates = information_transfers_at([self.case.pk, other.pk])
        self.assertEqual(set(dates), {self.case.pk})


NAMESPACES = {
    "demand": "casework_demands",
    "problem": "casework_problems",
    "resource": "casework_resources",
    "tramit": "casework_tramits",
    "plan": "casework_plans",
    "objective": "casework_objectives",
}


class TransferLockScreenTests(TransferLockData, TestCase):
    def setUp(self):
        self.client.force_login(self.t.outsider)

    def edit_url(self, key: str, item=None) -> str:
        namespace = NAMESPACES[key]
        return reverse(f"{namespace}:edit", args=[(item or self.before[key]).pk])

    @staticmethod
    def edit_button(url: str) -> str:
        return f'href="{url}">Edit</a>'

    def tab_html(self, key: str) -> str:
        response = self.client.get(expedient_url(self.case.pk, key))
        self.assertEqual(response.status_code, 200)
        return response.context["tab_html"]

    def test_tabs_show_earlier_items_read_only_and_later_ones_editable(self):
        after = self.record_items(self.t.outsider, "després", problems=False)
        for key in ("demand", "resource", "tramit", "problem"):
            html = self.tab_html(key + "s")
            with self.subTest(key):
                self.assertIn("Read-only", html)
                self.assertNotIn(self.edit_button(self.edit_url(key)), html)
                if key in after:
                    self.assertIn(
                        self.edit_button(self.edit_url(key, after[key])), html
                    )
        html = self.tab_html("problems")
        for action in ("extend", "reopen"):
            for key in ("problem", "ended"):
                url = reverse(f"casework_problems:{action}", args=[self.before[key].pk])
                self.assertNotIn(url, html)

    def test_the_plans_tab_offers_no_edit_or_objective_on_an_earlier_plan(self):
        after = self.record_items(self.t.outsider, "després", problems=False)
        html = self.tab_html("plans")
        old, new = self.before, after
        self.assertNotIn(f"?plan={old['plan'].pk}", html)
        self.assertNotIn(self.edit_url("objective"), html)
        self.assertIn(f"?plan={new['plan'].pk}", html)
        self.assertIn(self.edit_url("objective", new["objective"]), html)
        # The transfer closed the earlier plan (helpdesk's tool, "Other").
        old["plan"].refresh_from_db()
        self.assertFalse(old["plan"].is_open)
        self.assertIn("Closed on", html)

    def test_edit_screens_show_the_reason_and_no_form_to_save(self):
        for key in ("demand", "problem", "resource", "tramit", "plan", "objective"):
            url = self.edit_url(key)
            response = self.client.get(url)
            with self.subTest(key):
                self.assertEqual(response.status_code, 200)
                reason = response.context["lock_reason"]
                self.assertIn(MOVED, reason)
                self.assertContains(response, reason)
                self.assertNotContains(response, 'data-w-kbd-key-value="mod+s"')
                form = response.context["form"]
                self.assertTrue(all(field.disabled for field in form.fields.values()))
                self.assertEqual(self.client.post(url, {}).status_code, 200)
        self.assertEqual(self.fresh(self.before["demand"]).version, 1)

    def test_an_edit_screen_of_a_later_item_saves(self):
        after = self.record_items(self.t.outsider, "després", problems=False)
        response = self.client.get(self.edit_url("demand", after["demand"]))
        self.assertEqual(response.context["lock_reason"], "")
        self.assertContains(response, 'data-w-kbd-key-value="mod+s"')

    def test_the_extend_screen_of_an_earlier_problem_refuses(self):
        url = reverse("casework_problems:extend", args=[self.before["problem"].pk])
        response = self.client.get(url)
        self.assertIn(MOVED, response.context["lock_reason"])
        later = date(TODAY.year + 1, 12, 31)
        response = self.client.post(url, {"ends_on": later.isoformat()})
        self.assertEqual(response.status_code, 200)
        self.assertNotEqual(self.fresh(self.before["problem"]).ends_on, later)

    def test_listings_offer_read_only_instead_of_edit(self):
        # The actuacions, demands and problems listings have no row actions.
        after = self.record_items(self.t.outsider, "després", problems=False)
        for key in ("resource", "tramit", "plan"):
            url = reverse(f"{NAMESPACES[key]}:index") + f"?expedient={self.case.pk}"
            response = self.client.get(url)
            view = response.context["view"]
            with self.subTest(key), translation.override("en"):
                self.assertContains(response, "Read-only", count=1)
                old = view.get_list_more_buttons(self.before[key])
                new = view.get_list_more_buttons(after[key])
                self.assertEqual(
                    [(item.label, item.url) for item in old][0],
                    ("Read-only", self.edit_url(key)),
                )
                self.assertNotIn("Edit", [item.label for item in old])
                self.assertIn("Edit", [item.label for item in new])


class TransferLockQueryCountTests(TransferLockData, TestCase):
    def render_tab(self, key: str) -> int:
        user = self.t.outsider
        tab = next(t for t in tabs_for(user, self.case) if t.key == key)
        request = RequestFactory().get("/")
        request.user = user
        with CaptureQueriesContext(connection) as queries:
            context = tab.context(request=request, expedient=self.case)
            render_to_string(tab.template, context, request=request)
        return len(queries)

    def test_tabs_do_not_grow_with_locked_and_unlocked_rows(self):
        keys = ("actuacions", "demands", "problems", "resources", "tramits", "plans")
        before = {key: self.render_tab(key) for key in keys}
        for n in range(3):
            self.record_items(self.t.outsider, f"després {n}", problems=False)
        for key in keys:
            with self.subTest(key):
                self.assertEqual(self.render_tab(key), before[key])

    def test_listings_read_the_transfers_once_for_all_expedients(self):
        self.client.force_login(self.t.outsider)
        url = reverse("casework_resources:index")
        self.client.get(url)  # warm caches (content types, site)
        with CaptureQueriesContext(connection) as one:
            self.client.get(url)
        for n in range(3):
            case = basic_case(self.t, resident(self.t, first_name=f"Rosa {n}"))
            resource_create(
                resource=Resource(expedient=case, benefit=self.benefit),
                holder=case.links.get().person,
                acting_user=self.t.worker,
            )
            expedient_information_transfer(
                expedient=case,
                sector=self.t.other_sector,
                acting_user=self.t.coordinator,
            )
        with self.assertNumQueries(len(one)):
            response = self.client.get(url)
        self.assertContains(response, "Read-only", count=4)
