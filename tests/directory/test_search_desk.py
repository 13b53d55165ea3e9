"""The search desk (cercador): matching, ranking, filters, scope, export, creation."""

import csv
import io
from datetime import date

from auditlog.models import LogEntry
from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from configuration import roles
from directory import links
from directory.enums import PersonStatus
from directory.models import DistinctPersons, NameToken, Person
from directory.normalise import normalise_name
from directory.search import PAGE, corrections_for, parse, search_persons
from directory.search_desk import SearchDeskView
from directory.services import person_save
from tests.directory.test_models import new_person
from tests.factories import (
    AreaFactory,
    MunicipalityFactory,
    SectorFactory,
    professional,
)

URL = "/admin/cercador/"


def names(response) -> list[str]:
    return [person.full_name for person in response.context["object_list"]]


class ParseTests(SimpleTestCase):
    """What was typed in the box: name words and one document."""

    def test_a_document_typed_in_pieces_is_one_document(self):
        for typed, document in [
            ("12.345.678-Z", "12345678Z"),
            ("12345678 z", "12345678Z"),
            ("12 345 678 Z", "12345678Z"),
            ("X 1234567 L", "X1234567L"),
            ("x 1234567 l", "X1234567L"),
            ("X-1234567 L", "X1234567L"),
            ("Y 1234567-L", "Y1234567L"),
            ("12345678 - Z", "12345678Z"),
        ]:
            with self.subTest(typed=typed):
                parsed = parse(typed)
                self.assertEqual(parsed.document, document)
                self.assertEqual(parsed.words, [])

    def test_names_beside_a_document_stay_name_words(self):
        parsed = parse("Garcia X 1234567 L Marti")
        self.assertEqual(parsed.document, "X1234567L")
        self.assertEqual(parsed.words, ["garcia", "marti"])

    def test_only_letters_next_to_the_digits_join_the_document(self):
        # An initial after the name is not a check letter, and only X, Y and Z
        # start a NIE: "J" stays a name word on either side.
        parsed = parse("12345678Z Garcia J")
        self.assertEqual(
            (parsed.document, parsed.words), ("12345678Z", ["garcia", "j"])
        )
        parsed = parse("Garcia J 12345678Z")
        self.assertEqual(
            (parsed.document, parsed.words), ("12345678Z", ["garcia", "j"])
        )

    def test_a_lone_x_without_digits_is_a_name_word(self):
        self.assertEqual(parse("X Garcia").words, ["x", "garcia"])
        self.assertEqual(parse("X Garcia").document, "")


