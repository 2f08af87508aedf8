"""Parse many documents in parallel processes, in input order, without losing any result.

>>> from vn_directive_nlp.batch import parse_many
>>> for r in parse_many(["corpus/000_9179ca9c3629a68f.txt"], workers=1):  # doctest: +SKIP
...     print(r.status, r.notice.metadata.number)
ok 437/TB-VPCP

Each result is a :class:`BatchResult`; ``to_dict()`` gives the plain-dict shape that
``distributed.to_notices`` produces too. One bad input never stops the run: its error is
recorded on its own result, and so is a worker process that dies while parsing it.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import stat
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator

from .models import Notice
from .readers.pdf import DEFAULT_OCR

# A str longer than this, or holding a line break, is a document, never a file name.
_MAX_PATH_CHARS = 4096
_TEXT_LABEL_CHARS = 60


@dataclass
class BatchResult:
    """The outcome of parsing one input.

    ``input`` is the path as given, or for a text input ``"<text> "`` plus its first characters;
    ``error`` is ``{"type": "DecodeError", "message": "..."}`` when ``status == "error"``.
    """

    input: str
    status: str
    sha256: str | None
    seconds: float
    notice: Notice | None = None
    error: dict[str, str] | None = None
    payload: Any = None  # what ``parse_many(serialize=...)`` made of the result in the worker
    n_assignments: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict: input, status, sha256, seconds, notice (dict) or error."""
        return {
            "input": self.input,
            "status": self.status,
            "sha256": self.sha256,
            "seconds": self.seconds,
            "notice": self.notice.model_dump(mode="json") if self.notice is not None else None,
            "error": self.error,
        }


class TextInput(str):
    """A document given as its text, never taken for a file name: :func:`parse_texts` wraps each
    text in it, and a list for :func:`parse_many` may mix some with paths.

    >>> is_path_input(TextInput("corpus")), is_path_input("corpus")
    (False, True)
    """

    __slots__ = ()


def is_path_input(item: Any) -> bool:
    """True when ``item`` is given as a file name: any ``os.PathLike`` or ``str`` that is not a
    :class:`TextInput` (whether or not the file exists: a missing one is an error, not a text).

    >>> is_path_input(TextInput("Số: 5/TB-VPCP"))
    False
    """
    if isinstance(item, TextInput):
        return False
    return isinstance(item, (str, os.PathLike))


def input_label(item: Any) -> str:
    """What ``BatchResult.input`` shows for ``item`` (a path, or the start of a text — also for
    a text given where a path was expected, so that its error row stays one readable line)."""
    if is_path_input(item) and not (isinstance(item, str) and ("\n" in item or len(item) > _MAX_PATH_CHARS)):
        return _printable(os.fspath(item))
    text = str(item)
    head = " ".join(text[:_TEXT_LABEL_CHARS].split())
    return _printable(f"<text> {head}" + ("…" if len(text) > _TEXT_LABEL_CHARS else ""))


def _printable(label: str) -> str:
    """A label a UTF-8 record can hold: a name's undecodable bytes (lone surrogates) as U+FFFD."""
    return label if label.isascii() else _SURROGATE_RE.sub("\ufffd", label)


_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")


