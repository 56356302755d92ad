"""Reading input documents (plain text, PDF, DOCX, HTML) into :class:`Document`.

``Document.text`` is "the text as read": decoded to ``str`` and with line ends normalised to
``\\n`` (a few stray NUL bytes are dropped, with a warning), nothing else changed. Every offset
of every later stage refers to it. For PDF, DOCX
and HTML the text is what this module extracts, so it is reproducible from the same file with
the same library versions.

Every problem with an input raises :class:`~policy_kg.errors.DocumentError` whose ``str()`` is
one line that starts with the file name and ends with a hint.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import zipfile
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from .errors import DocumentError
from .model import Document
from .structure import analyse

# --- formats -------------------------------------------------------------------------------

TEXT_EXTENSIONS = frozenset({".txt", ".md", ".text", ".markdown"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml"})
#: the extensions that iter_input_files picks up when it expands a folder
INPUT_EXTENSIONS = frozenset({".txt", ".md", ".pdf", ".docx", ".html", ".htm"})
#: formats we recognise but cannot read, with the hint to give
UNSUPPORTED: dict[str, str] = {
    ".doc": "save it as .docx or .pdf",
    ".odt": "save it as .docx or .pdf",
    ".rtf": "save it as .docx, .pdf or .txt",
    ".xls": "spreadsheets are not supported; export the text as .txt",
    ".xlsx": "spreadsheets are not supported; export the text as .txt",
    ".ods": "spreadsheets are not supported; export the text as .txt",
    ".ppt": "presentations are not supported; export them as .pdf",
    ".pptx": "presentations are not supported; export them as .pdf",
    ".png": "images have no text layer; run OCR first and pass the resulting .pdf or .txt",
    ".jpg": "images have no text layer; run OCR first and pass the resulting .pdf or .txt",
    ".jpeg": "images have no text layer; run OCR first and pass the resulting .pdf or .txt",
    ".gif": "images have no text layer; run OCR first and pass the resulting .pdf or .txt",
    ".tif": "images have no text layer; run OCR first and pass the resulting .pdf or .txt",
    ".tiff": "images have no text layer; run OCR first and pass the resulting .pdf or .txt",
    ".bmp": "images have no text layer; run OCR first and pass the resulting .pdf or .txt",
    ".webp": "images have no text layer; run OCR first and pass the resulting .pdf or .txt",
    ".zip": "unpack the archive and pass the documents inside",
    ".gz": "unpack the archive and pass the documents inside",
    ".tgz": "unpack the archive and pass the documents inside",
    ".7z": "unpack the archive and pass the documents inside",
    ".rar": "unpack the archive and pass the documents inside",
    ".tar": "unpack the archive and pass the documents inside",
    ".exe": "pass .txt, .md, .pdf, .docx or .html documents",
    ".dll": "pass .txt, .md, .pdf, .docx or .html documents",
    ".so": "pass .txt, .md, .pdf, .docx or .html documents",
    ".bin": "pass .txt, .md, .pdf, .docx or .html documents",
    ".mp3": "pass .txt, .md, .pdf, .docx or .html documents",
    ".mp4": "pass .txt, .md, .pdf, .docx or .html documents",
}

# --- limits --------------------------------------------------------------------------------

MAX_FILE_BYTES = 200 * 1024 * 1024  # any input file
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # sum of a DOCX's members, as declared in the zip
MAX_COMPRESSION_RATIO = 200  # per member; XML usually compresses 5-20 times
RATIO_CHECK_MIN_BYTES = 1024 * 1024  # small members may compress well without harm
MAX_ZIP_MEMBERS = 10_000  # a Word file has tens of parts
MAX_CONTROL_SHARE = 0.02  # share of control characters above which decoded text is "binary"
#: longest text (in characters, after extraction) a document may have. Extraction is linear but
#: takes about 6 s and 150 MB of memory per million characters, so a 50 MB dump would run for
#: minutes and need gigabytes; set the environment variable below to raise or lower the limit.
MAX_TEXT_CHARS = 5_000_000
MAX_TEXT_CHARS_ENV = "POLICY_KG_MAX_CHARS"

_OK_CONTROLS = frozenset("\t\n\r\f\v")
# Unicode category Cc (C0 and C1 controls) without _OK_CONTROLS: a regex counts them fast
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
NUL = b"\x00"


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _fail(path: Path | str, problem: str, hint: str) -> DocumentError:
    return DocumentError(path, _one_line(problem), hint=_one_line(hint))


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def max_text_chars() -> int:
    """The text length limit: ``$POLICY_KG_MAX_CHARS`` when set to a number, else :data:`MAX_TEXT_CHARS`."""
    value = os.environ.get(MAX_TEXT_CHARS_ENV, "").replace("_", "").strip()
    return int(value) if value.isdigit() else MAX_TEXT_CHARS


def _check_length(p: Path | str, size: int, unit: str = "characters") -> None:
    """Refuse a text longer than :func:`max_text_chars` (``unit`` "bytes": a text file's size,
    checked before decoding; a file of more than four bytes per allowed character is too long
    in any encoding)."""
    limit = max_text_chars()
    if size > (4 * limit if unit == "bytes" else limit):
        what = "text file is too large" if unit == "bytes" else "text is too long"
        raise _fail(p, f"{what}: {size:,} {unit}, more than the limit of {limit:,} characters",
                    f"split the document, or raise the limit with the environment variable {MAX_TEXT_CHARS_ENV}="
                    f"{size} (extraction takes about 6 s and 150 MB of memory per million characters)")


# --- listing inputs ------------------------------------------------------------------------


def _skipped_name(name: str) -> bool:
    return name.startswith((".", "~$")) or name.upper().startswith("README")


def iter_input_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """The input files named by ``paths``, in a deterministic order.

    A folder is expanded recursively (entries sorted by name, hidden files and folders,
    ``README*`` and Office lock files ``~$*`` skipped, only :data:`INPUT_EXTENSIONS` kept).
    A path that is not a folder is kept as given, whatever its extension and even when it
    does not exist, so that :func:`read_document` reports it instead of it vanishing silently.
    A file reached twice is listed once (at its first place).
    """
    out: list[Path] = []
    seen: set[str] = set()

    def add(p: Path) -> None:
        key = os.path.normcase(os.path.abspath(p))
        if key not in seen:
            seen.add(key)
            out.append(p)

    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if _skipped_name(name) or Path(name).suffix.lower() not in INPUT_EXTENSIONS:
                        continue
                    add(Path(root) / name)
        else:
            add(p)
    return out


# --- reading -------------------------------------------------------------------------------


def read_document(path: str | os.PathLike, *, analyse_structure: bool = True) -> Document:
    """Read one input file into a :class:`Document` and (by default) analyse its structure.

    Format by extension: ``.txt``/``.md`` (and any unknown extension whose content is text)
    as text, ``.pdf`` with pypdf, ``.docx`` with python-docx, ``.html``/``.htm`` with
    BeautifulSoup (lxml). Raises :class:`DocumentError` for a missing file, a folder, an empty
    file, a binary or undecodable file, a corrupt, truncated, encrypted or scanned (text-less)
    PDF, a zip-bomb DOCX and unsupported formats such as ``.xlsx`` or ``.png``.
    """
    p = Path(path)
    raw = _read_bytes(p)
    suffix = p.suffix.lower()
    warnings: list[str] = []

    if suffix in UNSUPPORTED:
        raise _fail(p, f"unsupported file type '{suffix}'", UNSUPPORTED[suffix])
    if suffix not in (".pdf", ".docx"):
        _check_length(p, len(raw), "bytes")  # before decoding a 50 MB dump
    if suffix == ".pdf":
        fmt, text = "pdf", _pdf_text(p, raw, warnings)
    elif suffix == ".docx":
        fmt, text = "docx", _docx_text(p, raw, warnings)
    elif suffix in HTML_EXTENSIONS:
        fmt, text = "html", _html_text(p, raw, warnings)
    else:
        # .txt, .md, or an unknown extension: sniff the two binary formats we do know
        if raw[:1024].lstrip().startswith(b"%PDF-"):
            fmt, text = "pdf", _pdf_text(p, raw, warnings)
        elif raw.startswith(b"PK\x03\x04") and _is_docx_zip(raw):
            fmt, text = "docx", _docx_text(p, raw, warnings)
        else:
            fmt, text = "txt", _plain_text(p, raw, warnings)
    _check_length(p, len(text))

    doc = Document(
        id=p.name,
        text=text,
        source=p,
        format=fmt,
        sha256=hashlib.sha256(raw).hexdigest(),
        warnings=warnings,
    )
    if analyse_structure:
        analyse(doc)
    return doc


def _read_bytes(p: Path) -> bytes:
    try:
        st = p.stat()
    except FileNotFoundError:
        raise _fail(p, "file not found", "check the path and the current folder") from None
    except OSError as exc:
        raise _fail(p, f"cannot access file: {exc.strerror or exc}", "check the path and its permissions") from None
    if p.is_dir():
        raise _fail(p, "is a folder, not a file", "pass the files, or let the command expand the folder")
    if not p.is_file():
        raise _fail(p, "is not a regular file", "pass a .txt, .md, .pdf, .docx or .html file")
    if st.st_size > MAX_FILE_BYTES:
        raise _fail(p, f"file is too large ({st.st_size} bytes, limit {MAX_FILE_BYTES})", "split the document")
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise _fail(p, f"cannot read file: {exc.strerror or exc}", "check the file's permissions") from None
    if not raw:
        raise _fail(p, "file is empty (0 bytes)", "check that the download or conversion did not fail")
    return raw


# --- plain text ----------------------------------------------------------------------------


def decode_text(raw: bytes, path: Path | str = "<bytes>", warnings: list[str] | None = None) -> str:
    """Decode the bytes of a text file: UTF-8 (BOM stripped), UTF-16 with BOM, else cp1252.

    UTF-16 without a BOM is recognised by its NUL high bytes. A fallback encoding is recorded
    in ``warnings``; so are a few stray NUL bytes, which are dropped. Bytes with many NULs
    (outside UTF-16), bytes that are neither UTF-8 nor cp1252, and text that is mostly control
    characters raise :class:`DocumentError`. Line ends are normalised to ``\\n``.
    """
    warnings = warnings if warnings is not None else []
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            text = raw[3:].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _fail(path, f"undecodable bytes: has a UTF-8 byte order mark but byte 0x{raw[3 + exc.start]:02x} at offset {3 + exc.start} is not UTF-8",
                        "re-save the file as UTF-8") from None
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise _fail(path, "undecodable bytes: has a UTF-16 byte order mark but is not valid UTF-16",
                        "re-save the file as UTF-8") from None
        warnings.append("decoded as UTF-16 (byte order mark found), not UTF-8")
        text = text.lstrip("\ufeff")
    elif NUL in raw and (utf16 := _utf16_without_bom(raw)) is not None:
        text = utf16
        warnings.append("decoded as UTF-16 (every other byte is NUL, no byte order mark), not UTF-8")
    else:
        if NUL in raw:
            first, count = raw.index(NUL), raw.count(NUL)
            if count / len(raw) > MAX_CONTROL_SHARE:
                raise _fail(path, f"binary file: contains {count} NUL bytes (first at offset {first})",
                            "pass a text, PDF, DOCX or HTML document; check the file extension")
            # a few stray NULs (a bad conversion or copy) carry nothing: drop them, keep the text
            raw = raw.replace(NUL, b"")
            warnings.append(f"removed {count} NUL byte(s) (first at offset {first}): a text file has none")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = raw[exc.start]
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError as exc2:
                where = (f"byte 0x{bad:02x} at offset {exc.start}" if exc2.start == exc.start else
                         f"byte 0x{bad:02x} at offset {exc.start}, and for cp1252 byte 0x{raw[exc2.start]:02x} at offset {exc2.start}")
                raise _fail(path, f"undecodable bytes: neither UTF-8 nor cp1252 ({where})",
                            "re-save the file as UTF-8") from None
            warnings.append(f"not valid UTF-8 (byte 0x{bad:02x} at offset {exc.start}); decoded as cp1252 (Windows-1252)")
    controls = len(_CONTROLS.findall(text))
    if text and controls / len(text) > MAX_CONTROL_SHARE:
        raise _fail(path, f"binary file: {controls} of {len(text)} characters are control characters",
                    "pass a text, PDF, DOCX or HTML document; check the file extension")
    return _normalise_newlines(text)


def _utf16_without_bom(raw: bytes) -> str | None:
    """The text of UTF-16 bytes without a byte order mark (as some Windows tools write), or None.

    Recognised when the file has an even length, at least 16 bytes, and NUL is nearly every
    other byte (the high byte of Latin characters) and nowhere else."""
    if len(raw) < 16 or len(raw) % 2:
        return None
    even, odd = raw[0::2], raw[1::2]
    for nuls, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        other = even if nuls is odd else odd
        if nuls.count(NUL) >= 0.9 * len(nuls) and NUL not in other:
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _plain_text(p: Path, raw: bytes, warnings: list[str]) -> str:
    text = decode_text(raw, p, warnings)
    if not text.strip():
        raise _fail(p, "file contains only whitespace", "check that the download or conversion did not fail")
    return text


try:  # pypdf >= 3 raises DependencyError when AES needs the 'cryptography' package
    from pypdf.errors import DependencyError as DependencyErrorType
except ImportError:  # pragma: no cover
    DependencyErrorType = NotImplementedError  # type: ignore[misc,assignment]


# --- PDF -----------------------------------------------------------------------------------


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:  # pragma: no cover - trivial
        self.messages.append(_one_line(record.getMessage()))


@contextmanager
def _pypdf_log():
    """Collect pypdf's log warnings instead of letting them reach stderr."""
    logger = logging.getLogger("pypdf")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def _pdf_text(p: Path, raw: bytes, warnings: list[str]) -> str:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    hint_corrupt = "download the file again, or open and re-save it with a PDF viewer"
    if b"%PDF-" not in raw[:1024]:
        raise _fail(p, "not a PDF file (no %PDF- header)", "check the file extension and the download")
    if b"%%EOF" not in raw[-2048:]:
        raise _fail(p, "truncated or corrupt PDF (no %%EOF marker at the end)", hint_corrupt)
    with _pypdf_log() as logged:
        try:
            reader = PdfReader(io.BytesIO(raw), strict=False)
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except (FileNotDecryptedError, NotImplementedError, DependencyErrorType) as exc:
                    raise _fail(p, f"encrypted PDF that cannot be opened: {exc}",
                                "remove the password protection (e.g. print to a new PDF) and try again") from None
                if not opened:
                    raise _fail(p, "encrypted PDF: it needs a password",
                                "remove the password protection (e.g. with qpdf --decrypt) and try again")
                warnings.append("PDF is encrypted with an empty user password; read without a password")
            pages = []
            for page in reader.pages:
                pages.append(page.extract_text() or "")
        except DocumentError:
            raise
        except (PdfReadError, FileNotDecryptedError) as exc:
            raise _fail(p, f"corrupt PDF: {exc}", hint_corrupt) from None
        except Exception as exc:  # pypdf raises many kinds on broken files
            raise _fail(p, f"corrupt PDF ({type(exc).__name__}: {exc})", hint_corrupt) from None
    for message in dict.fromkeys(logged):
        warnings.append(f"pypdf: {message}")
    if not pages or not "".join(pages).strip():
        raise _fail(p, f"PDF has no text layer ({len(pages)} page(s) without extractable text; a scan?)",
                    "run OCR first (e.g. ocrmypdf) and pass the OCR'd PDF or its text")
    empty = [str(i + 1) for i, t in enumerate(pages) if not t.strip()]
    if empty:
        warnings.append(f"PDF page(s) {', '.join(empty)} have no text layer (scanned?); their text is missing")
    return _normalise_newlines("\n".join(pages))


