"""The genogram of an expedient (issue #23, domain.md §3.3.3, §8.3): drawn from
the kinship rows and the linked persons as they were on a date, with the
standard symbols, the genogram-only relatives, the SVG and PDF exports, and the
tab's scope and audit."""

import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casework.enums import BreakGlassReason
from casework.genogram import genogram_of, genogram_svg
from casework.models import Expedient, GenogramRelative, LinkedPerson
from casework.services.break_glass import break_glass_open
from casework.services.genogram import genogram_relative_add, genogram_relative_remove
from casework.services.household import person_link
from configuration.models import RelationshipType
from directory.enums import KinshipKind, PersonStatus
from directory.services.records import kinship_add
from tests.casework.records_data import close
from tests.factories.casework import basic_case, resident, territory

SVG = "{http://www.w3.org/2000/svg}"
BEFORE, AFTER = date(2019, 6, 1), date(2023, 6, 1)


def parse(svg) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - the SVG Llar drew itself


def members(svg: str) -> dict:
    """Each drawn person's group, by key, from a well-formed SVG."""
    root = parse(svg)
    return {g.get("data-key"): g for g in root.iter(f"{SVG}g") if g.get("data-key")}


def shapes(group) -> list[str]:
    """The symbol's drawn shapes, captions' white grounds left out."""
    return [
        child.tag.removeprefix(SVG)
        for child in group
        if child.get("class") != "caption"
    ]


def relationship(code: str) -> RelationshipType:
    found = RelationshipType.objects.filter(code=code, area__isnull=True).first()
    return found or RelationshipType.objects.create(code=code, name=f"Rel {code}")


class GenogramData:
    """Anna (main person) with Joan, her partner from 2010 to 2020, their child
    Pau (sex not recorded) and Marc, her partner from 2022, linked to the
    expedient in 2022; Joan's father Josep died in 2015."""

    @classmethod
    def setUpTestData(cls):
        cls.t = territory()
        cls.other = territory()
        t = cls.t
        cls.anna = resident(t, first_name="Anna", sex="D", birth_date=date(1980, 2, 1))
        cls.joan = resident(
            t, first_name="Joan", surname1="Puig", sex="H", birth_date=date(1978, 3, 3)
        )
        cls.pau = resident(
            t, first_name="Pau", surname1="Puig", birth_date=date(2012, 7, 9)
        )
        cls.marc = resident(
            t, first_name="Marc", surname1="Roca", sex="H", birth_date=date(1979, 1, 1)
        )
        cls.josep = resident(
            t,
            first_name="Josep",
            surname1="Puig",
            sex="H",
            birth_date=date(1950, 1, 1),
            status=PersonStatus.DECEASED,
            death_date=date(2015, 4, 4),
        )
        cls.case = basic_case(t, cls.anna)
        by = t.worker
        kinship_add(
            person=cls.anna,
            relative=cls.joan,
            kind=KinshipKind.PARTNER,
            starts_on=date(2010, 5, 1),
            ends_on=date(2020, 1, 1),
            acting_user=by,
        )
        kinship_add(
            person=cls.anna, relative=cls.pau, kind=KinshipKind.PARENT, acting_user=by
        )
        kinship_add(
            person=cls.joan, relative=cls.pau, kind=KinshipKind.PARENT, acting_user=by
        )
        kinship_add(
            person=cls.josep, relative=cls.joan, kind=KinshipKind.PARENT, acting_user=by
        )
        kinship_add(
            person=cls.marc,
            relative=cls.anna,
            kind=KinshipKind.PARTNER,
            starts_on=date(2022, 3, 1),
            acting_user=by,
        )
        child = relationship("3")
        person_link(
            expedient=cls.case, person=cls.pau, relationship=child, acting_user=by
        )
        person_link(
            expedient=cls.case,
            person=cls.marc,
            relationship=relationship("10"),
            acting_user=by,
        )
        # Anna and Pau live together since 2015; Marc joined them in 2022.
        LinkedPerson.objects.filter(expedient=cls.case).update(
            linked_at=timezone.make_aware(datetime(2015, 1, 1))
        )
        LinkedPerson.objects.filter(expedient=cls.case, person=cls.marc).update(
            linked_at=timezone.make_aware(datetime(2022, 6, 1))
        )

    def key(self, person) -> str:
        return f"p{person.pk}"


