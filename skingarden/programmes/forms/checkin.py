"""The day's log: one screen, every outcome blank until the participant answers."""

from typing import Any

from django import forms

from skingarden.programmes.catalogue import (
    MEASURES,
    PRODUCTS,
    RED_FLAGS,
    STOOL_FORMS,
    TAGS,
)
from skingarden.programmes.models import CheckIn
from skingarden.programmes.protocol import TopicalArm
from skingarden.programmes.services.checkins import topical_mix
from skingarden.programmes.split_body import Site

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
        sites: tuple[Site, Site] | None = None,
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
        for site in sites or ():
            # The split-body comparison's outcome: required, like the primary.
            field = measure_field(primary, required=True)
            field.label = f"{MEASURES[primary].short} on your {site.label}"
            field.help_text = "Rate this site on its own, on the same scale."
            self.fields[site.field] = field

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
            data.update(topical_mix(self.topical, data.get("topical_applied")))
            data["topical_side"] = data.get("topical_side") or ""
        return data

    @staticmethod
    def initial_for_new_day(
        *, planned_ml: int, previous: CheckIn | None
    ) -> dict[str, Any]:
        """A day not logged yet: every outcome blank, products and treatments too
        (copying them is a deliberate tap, ``with_products_of``); only the planned
        dose and the day before's tags are filled in. Showing an earlier answer
        anchors the new one (FDA PRO guidance 2009; ISPOR ePRO good practice)."""
        initial: dict[str, Any] = {"kefir_ml": planned_ml}
        if previous is not None:
            initial["tags"] = list(previous.tags)
        return initial

    @staticmethod
    def initial_for_edit(checkin: CheckIn) -> dict[str, Any]:
        """A day already logged shows that day's own answers."""
        values = checkin.values()
        return {
            **values,
            "no_red_flags": not values["red_flags"],
            "topical_applied": _yes_no(values["topical_applied"]),
        }

    def as_typed(self, products: list[str]) -> dict[str, Any]:
        """What a bound form holds as typed so far, with ``products`` in place of
        its products: the form shown again after "same as yesterday"."""
        typed = {name: self[name].data for name in self.fields}
        typed["products"] = products
        return typed


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")
