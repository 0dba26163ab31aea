"""Checks on zip-based files (XLSX, DOCX, ODT) made from the central directory, before anything is extracted.

The central directory states each member's compressed and uncompressed size. Python's ``zipfile`` (which
openpyxl uses) stops decompressing a member once it has produced the stated size and then checks its CRC,
so a member cannot expand beyond what the directory admits: checking the directory bounds the work done by
everything that later reads the file.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from .errors import RejectionCode, UploadRejected
from .kinds import MB, format_mb

# Archives inside an archive are refused whatever their name: each level multiplies the expansion, and
# nothing downstream looks inside them. Matched by name and by the member's first bytes.
_ARCHIVE_SUFFIXES = (
    ".zip", ".jar", ".xlsx", ".xlsm", ".xlsb", ".docx", ".docm", ".pptx", ".pptm", ".odt", ".ods", ".odp",
    ".7z", ".rar", ".gz", ".tgz", ".bz2", ".xz", ".cab", ".zst",
)  # fmt: skip
_ARCHIVE_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"7z\xbc\xaf", b"Rar!", b"\x1f\x8b", b"BZh", b"\xfd7zXZ")
# Macro projects: VBA in Office, Basic and scripts in OpenDocument. The portal takes documents, not programs.
_MACRO_MEMBER = re.compile(r"(^|/)vbaProject\.bin$|^(Basic|Scripts)/", re.IGNORECASE)


@dataclass(frozen=True)
class ZipLimits:
    max_uncompressed: int = 200 * MB
    """Total of all members' uncompressed sizes."""
    max_ratio: float = 100.0
    """Uncompressed to compressed, for any member larger than ``ratio_floor`` uncompressed."""
    ratio_floor: int = 1 * MB
    """Small members (styles, tiny sheets) legitimately compress very well, and cannot do harm."""
    max_members: int = 10_000


DEFAULT_ZIP_LIMITS = ZipLimits()


def open_zip(stream: BinaryIO) -> zipfile.ZipFile | None:
    """The archive, or None if it is damaged (truncated, no central directory, bad headers)."""
    try:
        return zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return None


def _unsafe_path(name: str) -> bool:
    parts = re.split(r"[\\/]", name)
    return (
        name.startswith(("/", "\\"))
        or re.match(r"^[A-Za-z]:", name) is not None  # a Windows drive, "C:\..."
        or ".." in parts
        or "\x00" in name
    )


def check_zip(archive: zipfile.ZipFile, display: str, what: str, limits: ZipLimits) -> None:
    """Refuse an archive that could exhaust memory or disk, or write outside a folder, if unpacked.

    Uses only the central directory, so it runs before any member is decompressed. ``what`` names the
    kind ("an Excel workbook (.xlsx)") for the messages.
    """
    members = archive.infolist()
    resave = f"Open it, save it again as {what} and upload the new copy."
    if len(members) > limits.max_members:
        raise UploadRejected(
            f"“{display}” has {len(members):,} parts inside it, more than the {limits.max_members:,} a "
            f"genuine file would have, so it has not been opened. {resave}",
            RejectionCode.ZIP_TOO_MANY_MEMBERS,
        )
    names: set[str] = set()
    offsets: set[int] = set()
    total = 0
    for member in members:
        if _unsafe_path(member.filename):
            raise UploadRejected(
                f"“{display}” contains a part with an unsafe name (“{member.filename[:80]}”) that could "
                f"write outside its folder, so it has not been opened. {resave}",
                RejectionCode.ZIP_UNSAFE_PATH,
            )
        # Two entries with one name, or two entries sharing one block of compressed data, are how
        # overlapping-entry zip bombs and parser-confusion attacks are built; no Office program writes them.
        if member.filename in names or member.header_offset in offsets:
            raise UploadRejected(
                f"“{display}” is damaged or not a real {what}: its contents are listed twice. {resave}",
                RejectionCode.DAMAGED,
            )
        names.add(member.filename)
        offsets.add(member.header_offset)
        if member.flag_bits & 0x1:
            raise UploadRejected(
                f"“{display}” is password-protected, so it cannot be checked. Remove the password, save it "
                "and upload it again.",
                RejectionCode.ENCRYPTED,
            )
        total += member.file_size
        if total > limits.max_uncompressed:
            raise UploadRejected(
                f"“{display}” would expand to more than {format_mb(limits.max_uncompressed)} when opened, so "
                f"it has not been opened. Split it into smaller files, or remove large pictures, and "
                "upload them again.",
                RejectionCode.ZIP_TOO_LARGE,
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.ratio_floor and ratio > limits.max_ratio:
            raise UploadRejected(
                f"“{display}” contains a part (“{member.filename[:80]}”) compressed {ratio:,.0f} to 1, far "
                f"more than a genuine file (the limit is {limits.max_ratio:,.0f} to 1), so it has not been "
                f"opened. {resave} If it still fails, contact your inspector.",
                RejectionCode.ZIP_RATIO,
            )
        if member.filename.lower().endswith(_ARCHIVE_SUFFIXES):
            _reject_nested(display, member.filename)
        if _MACRO_MEMBER.search(member.filename):
            raise UploadRejected(
                f"“{display}” contains macros, which cannot be accepted. Save a copy without macros (in "
                f"Excel or Word choose the .xlsx or .docx format) and upload that.",
                RejectionCode.MACROS,
            )


def _reject_nested(display: str, member_name: str) -> None:
    raise UploadRejected(
        f"“{display}” has another compressed file embedded inside it (“{member_name[:80]}”), which cannot be "
        "checked. Remove the embedded file (upload it separately if it is needed) and upload this one again.",
        RejectionCode.ZIP_NESTED,
    )


def check_no_nested_archives(archive: zipfile.ZipFile, display: str, what: str) -> None:
    """Refuse members whose first bytes are an archive's, whatever they are called.

    Runs after ``check_zip`` has bounded every member, and reads only a few bytes of each.
    """
    for member in archive.infolist():
        if member.is_dir() or member.file_size < 4:
            continue
        try:
            with archive.open(member) as handle:
                head = handle.read(8)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as error:
            raise damaged(display, what) from error
        if head.startswith(_ARCHIVE_MAGICS):
            _reject_nested(display, member.filename)


def verify_member(archive: zipfile.ZipFile, name: str, display: str, what: str) -> None:
    """Decompress one member in chunks so its CRC is checked: a damaged main part is refused now."""
    try:
        with archive.open(name) as handle:
            while handle.read(MB):
                pass
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        KeyError,
    ) as error:
        raise damaged(display, what) from error


def damaged(display: str, what: str) -> UploadRejected:
    short = what.split("(")[-1].rstrip(")").lstrip(".").upper() if "(" in what else what
    return UploadRejected(
        f"“{display}” is damaged or not a real {short} file. Open it on your computer, save it again as "
        f"{what} and upload the new copy.",
        RejectionCode.DAMAGED,
    )
