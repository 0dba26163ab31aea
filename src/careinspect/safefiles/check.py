"""``check_upload``: the checks every file uploaded to the provider portal passes before it is stored.

Providers upload the information the regime asks for (INF-1 for regional adoption agencies, INF-2 for
adoption support agencies, INF-3 for independent fostering agencies) to the portal; inspectors then open
those files on their own machines. Nothing about a file is trusted from its name: its kind is sniffed from
its content, and anything that could harm the reader (a program renamed .pdf, a zip bomb, spreadsheet
formulas) is refused with a message the provider can act on. The file accepted is stored unchanged, with
its SHA-256, so it stays evidence of what the provider sent.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
import zlib
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import BinaryIO

import filetype  # type: ignore[import-untyped]

from .errors import RejectionCode, UploadRejected
from .formulas import find_formula_cells
from .kinds import KINDS, SPREADSHEET_KINDS, format_mb, kinds_phrase, validate_allowed
from .names import display_name, extension_of, safe_name
from .text import CHUNK, text_encoding
from .zipsafety import (
    DEFAULT_ZIP_LIMITS,
    ZipLimits,
    check_no_nested_archives,
    check_zip,
    damaged,
    open_zip,
    verify_member,
)

SHOWN_FORMULA_CELLS = 20
_HEAD = 8192
_SPOOL_IN_MEMORY = 16 * 1024 * 1024
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF_MIMETYPES = {"application/vnd.oasis.opendocument.text": "odt"}
_OOXML_KINDS = {"docx", "xlsx"}

# What people call the things filetype recognises that we do not accept.
_FOREIGN_DESCRIPTIONS = {
    "exe": "a Windows program",
    "elf": "a Linux program",
    "zip": "a zip archive",
    "rar": "a RAR archive",
    "7z": "a 7-Zip archive",
    "gz": "a compressed (gzip) file",
    "gif": "a GIF image",
    "bmp": "a BMP image",
    "tif": "a TIFF image",
    "heic": "an HEIC photo",
    "mp4": "a video",
    "mov": "a video",
    "mp3": "an audio file",
    "wav": "an audio file",
    "sqlite": "a database file",
    "rtf": "a Rich Text document (.rtf)",
}


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    """One of ``KINDS``: "pdf", "docx", "xlsx", "csv", "txt", "png", "jpeg", "odt"."""
    mime_type: str
    extension: str
    """Lower case, without the dot; the sniffed kind's ("jpg" or "jpeg" as the provider named it)."""
    size: int
    sha256: str
    """Hex digest of exactly the bytes checked, so the stored copy can be verified against it."""
    original_name: str
    """The name as supplied, unaltered (may hold a path or control characters: never display it raw)."""
    safe_name: str
    """For storage and downloads: no path or control characters, ends in ``.extension``, ≤ 120 chars."""


@dataclass(frozen=True)
class _Sniffed:
    kind: str | None
    """A key of KINDS, or None for something we never accept."""
    description: str
    archive: zipfile.ZipFile | None = None


@contextmanager
def _spooled(data: bytes | BinaryIO, max_bytes: int, display: str) -> Iterator[tuple[BinaryIO, int, str]]:
    """The content as a seekable stream, its size and its SHA-256, read once in chunks.

    A stream is read from where it stands, and never beyond ``max_bytes`` + 1 bytes, so an oversized
    upload is refused without being read to the end; large uploads go to a temporary file, not memory.
    """

    def too_large() -> UploadRejected:
        return UploadRejected(
            f"“{display}” is larger than {format_mb(max_bytes)}. Upload a file of {format_mb(max_bytes)} or "
            "less: you could split it into parts or reduce the size of pictures in it.",
            RejectionCode.TOO_LARGE,
        )

    digest = hashlib.sha256()
    if isinstance(data, bytes | bytearray | memoryview):
        view = memoryview(data)
        if view.nbytes > max_bytes:
            raise too_large()
        for start in range(0, view.nbytes, CHUNK):
            digest.update(view[start : start + CHUNK])
        yield io.BytesIO(view), view.nbytes, digest.hexdigest()
        return
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_IN_MEMORY) as spool:
        size = 0
        while chunk := data.read(min(CHUNK, max_bytes + 1 - size)):
            size += len(chunk)
            if size > max_bytes:
                raise too_large()
            digest.update(chunk)
            spool.write(chunk)
        spool.seek(0)
        yield spool, size, digest.hexdigest()  # type: ignore[misc]


