"""The cleaned view of a text and its map back to the text as read."""

import pytest
from policy_kg.ner.textview import make_view


@pytest.mark.parametrize("raw,clean", [
    ("Saoedi-\nArabië", "Saoedi-Arabië"),          # a name broken over lines keeps its hyphen
    ("Ameri-\nkaanse", "Amerikaanse"),             # a soft hyphen between lower-case letters goes
    ("SGP-\nfractie", "SGP-fractie"),
    ("nr. \n453", "nr. 453"),
    ("€    68,5 M", "€ 68,5 M"),
    ("NAVO- als", "NAVO- als"),                    # a suspension hyphen stays
    ("Nederlands-\n\n1 U.S.", "Nederlands- 1 U.S."),  # no joining across a blank line
])
def test_textview_clean(raw, clean):
    assert make_view(raw).clean == clean


@pytest.mark.parametrize("raw,needle", [
    ("de Saoedi-\nArabië (KSA)", "Saoedi-Arabië"),
    ("x €    68,5 M 1,6%", "€ 68,5 M"),
    ("Kamerstuk 22 054, nr. \n453, dd.", "Kamerstuk 22 054, nr. 453"),
])
def test_textview_maps_back_to_raw(raw, needle):
    view = make_view(raw)
    start = view.clean.index(needle)
    s, e = view.raw_span(start, start + len(needle))
    assert " ".join(raw[s:e].replace("-\n", "-").split()) == needle
    assert raw[s] == needle[0] and raw[e - 1] == needle[-1]


@pytest.mark.parametrize("raw, clean", [
    ("een VN- \nof EU-wapenembargo", "een VN- of EU-wapenembargo"),
    ("NAVO-\nen EU-landen", "NAVO- en EU-landen"),
    ("Saoedi-\nArabië", "Saoedi-Arabië"),
    ("Ameri-\nkaanse", "Amerikaanse"),
])
def test_textview_suspension_hyphen_at_line_end(raw, clean):
    assert make_view(raw).clean == clean
