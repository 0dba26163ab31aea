"""The file kinds the portal can accept, and the hint text that lists them."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

MB = 1024 * 1024
"""One megabyte as people see it in Windows Explorer and macOS Finder's older setting (1024 × 1024 bytes)."""


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    """How the upload hint names it: "PDF, Word or Excel files"."""
    mime_type: str
    extensions: tuple[str, ...]
    """Lower case, without the dot; the first is the one a renamed file gets."""
    description: str
    """What a file "appears to be" in a rejection message."""


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("pdf", "PDF", "application/pdf", ("pdf",), "a PDF document"),
        Kind(
            "docx",
            "Word",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ("docx",),
            "a Word document (.docx)",
        ),
        Kind(
            "xlsx",
            "Excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ("xlsx",),
            "an Excel workbook (.xlsx)",
        ),
        Kind("csv", "CSV", "text/csv", ("csv",), "a CSV file"),
        Kind("txt", "text", "text/plain", ("txt",), "a plain text file"),
        Kind("png", "PNG", "image/png", ("png",), "a PNG image"),
        Kind("jpeg", "JPEG", "image/jpeg", ("jpg", "jpeg"), "a JPEG image"),
        Kind(
            "odt",
            "OpenDocument text",
            "application/vnd.oasis.opendocument.text",
            ("odt",),
            "an OpenDocument text document (.odt)",
        ),
    )
}

SPREADSHEET_KINDS = frozenset({"csv", "xlsx"})


def validate_allowed(allowed: Collection[str]) -> frozenset[str]:
    """The allowed kinds as a set; an unknown kind is a programming error, not a user's mistake."""
    if isinstance(allowed, str):
        raise TypeError("allowed must be a collection of kind names, not a single string")
    kinds = frozenset(allowed)
    unknown = sorted(kinds - KINDS.keys())
    if unknown:
        raise ValueError(f"unknown file kinds {unknown}; known kinds are {sorted(KINDS)}")
    if not kinds:
        raise ValueError("allowed must name at least one file kind")
    return kinds


def format_mb(size: int) -> str:
    """A size in MB for people: "50 MB", "2.5 MB", "0.01 MB"."""
    text = f"{size / MB:.2f}".rstrip("0").rstrip(".")
    return f"{text if text != '0' else 'less than 0.01'} MB"


def _join_or(words: Iterable[str]) -> str:
    items = list(words)
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} or {items[-1]}"


def kinds_phrase(allowed: Collection[str]) -> str:
    """ "PDF, Word or Excel files", in the catalogue's order whatever order the caller used."""
    kinds = validate_allowed(allowed)
    return f"{_join_or(kind.label for kind in KINDS.values() if kind.name in kinds)} files"


def describe_limits(allowed: Collection[str], max_bytes: int) -> str:
    """The upload page's hint: "PDF, Word or Excel files up to 50 MB"."""
    return f"{kinds_phrase(allowed)} up to {format_mb(max_bytes)}"
