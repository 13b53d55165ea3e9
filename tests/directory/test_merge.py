"""Merging person records and undoing it: the service, and the coordinators'
screens (likely duplicates, compare and merge, undo)."""

from datetime import date

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from configuration import roles
from directory import links
from directory.enums import KinshipKind
from directory.models import (
    DistinctPersons,
    DuplicateCandidate,
    Kinship,
    Person,
    PersonExtended,
    PersonMerge,
)
from directory.services import (
    kinship_add,
    person_merge,
    person_save,
    person_unmerge,
)
from tests.directory.test_models import new_person
from tests.factories import AreaFactory, professional


def save(area, referent, **fields) -> Person:
    return person_save(
        person=new_person(area, referent, **fields), acting_user=referent
    )


def kinship_rows() -> set[tuple[int, int, str]]:
    return set(Kinship.objects.values_list("person_id", "relative_id", "kind"))


class MergeSetUp(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.area = AreaFactory()
        cls.coordinator = professional(roles.COORDINADOR, area=cls.area)
        cls.worker = professional(roles.TECNIC, area=cls.area)
        cls.survivor = save(
            cls.area, cls.worker, phone1="600111222", email="", first_name="Núria"
        )
        cls.merged = save(
            cls.area,
            cls.worker,
            first_name="Nuria",
            surname2="",
            phone1="",
            email="nuria@example.org",
            document_number="12345678Z",
        )

    def merge(self, fields_taken=(), survivor=None, merged=None) -> PersonMerge:
        return person_merge(
            survivor=survivor or self.survivor,
            merged=merged or self.merged,
            fields_taken=list(fields_taken),
            acting_user=self.coordinator,
        )

    def undo(self, merge) -> Person:
        return person_unmerge(merge=merge, acting_user=self.coordinator)


class PersonMergeTests(MergeSetUp):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.child = save(cls.area, cls.worker, first_name="Pau", birth_date=None)
        cls.partner = save(cls.area, cls.worker, first_name="Joan", birth_date=None)
        cls.sibling = save(cls.area, cls.worker, first_name="Rita", birth_date=None)
        add = kinship_add
        add(
            person=cls.survivor,
            relative=cls.child,
            kind=KinshipKind.PARENT,
            acting_user=cls.worker,
        )
        add(
            person=cls.merged,
            relative=cls.partner,
            kind=KinshipKind.PARTNER,
            acting_user=cls.worker,
        )
        add(
            person=cls.sibling,
            relative=cls.merged,
            kind=KinshipKind.SIBLING,
            acting_user=cls.worker,
        )
        # Typed as relatives of each other: after the merge, a self-kinship.
        add(
            person=cls.merged,
            relative=cls.survivor,
            kind=KinshipKind.OTHER,
            acting_user=cls.worker,
        )

    def test_every_kinship_of_the_merged_record_moves_to_the_survivor(self):
        merge = self.merge()
        s, m = self.survivor.pk, self.merged.pk
        self.assertEqual(
            kinship_rows(),
            {
                (s, self.child.pk, KinshipKind.PARENT),
                (s, self.partner.pk, KinshipKind.PARTNER),
                (self.sibling.pk, s, KinshipKind.SIBLING),
            },
        )
        self.assertFalse(
            Kinship.objects.filter(person_id=m).exists()
            or Kinship.objects.filter(relative_id=m).exists()
        )
        self.assertEqual(
            set(merge.snapshot["moved"]),
            {"directory.Kinship:person", "directory.Kinship:relative"},
        )

    def test_undo_moves_exactly_those_links_back_and_restores_the_removed_one(self):
        before = kinship_rows()
        untouched = Kinship.objects.get(relative=self.child).pk
        merge = self.merge()
        self.undo(merge)
        self.assertEqual(kinship_rows(), before)
        self.assertEqual(Kinship.objects.get(relative=self.child).pk, untouched)
        merge.refresh_from_db()
        self.assertTrue(merge.is_undone)
        self.assertEqual(merge.undone_by, self.coordinator)

    def test_the_kinship_between_the_two_is_removed_and_kept_in_the_snapshot(self):
        merge = self.merge()
        (removed,) = merge.snapshot["removed"]
        self.assertEqual(removed["model"], "directory.Kinship")
        self.assertEqual(removed["values"]["relative"], self.survivor.pk)
        self.assertFalse(Kinship.objects.filter(kind=KinshipKind.OTHER).exists())

    def test_picked_fields_are_taken_and_given_back_on_undo(self):
        merge = self.merge(["email", "first_name"])
        self.survivor.refresh_from_db()
        self.assertEqual(
            (self.survivor.email, self.survivor.first_name),
            ("nuria@example.org", "Nuria"),
        )
        self.assertEqual(self.survivor.phone1, "600111222")  # not picked
        self.assertEqual(self.survivor.updated_by, self.coordinator)
        self.undo(merge)
        self.survivor.refresh_from_db()
        self.assertEqual((self.survivor.email, self.survivor.first_name), ("", "Núria"))

    def test_a_field_changed_again_after_the_merge_is_kept_on_undo(self):
        merge = self.merge(["email", "first_name"])
        self.survivor.refresh_from_db()
        self.survivor.email = "nova@example.org"
        person_save(person=self.survivor, acting_user=self.worker)
        self.undo(merge)
        self.survivor.refresh_from_db()
        self.assertEqual(self.survivor.email, "nova@example.org")
        self.assertEqual(self.survivor.first_name, "Núria")

    def test_the_survivor_may_take_the_merged_records_document(self):
        merge = self.merge(["document_number"])
        self.survivor.refresh_from_db()
        self.merged.refresh_from_db()
        self.assertEqual(self.survivor.document_norm, "12345678Z")
        self.assertEqual(self.merged.document_number, "")
        self.undo(merge)
        self.survivor.refresh_from_db()
        self.merged.refresh_from_db()
        self.assertEqual(self.survivor.document_number, "")
        self.assertEqual(self.merged.document_number, "12345678Z")

    def test_the_merged_record_is_hidden_from_search_and_back_after_undo(self):
        status = self.merged.status
        merge = self.merge()
        self.merged.refresh_from_db()
        self.assertEqual(self.merged.merged_into, self.survivor)
        self.assertEqual(self.merged.status, status)
        self.assertNotIn(self.merged, Person.objects.current())
        restored = self.undo(merge)
        self.assertEqual(restored, self.merged)
        self.assertIsNone(restored.merged_into)
        self.assertIn(self.merged, Person.objects.current())

    def test_the_pair_leaves_the_duplicates_worklist(self):
        pair = DuplicateCandidate.objects.involving(self.merged)
        self.assertTrue(pair.exists())  # similar name, same birth date
        self.merge()
        self.assertFalse(pair.exists())

    def test_the_extended_block_goes_to_a_survivor_without_one_and_back(self):
        PersonExtended.objects.create(person=self.merged, school="Escola Nova")
        merge = self.merge()
        self.assertEqual(PersonExtended.objects.get().person, self.survivor)
        self.assertEqual(merge.snapshot["merged_extended"]["school"], "Escola Nova")
        self.undo(merge)
        self.assertEqual(PersonExtended.objects.get().person, self.merged)

    def test_the_merge_leaves_a_trace_in_the_audit_trail(self):
        merge = self.merge(["email"])
        entry = (
            LogEntry.objects.get_for_object(self.survivor)
            .filter(additional_data__event="merge")
            .get()
        )
        self.assertEqual(entry.actor, self.coordinator)
        self.assertEqual(entry.additional_data["merge"], merge.pk)
        self.assertEqual(entry.additional_data["fields_taken"], ["email"])
        self.assertTrue(LogEntry.objects.get_for_object(merge).exists())
        self.assertNotIn(
            "snapshot", LogEntry.objects.get_for_object(merge).get().changes
        )

    def test_the_snapshot_is_plain_json(self):
        merge = self.merge()
        merge.refresh_from_db()
        self.assertEqual(merge.snapshot["survivor"]["birth_date"], "1980-05-17")
        self.assertEqual(
            merge.snapshot["merged"]["reference_professional"], self.worker.pk
        )


class MergeRefusalTests(MergeSetUp):
    def assertRefused(self, message_part, call):
        # The messages are the source (English) ones: the site's Catalan
        # translation of each is checked by the translation tests.
        with translation.override("en"), self.assertRaises(ValidationError) as refused:
            call()
        self.assertIn(message_part, " ".join(refused.exception.messages))

    def test_a_record_is_not_merged_with_itself(self):
        self.assertRefused(
            "itself", lambda: self.merge(survivor=self.merged, merged=self.merged)
        )

    def test_records_of_two_areas_are_not_merged(self):
        other_area = AreaFactory()
        outsider = save(other_area, professional(roles.TECNIC, area=other_area))
        self.assertRefused("same area", lambda: self.merge(merged=outsider))

    def test_a_merged_record_is_not_merged_again(self):
        self.merge()
        third = save(self.area, self.worker, first_name="Pep")
        self.merged.refresh_from_db()
        self.assertRefused("already merged", lambda: self.merge(survivor=third))
        self.assertRefused(
            "already merged",
            lambda: self.merge(survivor=self.merged, merged=third),
        )

    def test_only_record_fields_may_be_taken(self):
        for field in ("area", "status", "created_by", "search_name", "nonsense"):
            with self.subTest(field=field):
                self.assertRefused(field, lambda f=field: self.merge([f]))
        self.assertFalse(PersonMerge.objects.exists())

    def test_a_merge_is_undone_once(self):
        merge = self.merge()
        self.undo(merge)
        self.assertRefused("already been undone", lambda: self.undo(merge))

    def test_undo_waits_until_a_later_merge_of_the_survivor_is_undone(self):
        first = self.merge()
        third = save(self.area, self.worker, first_name="Pep", birth_date=None)
        later = self.merge(survivor=third, merged=self.survivor)
        self.assertRefused("Undo that merge first", lambda: self.undo(first))
        self.undo(later)
        self.undo(first)
        self.assertEqual(Person.objects.current().count(), 3)


class GenericLinkTests(MergeSetUp):
    """Any registered link moves, and a `unique_with` clash is removed, not moved."""

    LINK = ("directory.DistinctPersons", "person")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # survivor < merged < first < second, as DistinctPersons orders its pair.
        cls.first = save(cls.area, cls.worker, first_name="Anna", birth_date=None)
        cls.second = save(cls.area, cls.worker, first_name="Berta", birth_date=None)
        confirm = DistinctPersons.objects.create
        cls.moving = confirm(
            person=cls.merged, other=cls.first, confirmed_by=cls.worker
        )
        cls.held = confirm(
            person=cls.survivor, other=cls.second, confirmed_by=cls.worker
        )
        cls.clash = confirm(
            person=cls.merged, other=cls.second, confirmed_by=cls.worker
        )

    def setUp(self):
        links.register_person_link(
            *self.LINK, label="confirmations", unique_with=("other",)
        )
        self.addCleanup(links._LINKS.pop, self.LINK, None)

    def pairs(self):
        return set(DistinctPersons.objects.values_list("person_id", "other_id"))

    def test_a_registered_link_moves_and_comes_back(self):
        before = self.pairs()
        merge = self.merge()
        self.assertEqual(
            merge.snapshot["moved"]["directory.DistinctPersons:person"],
            [self.moving.pk],
        )
        self.assertEqual(
            self.pairs(),
            {(self.survivor.pk, self.first.pk), (self.survivor.pk, self.second.pk)},
        )
        self.undo(merge)
        self.assertEqual(self.pairs(), before)

    def test_a_row_the_survivor_already_has_is_removed_then_restored(self):
        merge = self.merge()
        removed = [
            item
            for item in merge.snapshot["removed"]
            if item["model"] == "directory.DistinctPersons"
        ]
        self.assertEqual([item["pk"] for item in removed], [self.clash.pk])
        self.undo(merge)
        self.assertIn((self.merged.pk, self.second.pk), self.pairs())


class DuplicateScreenTests(MergeSetUp):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_area = AreaFactory()
        cls.other_coordinator = professional(roles.COORDINADOR, area=cls.other_area)

    def test_the_coordinator_sees_the_pairs_of_the_area_with_masked_documents(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("directory_duplicates"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.survivor.full_name)
        self.assertContains(response, "•••••678Z")
        self.assertNotContains(response, "12345678Z")
        self.assertContains(
            response,
            reverse("directory_merge", args=[self.survivor.pk, self.merged.pk]),
        )

    def test_technical_roles_are_refused(self):
        self.client.force_login(self.worker)
        response = self.client.get(reverse("directory_duplicates"))
        self.assertRedirects(response, reverse("wagtailadmin_home"))

    def test_another_areas_coordinator_never_sees_the_pair(self):
        self.client.force_login(self.other_coordinator)
        response = self.client.get(reverse("directory_duplicates"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, self.survivor.full_name)

    def test_merged_pairs_leave_the_list(self):
        self.assertTrue(DuplicateCandidate.objects.involving(self.merged).exists())
        Person.objects.filter(pk=self.merged.pk).update(merged_into=self.survivor)
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("directory_duplicates"))
        self.assertNotContains(response, self.survivor.full_name)

    def test_the_list_does_not_grow_queries_with_rows(self):
        self.client.force_login(self.coordinator)
        url = reverse("directory_duplicates")

        def add_pairs(count, start=0):
            for n in range(start, start + count):
                born = date(1950, 1, 1 + n)
                save(self.area, self.worker, first_name="Marta", birth_date=born)
                save(self.area, self.worker, first_name="Mart", birth_date=born)

        add_pairs(1)  # with the set-up pair: 2 rows
        self.assertEqual(DuplicateCandidate.objects.count(), 2)
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        add_pairs(10, start=1)
        self.assertEqual(DuplicateCandidate.objects.count(), 12)
        with self.assertNumQueries(len(few)):
            response = self.client.get(url)
        self.assertEqual(len(response.context["rows"]), 12)

    def test_the_menu_item_is_shown_to_those_who_may_merge(self):
        self.client.force_login(self.coordinator)
        url = reverse("directory_duplicates")
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), url)
        self.client.force_login(self.worker)
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), url)