# --- DOCX ----------------------------------------------------------------------------------


def _is_docx_zip(raw: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _check_zip(p: Path, raw: bytes) -> None:
    """Refuse a DOCX whose zip is broken or declares an absurd amount of data (zip bomb)."""
    hint = "the file is not a valid Word document; open and re-save it with Word or LibreOffice"
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _fail(p, f"corrupt DOCX (not a valid zip archive: {exc})", hint) from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise _fail(p, f"refused: the archive has {len(infos)} members (limit {MAX_ZIP_MEMBERS})",
                    "check where the file comes from; re-save it with Word or LibreOffice")
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise _fail(p, f"refused as a possible zip bomb: it declares {total} bytes uncompressed "
                    f"(limit {MAX_UNCOMPRESSED_BYTES})", "check where the file comes from; re-save it with Word or LibreOffice")
    for info in infos:
        if info.file_size >= RATIO_CHECK_MIN_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > MAX_COMPRESSION_RATIO:
                raise _fail(p, f"refused as a possible zip bomb: member '{info.filename}' expands {ratio:.0f} times "
                            f"(limit {MAX_COMPRESSION_RATIO})", "check where the file comes from; re-save it with Word or LibreOffice")
    if not any(i.filename == "word/document.xml" for i in infos):
        raise _fail(p, "corrupt DOCX (no word/document.xml in the archive)", hint)


def _docx_text(p: Path, raw: bytes, warnings: list[str]) -> str:
    _check_zip(p, raw)
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(raw))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_table_lines(block))
            else:
                lines.append(block.text)
    except DocumentError:
        raise
    except Exception as exc:  # python-docx / lxml raise many kinds on broken files
        raise _fail(p, f"corrupt DOCX ({type(exc).__name__}: {exc})",
                    "open and re-save it with Word or LibreOffice") from None
    text = _normalise_newlines("\n".join(lines))
    if not text.strip():
        raise _fail(p, "DOCX contains no text", "check that the document is not only images; run OCR on scans")
    return text


