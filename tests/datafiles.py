"""The data files the tests read, all kept in tests/data/ so that a clone tests alone
(issue 9). Each folder's README.md names the source and the licence.
INSTRUMENT_VECTORS and ANALYSIS_VECTORS point the vector tests at another file."""

import os
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
INSTRUMENT_VECTORS = Path(
    os.environ.get("INSTRUMENT_VECTORS", DATA / "fixtures/instrument-vectors.json")
)
ANALYSIS_VECTORS = Path(
    os.environ.get("ANALYSIS_VECTORS", DATA / "fixtures/analysis-vectors.json")
)
MELATONIN = DATA / "nof1kit-melatonin/melatonin_ema.csv"
FHIR_EXAMPLES = DATA / "fhir-r4-examples"
