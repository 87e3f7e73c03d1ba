"""HTML input parsing for programmes. Domain rules live in the services."""

from typing import Any

from django import forms

from skingarden.lib.forms import DateInput
from skingarden.programmes import plan, protocol
from skingarden.programmes.catalogue import (
    MEASURES,
    PRODUCTS,
    RED_FLAGS,
    STOOL_FORMS,
    TAGS,
)
from skingarden.programmes.models import CheckIn, PatchTest, RedFlagEvent
from skingarden.programmes.protocol import TopicalArm
from skingarden.programmes.services.programmes import ProgrammeChoices, TopicalChoice

SCALE_WIDGET_MAX = 10  # scales up to 0-10 are tapped, not typed
NONE_AND_FLAG = "Tick “none of these” or the ones that apply, not both."
FLAGS_UNANSWERED = (
    "Answer the safety questions: tick any that apply, or “none of these”."
)


class ScaleWidget(forms.RadioSelect):
    template_name = "programmes/widgets/scale.html"


def measure_field(key: str, *, required: bool = False) -> forms.IntegerField:
    measure = MEASURES[key]
    widget: forms.Widget
    if key == "stool_form":
        widget = forms.RadioSelect(
            choices=[(n, f"{n}: {text}") for n, text in STOOL_FORMS.items()]
        )
    elif measure.high <= SCALE_WIDGET_MAX:
        widget = ScaleWidget(
            choices=[(n, str(n)) for n in range(measure.low, measure.high + 1)]
        )
    else:
        widget = forms.NumberInput(
            attrs={"inputmode": "numeric", "min": measure.low, "max": measure.high}
        )
    return forms.IntegerField(
        label=measure.label,
        help_text=measure.help,
        required=required,
        min_value=measure.low,
        max_value=measure.high,
        widget=widget,
    )


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
        help_text="Decided now, before you start, so the result is judged honestly.",
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
        )


class CheckInForm(forms.Form):
    """The day's log on one screen. Only the primary outcome and the safety questions
    are required; a blank field is stored as "not recorded"."""

    # The catalogue's MEASURES in its order (tests/programmes/test_checkin_form.py).
    worst_itch = measure_field("worst_itch")
    sleep_loss = measure_field("sleep_loss")
    new_spots = measure_field("new_spots")
    kefir_ml = measure_field("kefir_ml")
    fruit_veg_servings = measure_field("fruit_veg_servings")
    fibre_servings = measure_field("fibre_servings")
    bowel_movements = measure_field("bowel_movements")
    stool_form = measure_field("stool_form")
    gut_discomfort = measure_field("gut_discomfort")
    energy = measure_field("energy")

    red_flags = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Today, have you had…",
        choices=[(key, flag.question) for key, flag in RED_FLAGS.items()],
    )
    no_red_flags = forms.BooleanField(required=False, label="None of these")
    products = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(PRODUCTS.items()),
        label="Products and treatments used",
    )
    tags = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(TAGS.items()),
        label="Anything else today?",
    )
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self,
        *args: Any,
        primary: str,
        topical: TopicalArm,
        topical_today: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields[primary].required = True
        self.topical = topical
        # Asked only on days whose phase applies the mixture (topical_applies_on).
        if topical.enabled and topical_today:
            self.fields["topical_applied"] = forms.TypedChoiceField(
                required=False,
                label="Topical mixture applied today?",
                widget=forms.RadioSelect,
                choices=[("yes", "Yes"), ("no", "No")],
                coerce=lambda v: v == "yes",
                empty_value=None,
            )
            self.fields["topical_side"] = forms.ChoiceField(
                required=False,
                label="Side that got kefir + carrier",
                widget=forms.RadioSelect,
                choices=CheckIn.Side.choices,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        flags, none = data.get("red_flags"), data.get("no_red_flags")
        if flags and none:
            self.add_error("red_flags", NONE_AND_FLAG)
        elif not flags and not none:
            self.add_error("red_flags", FLAGS_UNANSWERED)
        return data

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("no_red_flags", None)
        if self.topical.enabled:
            data["topical_carrier"] = (
                self.topical.carrier if data.get("topical_applied") else ""
            )
            data["topical_ratio"] = (
                self.topical.ratio_label if data.get("topical_applied") else ""
            )
            data["topical_side"] = data.get("topical_side") or ""
        return data

    @staticmethod
    def initial_from(
        checkin: CheckIn | None, *, planned_ml: int, editing: bool
    ) -> dict[str, Any]:
        """Pre-fill from the day before (or the day itself when editing); the kefir
        dose from today's plan. Safety answers and notes never carry over."""
        if checkin is None:
            return {"kefir_ml": planned_ml}
        values = checkin.values()
        initial = {key: values[key] for key in (*MEASURES, "products", "tags")}
        if editing:
            initial.update(
                red_flags=values["red_flags"],
                no_red_flags=not values["red_flags"],
                note=values["note"],
                topical_applied=_yes_no(values["topical_applied"]),
                topical_side=values["topical_side"],
            )
        else:
            initial["kefir_ml"] = planned_ml
        return initial


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


class ReasonForm(forms.Form):
    why = forms.CharField(
        label="Why", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtendForm(ReasonForm):
    days = forms.TypedChoiceField(
        choices=[(7, "+7 days"), (14, "+14 days")], coerce=int, widget=forms.RadioSelect
    )


class DoseChangeForm(ReasonForm):
    ml = forms.IntegerField(label="New daily dose (ml)", min_value=1, max_value=1000)
    effective_on = forms.DateField(label="From", widget=DateInput())


class ShortenBaselineForm(ReasonForm):
    days = forms.IntegerField(
        label="New baseline length (days)", min_value=0, max_value=14
    )


class FollowUpForm(ReasonForm):
    follow_up = forms.TypedChoiceField(
        choices=[
            ("yes", "Add a 7-day follow-up off kefir"),
            ("no", "Remove the follow-up"),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Follow-up",
    )


class RedFlagResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        choices=RedFlagEvent.Resolution.choices, widget=forms.RadioSelect
    )
    seen_on = forms.DateField(
        required=False, label="Date you were seen", widget=DateInput()
    )
    seen_by = forms.CharField(
        required=False, max_length=200, label="Who saw you (name and role)"
    )


class PatchTestStartForm(forms.Form):
    """No date: a patch test starts on the day it is started (its day 1)."""

    carrier = forms.ChoiceField(
        choices=PatchTest.Carrier.choices, widget=forms.RadioSelect
    )
    kefir_parts = forms.IntegerField(
        min_value=1, max_value=20, initial=1, label="Kefir parts"
    )
    carrier_parts = forms.IntegerField(
        min_value=1, max_value=20, initial=4, label="Carrier parts"
    )


class PatchTestDayForm(forms.Form):
    day = forms.DateField(widget=DateInput(), label="Day")
    applied = forms.TypedChoiceField(
        choices=[("yes", "Yes, twice"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Did you apply the mixture to your inner forearm?",
    )
    reaction = forms.TypedChoiceField(
        choices=[
            ("no", "No reaction"),
            ("yes", "Stinging, redness, itch, swelling or hives"),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Any reaction?",
    )
    note = forms.CharField(required=False, max_length=500)


class BatchForm(forms.Form):
    batch_g = forms.FloatField(
        label="Batch size (g)", min_value=1, max_value=200, initial=10
    )
    kefir_parts = forms.IntegerField(min_value=1, max_value=20, initial=1)
    carrier_parts = forms.IntegerField(min_value=1, max_value=20, initial=4)
