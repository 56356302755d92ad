"""Write the bad-input corpus (issue 8) into a folder: every kind of file a batch may meet.

    python tests/bad_inputs/make_bad_inputs.py OUT_DIR      # writes the files, prints the table

Nothing large is committed: the files are generated (the 50 MB text, the zip bombs, the
100,000-level HTML). :data:`CASES` says what the readers must do with each file: refuse it with
a one-line error that contains the given words, or read it with a warning that does (or read it
cleanly, ``words`` None). Generation is deterministic: the same bytes on every run.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/: fixtures_docs (when run as a script)

from fixtures_docs import (
    make_encrypted_pdf,
    make_high_ratio_docx,
    make_pdf,
    make_scanned_pdf,
    make_zip_bomb_docx,
)

MB = 1024 * 1024
# ordinary Dutch filler without names: long inputs stay cheap to extract and to graph
FILLER = ("De regering toetst iedere aanvraag voor een vergunning aan de criteria van het gemeenschappelijk "
          "standpunt en weegt daarbij de risico's van het eindgebruik zorgvuldig af. ")
LEAD = "Datum 7 april 2025\nBetreft Uitvoer naar Israël\n\nDe vergunning NL007 geldt niet voor Israël.\n"


@dataclass(frozen=True)
class Case:
    name: str
    outcome: str  # "error": refused; "warning": read, with a warning; "ok": read cleanly
    words: tuple[str, ...]  # one of these (case-insensitive) is in the error or in a warning
    make: Callable[[Path], None]
    what: str


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda p: p.write_bytes(data)


def _binary(p: Path) -> None:
    rng = random.Random(8)
    p.write_bytes(bytes(rng.randrange(256) for _ in range(64 * 1024)))


def _big_text(p: Path, size: int = 50 * MB) -> None:
    block = (LEAD + FILLER * 40 + "\n").encode("utf-8")
    with p.open("wb") as fh:
        for _ in range(size // len(block) + 1):
            fh.write(block)


def _one_line(p: Path, size: int = MB + 50_000) -> None:
    # more than spaCy's default nlp.max_length (1,000,000 characters) on one line, no line break
    line = LEAD.replace("\n", " ") + FILLER * (size // len(FILLER) + 1)
    p.write_text(line[:size], encoding="utf-8")


def _rtl_emoji(p: Path) -> None:
    p.write_text(
        "Datum 7 april 2025\n"
        "Betreft Uitvoer naar Israël 🇮🇱 en de Palestijnse gebieden 🇵🇸\n\n"
        "Het Hebreeuwse woord שלום en het Arabische سلام staan naast elkaar \u200f(rechts-naar-links)\u200e. "
        "De vergunning NL007 👍 geldt niet voor Israël; zie Kamerstuk 22 054, nr. 454 📄.\n"
        "Minister 👩‍⚖️ Ruben Brekelmans schreef op 16 juni 2025 aan de Tweede Kamer over de F-35 ✈️.\n"
        "Een bidi-override \u202eNL010\u202c en een zero-width joiner in NL\u200d009 en NL\u00ad002.\n"
        "عربي عربي עברית עברית 😀😀😀 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 € 68,5 M\n",
        encoding="utf-8",
    )


def _deep_html(p: Path, depth: int = 100_000) -> None:
    p.write_text("<!DOCTYPE html><html><body>" + "<div>" * depth
                 + "<p>Datum 7 april 2025</p><p>De vergunning NL007 geldt niet voor Israël.</p>"
                 + "</div>" * depth + "</body></html>", encoding="utf-8")


def _nul_text(p: Path) -> None:
    text = (LEAD + FILLER * 20).encode("utf-8")
    p.write_bytes(text[:100] + b"\x00" + text[100:300] + b"\x00\x00" + text[300:])


def _nul_heavy(p: Path) -> None:
    text = (LEAD + FILLER * 5).encode("utf-8")
    p.write_bytes(b"".join(text[i:i + 9] + b"\x00" for i in range(0, len(text), 9)))


def _truncated_pdf(p: Path) -> None:
    data = make_pdf([[f"Datum 7 april 2025 regel {i}" for i in range(40)]])
    p.write_bytes(data[: len(data) // 2])


CASES: tuple[Case, ...] = (
    Case("empty.txt", "error", ("empty",), _bytes(b""), "empty file (0 bytes)"),
    Case("binary.txt", "error", ("binary", "undecodable"), _binary, "64 KB of random bytes named .txt"),
    Case("truncated.pdf", "error", ("truncated",), _truncated_pdf, "first half of a valid PDF"),
    Case("encrypted.pdf", "error", ("encrypted",), lambda p: p.write_bytes(make_encrypted_pdf(["geheime tekst"])),
         "PDF with a user password (RC4)"),
    Case("scanned.pdf", "error", ("no text layer",), lambda p: p.write_bytes(make_scanned_pdf()),
         "PDF page with only an image-like fill, no text layer"),
    Case("cp1252.txt", "warning", ("cp1252",), _bytes((LEAD + "Café “NL007” – één\n").encode("cp1252")),
         "Windows-1252 text"),
    Case("utf16-nobom.txt", "warning", ("UTF-16",), _bytes((LEAD + FILLER).encode("utf-16-le")),
         "UTF-16 (little endian) without byte order mark"),
    Case("nul-bytes.txt", "warning", ("NUL",), _nul_text, "UTF-8 text with 3 stray NUL bytes"),
    Case("nul-heavy.txt", "error", ("NUL",), _nul_heavy, "text with a NUL after every 9 bytes (10%)"),
    Case("huge.txt", "error", ("too long", "too large"), _big_text, "50 MB of text"),
    Case("one-line.txt", "ok", (), _one_line, "1,098,576 characters on one line"),
    Case("rtl-emoji.txt", "ok", (), _rtl_emoji, "Hebrew, Arabic, bidi marks and overrides, emoji, ZWJ, soft hyphen"),
    Case("deep.html", "ok", (), _deep_html, "HTML nested 100,000 <div>s deep"),
    Case("zip-bomb.docx", "error", ("zip bomb",), make_zip_bomb_docx, "DOCX that declares 2 GB uncompressed"),
    Case("ratio-bomb.docx", "error", ("zip bomb",), make_high_ratio_docx, "DOCX with a 20 MB member compressed ~1000:1"),
)


def build_corpus(folder: Path, names: set[str] | None = None) -> dict[str, Case]:
    """Write the cases (all, or those in ``names``) into ``folder``; return them by file name."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for case in CASES:
        if names is None or case.name in names:
            case.make(folder / case.name)
            out[case.name] = case
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    folder = Path(argv[0])
    for name, case in build_corpus(folder).items():
        print(f"{name:18} {(folder / name).stat().st_size:>10} bytes  {case.outcome:7}  {case.what}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