class MergeScreenTests(MergeSetUp):
    def url(self, a=None, b=None):
        a, b = a or self.survivor, b or self.merged
        return reverse("directory_merge", args=[a.pk, b.pk])

    def test_the_coordinator_compares_the_fields_that_differ(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        differing = [row.name for row in response.context["rows"]]
        self.assertIn("email", differing)
        self.assertIn("document_number", differing)
        self.assertNotIn("surname1", differing)  # the same in both
        self.assertContains(response, "nuria@example.org")

    def test_technical_roles_are_refused(self):
        self.client.force_login(self.worker)
        self.assertRedirects(self.client.get(self.url()), reverse("wagtailadmin_home"))
        self.client.post(self.url(), {"survivor": "a"})
        self.assertFalse(PersonMerge.objects.exists())

    def test_another_areas_coordinator_gets_404(self):
        other_area = AreaFactory()
        self.client.force_login(professional(roles.COORDINADOR, area=other_area))
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertEqual(self.client.post(self.url(), {}).status_code, 404)
        outsider = save(other_area, professional(roles.TECNIC, area=other_area))
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(self.url(b=outsider)).status_code, 404)

    def test_posting_merges_into_the_chosen_record_with_the_picked_values(self):
        self.client.force_login(self.coordinator)
        rows = self.client.get(self.url()).context["rows"]
        data = {"survivor": "b"}
        data |= {row.name: "b" for row in rows}  # the merged record's values
        data["phone1"] = "a"  # but the phone of record A
        response = self.client.post(self.url(), data)
        self.assertRedirects(
            response,
            reverse("person:inspect", args=[self.merged.pk]),
            fetch_redirect_response=False,
        )
        merge = PersonMerge.objects.get()
        self.assertEqual((merge.survivor, merge.merged), (self.merged, self.survivor))
        self.assertEqual(merge.fields_taken, ["phone1"])
        self.merged.refresh_from_db()
        self.assertEqual(self.merged.phone1, "600111222")
        self.assertEqual(self.merged.document_number, "12345678Z")

    def test_an_already_merged_record_is_explained_not_offered(self):
        self.merge()
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["problem"])
        self.assertNotContains(response, 'type="submit"')

    def test_the_same_record_twice_is_refused_on_the_page(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url(b=self.survivor), {"survivor": "a"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(PersonMerge.objects.exists())


class MergeStartScreenTests(MergeSetUp):
    """Any two records of the area can be merged, not only the proposed pairs."""

    def url(self, person=None):
        return reverse("directory_merge_start", args=[(person or self.survivor).pk])

    def test_it_proposes_the_likely_duplicates_and_searches_the_area(self):
        third = save(self.area, self.worker, first_name="Ramon", surname1="Pla")
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual([p for p, _ in response.context["likely"]], [self.merged])
        response = self.client.get(self.url(), {"q": "ramon pla"})
        self.assertEqual([p for p, _ in response.context["found"]], [third])
        self.assertContains(
            response, reverse("directory_merge", args=[self.survivor.pk, third.pk])
        )

    def test_technical_roles_are_refused_and_other_areas_get_404(self):
        self.client.force_login(self.worker)
        self.assertRedirects(self.client.get(self.url()), reverse("wagtailadmin_home"))
        self.client.force_login(professional(roles.COORDINADOR, area=AreaFactory()))
        self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_the_edit_page_offers_it_to_those_who_may_merge(self):
        edit = reverse("person:edit", args=[self.survivor.pk])
        self.client.force_login(self.coordinator)
        self.assertContains(self.client.get(edit), self.url())
        self.client.force_login(self.worker)
        self.assertNotContains(self.client.get(edit), self.url())


class UnmergeScreenTests(MergeSetUp):
    def setUp(self):
        self.merge_row = self.merge(["email"])
        self.url = reverse("directory_unmerge", args=[self.merge_row.pk])

    def test_the_coordinator_confirms_then_undoes(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.merge_row.refresh_from_db()
        self.assertFalse(self.merge_row.is_undone)  # asking writes nothing
        response = self.client.post(self.url)
        self.assertRedirects(
            response,
            reverse("person_historial", args=[self.survivor.pk]),
            fetch_redirect_response=False,
        )
        self.merge_row.refresh_from_db()
        self.assertTrue(self.merge_row.is_undone)

    def test_technical_roles_are_refused(self):
        self.client.force_login(self.worker)
        self.assertRedirects(self.client.get(self.url), reverse("wagtailadmin_home"))
        self.client.post(self.url)
        self.merge_row.refresh_from_db()
        self.assertFalse(self.merge_row.is_undone)

    def test_another_areas_coordinator_gets_404(self):
        self.client.force_login(professional(roles.COORDINADOR, area=AreaFactory()))
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.merge_row.refresh_from_db()
        self.assertFalse(self.merge_row.is_undone)

    def test_an_undone_merge_is_explained(self):
        self.undo(self.merge_row)
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["problem"])
