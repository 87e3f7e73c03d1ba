"""The programme set-up form: choices for a new programme and its locked protocol."""

from typing import Any

from django import forms

from skingarden.lib.forms import DateInput
from skingarden.programmes import plan, protocol
from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.models import PatchTest
from skingarden.programmes.protocol.photo_plan import (
    DEFAULT_BASELINE_DAYS,
    DEFAULT_EVERY_KEFIR_DAYS,
    EVERY_KEFIR_DAYS_MAX,
)
from skingarden.programmes.services.programmes import (
    PHOTO_BASELINE_DAYS,
    PHOTO_SITE_NAME_MAX,
    ProgrammeChoices,
    TopicalChoice,
)
from skingarden.programmes.terms import scale_phrase

THRESHOLD_WHY = "Decided now, before you start, so the result is judged honestly."

# Sites where eczema and acne are often photographed; a person can add their own.
PHOTO_SITE_OPTIONS = (
    "Face",
    "Neck",
    "Chest",
    "Upper back",
    "Left inner elbow",
    "Right inner elbow",
    "Left wrist",
    "Right wrist",
    "Back of the left hand",
    "Back of the right hand",
    "Behind the left knee",
    "Behind the right knee",
    "Left ankle",
    "Right ankle",
)


def parse_day_numbers(text: str) -> tuple[int, ...]:
    """Day numbers typed with commas or spaces between them, in order."""
    parts = text.replace(",", " ").split()
    if not all(part.isdigit() for part in parts):
        raise forms.ValidationError(PHOTO_BASELINE_DAYS)
    return tuple(sorted(int(part) for part in parts))


