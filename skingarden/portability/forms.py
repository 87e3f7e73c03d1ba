"""HTML input for imports. The file's contents are checked by the importer."""

from django import forms

from skingarden.portability.imports import split_names

FORMAT_CHOICES = [
    ("json", "Skin Garden JSON export"),
    ("flaredown", "Flaredown “Download my data” CSV"),
]


class ImportForm(forms.Form):
    fmt = forms.ChoiceField(
        label="What kind of file is it?",
        choices=FORMAT_CHOICES,
        widget=forms.RadioSelect,
        initial="json",
    )
    file = forms.FileField(label="The file")
    conditions = forms.CharField(
        label="Flaredown columns that are conditions (optional)",
        required=False,
        max_length=2000,
        help_text="Separate names with commas, e.g. Eczema, Hay fever. Columns of "
        "ratings you do not name are read as symptoms unless the name is one of "
        "our conditions.",
    )
    treatments = forms.CharField(
        label="Flaredown columns that are treatments (optional)",
        required=False,
        max_length=2000,
        help_text="Columns with a dose, Taken or Not Taken are found on their own; "
        "name a treatment here if you only ever wrote a number as its dose.",
    )

    def condition_names(self) -> list[str]:
        return split_names(self.cleaned_data["conditions"])

    def treatment_names(self) -> list[str]:
        return split_names(self.cleaned_data["treatments"])


class ArchiveImportForm(forms.Form):
    file = forms.FileField(label="The archive (.zip)")
