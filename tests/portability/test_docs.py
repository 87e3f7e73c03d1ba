"""docs/portability.md describes schema version 1 field by field: every field the
export writes is named there, so the two cannot drift apart unnoticed."""

from pathlib import Path
from unittest import TestCase

from skingarden.portability import photo_schema, schema

DOC = Path(__file__).resolve().parents[2] / "docs" / "portability.md"
SPECS = (
    schema.DOCUMENT,
    schema.PARTICIPANT,
    schema.SAFETY_SCREEN,
    schema.PATCH_TEST,
    schema.PATCH_TEST_DAY,
    schema.PROGRAMME,
    schema.PROGRAMME_LINKS,
    schema.PHASE,
    schema.AMENDMENT,
    schema.CHECKIN,
    schema.RED_FLAG_EVENT,
    schema.RED_FLAG_LINKS,
    schema.INSTRUMENT_RESPONSE,
    schema.CUSTOM_MEASURE,
    schema.CUSTOM_MEASURE_VALUE,
    schema.TREATMENT_ENTRY,
    schema.IMPORTED_DAY,
    photo_schema.PHOTO_SESSION,
    photo_schema.PHOTO,
    photo_schema.PHOTO_LINKS,
    photo_schema.PHOTO_ANALYSIS,
    photo_schema.PHOTO_RATING,
)


class SchemaDocTests(TestCase):
    def test_every_exported_field_is_documented(self):
        text = DOC.read_text(encoding="utf-8")
        names = {field.name for spec in SPECS for field in spec}
        names |= {
            *schema.DOCUMENT_LISTS,
            *schema.PROGRAMME_LISTS,
            *schema.IMPORTED_LISTS,
            *photo_schema.PHOTO_SESSION_LISTS,
            *photo_schema.PHOTO_LISTS,
            "days",
            "values",
        }
        missing = sorted(name for name in names if f"`{name}" not in text)
        self.assertEqual(missing, [])