class SearchMatchingTests(TestCase):
    """Each example of the issue, through the ORM query the desk runs."""

    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        for first, s1, s2, document in [
            ("Jordi", "García", "Martí", "12.345.678-Z"),
            ("Pere", "Martí", "García", ""),
            ("Anna", "Garcia", "Sala", ""),
            ("Núria", "Puigventós", "Ferrer", ""),
            ("Marta", "Fernández", "López", ""),
            ("Li", "Wang", "", ""),
            ("Aina", "Sala", "Puig", ""),
            ("Fàtima", "El Amrani", "", "X-1234567-L"),
        ]:
            cls.save(
                first_name=first, surname1=s1, surname2=s2, document_number=document
            )

    @classmethod
    def save(cls, **fields):
        fields.setdefault("birth_date", None)
        return person_save(
            person=new_person(cls.area, cls.worker, **fields), acting_user=cls.worker
        )

    def found(self, text) -> list[str]:
        queryset = Person.objects.visible_to(self.worker).current()
        return [person.full_name for person in search_persons(queryset, text)]

    def test_names_match_whatever_order_accents_and_case(self):
        for typed in ("Garcia Marti", "martí garcía", "GARCIA MARTI"):
            with self.subTest(typed=typed):
                found = self.found(typed)
                self.assertEqual(len(found), 2)
                self.assertIn("García Martí, Jordi", found)
                self.assertIn("Martí García, Pere", found)

    def test_names_that_start_with_what_was_typed_come_first(self):
        self.assertEqual(self.found("Garcia Marti")[0], "García Martí, Jordi")
        self.assertEqual(self.found("marti garcia")[0], "Martí García, Pere")

    def test_a_single_surname_finds_everyone_carrying_it(self):
        self.assertEqual(
            self.found("GARCIA"),
            ["García Martí, Jordi", "Garcia Sala, Anna", "Martí García, Pere"],
        )

    def test_partial_words_match(self):
        self.assertEqual(self.found("garc mart jor"), ["García Martí, Jordi"])

    def test_the_given_name_may_be_typed_first(self):
        self.assertEqual(self.found("Jordi Garcia")[0], "García Martí, Jordi")

    def test_the_document_matches_however_it_is_typed(self):
        for typed in ("12345678z", "12.345.678-Z", "12345678 z"):
            with self.subTest(typed=typed):
                self.assertEqual(self.found(typed), ["García Martí, Jordi"])

    def test_a_nie_typed_in_pieces_is_found(self):
        for typed in ("X 1234567 L", "x1234567l", "X-1234567 L"):
            with self.subTest(typed=typed):
                self.assertEqual(self.found(typed), ["El Amrani, Fàtima"])

    def test_a_dni_typed_in_pieces_is_found(self):
        self.assertEqual(self.found("12 345 678 Z"), ["García Martí, Jordi"])

    def test_two_swapped_letters_still_find_the_person(self):
        self.assertEqual(self.found("Gacria Marti Jordi")[0], "García Martí, Jordi")

    def test_two_names_typed_together_are_found(self):
        self.assertEqual(self.found("Elamrani Fatima"), ["El Amrani, Fàtima"])

    def test_two_letter_names_work(self):
        self.assertEqual(self.found("li"), ["Wang, Li"])

    def test_misspellings_that_are_not_names_still_find_the_person(self):
        self.assertEqual(self.found("Fernandes")[0], "Fernández López, Marta")
        self.assertEqual(self.found("Puigventos Ferer")[0], "Puigventós Ferrer, Núria")

    def test_exact_hits_stay_before_typo_hits(self):
        # "sala" is a real surname: its holders come before look-alikes.
        found = self.found("sala")
        self.assertEqual(found[:2], ["Sala Puig, Aina", "Garcia Sala, Anna"])

    def test_nothing_matches_nonsense(self):
        self.assertEqual(self.found("qwxz"), [])

    def test_a_changed_name_is_found_by_its_new_words(self):
        person = Person.objects.get(first_name="Li")
        person.surname1 = "Wong"
        person_save(person=person, acting_user=self.worker)
        self.assertEqual(self.found("wong li"), ["Wong, Li"])
        self.assertNotIn("Wang, Li", self.found("wang"))


class TypoRankingTests(TestCase):
    """Which correction is likeliest, and how the results are ordered with it."""

    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        for first, s1, s2 in [
            ("Pau", "Vidal", "Puig"),
            ("Pol", "Puig", "Vidal"),
            ("Rita", "Vidala", "Soler"),
            ("Joan", "Martínez", "Pons"),
            ("Anna", "Marrtinez", "Pons"),  # a slip kept in a record
        ]:
            person_save(
                person=new_person(
                    cls.area, cls.worker, first_name=first, surname1=s1, surname2=s2
                ),
                acting_user=cls.worker,
            )
        # As counted in a real population (`NameToken.count_persons`).
        for token, persons in {"vidal": 900, "vidala": 3, "martinez": 2000}.items():
            NameToken.objects.filter(token=token).update(persons=persons)

    def found(self, text) -> list[str]:
        queryset = Person.objects.visible_to(self.worker).current()
        return [person.full_name for person in search_persons(queryset, text)]

    def test_the_most_common_word_one_slip_away_is_the_likeliest(self):
        self.assertEqual(corrections_for(["vidall"])[0][0].text, "vidal")
        self.assertEqual(corrections_for(["gacria"]), [[]])  # no such name here

    def test_a_common_real_word_is_not_corrected(self):
        self.assertEqual(corrections_for(["vidal", "puig"]), [[], []])

    def test_a_rare_real_word_next_to_a_common_one_is_a_slip(self):
        self.assertEqual(corrections_for(["vidala"])[0][0].text, "vidal")
        self.assertEqual(corrections_for(["marrtinez"])[0][0].text, "martinez")

    def test_names_starting_with_the_correction_come_first(self):
        self.assertEqual(
            self.found("Vidall Puig"), ["Vidal Puig, Pau", "Puig Vidal, Pol"]
        )

    def test_a_slip_kept_in_a_record_still_leads_to_the_common_name(self):
        self.assertEqual(
            self.found("Marrtinez"), ["Marrtinez Pons, Anna", "Martínez Pons, Joan"]
        )

    def test_the_dictionary_counts_persons_again(self):
        NameToken.objects.update(persons=0)
        NameToken.count_persons()
        self.assertEqual(NameToken.objects.get(token="pons").persons, 2)
        self.assertEqual(NameToken.objects.get(token="vidal").persons, 2)