class GenogramDrawingTests(GenogramData, TestCase):
    def test_the_family_on_two_dates(self):
        before = genogram_of(self.case, on=BEFORE)
        after = genogram_of(self.case, on=AFTER)
        anna, joan, marc = self.key(self.anna), self.key(self.joan), self.key(self.marc)
        pair = tuple(sorted((anna, joan)))
        # In 2019 Joan is her partner and Marc is not on the drawing yet.
        self.assertIn((*pair, False), before.partners)
        self.assertNotIn(marc, before.members)
        self.assertCountEqual(before.household, [anna, self.key(self.pau)])
        # In 2023 Joan and Anna have separated; Marc is her partner and lives with them.
        self.assertIn((*pair, True), after.partners)
        self.assertIn((*tuple(sorted((anna, marc))), False), after.partners)
        self.assertCountEqual(after.household, [anna, self.key(self.pau), marc])
        svg_before, svg_after = genogram_svg(before), genogram_svg(after)
        self.assertNotIn("Marc", svg_before)
        self.assertIn("Marc Roca", svg_after)
        self.assertEqual(parse(svg_before).find(f"{SVG}*[@class='separated']"), None)
        self.assertEqual(
            len(parse(svg_after).findall(f"{SVG}line[@class='separated']")), 2
        )

    def test_nobody_born_after_the_date_is_drawn(self):
        drawing = genogram_of(self.case, on=date(2011, 1, 1))
        self.assertNotIn(self.key(self.pau), drawing.members)
        self.assertIn(self.key(self.anna), drawing.members)

    def test_generations_are_rows_and_children_sit_below_their_parents(self):
        drawing = genogram_of(self.case, on=AFTER)
        m = drawing.members
        josep, joan, anna, pau = (
            m[self.key(p)] for p in (self.josep, self.joan, self.anna, self.pau)
        )
        self.assertEqual((josep.generation, joan.generation, pau.generation), (0, 1, 2))
        self.assertEqual(anna.y, joan.y)
        self.assertLess(josep.y, joan.y)
        self.assertLess(joan.y, pau.y)
        self.assertEqual(m[self.key(self.marc)].y, anna.y)
        # Pau hangs between his parents.
        self.assertLessEqual(min(anna.x, joan.x), pau.x)
        self.assertLessEqual(pau.x, max(anna.x, joan.x))

    def test_symbols_follow_sex_death_and_the_main_person(self):
        drawn = members(genogram_svg(genogram_of(self.case, on=AFTER)))
        anna, joan, pau, josep = (
            drawn[self.key(p)] for p in (self.anna, self.joan, self.pau, self.josep)
        )
        self.assertEqual(shapes(anna)[:2], ["circle", "circle"])  # main: double line
        self.assertIn("main", anna.get("class"))
        self.assertEqual(shapes(joan)[0], "rect")
        self.assertNotEqual(shapes(joan)[1], "rect")  # single line
        self.assertEqual(shapes(pau)[0], "polygon")  # sex not recorded: a diamond
        self.assertIn("deceased", josep.get("class"))
        self.assertEqual(shapes(josep).count("line"), 2)  # the cross
        self.assertNotIn("line", shapes(joan))
        self.assertIn("1950 - 2015", ET.tostring(josep, encoding="unicode"))

    def test_a_person_who_died_after_the_date_is_drawn_alive(self):
        drawn = members(genogram_svg(genogram_of(self.case, on=date(2012, 1, 1))))
        self.assertNotIn("deceased", drawn[self.key(self.josep)].get("class"))

    def test_the_household_is_drawn_around_those_who_live_together(self):
        root = parse(genogram_svg(genogram_of(self.case, on=AFTER)))
        outline = root.findall(f"{SVG}g[@class='household']")
        self.assertEqual(len(outline), 1)
        boxes = outline[0].findall(f"{SVG}rect")
        self.assertTrue(all("stroke-dasharray" in box.attrib for box in boxes))
        # Around Anna, Marc and Pau, not around Joan who lives elsewhere.
        drawing = genogram_of(self.case, on=AFTER)
        joan = drawing.members[self.key(self.joan)]

        def inside(box, member):
            x, y, w, h = (float(box.get(k)) for k in ("x", "y", "width", "height"))
            return x <= member.x <= x + w and y <= member.y <= y + h

        for person in (self.anna, self.marc, self.pau):
            member = drawing.members[self.key(person)]
            self.assertTrue(any(inside(box, member) for box in boxes), person)
        self.assertFalse(any(inside(box, joan) for box in boxes))


