"""Safe names for storage and download, and the upload page's hint text."""

from __future__ import annotations

import pytest

from careinspect.safefiles import MB, describe_limits, safe_name


@pytest.mark.parametrize(
    ("original", "extension", "expected"),
    [
        ("../../etc/passwd", "txt", "passwd.txt"),
        ("C:\\Users\\kim\\report.PDF", "pdf", "report.pdf"),
        ("minutes\r\n2024.pdf", "pdf", "minutes 2024.pdf"),
        ("invoice\u202efdp.exe", "pdf", "invoicefdp.pdf"),
        ('a<b>:"c"|?.xlsx', "xlsx", "a_b___c___.xlsx"),
        (".hidden.csv", "csv", "hidden.csv"),
        ("", "pdf", "upload.pdf"),
        ("CON.txt", "txt", "_CON.txt"),
        ("Minutes 03.01.2024.docx", "docx", "Minutes 03.01.2024.docx"),
        ("renamed.pdf", "zip", "renamed.zip"),
    ],
)
def test_safe_name_strips_paths_and_control_characters_and_keeps_sniffed_extension(
    original: str, extension: str, expected: str
) -> None:
    assert safe_name(original, extension) == expected


def test_safe_name_at_most_120_characters() -> None:
    name = safe_name("x" * 300 + ".pdf", "pdf")
    assert len(name) == 120 and name.endswith(".pdf")


def test_describe_limits_for_the_upload_page() -> None:
    assert describe_limits(["xlsx", "docx", "pdf"], 50 * MB) == "PDF, Word or Excel files up to 50 MB"
    assert describe_limits(["csv"], MB // 2) == "CSV files up to 0.5 MB"
