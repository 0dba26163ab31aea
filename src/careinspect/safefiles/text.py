"""Whether bytes are text a person wrote: UTF-8 (with or without a BOM) or Windows-1252, and no NULs."""

from __future__ import annotations

import codecs
from typing import BinaryIO

CHUNK = 1024 * 1024
# Excel on Windows saves "CSV UTF-8" with a BOM and plain "CSV" as Windows-1252; both are common from
# providers. Windows-1252 leaves five bytes undefined, so binary data usually fails to decode as it.
ENCODINGS = ("utf-8-sig", "cp1252")


def _decodes(stream: BinaryIO, encoding: str) -> bool:
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        while chunk := stream.read(CHUNK):
            if b"\x00" in chunk:
                return False  # UTF-16 and binary files; no spreadsheet or text editor writes NUL in text
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def text_encoding(stream: BinaryIO) -> str | None:
    """The encoding the whole stream decodes with, or None if it is not text. Leaves the stream at 0."""
    try:
        for encoding in ENCODINGS:
            if _decodes(stream, encoding):
                return encoding
        return None
    finally:
        stream.seek(0)
