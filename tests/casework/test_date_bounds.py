"""Issue #16.10: what is recorded in an expedient has a plausible date.

Per kind (configuration/bounds.py): items done or planned (actuacions,
demands, problems, tràmits, resources, plans and their objectives) from
1 January 1980 to ten years ahead; free text up to 10,000 characters.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase

from casework.models import (
    Actuacio,
    Demand,
    InterventionPlan,
    PlanObjective,
    ProblemRecord,
    Resource,
    Tramit,
)
from configuration.bounds import FREE_TEXT_MAX_LENGTH

DATED = {
    Actuacio: ["date"],
    Demand: ["date"],
    ProblemRecord: ["starts_on", "ends_on"],
    Tramit: ["processed_on"],
    Resource: ["starts_on", "ends_on"],
    InterventionPlan: ["starts_on", "review_on", "expires_on"],
    PlanObjective: ["starts_on", "ends_on"],
}
FREE_TEXT = {
    Actuacio: "text",
    InterventionPlan: "agreements",
    PlanObjective: "description",
}


class ItemDateTests(SimpleTestCase):
    def test_year_1_and_2999_are_refused_today_and_next_year_kept(self):
        next_year = date.today() + timedelta(days=365)
        for model, names in DATED.items():
            for name in names:
                field = model._meta.get_field(name)
                with self.subTest(field=f"{model.__name__}.{name}"):
                    for wrong in (date(1, 1, 1), date(1979, 12, 31), date(2999, 1, 1)):
                        with self.assertRaises(ValidationError):
                            field.run_validators(wrong)
                    field.run_validators(date.today())
                    field.run_validators(next_year)

    def test_free_text_stops_at_ten_thousand_characters(self):
        for model, name in FREE_TEXT.items():
            field = model._meta.get_field(name)
            with self.subTest(field=f"{model.__name__}.{name}"):
                field.run_validators("x" * FREE_TEXT_MAX_LENGTH)
                with self.assertRaises(ValidationError):
                    field.run_validators("x" * (2 * 1024 * 1024))
                self.assertEqual(field.formfield().max_length, FREE_TEXT_MAX_LENGTH)
