"""FHIR R4 export: definitions as Questionnaires, responses as QuestionnaireResponses.

Pure, no Django. The resources are plain JSON dicts; ``validate`` checks them with
the ``fhir.resources.R4B`` models, imported only when called so that importing this
package (and running ``skingarden score``) stays cheap.

Conventions (docs/instruments.md, "FHIR R4"):

- A ``linkId`` is the path of the answer in Skin Garden's answer format, joined
  with dots: ``"1"`` for POEM item 1, ``"7.main"`` for DLQI item 7's first part,
  ``"regions.head_neck.area"`` for EASI. Groups mirror the nesting; the calculated
  total is the read-only item ``"total"``.
- FHIR ids may not contain underscores, so the resource id is the instrument id with
  hyphens (``po-scorad``); the instrument id itself is kept as an identifier.
- Licensed wording that was not supplied is never invented: such an item's text is
  ``[topic]`` and its options carry codes and ordinal values but no display.

Callers import from this package; its modules are its inside (docs/decisions.md,
issue 9): ``systems`` (URLs, code systems, ids), ``items`` (the building blocks of
an item), ``layouts`` (the items of each scoring rule's answer format),
``questionnaires``, ``responses`` and ``validation``.
"""

from skingarden.instruments.fhir.questionnaires import STEM, TOTAL, questionnaire
from skingarden.instruments.fhir.responses import questionnaire_response
from skingarden.instruments.fhir.systems import (
    CODE_SYSTEM_BASE,
    FHIR_BASE,
    INSTRUMENT_ID_SYSTEM,
    LOINC,
    MAX_VALUE,
    MIN_VALUE,
    ORDINAL_VALUE,
    QUESTIONNAIRE_BASE,
    SNOMED_CT,
    canonical_url,
    code_system_url,
    resource_id,
)
from skingarden.instruments.fhir.validation import validate

__all__ = [
    "CODE_SYSTEM_BASE",
    "FHIR_BASE",
    "INSTRUMENT_ID_SYSTEM",
    "LOINC",
    "MAX_VALUE",
    "MIN_VALUE",
    "ORDINAL_VALUE",
    "QUESTIONNAIRE_BASE",
    "SNOMED_CT",
    "STEM",
    "TOTAL",
    "canonical_url",
    "code_system_url",
    "questionnaire",
    "questionnaire_response",
    "resource_id",
    "validate",
]
