"""The queue's selects are written in Python (PlainSelect): the same markup as Django's own."""

from bs4 import BeautifulSoup
from django import forms

from consultation.staff.widgets import PlainSelect

CHOICES = [("", "dowolny"), ("1", "Plan <pierwszy> & „drugi”"), ("Grupa", [("2", "b"), ("3", "c")])]


class Both(forms.Form):
    django = forms.ChoiceField(choices=CHOICES, required=False)
    plain = forms.ChoiceField(choices=CHOICES, required=False, widget=PlainSelect)


def normalised(html, name):
    """Each element with its attributes (in any order) and its text: the markup as a browser reads it."""
    html = html.replace(f'"{name}"', '"x"').replace(f"id_{name}", "id_x")
    return [(tag.name, sorted(tag.attrs.items()), tag.string) for tag in BeautifulSoup(html, "html.parser").find_all()]


def test_plain_select_writes_what_django_writes():
    for value in ("", "1", "3", "nie-ma"):
        form = Both({"django": value, "plain": value})
        form.is_valid()
        assert normalised(str(form["plain"]), "plain") == normalised(str(form["django"]), "django"), value
    chosen = str(Both({"plain": "3"})["plain"])
    assert '<option value="3" selected>c</option>' in chosen and "&lt;pierwszy&gt; &amp;" in chosen
