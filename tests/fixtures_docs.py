"""Helpers that build small input documents for the reader tests (no files are shipped).

Everything here is written from scratch: a minimal PDF with a correct cross-reference
table and a Helvetica text stream, DOCX files through python-docx, a forged zip bomb.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _assemble_pdf(objects: list[bytes]) -> bytes:
    """Number ``objects`` 1..n, write them with an exact xref table; object 1 is the catalog."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n")
    xref_at = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n".encode("ascii"))
    out.write(b"0000000000 65535 f \n")
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode("ascii"))
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode("ascii"))
    return out.getvalue()


def _stream(content: bytes) -> bytes:
    return b"<< /Length " + str(len(content)).encode("ascii") + b" >>\nstream\n" + content + b"\nendstream"


def make_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF whose pages show the given lines in Helvetica (WinAnsi, ASCII only here)."""
    n_pages = len(pages)
    # objects: 1 catalog, 2 pages, 3 font, then per page: page object, content stream
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n_pages))
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode("ascii"),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            ops.append(f"({_pdf_escape(line)}) Tj T*")
        ops.append("ET")
        content = "\n".join(ops).encode("latin-1")
        page = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"
        ).encode("ascii")
        objects.append(page)
        objects.append(_stream(content))
    return _assemble_pdf(objects)


def make_scanned_pdf() -> bytes:
    """A valid one-page PDF that only paints a grey rectangle: no text layer, like a scan."""
    content = b"0.5 g\n72 72 468 648 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> /Contents 4 0 R >>",
        _stream(content),
    ]
    return _assemble_pdf(objects)


def make_encrypted_pdf(lines: list[str], user_password: str = "geheim", owner_password: str = "eigenaar") -> bytes:
    """A PDF encrypted by pypdf (RC4, no extra crypto library needed)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf([lines]))).pages:
        writer.add_page(page)
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def make_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None, after: list[str] = ()) -> Path:
    """A DOCX with ``paragraphs``, then optionally a table, then ``after`` paragraphs."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    for text in after:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def make_zip_bomb_docx(path: Path, declared_size: int = 0x7FFF0000) -> Path:
    """A tiny zip that *declares* a huge uncompressed member, as a zip bomb does.

    The member really is small; its size fields in the local header and the central directory
    are overwritten, so only a reader that trusts them (or inflates without limit) suffers.
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>" * 10)
    data = bytearray(buf.getvalue())
    size = struct.pack("<I", declared_size)
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:  # central directory entries
        data[pos + 24 : pos + 28] = size
        pos += 4
    pos = 0
    while (pos := data.find(b"PK\x03\x04", pos)) != -1:  # local file headers
        data[pos + 22 : pos + 26] = size
        pos += 4
    path.write_bytes(bytes(data))
    return path


def make_high_ratio_docx(path: Path, megabytes: int = 20) -> Path:
    """A zip with one member of ``megabytes`` MB of zeros: honest sizes, absurd ratio (~1000:1)."""
    chunk = b"\0" * (1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as member:
            for _ in range(megabytes):
                member.write(chunk)
    return path