def file_sha256(path: str | os.PathLike) -> str:
    """SHA-256 of the file's bytes, read in blocks (the key ``--resume`` matches on)."""
    if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or /dev/zero would never end
        raise ValueError(f"{path} is not a regular file")
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def text_sha256(text: str) -> str:
    """SHA-256 of the text's UTF-8 bytes (as ``parse_text`` records it)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def default_parser(item: Any, ocr: str = DEFAULT_OCR, as_of=None) -> Notice:
    """Parse one input: a path through ``parse_file``, a :class:`TextInput` as text (``as_of``:
    the day an undated document's agencies are named as on, see ``parse_text``)."""
    from .pipeline import parse_file, parse_text

    if is_path_input(item):
        if isinstance(item, str) and ("\n" in item or len(item) > _MAX_PATH_CHARS):
            # A document's text given where a file name was expected: say so, do not look it up.
            from .errors import InputError

            raise InputError("not a file name (it holds a line break or is too long); "
                             "give document texts to parse_texts(), not parse_many()")
        return parse_file(item, ocr=ocr, as_of=as_of)
    return parse_text(item, as_of=as_of)


def text_parser(item: Any, ocr: str = DEFAULT_OCR, as_of=None) -> Notice:
    """Parse one input as the document's text (``parse_texts``); anything but a str is an error."""
    from .pipeline import parse_text

    return parse_text(item, as_of=as_of)


def parse_one(item: Any, ocr: str = DEFAULT_OCR, parser: Callable[..., Notice] | None = None) -> BatchResult:
    """Parse one input and never raise: failures come back as ``status == "error"``."""
    label = input_label(item)
    started = time.perf_counter()
    try:
        notice = (parser or default_parser)(item, ocr)
        result = BatchResult(label, "ok", None, 0.0, notice=notice)
    except Exception as exc:  # one bad document must not stop the batch
        error = {"type": type(exc).__name__, "message": str(exc) or type(exc).__name__}
        result = BatchResult(label, "error", None, 0.0, error=error)
    try:
        result.sha256 = file_sha256(item) if is_path_input(item) else text_sha256(str(item))
    except (OSError, ValueError):
        pass  # a missing or unreadable file has no hash; its error says why
    result.seconds = round(time.perf_counter() - started, 6)
    return result


def _serialized(result: BatchResult, serialize) -> BatchResult:
    """``result`` with ``payload = serialize(result)`` in place of its Notice (cheap to send back)."""
    if serialize is None:
        return result
    result.payload = serialize(result)
    if result.notice is not None:
        result.n_assignments = len(result.notice.assignments)
    result.notice = None
    return result


def _parse_chunk(items: list, ocr: str, parser, serialize=None) -> list[BatchResult]:
    """Worker entry: parse a chunk of inputs (runs in a child process)."""
    return [_serialized(parse_one(item, ocr, parser), serialize) for item in items]


def _watch_parent(parent: int) -> None:
    """Worker initializer: exit as soon as the batch process is gone (killed, not shut down),
    so a SIGKILLed batch leaves no worker behind."""
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.25)
        os._exit(1)

    threading.Thread(target=watch, name="vn-directive-parent-watch", daemon=True).start()


def _pool(workers: int):
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, initializer=_watch_parent, initargs=(os.getpid(),))


def _failed_result(item: Any, exc: BaseException, *, crashed: bool) -> BatchResult:
    """The result of an input whose worker died (``crashed``) or that never reached one."""
    sha = None
    try:
        sha = file_sha256(item) if is_path_input(item) else text_sha256(str(item))
    except Exception:
        pass
    if crashed:
        error = {"type": "WorkerCrash", "message": f"worker process died while parsing this input ({exc})"}
    else:
        error = {"type": type(exc).__name__, "message": str(exc) or type(exc).__name__}
    return BatchResult(input_label(item), "error", sha, 0.0, error=error)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def parse_many(
    inputs: Iterable[Any],
    *,
    workers: int | None = None,
    ocr: str = DEFAULT_OCR,
    ordered: bool = True,
    chunksize: int = 4,
    max_in_flight: int | None = None,
    parser: Callable[..., Notice] | None = None,
    serialize: Callable[[BatchResult], Any] | None = None,
    as_of=None,
) -> Iterator[BatchResult]:
    """Parse files; yield one :class:`BatchResult` per input, in input order.

    Every ``str`` or ``os.PathLike`` is a file name: one that names no file is an error result
    (never parsed as text). Texts go to :func:`parse_texts`, or are wrapped in :class:`TextInput`
    to mix them with paths. ``workers=None`` uses every core,
    ``workers=1`` runs in this process. At most ``max_in_flight`` chunks of ``chunksize``
    inputs are submitted at once (default ``4 * workers``), so memory stays flat however
    long ``inputs`` is (it is consumed lazily). ``ordered=False`` yields each chunk as soon
    as it is done instead. ``parser(item, ocr) -> Notice`` replaces the library's parser
    (a module-level function, so that it pickles). ``serialize(result)`` runs in the worker
    and its value comes back as ``result.payload`` in place of the Notice (``notice`` is
    None, ``n_assignments`` kept): bytes or rows cost the parent far less than a Notice.
    Workers exit by themselves when this process is killed. ``as_of`` (a date or "YYYY-MM-DD")
    names the agencies of undated documents as on that day, as in ``parse_text``; it is passed to
    ``parser`` as a keyword.

    >>> [(r.status, r.error["type"] if r.error else None) for r in parse_many(["corpus", "no/such.txt"], workers=1)]
    [('error', 'InputError'), ('error', 'InputError')]
    """
    if workers is None:
        workers = os.cpu_count() or 1
    if workers < 1:
        raise ValueError("workers must be >= 1")
    if as_of is not None:
        from .pipeline import _as_date

        # (A partial of a module-level function pickles for the workers.)
        parser = functools.partial(parser or default_parser, as_of=_as_date(as_of))
    if workers == 1:
        for item in inputs:
            yield _serialized(parse_one(item, ocr, parser), serialize)
        return
    job = (ocr, parser, serialize)
    yield from _parse_parallel(inputs, workers, job, ordered, max(1, chunksize), max_in_flight or 4 * workers)