def _sniff_zip(stream: BinaryIO, display: str, claimed: str) -> _Sniffed:
    archive = open_zip(stream)
    if archive is None:
        if claimed in _OOXML_KINDS or claimed == "odt":
            raise damaged(display, KINDS[claimed].description)
        return _Sniffed(None, "a damaged zip archive")
    # Classified from the central directory's names only: nothing is decompressed before check_zip.
    names = set(archive.namelist())
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return _Sniffed("xlsx", KINDS["xlsx"].description, archive)
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return _Sniffed("docx", KINDS["docx"].description, archive)
    if "[Content_Types].xml" in names and "ppt/presentation.xml" in names:
        return _Sniffed(None, "a PowerPoint presentation", archive)
    if "mimetype" in names and "content.xml" in names:
        info = archive.getinfo("mimetype")
        mimetype = ""
        if info.file_size <= 100 and not info.flag_bits & 0x1:
            try:
                mimetype = archive.read(info).decode("ascii", "replace").strip()
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError):
                mimetype = ""
        kind = _ODF_MIMETYPES.get(mimetype)
        return _Sniffed(kind, KINDS[kind].description if kind else "an OpenDocument file", archive)
    if claimed in _OOXML_KINDS:
        # A real zip without the parts the format requires: a renamed archive, or an incomplete save.
        raise damaged(display, KINDS[claimed].description)
    return _Sniffed(None, "a zip archive", archive)


def _sniff(stream: BinaryIO, display: str, claimed: str) -> _Sniffed:
    head = stream.read(_HEAD)
    stream.seek(0)
    if head.startswith(_ZIP_MAGICS):
        return _sniff_zip(stream, display, claimed)
    if head.startswith(_OLE2_MAGIC):
        # Excel and Word also use this container for password-protected .xlsx and .docx files.
        return _Sniffed(None, "an older-format Office file (.doc or .xls) or a password-protected file")
    if head.startswith(b"%PDF-"):
        return _Sniffed("pdf", KINDS["pdf"].description)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _Sniffed("png", KINDS["png"].description)
    if head.startswith(b"\xff\xd8\xff"):
        return _Sniffed("jpeg", KINDS["jpeg"].description)
    if head.startswith(b"\x7fELF"):
        return _Sniffed(None, _FOREIGN_DESCRIPTIONS["elf"])
    if head.startswith(b"MZ") and b"\x00" in head:
        # "MZ" alone could begin a line of text; a Windows program also has binary header fields.
        return _Sniffed(None, _FOREIGN_DESCRIPTIONS["exe"])
    guess = filetype.guess(head)
    if guess is not None:
        extension = str(guess.extension)
        return _Sniffed(None, _FOREIGN_DESCRIPTIONS.get(extension, f"a {extension.upper()} file"))
    if text_encoding(stream) is None:
        if claimed in ("csv", "txt"):
            raise UploadRejected(
                f"“{display}” is not readable as text: it contains characters or bytes a "
                f"{claimed.upper()} file cannot have. Save it again as “CSV UTF-8” (in Excel: File, Save As) "
                "or as plain text, and upload the new copy.",
                RejectionCode.NOT_TEXT,
            )
        return _Sniffed(None, "a file of a type that is not recognised (it is not a document, image or text)")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<svg", b"<?xml")):
        # Served back to a browser, markup can carry scripts; the portal accepts none.
        return _Sniffed(None, "a web page or XML file")
    if claimed == "csv":
        return _Sniffed("csv", KINDS["csv"].description)
    return _Sniffed("txt", KINDS["txt"].description)


def _claimed_description(extension: str) -> str:
    for kind in KINDS.values():
        if extension in kind.extensions:
            return kind.description
    return f"a .{extension} file"


