"""check_upload: kind from content, size limits, checksums and names (INF-1..3 uploads)."""

from __future__ import annotations

import hashlib
import io

import pytest

from careinspect.safefiles import MB, CheckedFile, RejectionCode, UploadRejected, check_upload

from . import builders

EVERYTHING = {"pdf", "docx", "xlsx", "csv", "txt", "png", "jpeg", "odt"}
DOCUMENTS = {"pdf", "docx", "xlsx"}


def check(name: str, data: bytes, allowed: set[str] = EVERYTHING, max_bytes: int = 10 * MB) -> CheckedFile:
    return check_upload(name, data, allowed=allowed, max_bytes=max_bytes)


def rejected(
    name: str, data: bytes, allowed: set[str] = EVERYTHING, max_bytes: int = 10 * MB
) -> UploadRejected:
    with pytest.raises(UploadRejected) as caught:
        check(name, data, allowed, max_bytes)
    assert caught.value.message.startswith(f"“{name.split('/')[-1]}”"), "the message names the file"
    return caught.value


@pytest.mark.parametrize(
    ("name", "data", "kind", "mime"),
    [
        ("Statement of purpose.pdf", builders.PDF, "pdf", "application/pdf"),
        (
            "register.xlsx",
            builders.xlsx(),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "guide.docx",
            builders.docx(),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("cases.csv", b"Case,Placed\r\n101,2024-01-05\r\n", "csv", "text/csv"),
        ("notes.txt", b"Panel met on 3 March.\n", "txt", "text/plain"),
        ("chart.png", builders.png(), "png", "image/png"),
        ("photo.jpeg", builders.JPEG, "jpeg", "image/jpeg"),
    ],
)
def test_genuine_files_of_each_kind_accepted(name: str, data: bytes, kind: str, mime: str) -> None:
    checked = check(name, data)
    assert (checked.kind, checked.mime_type, checked.size) == (kind, mime, len(data))
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.original_name == name
    assert checked.safe_name == name


def test_jpg_extension_kept_for_jpeg() -> None:
    checked = check("photo.JPG", builders.JPEG)
    assert (checked.kind, checked.extension, checked.safe_name) == ("jpeg", "jpg", "photo.jpg")


def test_csv_in_utf8_with_bom_and_in_windows_1252_accepted() -> None:
    assert check("a.csv", "\ufeffName,Town\r\nZoë,Bôlton\r\n".encode()).kind == "csv"
    assert check("b.csv", "Name,Fee\r\nSeán,£40 – weekly\r\n".encode("cp1252")).kind == "csv"


def test_renamed_linux_executable_named_pdf_rejected_saying_what_it_is() -> None:
    error = rejected("report.pdf", builders.ELF)
    assert error.code is RejectionCode.EXTENSION_MISMATCH
    assert "Linux program" in error.message


def test_renamed_windows_executable_named_pdf_rejected_saying_what_it_is() -> None:
    error = rejected("report.pdf", builders.MZ)
    assert error.code is RejectionCode.EXTENSION_MISMATCH
    assert "Windows program" in error.message


def test_zip_archive_named_pdf_rejected_as_zip() -> None:
    error = rejected("report.pdf", builders.zip_of({"minutes.txt": b"hello"}))
    assert error.code is RejectionCode.EXTENSION_MISMATCH
    assert "zip archive" in error.message


def test_kind_sniffed_from_content_not_trusted_from_name() -> None:
    error = rejected("register.xlsx", builders.PDF)
    assert error.code is RejectionCode.EXTENSION_MISMATCH
    assert "PDF document" in error.message and "rename it to end in .pdf" in error.message


def test_workbook_named_pdf_rejected() -> None:
    error = rejected("report.pdf", builders.xlsx())
    assert error.code is RejectionCode.EXTENSION_MISMATCH
    assert "Excel workbook" in error.message


def test_file_without_extension_gets_the_sniffed_one() -> None:
    checked = check("minutes", builders.PDF)
    assert (checked.kind, checked.safe_name) == ("pdf", "minutes.pdf")


def test_allowed_kind_list_enforced_and_named_in_message() -> None:
    error = rejected("chart.png", builders.png(), allowed=DOCUMENTS)
    assert error.code is RejectionCode.TYPE_NOT_ALLOWED
    assert "PNG image" in error.message
    assert "PDF, Word or Excel files" in error.message


def test_password_protected_or_old_office_file_rejected_with_advice() -> None:
    error = rejected("register.xls", builders.OLE2)
    assert error.code is RejectionCode.TYPE_NOT_ALLOWED
    assert "password-protected" in error.message


def test_binary_that_is_not_text_rejected() -> None:
    error = rejected("cases.csv", b"Case,Placed\x00\x01\x02")
    assert error.code is RejectionCode.NOT_TEXT
    assert "CSV UTF-8" in error.message
    assert rejected("cases.pdf", b"\x00\x01\x02\x81").code is RejectionCode.EXTENSION_MISMATCH


def test_utf16_csv_rejected_because_it_holds_nul_bytes() -> None:
    assert rejected("cases.csv", "Case,Placed\r\n".encode("utf-16")).code is RejectionCode.NOT_TEXT


def test_web_page_named_txt_rejected() -> None:
    error = rejected("notes.txt", b"<!DOCTYPE html><html><script>alert(1)</script></html>")
    assert "web page" in error.message


def test_empty_file_rejected() -> None:
    assert rejected("minutes.pdf", b"").code is RejectionCode.EMPTY


def test_oversized_file_rejected_with_limit_in_mb() -> None:
    error = rejected("minutes.pdf", builders.PDF + b"\x00" * MB, max_bytes=MB)
    assert error.code is RejectionCode.TOO_LARGE
    assert "1 MB" in error.message


def test_file_exactly_at_the_limit_accepted() -> None:
    data = builders.PDF + b" " * (MB - len(builders.PDF))
    assert check("minutes.pdf", data, max_bytes=MB).size == MB


class CountingStream(io.BytesIO):
    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_oversized_stream_refused_without_reading_it_all() -> None:
    stream = CountingStream(builders.PDF + b"\x00" * (5 * MB))
    with pytest.raises(UploadRejected) as caught:
        check_upload("minutes.pdf", stream, allowed=DOCUMENTS, max_bytes=MB)
    assert caught.value.code is RejectionCode.TOO_LARGE
    assert stream.bytes_read == MB + 1


def test_stream_checksum_matches_bytes_checksum() -> None:
    data = builders.xlsx()
    from_stream = check_upload("r.xlsx", io.BytesIO(data), allowed=DOCUMENTS, max_bytes=MB)
    assert from_stream == check_upload("r.xlsx", data, allowed=DOCUMENTS, max_bytes=MB)
    assert from_stream.sha256 == hashlib.sha256(data).hexdigest()


def test_safe_name_strips_client_path_and_spoofing_characters() -> None:
    checked = check("C:\\Users\\kim\\Desktop\\inv\u202eoice\x07.pdf", builders.PDF)
    assert checked.safe_name == "invoice.pdf"
    assert checked.original_name == "C:\\Users\\kim\\Desktop\\inv\u202eoice\x07.pdf"


def test_unknown_allowed_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown file kinds"):
        check_upload("a.pdf", builders.PDF, allowed={"pdf", "exe"}, max_bytes=MB)
