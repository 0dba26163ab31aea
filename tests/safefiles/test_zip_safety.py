"""Zip-based uploads (XLSX, DOCX) are checked from the central directory before anything is extracted."""

from __future__ import annotations

import zipfile

import pytest

from careinspect.safefiles import MB, RejectionCode, UploadRejected, ZipLimits, check_upload

from . import builders

ALLOWED = {"pdf", "docx", "xlsx"}
DEFAULT_LIMITS = ZipLimits()


def rejected(name: str, data: bytes, limits: ZipLimits = DEFAULT_LIMITS) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        check_upload(name, data, allowed=ALLOWED, max_bytes=10 * MB, zip_limits=limits)
    assert f"“{name}”" in caught.value.message
    return caught.value


def test_xlsx_zip_bomb_rejected_before_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = builders.zip_bomb(50 * MB)
    assert len(bomb) < MB

    def no_extraction(*args: object, **kwargs: object) -> None:
        raise AssertionError("a member was opened before the central directory was checked")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_extraction)
    error = rejected("register.xlsx", bomb)
    assert error.code is RejectionCode.ZIP_RATIO
    assert "xl/worksheets/sheet1.xml" in error.message


def test_total_uncompressed_size_capped() -> None:
    data = builders.docx({f"word/media/image{n}.bin": bytes(range(256)) * 4096 for n in range(3)})
    error = rejected("guide.docx", data, ZipLimits(max_uncompressed=2 * MB))
    assert error.code is RejectionCode.ZIP_TOO_LARGE
    assert "2 MB" in error.message


def test_small_members_may_compress_well() -> None:
    data = builders.docx({"word/styles.xml": b"<style/>" * 100_000})  # 800 KB of repeats, under 1 MB
    assert check_upload("guide.docx", data, allowed=ALLOWED, max_bytes=MB).kind == "docx"


def test_member_count_capped() -> None:
    data = builders.docx({f"word/part{n}.xml": b"<p/>" for n in range(20)})
    assert rejected("guide.docx", data, ZipLimits(max_members=10)).code is RejectionCode.ZIP_TOO_MANY_MEMBERS


@pytest.mark.parametrize(
    "member", ["../../etc/cron.d/evil", "word/../../evil.xml", "/etc/passwd", "C:\\evil.bat"]
)
def test_zip_member_escaping_its_folder_rejected(member: str) -> None:
    assert rejected("guide.docx", builders.docx({member: b"x"})).code is RejectionCode.ZIP_UNSAFE_PATH


def test_nested_zip_named_as_archive_rejected() -> None:
    inner = builders.zip_of({"a.txt": b"a"})
    data = builders.docx({"word/embeddings/Workbook1.xlsx": inner})
    assert rejected("guide.docx", data).code is RejectionCode.ZIP_NESTED


def test_nested_zip_with_innocent_name_rejected_by_its_content() -> None:
    inner = builders.zip_of({"a.txt": b"a"})
    error = rejected("guide.docx", builders.docx({"word/media/image1.png": inner}))
    assert error.code is RejectionCode.ZIP_NESTED


def test_macros_rejected() -> None:
    error = rejected("register.xlsx", builders.xlsx_shaped_zip({"xl/vbaProject.bin": b"VBA"}))
    assert error.code is RejectionCode.MACROS


def test_truncated_xlsx_rejected_as_damaged() -> None:
    data = builders.xlsx()
    error = rejected("register.xlsx", data[: len(data) // 2])
    assert error.code is RejectionCode.DAMAGED
    assert "damaged or not a real XLSX" in error.message


def test_xlsx_with_sound_zip_but_unreadable_workbook_rejected_as_damaged() -> None:
    error = rejected("register.xlsx", builders.xlsx_shaped_zip())
    assert error.code is RejectionCode.DAMAGED
    assert "damaged or not a real XLSX" in error.message


def test_zip_missing_the_workbook_part_rejected_as_not_a_real_xlsx() -> None:
    error = rejected("register.xlsx", builders.zip_of({"sheet.xml": b"<x/>"}))
    assert error.code is RejectionCode.DAMAGED


def test_docx_with_corrupt_main_part_rejected_as_damaged() -> None:
    data = bytearray(builders.docx())
    start = data.index(b"word/document.xml") + len(b"word/document.xml")  # the local header's name
    data[start + 5 : start + 15] = b"\xff" * 10  # scramble the compressed body, CRC no longer matches
    assert rejected("guide.docx", bytes(data)).code is RejectionCode.DAMAGED


def test_password_protected_zip_member_rejected() -> None:
    data = bytearray(builders.docx())
    # Set the "encrypted" flag in every central directory entry, as a ZipCrypto archive would have.
    position = data.find(b"PK\x01\x02")
    while position != -1:
        data[position + 8] |= 0x1
        position = data.find(b"PK\x01\x02", position + 4)
    assert rejected("guide.docx", bytes(data)).code is RejectionCode.ENCRYPTED
