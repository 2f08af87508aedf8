"""Output files of ``batch``: one writer at a time, one record group per input, never a torn line.

>>> from vn_directive_nlp.records import RecordFile
>>> with RecordFile("out.jsonl", key=jsonl_key, resume=True, retry={"a.txt"}) as out:  # doctest: +SKIP
...     if "a.txt" not in out.seen:
...         out.commit(b'{"status": "ok", "input": "a.txt"}\\n')

The rules that keep a batch from losing or doubling a record:

* **A lock.** ``OUT.lock`` is taken with ``flock``; a second batch on the same output gets
  :class:`OutputLockedError` before it reads or writes anything. The lock file is removed
  on a clean close, so finding one unlocked means the last run was killed.
* **Whole groups.** Each input's lines (one for a notice, one per row of a flat table) are
  written by :meth:`RecordFile.commit` as one piece; a write that fails (disk full) is cut
  back to the last whole group and raises :class:`OutputWriteError`.
* **Resume by input.** ``seen`` holds the inputs already in the file. A run that was killed
  may have left its last group torn: a torn line is dropped, and where an input has several
  lines (``grouped``), so is the last group, which is parsed again. A failed input
  named in ``retry`` loses its error record and is parsed again; a second group of one input
  (left by older versions) is dropped.
"""

from __future__ import annotations

import errno
import json
import os
import pathlib
import tempfile
from typing import Callable, Iterator

from .errors import VnDirectiveError

# key(line) -> (input, status), or None for a line that belongs to no input (a header).
KeyFn = Callable[[bytes], "tuple[str, str] | None"]

_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class OutputLockedError(VnDirectiveError):
    """Another batch is writing the same output file."""


class OutputWriteError(VnDirectiveError):
    """The output could not be written (disk full, quota, I/O error); what was committed stays whole."""


def jsonl_key(line: bytes) -> tuple[str, str] | None:
    """(input, status) of a JSONL record line."""
    try:
        record = json.loads(line)
        return str(record["input"]), str(record.get("status"))
    except (ValueError, KeyError, TypeError):
        return None


def csv_key(columns: list[str], delimiter: str = ",") -> KeyFn:
    """(input, status) of a CSV row written with ``columns`` (the header line gives None)."""
    import csv

    at_input, at_status = columns.index("input"), columns.index("status")

    def key(line: bytes) -> tuple[str, str] | None:
        row = next(csv.reader([line.decode("utf-8-sig")], delimiter=delimiter), None)
        if not row or row == columns or len(row) <= max(at_input, at_status):
            return None
        return row[at_input], row[at_status]

    return key


def _describe(exc: OSError, path: pathlib.Path) -> str:
    if exc.errno in _DISK_FULL:
        return f"{path}: disk full ({exc.strerror or exc}); the file ends at the last whole record — free some space and run again with --resume"
    return f"{path}: cannot write ({exc.strerror or exc})"


class _Lock:
    """An exclusive ``flock`` on ``PATH.lock``; ``stale`` tells that a killed run left the file."""

    def __init__(self, path: pathlib.Path) -> None:
        import fcntl

        self.path = path.with_name(path.name + ".lock")
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
                self.stale = False
            except FileExistsError:
                fd = os.open(self.path, os.O_RDWR)
                self.stale = True
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise OutputLockedError(
                    f"{path} is being written by another batch (lock {self.path.name} is held); "
                    "wait for it to finish or write to another file"
                ) from None
            # The holder before us may have removed the file after we opened it: lock the one on disk.
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                self.fd = fd
                os.write(fd, f"{os.getpid()}\n".encode())
                return
            os.close(fd)

    def release(self) -> None:
        try:
            os.unlink(self.path)
        finally:
            os.close(self.fd)


def _write(fd: int, data) -> int:
    """``os.write``, named so that a test can stand in a full disk."""
    return os.write(fd, data)


def _lines(path: pathlib.Path) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        yield from fh


class RecordFile:
    """An append-only file of per-input record groups (see the module doc)."""

    def __init__(
        self, path, *, key: KeyFn, resume: bool, retry: set[str] | None = None, header: bytes = b"",
        grouped: bool = True,
    ) -> None:
        self.path = pathlib.Path(path)
        self.seen: set[str] = set()
        self.dropped = 0  # groups dropped on resume (torn, duplicate, or failed and retried)
        self._fd: int | None = None
        self._lock = _Lock(self.path)
        try:
            if resume and self.path.exists():
                self._tidy(key, retry or set(), grouped and self._lock.stale, grouped)
            else:
                self._create(header)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND)
            self.committed = os.fstat(self._fd).st_size
        except OSError as exc:
            self._lock.release()
            raise OutputWriteError(_describe(exc, self.path)) from exc
        except BaseException:
            self._lock.release()
            raise

    def _create(self, header: bytes) -> None:
        with open(self.path, "wb") as fh:
            fh.write(header)

    def _tidy(self, key: KeyFn, retry: set[str], torn_tail: bool, grouped: bool) -> None:
        """Rewrite the file without torn, duplicate or retried groups; fill ``seen``."""
        tmp = tempfile.NamedTemporaryFile("wb", dir=self.path.parent, prefix=self.path.name + ".", delete=False)
        changed = False
        last_start = None  # offset in tmp where the last group began
        current = None  # (input, status, kept) of the group being read
        try:
            with tmp:
                for line in _lines(self.path):
                    if not line.endswith(b"\n"):
                        changed = True  # a line torn by a kill: never a record
                        torn_tail = grouped  # and the rows before it may be only part of a group
                        break
                    k = key(line)
                    if k is not None and (current is None or k[0] != current[0]):
                        keep = k[0] not in self.seen and not (k[1] == "error" and k[0] in retry)
                        changed |= not keep
                        self.dropped += not keep
                        current = (k[0], keep)
                        if keep:
                            self.seen.add(k[0])
                            last_start = tmp.tell()
                    if current is None or current[1]:
                        tmp.write(line)
                if torn_tail and current is not None and current[1]:
                    tmp.truncate(last_start)  # a killed run's last group may lack rows
                    self.seen.discard(current[0])
                    self.dropped += 1
                    changed = True
                tmp.flush()
                os.fsync(tmp.fileno())
            if changed:
                os.replace(tmp.name, self.path)
        finally:
            if os.path.exists(tmp.name):
                os.unlink(tmp.name)

    @property
    def closed(self) -> bool:
        return self._fd is None

    def commit(self, data: bytes) -> None:
        """Append one input's lines whole, or leave the file as it was and raise OutputWriteError."""
        fd = self._fd
        if fd is None:
            raise ValueError(f"{self.path}: commit to a closed record file")  # as a closed file object says
        view = memoryview(data)
        try:
            while view:
                view = view[_write(fd, view):]
        except OSError as exc:
            try:
                os.ftruncate(fd, self.committed)
            except OSError:
                pass
            raise OutputWriteError(_describe(exc, self.path)) from exc
        self.committed += len(data)

    def close(self) -> None:
        if self._fd is None:
            return
        try:
            os.close(self._fd)
        finally:
            self._fd = None
            self._lock.release()

    def __enter__(self) -> "RecordFile":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
