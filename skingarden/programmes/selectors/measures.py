"""A programme's questionnaire responses."""

from skingarden.instruments.models import InstrumentResponse
from skingarden.programmes.models import Programme


def responses_for_programme(*, programme: Programme) -> list[InstrumentResponse]:
    """Every response recorded in the programme (the participant's and any
    clinician's ratings), oldest first."""
    return list(
        InstrumentResponse.objects.filter(programme=programme).order_by(
            "date", "instrument_id", "id"
        )
    )