class SearchPagesTests(TestCase):
    """The first pages come from the names starting with what was typed; they
    must be the pages the full query gives, and every hit must be reachable."""

    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        people = [("Garcia", f"Sala{n:02d}", "Anna") for n in range(PAGE + 10)]
        people += [("Puig", "Garcia", f"Pere{n:02d}") for n in range(PAGE)]
        people += [("Garcia", "Sala00", "Anna")]  # a namesake: ties go by id
        Person.objects.bulk_create(
            new_person(
                cls.area,
                cls.worker,
                surname1=s1,
                surname2=s2,
                first_name=first,
                search_name=normalise_name(s1, s2, first),
            )
            for s1, s2, first in people
        )
        other = AreaFactory()
        Person.objects.bulk_create(
            [
                new_person(
                    other, professional(roles.TECNIC, area=other), search_name="garcia"
                )
            ]
        )

    def setUp(self):
        self.client.force_login(self.worker)

    def results(self, text):
        return search_persons(Person.objects.visible_to(self.worker).current(), text)

    def test_every_page_is_the_page_of_the_full_ordering(self):
        results = self.results("garcia")
        everything = [person.pk for person in results]  # read whole: no tiers
        self.assertEqual(len(everything), 2 * PAGE + 11)
        for start in range(0, len(everything), PAGE):
            with self.subTest(start=start):
                page = [person.pk for person in results[start : start + PAGE]]
                self.assertEqual(page, everything[start : start + PAGE])

    def test_a_page_of_names_starting_with_the_words_skips_the_full_text(self):
        with CaptureQueriesContext(connection) as queries:
            page = list(self.results("garcia sala")[:PAGE])
        self.assertEqual(len(page), PAGE)
        self.assertEqual(page[0].full_name, "Garcia Sala00, Anna")
        last = queries.captured_queries[-1]["sql"]
        self.assertNotIn("MATCH", last)
        self.assertNotIn("@@", last)

    def test_every_hit_is_reachable_through_the_desk_pages(self):
        seen = []
        for number in (1, 2, 3):
            response = self.client.get(URL, {"q": "garcia", "p": number})
            self.assertEqual(response.context["paginator"].count, 2 * PAGE + 11)
            seen += [person.pk for person in response.context["object_list"]]
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(set(seen), {p.pk for p in self.results("garcia")})

    def test_names_starting_with_what_was_typed_come_before_the_rest(self):
        names = [person.search_name for person in self.results("garcia")]
        starting = [n for n in names if n.startswith("garcia")]
        self.assertEqual(names[: len(starting)], starting)


class SearchDeskScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.municipality = MunicipalityFactory()
        SectorFactory(area=cls.area, municipality=cls.municipality)
        cls.jordi = person_save(
            person=new_person(
                cls.area,
                cls.worker,
                first_name="Jordi",
                document_number="12345678Z",
                health_card="GAMA 0800101003",
                residence_municipality=cls.municipality,
            ),
            acting_user=cls.worker,
        )
        other = AreaFactory()
        cls.outsider = professional(roles.TECNIC, area=other)
        cls.foreign = person_save(
            person=new_person(other, cls.outsider, first_name="Jordi"),
            acting_user=cls.outsider,
        )

    def setUp(self):
        self.client.force_login(self.worker)

    def test_the_desk_starts_empty_and_says_what_to_type(self):
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(names(response), [])

    def test_results_show_age_status_and_the_link_to_the_record(self):
        response = self.client.get(URL, {"q": "garcia jordi"})
        self.assertEqual(names(response), ["García Martí, Jordi"])
        self.assertContains(response, reverse("person:inspect", args=[self.jordi.pk]))
        self.assertContains(response, f"<td>{self.jordi.age}</td>", html=True)

    def test_another_areas_people_are_never_found(self):
        response = self.client.get(URL, {"q": "jordi"})
        self.assertNotIn(self.foreign, response.context["object_list"])
        self.client.force_login(self.outsider)
        response = self.client.get(URL, {"q": "12345678Z"})
        self.assertEqual(names(response), [])

    def test_filters_narrow_the_results(self):
        cases = {
            "birth_date": ("1980-05-17", "1990-01-01"),
            "health_card": ("gama0800101003", "XXXX0000000000"),
            "status": (PersonStatus.ACTIVE, PersonStatus.DECEASED),
            "residence_municipality": (self.municipality.pk, None),
            "reference_professional": (self.worker.pk, None),
        }
        for name, (hit, miss) in cases.items():
            with self.subTest(filter=name):
                response = self.client.get(URL, {name: hit})
                self.assertEqual(names(response), ["García Martí, Jordi"])
                if miss is not None:
                    self.assertEqual(names(self.client.get(URL, {name: miss})), [])

    def test_a_merged_record_is_not_listed(self):
        twin = person_save(
            person=new_person(self.area, self.worker, first_name="Jordina"),
            acting_user=self.worker,
        )
        Person.objects.filter(pk=twin.pk).update(merged_into=self.jordi)
        self.assertEqual(
            names(self.client.get(URL, {"q": "jordi"})), ["García Martí, Jordi"]
        )

    def test_the_person_listing_url_leads_to_the_desk(self):
        response = self.client.get(reverse("person:index"), {"q": "x"})
        self.assertRedirects(response, URL + "?q=x", fetch_redirect_response=False)

    def test_the_desk_is_first_in_the_menu(self):
        response = self.client.get(reverse("wagtailadmin_home"))
        content = response.content.decode()
        self.assertIn(URL, content)

    def test_the_new_record_button_carries_what_was_searched(self):
        response = self.client.get(
            URL, {"q": "Puig Soler Marta 12.345.679-S", "birth_date": "1975-03-02"}
        )
        self.assertContains(
            response,
            "/admin/directory/persons/new/?document_number=12345679S&amp;"
            "surname1=Puig&amp;surname2=Soler&amp;first_name=Marta&amp;"
            "birth_date=1975-03-02",
        )

    def test_the_query_count_does_not_grow_with_the_rows(self):
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(URL, {"q": "garcia"})
            self.assertEqual(response.status_code, 200)
            return len(queries)

        def add(how_many: int) -> None:
            for n in range(how_many):
                person_save(
                    person=new_person(
                        self.area,
                        self.worker,
                        first_name=f"Pau{n}",
                        residence_municipality=self.municipality,
                    ),
                    acting_user=self.worker,
                )

        add(3)  # enough exact hits that the typo fallback never runs
        before = count()
        add(12)
        self.assertEqual(count(), before)

    def test_expedients_are_counted_through_the_registered_links(self):
        # Any model pointing at a person may register as an expedient link; the
        # "different person" confirmations stand in for casework's links here.
        links.register_person_link(
            "directory.DistinctPersons", "person", label="x", expedient="other"
        )
        self.addCleanup(links._LINKS.pop, ("directory.DistinctPersons", "person"))
        for first in ("Joan", "Pol"):
            other = person_save(
                person=new_person(self.area, self.worker, first_name=first),
                acting_user=self.worker,
            )
            low, high = sorted([self.jordi.pk, other.pk])
            if low == self.jordi.pk:
                DistinctPersons.objects.create(
                    person_id=low, other_id=high, confirmed_by=self.worker
                )
        response = self.client.get(URL, {"q": "12345678Z"})
        self.assertEqual(response.context["object_list"][0].expedients, 2)


class SearchDeskExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        for first in ("Jordi", "=HYPERLINK(1)"):
            person_save(
                person=new_person(cls.area, cls.worker, first_name=first),
                acting_user=cls.worker,
            )

    def setUp(self):
        self.client.force_login(self.worker)

    def test_csv_streams_neutralises_formulas_and_is_audited_once(self):
        response = self.client.get(URL, {"q": "garcia", "export": "csv"})
        self.assertTrue(response.streaming)
        rows = list(csv.reader(io.StringIO(b"".join(response).decode())))
        self.assertEqual(len(rows), 3)  # heading + two persons
        self.assertIn("'=HYPERLINK(1)", [row[2] for row in rows])
        entry = LogEntry.objects.get(additional_data__event="export")
        self.assertEqual(entry.actor, self.worker)
        self.assertEqual(entry.additional_data["rows"], 2)
        self.assertEqual(entry.additional_data["criteria"]["q"], "garcia")
        self.assertEqual(entry.action, LogEntry.Action.ACCESS)

    def test_the_status_is_exported_as_the_listing_shows_it(self):
        with translation.override("ca"):
            response = self.client.get(URL, {"q": "garcia", "export": "csv"})
            rows = list(csv.reader(io.StringIO(b"".join(response).decode())))
            column = SearchDeskView.list_export.index("status")
            shown = str(PersonStatus.ACTIVE.label)  # "Actiu", not "0"
        self.assertEqual({row[column] for row in rows[1:]}, {shown})

    def test_xlsx_holds_the_same_rows(self):
        response = self.client.get(URL, {"q": "garcia", "export": "xlsx"})
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        rows = list(workbook.active.iter_rows(values_only=True))
        self.assertEqual(len(rows), 3)
        self.assertEqual(
            LogEntry.objects.filter(additional_data__event="export").count(), 1
        )

    def test_an_export_without_criteria_is_empty(self):
        response = self.client.get(URL, {"export": "csv"})
        rows = list(csv.reader(io.StringIO(b"".join(response).decode())))
        self.assertEqual(len(rows), 1)


class CreateWithDuplicateCheckTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.existing = person_save(
            person=new_person(cls.area, cls.worker, document_number="12345678Z"),
            acting_user=cls.worker,
        )

    def setUp(self):
        self.client.force_login(self.worker)

    def post(self, **extra):
        data = {
            "document_type": 0,
            "document_number": "",
            "first_name": "Nuria",
            "surname1": "Garcia",
            "surname2": "",
            "birth_date": "1980-05-17",
            "civil_status": 1,
            "tenure_regime": 0,
            "family_type": 0,
            "cohabitation_type": 0,
            "dependency_degree": 0,
            "reference_professional": self.worker.pk,
        }
        return self.client.post(reverse("person:add"), data | extra)

    def test_likely_duplicates_are_shown_before_anything_is_saved(self):
        response = self.post()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["duplicates"], [self.existing])
        self.assertContains(
            response, reverse("person:inspect", args=[self.existing.pk])
        )
        self.assertContains(response, 'name="confirm_distinct"')
        self.assertEqual(Person.objects.count(), 1)

    def test_confirming_a_different_person_saves_and_records_the_answer(self):
        response = self.post(confirm_distinct="1")
        self.assertEqual(response.status_code, 302)
        created = Person.objects.exclude(pk=self.existing.pk).get()
        confirmation = DistinctPersons.objects.get()
        self.assertEqual(
            {confirmation.person_id, confirmation.other_id},
            {created.pk, self.existing.pk},
        )
        self.assertEqual(confirmation.confirmed_by, self.worker)
        self.assertTrue(
            LogEntry.objects.get_for_object(confirmation)
            .filter(actor=self.worker)
            .exists()
        )

    def test_no_warning_for_someone_new(self):
        response = self.post(first_name="Pol", surname1="Riera", birth_date="1999-1-1")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(DistinctPersons.objects.exists())

    def test_a_used_document_is_an_error_linking_to_the_record(self):
        response = self.post(document_number="12.345.678-z", confirm_distinct="1")
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors["document_number"]
        self.assertIn(reverse("person:inspect", args=[self.existing.pk]), str(errors))
        self.assertNotContains(response, 'name="confirm_distinct"')
        self.assertEqual(Person.objects.count(), 1)

    def test_the_add_form_is_prefilled_from_the_search(self):
        response = self.client.get(
            reverse("person:add"),
            {"surname1": "Puig", "first_name": "Marta", "birth_date": "1975-03-02"},
        )
        form = response.context["form"]
        self.assertEqual(form.initial["surname1"], "Puig")
        self.assertEqual(form.initial["first_name"], "Marta")
        self.assertEqual(str(form.initial["birth_date"]), "1975-03-02")

    def test_a_new_record_has_no_pair_to_itself(self):
        self.post(first_name="Pol", surname1="Riera", birth_date=str(date.today()))
        self.assertFalse(DistinctPersons.objects.exists())


class FindDuplicatesCommandTests(TestCase):
    def test_bulk_written_twins_reach_the_worklist(self):
        from django.core.management import call_command

        from directory.models import DuplicateCandidate

        area = AreaFactory(code="NORD")
        worker = professional(roles.TECNIC, area=area)
        # Written in bulk, as generate_load does: no save(), so no check yet.
        twins = [
            new_person(area, worker, search_name="garcia marti nuria"),
            new_person(
                area, worker, surname1="Garsia", search_name="garsia marti nuria"
            ),
        ]
        Person.objects.bulk_create(twins)
        self.assertFalse(DuplicateCandidate.objects.exists())
        out = io.StringIO()
        call_command("find_duplicates", "--area", "NORD", stdout=out)
        self.assertIn("NORD: 1", out.getvalue())
        self.assertEqual(DuplicateCandidate.objects.count(), 1)
