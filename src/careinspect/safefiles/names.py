"""Names for showing back to people and for storing: no paths, no control characters."""

from __future__ import annotations

import re
import unicodedata

MAX_NAME_LENGTH = 120

# Cc: control characters (NUL, newlines, escape sequences for terminals and logs). Cf: format characters,
# including the right-to-left override that makes "invoice‮fdp.exe" display as "invoiceexe.pdf".
# Cs, Co, Cn: surrogates, private-use and unassigned code points, which some filesystems refuse.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
# Reserved on Windows or in shells; a name with them breaks downloads on some provider machines.
_RESERVED_CHARACTERS = re.compile(r'[<>:"/\\|?*]')
_WINDOWS_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{n}" for n in range(1, 10)} | {f"lpt{n}" for n in range(1, 10)}
)


def _basename(filename: str) -> str:
    # Browsers used to send the whole client path ("C:\\Users\\...\\report.pdf"); either separator counts.
    return re.split(r"[\\/]", filename)[-1]


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if ch.isspace() else ch for ch in text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    return re.sub(r" {2,}", " ", text).strip()


def display_name(filename: str) -> str:
    """The name to quote back in a message: the last path part, without control characters."""
    name = _clean(_basename(filename))
    if len(name) > MAX_NAME_LENGTH:
        name = name[: MAX_NAME_LENGTH - 1] + "…"
    return name or "The file"


def extension_of(filename: str) -> str:
    """The extension as the provider named it, lower case and without the dot; "" if none."""
    name = _clean(_basename(filename))
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem.strip(". "):
        return ""  # ".bashrc" or "report" has no extension
    return extension.strip().lower()


def safe_name(filename: str, extension: str) -> str:
    """A name safe to store and to offer for download, ending in ``extension`` (the sniffed kind's).

    The last path part only, control and format characters removed, characters Windows refuses replaced,
    no leading dots (hidden files), at most 120 characters including the extension.
    """
    name = _clean(_basename(filename))
    name = _RESERVED_CHARACTERS.sub("_", name)
    stem = name[: -len(extension_of(name)) - 1] if extension_of(name) else name
    stem = stem.strip(" .")
    if not stem:
        stem = "upload"
    if stem.split(".")[0].lower() in _WINDOWS_DEVICE_NAMES:
        stem = f"_{stem}"
    suffix = f".{extension}"
    stem = stem[: MAX_NAME_LENGTH - len(suffix)].rstrip(" .") or "upload"
    return stem + suffix
