"""The hostile document of the views' escaping tests (importable by name: conftest modules are not)."""

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_PERSON = f"Jan {XSS_IMG} Jansen"

XSS_TEXT = f"""Tweede Kamer der Staten-Generaal
Brief van de minister {XSS_SCRIPT}

Den Haag, 12 mei 2025

Met ingang van 1 mei 2025 is Israël uitgesloten als eindbestemming van de algemene vergunning NL007 {XSS_SCRIPT} {XSS_IMG}.
Het Gerechtshof Den Haag oordeelde op 12 februari 2024 (ECLI:NL:GHDHA:2024:191) over de F-35.
{XSS_PERSON} is lid van de PVV {XSS_SCRIPT}.

De minister van Defensie,
Ruben Brekelmans
"""
