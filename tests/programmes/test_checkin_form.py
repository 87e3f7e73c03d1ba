"""The check-in form declares its measure fields by hand; they must stay the
catalogue's measures, in its order, each with its own label and bounds."""

from django import forms
from django.test import SimpleTestCase

from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.forms import CheckInForm


class CheckInFormTests(SimpleTestCase):
    def test_its_first_fields_are_the_catalogues_measures_in_order(self):
        names = list(CheckInForm.base_fields)
        self.assertEqual(names[: len(MEASURES)], list(MEASURES))
        self.assertNotIn(names[len(MEASURES)], MEASURES)

    def test_each_measure_field_is_built_for_its_own_measure(self):
        for key, measure in MEASURES.items():
            with self.subTest(measure=key):
                field = CheckInForm.base_fields[key]
                assert isinstance(field, forms.IntegerField)
                self.assertEqual(
                    (field.label, field.min_value, field.max_value),
                    (measure.label, measure.low, measure.high),
                )