class GenogramRelativeTests(GenogramData, TestCase):
    def add(self, **fields) -> GenogramRelative:
        values = {
            "label": "Avi matern",
            "sex": "H",
            "birth_year": 1950,
            "is_deceased": True,
            "death_year": 2001,
            "person": self.anna,
            "kind": KinshipKind.PARENT,
            **fields,
        }
        return genogram_relative_add(
            expedient=self.case,
            relative=GenogramRelative(**values),
            acting_user=self.t.worker,
        )

    def test_a_genogram_only_relative_is_drawn_with_their_symbol(self):
        relative = self.add()
        drawing = genogram_of(self.case, on=AFTER)
        member = drawing.members[f"g{relative.pk}"]
        self.assertTrue(member.genogram_only and member.deceased)
        self.assertIn((f"g{relative.pk}", self.key(self.anna)), drawing.parents)
        self.assertEqual(
            member.generation, drawing.members[self.key(self.joan)].generation - 1
        )
        group = members(genogram_svg(drawing))[f"g{relative.pk}"]
        self.assertEqual(shapes(group)[0], "rect")
        self.assertIn("deceased", group.get("class"))
        self.assertIn("Avi matern", ET.tostring(group, encoding="unicode"))
        self.assertTrue(LogEntry.objects.get_for_object(relative).exists())  # audited

    def test_a_relative_is_drawn_from_their_year_of_birth_and_relationship_start(self):
        born = self.add(
            label="Germà",
            kind=KinshipKind.SIBLING,
            birth_year=2021,
            is_deceased=False,
            death_year=None,
        )
        later = self.add(
            label="Parella nova",
            kind=KinshipKind.PARTNER,
            sex="",
            birth_year=None,
            is_deceased=False,
            death_year=None,
            person=self.marc,
            starts_on=date(2021, 1, 1),
        )
        before = genogram_of(self.case, on=BEFORE)
        after = genogram_of(self.case, on=AFTER)
        for relative in (born, later):
            self.assertNotIn(f"g{relative.pk}", before.members)
            self.assertIn(f"g{relative.pk}", after.members)

    def test_bad_relatives_are_refused(self):
        stranger = resident(self.t, first_name="Aliena")
        cases = (
            {"person": stranger},  # not linked to the expedient
            {"death_year": 1940},  # dies before birth
            {"is_deceased": False},  # a death year for the living
            {"label": ""},
            {"starts_on": date(2020, 1, 1), "ends_on": date(2019, 1, 1)},
        )
        for fields in cases:
            with self.subTest(fields=fields), self.assertRaises(ValidationError):
                self.add(**fields)
        self.assertFalse(GenogramRelative.objects.exists())

    def test_a_closed_expedient_takes_no_relative_and_removal_is_audited(self):
        relative = self.add()
        genogram_relative_remove(
            expedient=self.case, relative=relative, acting_user=self.t.worker
        )
        self.assertFalse(GenogramRelative.objects.exists())
        self.assertEqual(
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(GenogramRelative),
                action=LogEntry.Action.DELETE,
            ).count(),
            1,
        )
        close(self.case)
        with self.assertRaises(ValidationError):
            self.add()


