"""The returns' definitions are data: loaded by the migration and the command,
edited by superusers only."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from configuration import roles
from reports.definitions import SHIPPED
from reports.enums import ReturnKind
from reports.models import ReturnDefinition, ReturnVariable
from tests.factories import professional


class DefinitionTests(TestCase):
    def test_the_migration_loaded_every_shipped_return_for_this_year(self):
        year = timezone.localdate().year
        for kind, (_title, _notes, variables) in SHIPPED.items():
            definition = ReturnDefinition.objects.get(kind=kind, year=year)
            self.assertEqual(definition.variables.count(), len(variables))

    def test_the_command_loads_a_year_and_keeps_changes_unless_refreshed(self):
        out = StringIO()
        call_command("load_return_definition", "--year", "2031", stdout=out)
        self.assertIn("created", out.getvalue())
        definition = ReturnDefinition.objects.get(
            kind=ReturnKind.RUDEL_FITXA1, year=2031
        )
        ReturnVariable.objects.filter(definition=definition, code="P1").update(
            label="Canviat"
        )
        call_command("load_return_definition", "--year", "2031", stdout=out)
        self.assertEqual(definition.variables.get(code="P1").label, "Canviat")
        call_command(
            "load_return_definition", "--year", "2031", "--refresh", stdout=out
        )
        self.assertEqual(definition.variables.get(code="P1").label, "Persones ateses")

    def test_only_superusers_edit_the_definitions(self):
        definition = ReturnDefinition.objects.get(
            kind=ReturnKind.RUDEL_FITXA1, year=timezone.localdate().year
        )
        edit = reverse("return_definitions:edit", args=[definition.pk])
        index = reverse("return_definitions:index")
        coordinator = professional(roles.COORDINADOR)
        self.client.force_login(coordinator)
        self.assertNotEqual(self.client.get(index).status_code, 200)
        self.assertNotEqual(self.client.get(edit).status_code, 200)
        superuser = professional(roles.SUPORT, area=None, is_superuser=True)
        self.client.force_login(superuser)
        self.assertEqual(self.client.get(index).status_code, 200)
        response = self.client.get(edit)
        self.assertContains(response, "Persones ateses")