class ProgrammeSetupForm(forms.Form):
    start_date = forms.DateField(
        widget=DateInput(), help_text="Day 1 of the baseline. Today or within 14 days."
    )
    baseline_days = forms.IntegerField(
        min_value=0,
        max_value=plan.BASELINE_MAX,
        initial=plan.BASELINE_DEFAULT,
        help_text="Days of logging before any kefir: 7 by default, 0 to 14 allowed.",
    )
    randomised_start = forms.BooleanField(
        required=False,
        label="Let the app draw my first kefir day",
        help_text="The baseline above becomes the shortest; the app draws its length "
        "from there up to 14 days when you press Start.",
    )
    primary = forms.ChoiceField(label="Primary outcome", widget=forms.RadioSelect)
    threshold = forms.FloatField(
        label="Smallest change that would matter to you",
        min_value=0.1,
        help_text=THRESHOLD_WHY,
    )
    onset_lag = forms.IntegerField(
        min_value=0,
        max_value=14,
        initial=protocol.DEFAULT_ONSET_LAG,
        label="Onset lag (days)",
        help_text="The first kefir days are the ramp and are analysed separately.",
    )
    kefir_product = forms.CharField(
        required=False,
        max_length=200,
        label="Which kefir (optional)",
        help_text="The brand, or home-made from grains. Printed in your report; "
        "keep the same one throughout if you can.",
    )
    instruments = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Weekly questionnaires",
        help_text="Each takes a few minutes on the days they are due.",
    )
    follow_up = forms.BooleanField(
        required=False,
        label="Add a 7-day follow-up off kefir at the end",
        help_text="Shows whether any change lasts once kefir stops.",
    )
    topical = forms.BooleanField(required=False, label="Switch on the topical arm")
    topical_design = forms.ChoiceField(
        required=False,
        initial="split_body",
        widget=forms.RadioSelect,
        choices=[
            (
                "split_body",
                "Split body: kefir + carrier on one side, carrier alone on "
                "the matched side (recommended)",
            ),
            ("single_area", "One area only, no comparison side"),
        ],
    )
    topical_patch_test = forms.ChoiceField(required=False, label="Patch-tested mixture")
    topical_area = forms.CharField(
        required=False,
        max_length=100,
        help_text="For example: inner elbows, or both forearms.",
    )

    photo_sites = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(name, name) for name in PHOTO_SITE_OPTIONS],
        label="Body sites to photograph (optional)",
        help_text="Each one is photographed twice per session, to measure its redness "
        "and to compare dates.",
    )
    photo_site_own = forms.CharField(
        required=False,
        max_length=PHOTO_SITE_NAME_MAX,
        label="Another site, in your own words",
        help_text="For example: left cheek, or inside of the right forearm.",
    )
    photo_baseline_days = forms.CharField(
        required=False,
        initial=", ".join(str(day) for day in DEFAULT_BASELINE_DAYS),
        label="Photo days of the baseline",
        help_text="Day numbers, separated by commas. A day past the end of your "
        "baseline has no photos.",
    )
    photo_every_kefir_days = forms.IntegerField(
        min_value=1,
        max_value=EVERY_KEFIR_DAYS_MAX,
        initial=DEFAULT_EVERY_KEFIR_DAYS,
        label="Then photos every how many kefir days",
    )
    photo_last_day = forms.BooleanField(
        required=False, initial=True, label="And on the programme's last day"
    )

    def __init__(
        self,
        *args: Any,
        conditions: list[str],
        passed_tests: list[PatchTest],
        instrument_options: list[protocol.InstrumentOption],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = protocol.primary_choices(conditions)
        primary = self.fields["primary"]
        assert isinstance(primary, forms.ChoiceField)  # noqa: S101 - declared above
        primary.choices = [(key, MEASURES[key].label) for key in choices]
        self.initial.setdefault("primary", choices[0])
        self.initial.setdefault(
            "threshold", protocol.PRIMARY_DEFAULTS[choices[0]].threshold
        )
        self._say_the_unit(choices)
        self.passed_tests = {str(test.code): test for test in passed_tests}
        chosen = self.fields["instruments"]
        assert isinstance(chosen, forms.MultipleChoiceField)  # noqa: S101 - declared above
        chosen.choices = [
            (o.id, f"{o.title} ({o.schedule})") for o in instrument_options
        ]
        self.initial.setdefault(
            "instruments", protocol.default_instruments(conditions, instrument_options)
        )
        patch = self.fields["topical_patch_test"]
        assert isinstance(patch, forms.ChoiceField)  # noqa: S101 - declared above
        patch.choices = [
            (
                code,
                f"{test.get_carrier_display()}, kefir:carrier "
                f"{test.ratio_label} (passed from {test.started_on})",
            )
            for code, test in self.passed_tests.items()
        ]

    def clean_photo_baseline_days(self) -> tuple[int, ...]:
        return parse_day_numbers(self.cleaned_data["photo_baseline_days"])

    def _say_the_unit(self, choices: list[str]) -> None:
        """The change that matters is in the primary outcome's unit: "points on
        the 0–10 scale", or each choice's unit when there is a choice."""
        threshold = self.fields["threshold"]
        if len(choices) == 1:
            threshold.label = (
                f"Smallest change that would matter to you, in "
                f"{scale_phrase(choices[0])}"
            )
            return
        units = "; ".join(
            f"{scale_phrase(key)} for {MEASURES[key].short.lower()}" for key in choices
        )
        threshold.help_text = f"In the primary outcome's unit: {units}. {THRESHOLD_WHY}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("topical"):
            if not self.passed_tests:
                self.add_error("topical", "Pass a 7-day patch test first.")
            elif data.get("topical_patch_test") not in self.passed_tests:
                self.add_error(
                    "topical_patch_test", "Choose the mixture you patch-tested."
                )
            if not data.get("topical_area"):
                self.add_error(
                    "topical_area", "Say where on your body you will apply it."
                )
        return data

    def choices(self) -> ProgrammeChoices:
        data = self.cleaned_data
        topical = None
        if data["topical"]:
            test = self.passed_tests[data["topical_patch_test"]]
            topical = TopicalChoice(
                design=data["topical_design"] or "split_body",
                carrier=test.carrier,
                kefir_parts=test.kefir_parts,
                carrier_parts=test.carrier_parts,
                area=data["topical_area"],
            )
        return ProgrammeChoices(
            start_date=data["start_date"],
            baseline_days=data["baseline_days"],
            primary=data["primary"],
            threshold=data["threshold"],
            onset_lag=data["onset_lag"],
            follow_up=data["follow_up"],
            topical=topical,
            instruments=tuple(data["instruments"]),
            randomised_start=data["randomised_start"],
            kefir_product=data["kefir_product"],
            photo_sites=self._photo_sites(),
            photo_schedule=protocol.PhotoSchedule(
                baseline_days=data["photo_baseline_days"],
                every_kefir_days=data["photo_every_kefir_days"],
                last_day=data["photo_last_day"],
            ),
        )

    def _photo_sites(self) -> tuple[str, ...]:
        own = self.cleaned_data["photo_site_own"].strip()
        return (*self.cleaned_data["photo_sites"], *([own] if own else []))