class GenogramScreenTests(GenogramData, TestCase):
    def tab(self, case=None, **query) -> str:
        url = reverse("casework_expedient", args=[(case or self.case).pk])
        extra = "".join(f"&{k}={v}" for k, v in query.items())
        return f"{url}?tab=genogram{extra}"

    def export(self, kind: str, case=None, on="01/06/2023") -> str:
        url = reverse(
            f"casework_expedient_genogram_{kind}", args=[(case or self.case).pk]
        )
        return f"{url}?on={on}"

    def get(self, user, url):
        self.client.force_login(user)
        return self.client.get(url)

    def test_owner_and_teammate_see_the_tab_and_its_exports(self):
        for user in (self.t.worker, self.t.teammate, self.t.coordinator):
            for url in (self.tab(), self.export("svg"), self.export("pdf")):
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.get(user, url).status_code, 200)

    def test_outsiders_and_other_areas_get_404(self):
        relative = genogram_relative_add(
            expedient=self.case,
            relative=GenogramRelative(
                label="Tia", person=self.anna, kind=KinshipKind.SIBLING
            ),
            acting_user=self.t.worker,
        )
        remove = reverse(
            "casework_expedient_genogram_remove", args=[self.case.pk, relative.pk]
        )
        add = reverse("casework_expedient_genogram_add", args=[self.case.pk])
        for user in (self.t.outsider, self.other.worker, self.other.coordinator):
            for url in (self.tab(), self.export("svg"), self.export("pdf"), add):
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.get(user, url).status_code, 404)
            self.assertEqual(self.client.post(remove).status_code, 404)
            self.assertEqual(
                self.client.post(
                    add, {"label": "X", "person": self.anna.pk, "kind": "parent"}
                ).status_code,
                404,
            )
        self.assertEqual(GenogramRelative.objects.count(), 1)

    def test_a_confidential_expedients_genogram_follows_its_rule(self):
        secret = basic_case(
            self.t, resident(self.t, first_name="Clara"), confidential=True
        )
        self.assertEqual(self.get(self.t.worker, self.tab(secret)).status_code, 200)
        # The screen offers the break-glass form, as for every other tab.
        offer = self.get(self.t.teammate, self.tab(secret))
        self.assertRedirects(
            offer,
            reverse("casework_expedient_break_glass", args=[secret.pk]),
            fetch_redirect_response=False,
        )
        self.assertEqual(
            self.get(self.t.teammate, self.export("svg", secret)).status_code, 404
        )
        break_glass_open(
            expedient=secret,
            acting_user=self.t.teammate,
            reason=BreakGlassReason.URGENT_CARE,
            text="Urgència",
        )
        self.assertEqual(
            self.get(self.t.teammate, self.export("svg", secret)).status_code, 200
        )

    def test_the_tab_shows_the_family_on_the_chosen_date(self):
        def drawing(on):
            page = self.get(self.t.worker, self.tab(on=on)).content.decode()
            self.assertIn(f'value="{on}"', page)
            return page.split('<figure class="genogram"')[1].split("</figure>")[0]

        self.assertNotIn("Marc Roca", drawing("01/06/2019"))
        self.assertIn("Marc Roca", drawing("01/06/2023"))

    def test_a_bad_date_is_refused_on_the_field_and_today_is_drawn(self):
        response = self.get(self.t.worker, self.tab(on="31/02/2020"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["date_form"].errors)
        self.assertEqual(response.context["on"], date.today())
        empty = self.get(self.t.worker, self.tab())
        self.assertEqual(empty.context["on"], date.today())
        self.assertIn(date.today().strftime("%d/%m/%Y"), empty.content.decode())

    def test_the_svg_is_well_formed_and_the_download_an_audited_read(self):
        response = self.get(self.t.teammate, self.export("svg"))
        self.assertTrue(response["Content-Type"].startswith("image/svg+xml"))
        self.assertIn("attachment", response["Content-Disposition"])
        root = parse(response.content)
        self.assertEqual(root.tag, f"{SVG}svg")
        self.assertIn(self.key(self.marc), members(response.content.decode()))
        reads = LogEntry.objects.filter(
            content_type__in=ContentType.objects.get_for_models(
                Expedient, type(self.case)
            ).values(),
            object_pk=str(self.case.pk),
            action=LogEntry.Action.ACCESS,
            actor=self.t.teammate,
        )
        self.assertEqual(reads.count(), 1)
        self.get(self.t.teammate, self.tab())
        self.assertEqual(reads.count(), 2)

    def test_the_pdf_is_generated_and_renders(self):
        response = self.get(self.t.worker, self.export("pdf"))
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))
        if not shutil.which("pdftoppm"):
            self.skipTest("pdftoppm is not installed")
        with tempfile.TemporaryDirectory() as folder:
            pdf = Path(folder) / "g.pdf"
            pdf.write_bytes(response.content)
            subprocess.run(  # noqa: S603 - fixed arguments
                [shutil.which("pdftoppm"), "-png", "-r", "40", str(pdf), f"{folder}/g"],
                check=True,
            )
            pages = list(Path(folder).glob("g*.png"))
            self.assertEqual(len(pages), 1)
            self.assertGreater(pages[0].stat().st_size, 1000)

    def test_a_technician_adds_and_removes_a_relative_from_the_tab(self):
        self.client.force_login(self.t.worker)
        add = reverse("casework_expedient_genogram_add", args=[self.case.pk])
        response = self.client.post(
            add,
            {
                "label": "Pare absent",
                "sex": "H",
                "birth_year": "1975",
                "person": self.pau.pk,
                "kind": "parent",
            },
        )
        self.assertEqual(response.status_code, 302)
        relative = GenogramRelative.objects.get()
        self.assertEqual(
            (relative.person, relative.kind), (self.pau, KinshipKind.PARENT)
        )
        self.assertIn("Pare absent", self.client.get(self.tab()).content.decode())
        bad = self.client.post(
            add,
            {
                "label": "X",
                "person": self.pau.pk,
                "kind": "parent",
                "birth_year": "1700",
            },
        )
        self.assertEqual(bad.status_code, 200)
        self.assertEqual(GenogramRelative.objects.count(), 1)
        remove = reverse(
            "casework_expedient_genogram_remove", args=[self.case.pk, relative.pk]
        )
        self.assertEqual(self.client.post(remove).status_code, 302)
        self.assertFalse(GenogramRelative.objects.exists())

    def test_a_reader_without_the_right_adds_nothing(self):
        self.client.force_login(self.t.administrative)
        self.assertEqual(self.client.get(self.tab()).status_code, 200)

    def test_the_tab_takes_the_same_queries_for_a_bigger_family(self):
        self.client.force_login(self.t.worker)

        def count():
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(self.tab()).status_code, 200)
            return len(queries)

        first = count()
        for n in range(4):
            genogram_relative_add(
                expedient=self.case,
                relative=GenogramRelative(
                    label=f"Cosí {n}", person=self.pau, kind=KinshipKind.OTHER
                ),
                acting_user=self.t.worker,
            )
            kin = resident(self.t, first_name=f"Net{n}", birth_date=date(2000, 1, 1))
            kinship_add(
                person=self.anna,
                relative=kin,
                kind=KinshipKind.SIBLING,
                acting_user=self.t.worker,
            )
        self.assertEqual(count(), first)
