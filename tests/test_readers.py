"""policy_kg.readers: every input format, the decoding rules, every refusal, input listing."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from fixtures_docs import (  # tests/ is on sys.path: pytest's rootdir-based import mode
    make_docx,
    make_encrypted_pdf,
    make_high_ratio_docx,
    make_pdf,
    make_scanned_pdf,
    make_zip_bomb_docx,
)

from policy_kg import readers
from policy_kg.errors import DocumentError
from policy_kg.model import Document
from policy_kg.readers import decode_text, iter_input_files, read_document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))


# --- plain text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("plain.txt", "Datum 7 april 2025\nIsraël – ‘NL007’\n".encode(), "Datum 7 april 2025\nIsraël – ‘NL007’\n"),
        ("bom.txt", b"\xef\xbb\xbf" + "Geachte voorzitter,\n".encode(), "Geachte voorzitter,\n"),
        ("crlf.txt", b"regel een\r\nregel twee\r\n", "regel een\nregel twee\n"),
        ("cr.txt", b"regel een\rregel twee\r", "regel een\nregel twee\n"),
        ("notes.md", b"# Kop\n\n**vet**  en  spaties\n", "# Kop\n\n**vet**  en  spaties\n"),
        ("export.log", b"onbekende extensie, wel tekst\n", "onbekende extensie, wel tekst\n"),
        ("GEEN_EXTENSIE", b"geen extensie\n", "geen extensie\n"),
    ],
)
def test_readers_text_round_trip(tmp_path, name, raw, expected):
    path = tmp_path / name
    path.write_bytes(raw)
    doc = read_document(path)
    assert isinstance(doc, Document)
    assert doc.text == expected
    assert doc.format == "txt"
    assert doc.id == name
    assert doc.source == path
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.warnings == []


def test_readers_cp1252_decoded_with_warning(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes("Betreft Uitvoer naar Israël – “NL007”\r\n".encode("cp1252"))
    doc = read_document(path)
    assert doc.text == "Betreft Uitvoer naar Israël – “NL007”\n"
    assert len(doc.warnings) == 1
    assert "cp1252" in doc.warnings[0]
    assert "UTF-8" in doc.warnings[0]


def test_readers_utf16_with_bom_decoded_with_warning(tmp_path):
    path = tmp_path / "kladblok.txt"
    path.write_bytes("Datum 7 april 2025\r\nIsraël\r\n".encode("utf-16"))
    doc = read_document(path)
    assert doc.text == "Datum 7 april 2025\nIsraël\n"
    assert any("UTF-16" in w for w in doc.warnings)


def test_readers_decode_text_keeps_everything_but_line_ends():
    raw = "  a\u00a0b\t\n\n\u2026 \r\n".encode()
    assert decode_text(raw) == "  a\u00a0b\t\n\n\u2026 \n"


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_readers_seed_text_is_the_file_as_is(seed):
    doc = read_document(seed)
    assert doc.text == seed.read_text(encoding="utf-8")
    assert doc.sha256 == hashlib.sha256(seed.read_bytes()).hexdigest()
    assert doc.id == seed.name and doc.format == "txt"
    assert not any("UTF" in w or "cp1252" in w for w in doc.warnings)
    # read_document runs the structure analysis
    assert doc.date is not None and doc.genre != "overig"


# --- PDF -----------------------------------------------------------------------------------


def test_readers_pdf_round_trip(tmp_path):
    path = tmp_path / "brief.pdf"
    path.write_bytes(make_pdf([["Datum 7 april 2025", "Betreft Uitvoer (NL007) naar Israel"],
                               ["Geachte voorzitter,", "Kamerstuk 22 054, nr. 454"]]))
    doc = read_document(path)
    assert doc.format == "pdf"
    assert doc.id == "brief.pdf"
    lines = [line for line in doc.text.split("\n") if line]
    assert lines == ["Datum 7 april 2025", "Betreft Uitvoer (NL007) naar Israel", "Geachte voorzitter,",
                     "Kamerstuk 22 054, nr. 454"]
    # page 2 starts after the "\n" that joins the pages
    assert doc.text.index("Geachte") > doc.text.index("Israel")
    assert "\r" not in doc.text
    assert doc.date == "2025-04-07" and doc.genre == "brief"
    assert [r.id for r in doc.references] == ["kst-22054-454"]


def test_readers_pdf_encrypted_with_empty_password_is_read(tmp_path):
    path = tmp_path / "open.pdf"
    path.write_bytes(make_encrypted_pdf(["Leesbare tekst"], user_password=""))
    doc = read_document(path)
    assert doc.text.strip() == "Leesbare tekst"
    assert any("encrypted" in w for w in doc.warnings)


def test_readers_pdf_detected_by_content_without_extension(tmp_path):
    path = tmp_path / "download"
    path.write_bytes(make_pdf([["Datum 16 juni 2025"]]))
    doc = read_document(path)
    assert doc.format == "pdf" and doc.date == "2025-06-16"


# --- DOCX ----------------------------------------------------------------------------------


def test_readers_docx_paragraphs_and_table_in_document_order(tmp_path):
    path = make_docx(
        tmp_path / "nota.docx",
        ["Datum 16 juni 2025", "Betreft Uitgaven aan Israëlische bedrijven"],
        table=[["Periode", "Uitgaven"], ["2022", "€ 68,5 M"]],
        after=["Hoogachtend,", "", "DE MINISTER VAN DEFENSIE", "", "Ruben Brekelmans"],
    )
    doc = read_document(path)
    assert doc.format == "docx"
    assert doc.text.split("\n") == [
        "Datum 16 juni 2025",
        "Betreft Uitgaven aan Israëlische bedrijven",
        "Periode | Uitgaven",
        "2022 | € 68,5 M",
        "Hoogachtend,",
        "",
        "DE MINISTER VAN DEFENSIE",
        "",
        "Ruben Brekelmans",
    ]
    assert [(s.name, s.office) for s in doc.signatories] == [("Ruben Brekelmans", "minister van Defensie")]
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_readers_docx_merged_cell_given_once(tmp_path):
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    merged = table.cell(0, 0).merge(table.cell(0, 2))
    merged.text = "Gegunde waarde"
    for c, value in enumerate(["1 jan 2022", "€ 13,5 M", "0,6%"]):
        table.cell(1, c).text = value
    path = tmp_path / "tabel.docx"
    document.save(str(path))
    assert read_document(path).text.split("\n") == ["Gegunde waarde", "1 jan 2022 | € 13,5 M | 0,6%"]


# --- HTML ----------------------------------------------------------------------------------


def test_readers_html_visible_text_with_block_lines(tmp_path):
    html = """<!DOCTYPE html><html><head><title>Titel van de pagina</title>
    <style>p { color: red }</style><script>var x = "verborgen";</script></head>
    <body><noscript>geen js</noscript>
    <h1>Kamerbrief   over
        wapenexport</h1>
    <p>Datum 7&nbsp;april 2025</p>
    <div>Eerste regel<br/>tweede    regel</div>
    <!-- commentaar -->
    <table><tr><th>Periode</th><td>Uitgaven</td></tr><tr><td>2022</td><td>&euro; 68,5 M</td></tr></table>
    <ul><li>NL007</li><li>NL010</li></ul>
    <script>document.write("ook verborgen")</script>
    </body></html>"""
    path = tmp_path / "pagina.html"
    path.write_text(html, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "html"
    assert doc.text == (
        "Kamerbrief over wapenexport\n\n"
        "Datum 7 april 2025\n\n"
        "Eerste regel\ntweede regel\n\n"
        "Periode | Uitgaven\n2022 | € 68,5 M\n\n"
        "NL007\nNL010"
    )
    assert doc.date == "2025-04-07"
    for hidden in ("verborgen", "color", "commentaar", "geen js", "Titel van de pagina"):
        assert hidden not in doc.text


def test_readers_htm_extension_is_html(tmp_path):
    path = tmp_path / "oud.htm"
    path.write_bytes("<html><body><p>Caf\xe9 Isra\xebl</p></body></html>".encode("cp1252"))
    doc = read_document(path)
    assert doc.format == "html" and doc.text == "Café Israël"
    assert any("cp1252" in w for w in doc.warnings)


# --- refusals ------------------------------------------------------------------------------


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _corrupt_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/other.xml", "<x/>")
    return path


def _empty_docx(path: Path) -> Path:
    return make_docx(path, ["", "   "])


ERROR_CASES = [
    # (id, file name, builder(path) -> path, words expected in the message)
    ("missing", "bestaat-niet.txt", lambda p: p, "not found"),
    ("folder", "map", lambda p: (p.mkdir(), p)[1], "folder"),
    ("empty", "leeg.txt", lambda p: _write(p, b""), "empty"),
    ("whitespace", "wit.txt", lambda p: _write(p, b" \n\t\r\n  "), "only whitespace"),
    ("nul-bytes", "binair.txt", lambda p: _write(p, b"Datum 7 april\x00\x01\x02 2025"), "NUL"),
    ("control-chars", "ruis.txt", lambda p: _write(p, bytes(range(1, 9)) * 40 + b"tekst"), "binary"),
    ("undecodable", "kapot.txt", lambda p: _write(p, b"Isra\xebl \x81\x8d\x9d"), "undecodable"),
    ("xlsx", "tabel.xlsx", lambda p: _write(p, b"PK\x03\x04rest"), "unsupported"),
    ("png", "scan.png", lambda p: _write(p, b"\x89PNG\r\n\x1a\n"), "unsupported"),
    ("doc", "oud.doc", lambda p: _write(p, b"\xd0\xcf\x11\xe0"), "unsupported"),
    ("pdf-encrypted", "geheim.pdf", lambda p: _write(p, make_encrypted_pdf(["geheime tekst"])), "encrypted"),
    ("pdf-truncated", "half.pdf", lambda p: _write(p, make_pdf([["Datum 7 april 2025"]])[:400]), "truncated"),
    ("pdf-corrupt", "stuk.pdf", lambda p: _write(p, b"%PDF-1.4\n1 0 obj << /Type /Catalog\n%%EOF\n"), "corrupt"),
    ("pdf-not-pdf", "nep.pdf", lambda p: _write(p, b"<html>404 Not Found</html>"), "not a PDF"),
    ("pdf-scanned", "scan.pdf", lambda p: _write(p, make_scanned_pdf()), "no text layer"),
    ("docx-declared-bomb", "bom.docx", make_zip_bomb_docx, "zip bomb"),
    ("docx-ratio-bomb", "ratio.docx", make_high_ratio_docx, "zip bomb"),
    ("docx-not-zip", "kapot.docx", lambda p: _write(p, b"dit is geen zip"), "corrupt DOCX"),
    ("docx-no-document", "leeg-zip.docx", _corrupt_docx, "word/document.xml"),
    ("docx-no-text", "leeg.docx", _empty_docx, "no text"),
    ("html-no-text", "leeg.html", lambda p: _write(p, b"<html><head><script>x()</script></head><body> </body></html>"),
     "no visible text"),
]


@pytest.mark.parametrize(("name", "build", "words"), [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES])
def test_readers_refusal_is_one_line_document_error(tmp_path, name, build, words):
    path = build(tmp_path / name)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    message = str(info.value)
    assert "\n" not in message
    assert name in message
    assert message.startswith(str(path))
    assert words.lower() in message.lower()
    assert "hint:" in message
    assert info.value.path == str(path)


def test_readers_pdf_refusal_does_not_print_pypdf_noise(tmp_path, capfd):
    path = _write(tmp_path / "stuk.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog\n%%EOF\n")
    with pytest.raises(DocumentError):
        read_document(path)
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_readers_zip_bomb_limit_is_on_declared_size(tmp_path, monkeypatch):
    path = make_docx(tmp_path / "gewoon.docx", ["Datum 7 april 2025"])
    assert read_document(path).text == "Datum 7 april 2025"
    monkeypatch.setattr(readers, "MAX_UNCOMPRESSED_BYTES", 1000)
    with pytest.raises(DocumentError, match="zip bomb"):
        read_document(path)


# --- listing inputs ------------------------------------------------------------------------


def test_readers_iter_input_files_order_and_skips(tmp_path):
    root = tmp_path / "in"
    for rel in [
        "b.txt", "a.pdf", "README.md", "README", "readme.txt", ".verborgen.txt", "~$lock.docx", "c.docx",
        "tabel.xlsx", "plaatje.png", "sub/z.html", "sub/a.htm", "sub/notes.md", ".git/x.txt", "sub/.cache/y.txt",
        "A-hoofd.txt",
    ]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    got = iter_input_files([root])
    assert [p.relative_to(root).as_posix() for p in got] == [
        "A-hoofd.txt", "a.pdf", "b.txt", "c.docx", "sub/a.htm", "sub/notes.md", "sub/z.html",
    ]
    assert iter_input_files([str(root)]) == got  # str or Path, same answer


def test_readers_iter_input_files_keeps_explicit_paths(tmp_path):
    folder = tmp_path / "map"
    folder.mkdir()
    (folder / "x.txt").write_text("x", encoding="utf-8")
    odd = tmp_path / "tabel.xlsx"
    odd.write_bytes(b"PK")
    missing = tmp_path / "weg.txt"
    got = iter_input_files([odd, missing, folder, folder / "x.txt", str(odd)])
    # explicit paths in the order given, whatever their extension, missing ones too; no duplicates
    assert got == [odd, missing, folder / "x.txt"]
    with pytest.raises(DocumentError, match="not found"):
        read_document(got[1])
    with pytest.raises(DocumentError, match="unsupported"):
        read_document(got[0])


def test_readers_iter_input_files_seeds_folder():
    assert iter_input_files([SEEDS]) == SEED_FILES
