"""Tiny files built in code for the upload checks: nothing on disk, nothing large in memory."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterable

import openpyxl

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
MZ = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"PE\x00\x00"
    + b"\x00" * 100
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def xlsx(rows: Iterable[Iterable[object]] = (("Carer", "Children placed"), ("A. Smith", 2))) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Register"
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_of(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compression) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


OOXML_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def docx(extra: dict[str, bytes] | None = None) -> bytes:
    return zip_of(
        {
            "[Content_Types].xml": OOXML_TYPES,
            "word/document.xml": b"<w:document><w:body><w:p>Statement of purpose</w:p></w:body></w:document>",
            **(extra or {}),
        }
    )


def xlsx_shaped_zip(extra: dict[str, bytes] | None = None) -> bytes:
    """The parts that make a zip look like an XLSX, without being a readable workbook."""
    return zip_of({"[Content_Types].xml": OOXML_TYPES, "xl/workbook.xml": b"<workbook/>", **(extra or {})})


def zip_bomb(zero_bytes: int = 50 * 1024 * 1024) -> bytes:
    """An XLSX-shaped zip whose one sheet is ``zero_bytes`` of zeros, written in chunks (about 50 KB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", OOXML_TYPES)
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        chunk = b"\x00" * (1024 * 1024)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            written = 0
            while written < zero_bytes:
                member.write(chunk[: zero_bytes - written])
                written += len(chunk)
    return out.getvalue()
