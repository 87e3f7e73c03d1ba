"""The JSON export: everything the participant has, in schema version 3
(docs/portability.md describes it field by field)."""

import json
from datetime import date
from typing import Any

from skingarden.photos.models import Photo, PhotoSession
from skingarden.portability import photo_schema, schema
from skingarden.portability.selectors import (
    ImportedTracking,
    ParticipantData,
    ProgrammeRecords,
)
from skingarden.programmes.models import PatchTest


def document(data: ParticipantData, *, today: date) -> dict[str, Any]:
    profile = data.profile
    participant = {
        "email": data.owner.email if data.scope == "all" else None,
        "conditions": list(profile.conditions),
        "birth_year": profile.birth_year,
        "time_zone": profile.time_zone,
    }
    return {
        "schema": schema.SCHEMA,
        "version": schema.VERSION,
        "exported_on": today.isoformat(),
        "scope": data.scope,
        "participant": participant,
        "safety_screens": [
            schema.dump_record(screen, schema.SAFETY_SCREEN) for screen in data.screens
        ],
        "patch_tests": [_patch_test(test) for test in data.patch_tests],
        "programmes": [_programme(records) for records in data.programmes],
        "instrument_responses": [
            schema.dump_record(response, schema.INSTRUMENT_RESPONSE)
            for response in data.responses
        ],
        "imported": _imported(data.imported),
    }


def document_bytes(data: ParticipantData, *, today: date) -> bytes:
    """Keys in the schema's order and lists in content order, so equal data gives
    equal bytes."""
    text = json.dumps(document(data, today=today), indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def _patch_test(test: PatchTest) -> dict[str, Any]:
    return {
        **schema.dump_record(test, schema.PATCH_TEST),
        "days": [
            schema.dump_record(day, schema.PATCH_TEST_DAY) for day in test.days.all()
        ],
    }


def _programme(records: ProgrammeRecords) -> dict[str, Any]:
    programme = records.programme
    return {
        **schema.dump_record(programme, schema.PROGRAMME),
        "safety_screen": str(programme.safety_screen.code),
        "phases": [schema.dump_record(p, schema.PHASE) for p in records.phases],
        "amendments": [
            schema.dump_record(a, schema.AMENDMENT) for a in records.amendments
        ],
        "checkins": [schema.dump_record(c, schema.CHECKIN) for c in records.checkins],
        "red_flag_events": [
            {
                **schema.dump_record(event, schema.RED_FLAG_EVENT),
                "checkin_date": event.checkin.date.isoformat(),
            }
            for event in records.red_flags
        ],
        "instrument_responses": [
            schema.dump_record(r, schema.INSTRUMENT_RESPONSE) for r in records.responses
        ],
        "photo_sessions": [_photo_session(s) for s in records.photo_sessions],
    }


def _photo_session(session: PhotoSession) -> dict[str, Any]:
    return {
        **schema.dump_record(session, photo_schema.PHOTO_SESSION),
        "photos": [_photo(photo) for photo in session.photos.all()],
    }


def _photo(photo: Photo) -> dict[str, Any]:
    return {
        **schema.dump_record(photo, photo_schema.PHOTO),
        "file": photo_schema.photo_archive_name(photo),
        "analyses": [
            schema.dump_record(analysis, photo_schema.PHOTO_ANALYSIS)
            for analysis in photo.analyses.all()
        ],
        # Only the owner's own (prefetched so by the selector).
        "ratings": [
            schema.dump_record(rating, photo_schema.PHOTO_RATING)
            for rating in photo.ratings.all()
        ],
    }


def _imported(imported: ImportedTracking) -> dict[str, Any]:
    return {
        "custom_measures": [
            {
                **schema.dump_record(measure, schema.CUSTOM_MEASURE),
                "values": [
                    schema.dump_record(value, schema.CUSTOM_MEASURE_VALUE)
                    for value in measure.values.all()
                ],
            }
            for measure in imported.measures
        ],
        "treatment_entries": [
            schema.dump_record(entry, schema.TREATMENT_ENTRY)
            for entry in imported.treatments
        ],
        "days": [schema.dump_record(day, schema.IMPORTED_DAY) for day in imported.days],
    }
