"""Stored originals follow their transaction: a file written for a record that never commits is removed.

A service writes an uploaded original before it saves the row that refers to it (the row holds the stored
name). When anything after fails (a check, the row's save, a later step, the commit itself) the
transaction rolls back, and the file would stay on disk with no row: personal data kept for nothing.
`atomic_with_files()` is `transaction.atomic()` that also removes every file `store_original` wrote inside
it when the block does not commit. Nested, a block that succeeds hands its files to the enclosing one,
which removes them if it fails in turn. Django has no hook for a rollback (`on_commit` callbacks are just
dropped), which is why the cleanup wraps the transaction rather than registering with it.

What no code in the process can see (the process killed between the write and the commit, or an outer
plain `transaction.atomic()` rolling back after this block has finished) the nightly retention job finds:
a stored file that no record refers to (`retention.toml`, entry `orphan_file`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile

log = logging.getLogger(__name__)
# The portal files each version as "v<number>-<name>" (portal.models._upload_path): the number is an id.
_VERSION = re.compile(r"v\d+-")

# The files written inside the innermost open `atomic_with_files()` block of this thread or task.
_written: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("stored_originals", default=None)


@contextmanager
def atomic_with_files(using: str | None = None) -> Iterator[None]:
    """`transaction.atomic()`, and the files `store_original` wrote inside go if it does not commit.

    Usable as a decorator like `transaction.atomic`: `@atomic_with_files()`.
    """
    written: list[tuple[Storage, str]] = []
    enclosing = _written.get()
    token = _written.set(written)
    try:
        # The transaction is inside the `try`, so a failure of the commit itself also removes the files.
        with transaction.atomic(using=using):
            yield
    except BaseException:
        _remove(written)
        raise
    finally:
        _written.reset(token)
    if enclosing is not None:
        enclosing.extend(written)


def store_original(field: FieldFile, name: str, data: bytes) -> str:
    """Write `data` as `field`'s file (named by its `upload_to` from `name`) and give the stored name.

    Only inside `atomic_with_files()`: the file is removed again if that block does not commit.
    """
    written = _written.get()
    if written is None:
        raise RuntimeError(
            "store_original needs atomic_with_files(): without it a rolled-back upload leaves its file behind"
        )
    field.save(name, ContentFile(data), save=False)
    stored = str(field.name)
    written.append((field.storage, stored))
    return stored


def withheld_name(stored: str) -> str:
    """A stored path fit for a log: its folders (made of ids and dates), an upload's version prefix and the
    extension, never the file's own name, which comes from the agency's and may name a person."""
    folder, _, name = stored.rpartition("/")
    version = _VERSION.match(name)
    extension = name.rpartition(".")[2] if "." in name else ""
    withheld = (version.group(0) if version else "") + "…" + (f".{extension}" if extension else "")
    return f"{folder}/{withheld}" if folder else withheld


def _remove(written: list[tuple[Storage, str]]) -> None:
    for storage, name in written:
        try:
            storage.delete(name)
        except OSError:
            # The error that rolled the transaction back matters more; the nightly job finds this file.
            log.warning("could not remove %s after a rollback", withheld_name(name), exc_info=True)