def _table_lines(table) -> list[str]:
    """One line per table row, cells separated by ' | ' (a merged cell is given once)."""
    from docx.table import Table

    lines = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            parts = []
            for block in cell.iter_inner_content():
                if isinstance(block, Table):
                    parts.extend(_table_lines(block))
                else:
                    parts.append(block.text)
            cells.append(" ".join(" ".join(parts).split()))
        lines.append(" | ".join(cells))
    return lines


# --- HTML ----------------------------------------------------------------------------------

_DROP_TAGS = ("script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "iframe", "object")
# blocks that stand apart as a paragraph (blank line around) and those that only break the line
_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "dl", "blockquote",
                             "pre", "section", "article", "header", "footer", "aside", "nav", "main", "figure",
                             "hr", "address", "fieldset", "form"})
_LINE_TAGS = frozenset({"div", "li", "tr", "dt", "dd", "caption", "figcaption", "thead", "tbody", "tfoot",
                        "details", "summary", "legend", "option"})
_CELL_TAGS = frozenset({"td", "th"})
_MARK = "\x00"  # paragraph break marker while assembling (NUL never survives decoding)


def _html_text(p: Path, raw: bytes, warnings: list[str]) -> str:
    from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction

    markup = decode_text(raw, p, warnings)
    try:
        soup = BeautifulSoup(markup, "lxml")
    except Exception as exc:  # pragma: no cover - lxml is very tolerant
        raise _fail(p, f"cannot parse HTML ({type(exc).__name__}: {exc})", "check that the file is HTML") from None
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    root = soup.body or soup
    parts: list[str] = []
    skip_types = (Comment, Declaration, Doctype, ProcessingInstruction)

    # depth-first over the tree with an explicit stack, not recursion: a page may nest elements
    # 100,000 deep (lxml keeps them all), far beyond Python's recursion limit. A stack item is a
    # node to visit (with its <pre> state) or a string to emit after a node's children.
    stack: list = [(child, False) for child in reversed(list(root.children))]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        child, pre = item
        if isinstance(child, skip_types):
            continue
        name = getattr(child, "name", None)
        if name is None:  # a source line break is only a space, except inside <pre>
            parts.append(str(child) if pre else str(child).replace("\n", " "))
            continue
        if name == "br":
            parts.append("\n")
            continue
        after = None
        if name in _CELL_TAGS:
            parts.append(" | ")
        elif name in _PARAGRAPH_TAGS:
            parts.append(_MARK)
            after, pre = _MARK, pre or name == "pre"
        elif name in _LINE_TAGS:
            parts.append("\n")
            after = "\n"
        if after is not None:
            stack.append(after)
        stack.extend((grandchild, pre) for grandchild in reversed(list(child.children)))
    lines: list[str] = []
    for chunk in "".join(parts).split(_MARK):
        para = []
        for line in chunk.split("\n"):
            line = " ".join(line.split())
            line = re.sub(r"^\|\s*", "", line).strip()  # the separator before a row's first cell
            if line:
                para.append(line)
        if para:
            lines.append("\n".join(para))
    text = "\n\n".join(lines)
    if not text.strip():
        raise _fail(p, "HTML has no visible text", "check that the page is not rendered by JavaScript; save the rendered page")
    return text
