"""Checks on files uploaded to the provider portal, before they are stored (INF-1, INF-2, INF-3).

Plain Python with no Django imports, so the portal's views, the API and the command line can share it.
"""

from .check import CheckedFile, check_upload
from .errors import Cell, RejectionCode, UploadRejected
from .formulas import find_formula_cells, looks_like_formula, neutralise_for_export
from .kinds import KINDS, MB, describe_limits
from .names import safe_name
from .zipsafety import DEFAULT_ZIP_LIMITS, ZipLimits

__all__ = [
    "DEFAULT_ZIP_LIMITS",
    "KINDS",
    "MB",
    "Cell",
    "CheckedFile",
    "RejectionCode",
    "UploadRejected",
    "ZipLimits",
    "check_upload",
    "describe_limits",
    "find_formula_cells",
    "looks_like_formula",
    "neutralise_for_export",
    "safe_name",
]