def parse_texts(texts: Iterable[str], *, parser: Callable[..., Notice] | None = None, **options) -> Iterator[BatchResult]:
    """Parse document texts (each ``str`` is the document itself, never a file name); the same
    results and options as :func:`parse_many`, input shown as ``"<text> "`` + its start.

    >>> [r.notice.metadata.number for r in parse_texts(["Số: 5/TB-VPCP"], workers=1)]
    ['5/TB-VPCP']
    """
    wrapped = (TextInput(t) if isinstance(t, str) else t for t in texts)
    return parse_many(wrapped, parser=parser or text_parser, **options)


def _isolate(chunk: list, job: tuple) -> list[BatchResult]:
    """Re-run a chunk whose pool broke, one input per fresh process, to pin the crash on one."""
    from concurrent.futures.process import BrokenProcessPool

    results = []
    for item in chunk:
        pool = _pool(1)
        try:
            results.extend(pool.submit(_parse_chunk, [item], *job).result())
        except BrokenProcessPool as exc:
            results.append(_serialized(_failed_result(item, exc, crashed=True), job[2]))
        finally:
            pool.shutdown(wait=True)
    return results


def _parse_parallel(inputs, workers, job, ordered, chunksize, max_in_flight) -> Iterator[BatchResult]:
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    pending_chunks = _chunks(inputs, chunksize)
    in_flight: dict = {}  # future -> chunk, in submission (= input) order
    pool = _pool(workers)

    def refill() -> None:
        while len(in_flight) < max_in_flight:
            chunk = next(pending_chunks, None)
            if chunk is None:
                return
            in_flight[pool.submit(_parse_chunk, chunk, *job)] = chunk

    try:
        refill()
        while in_flight:
            if ordered:
                ready = [next(iter(in_flight))]
            else:
                finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                ready = [f for f in in_flight if f in finished]
            for future in ready:
                if future not in in_flight:  # resubmitted after a crash below
                    continue
                chunk = in_flight.pop(future)
                try:
                    results = future.result()
                except BrokenProcessPool:
                    # A worker died (segfault, OOM kill, os._exit) and took the pool with it:
                    # pin the crash on one input of this chunk, then resubmit the others.
                    pool.shutdown(wait=True, cancel_futures=True)
                    results = _isolate(chunk, job)
                    retry = list(in_flight.values())
                    in_flight.clear()
                    pool = _pool(workers)
                    for c in retry:
                        in_flight[pool.submit(_parse_chunk, c, *job)] = c
                except Exception as exc:  # e.g. an input that cannot be pickled
                    results = [_serialized(_failed_result(item, exc, crashed=False), job[2]) for item in chunk]
                yield from results
            refill()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
