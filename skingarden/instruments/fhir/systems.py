"""The URLs, code systems and ids that the FHIR resources name."""

from skingarden.instruments.definitions import Definition

FHIR_BASE = "https://skingarden.example/fhir"
QUESTIONNAIRE_BASE = f"{FHIR_BASE}/Questionnaire"
CODE_SYSTEM_BASE = f"{FHIR_BASE}/CodeSystem"
INSTRUMENT_ID_SYSTEM = f"{FHIR_BASE}/NamingSystem/instrument"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
LOINC = "http://loinc.org"
SNOMED_CT = "http://snomed.info/sct"


def resource_id(definition: Definition) -> str:
    """The FHIR id of the instrument's Questionnaire (FHIR ids allow no ``_``)."""
    return definition.id.replace("_", "-")


def canonical_url(definition: Definition) -> str:
    """The Questionnaire's canonical URL, without the version."""
    return f"{QUESTIONNAIRE_BASE}/{resource_id(definition)}"


def code_system_url(definition: Definition) -> str:
    """The code system of the instrument's answer options."""
    return f"{CODE_SYSTEM_BASE}/{resource_id(definition)}"