def _check_kind(sniffed: _Sniffed, claimed: str, allowed: frozenset[str], display: str) -> str:
    accepted = f"You can only upload {kinds_phrase(allowed)} here."
    if sniffed.kind is not None and claimed and claimed not in KINDS[sniffed.kind].extensions:
        kind = KINDS[sniffed.kind]
        if sniffed.kind in allowed and not (sniffed.kind == "txt" and claimed in KINDS["csv"].extensions):
            advice = f"If it is meant to be {kind.description}, rename it to end in .{kind.extensions[0]}."
        else:
            advice = accepted
        raise UploadRejected(
            f"“{display}” is named as {_claimed_description(claimed)} but its content is {kind.description}. "
            f"Check you chose the right file. {advice}",
            RejectionCode.EXTENSION_MISMATCH,
        )
    if sniffed.kind is None and claimed and any(claimed in kind.extensions for kind in KINDS.values()):
        raise UploadRejected(
            f"“{display}” is named as {_claimed_description(claimed)} but its content is "
            f"{sniffed.description}, so it has not been uploaded. Check you chose the right file. {accepted}",
            RejectionCode.EXTENSION_MISMATCH,
        )
    if sniffed.kind is None or sniffed.kind not in allowed:
        raise UploadRejected(
            f"“{display}” appears to be {sniffed.description}. {accepted} Save or export it as one of "
            "those and upload it again.",
            RejectionCode.TYPE_NOT_ALLOWED,
        )
    return sniffed.kind


def _check_archive(
    archive: zipfile.ZipFile, kind: str, display: str, limits: ZipLimits, stream: BinaryIO
) -> None:
    what = KINDS[kind].description
    check_zip(archive, display, what, limits)
    check_no_nested_archives(archive, display, what)
    main_part = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "odt": "content.xml"}[kind]
    verify_member(archive, main_part, display, what)
    stream.seek(0)


def _formula_rejection(display: str, kind: str, data: BinaryIO) -> UploadRejected | None:
    try:
        cells = find_formula_cells(kind, data)
    except ValueError as error:
        raise damaged(display, KINDS[kind].description) from error
    if not cells:
        return None
    shown = "; ".join(
        f"{cell.reference} “{cell.value[:40]}{'…' if len(cell.value) > 40 else ''}”"
        for cell in cells[:SHOWN_FORMULA_CELLS]
    )
    more = f" and {len(cells) - SHOWN_FORMULA_CELLS:,} more" if len(cells) > SHOWN_FORMULA_CELLS else ""
    count = "1 cell" if len(cells) == 1 else f"{len(cells):,} cells"
    return UploadRejected(
        f"“{display}” has {count} that a spreadsheet program could run as a formula (starting with =, +, "
        f"-, @, a tab or a line break): {shown}{more}. Remove the formulas or those leading characters (for "
        "example copy the cells and paste values only, or start the text with a letter) and upload the file "
        "again.",
        RejectionCode.FORMULA_CELLS,
        cells=tuple(cells),
    )


def check_upload(
    filename: str,
    data: bytes | BinaryIO,
    *,
    allowed: Collection[str],
    max_bytes: int,
    zip_limits: ZipLimits = DEFAULT_ZIP_LIMITS,
) -> CheckedFile:
    """Check an upload and describe it, or raise ``UploadRejected`` saying what is wrong and what to do.

    In order: size (empty, or over ``max_bytes``, read no further than the limit); kind, sniffed from the
    content and compared with the name's extension; for zip-based kinds, the central directory against
    ``zip_limits`` before anything is extracted, then no archives inside and a readable main part; for
    CSV and XLSX, no cells a spreadsheet program could run as formulas. ``allowed`` holds kind names
    (keys of ``KINDS``). A stream is read from its current position to the end.
    """
    allowed_kinds = validate_allowed(allowed)
    if max_bytes <= 0:
        raise ValueError("max_bytes must be positive")
    display = display_name(filename)
    claimed = extension_of(filename)
    with _spooled(data, max_bytes, display) as (stream, size, sha256):
        if size == 0:
            raise UploadRejected(
                f"“{display}” is empty. Check you chose the right file and upload it again.",
                RejectionCode.EMPTY,
            )
        sniffed = _sniff(stream, display, claimed)
        kind = _check_kind(sniffed, claimed, allowed_kinds, display)
        if sniffed.archive is not None:
            _check_archive(sniffed.archive, kind, display, zip_limits, stream)
        if kind in SPREADSHEET_KINDS and (rejection := _formula_rejection(display, kind, stream)):
            raise rejection
    extension = claimed if claimed in KINDS[kind].extensions else KINDS[kind].extensions[0]
    return CheckedFile(
        kind=kind,
        mime_type=KINDS[kind].mime_type,
        extension=extension,
        size=size,
        sha256=sha256,
        original_name=filename,
        safe_name=safe_name(filename, extension),
    )
