"""Optional dependencies, imported only where a feature needs them.

A plain ``pip install vn_directive_nlp`` parses (text, HTML, DOCX, PDF through pypdfium2);
the rest are extras. A missing one raises :class:`MissingExtraError` naming the extra:

>>> require("json", "none", "reading JSON").__name__
'json'
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from .errors import MissingExtraError

#: extra → what it installs and what needs it (kept in step with pyproject.toml; a test checks).
EXTRAS = {
    "spacy": "spaCy, for the spaCy pipeline component",
    "ocr": "Pillow, to render scanned PDF pages for Tesseract",
    "pdfplumber": "pdfplumber, the second PDF reader (pdf_engine='pdfplumber', and 'auto' when pypdfium2 fails)",
    "train": "scikit-learn and skops, to retrain or load the classifier's sklearn pipeline",
    "parquet": "pyarrow, for Parquet tables",
    "pandas": "pandas, for to_pandas() / Notice.to_frames()",
    "dask": "dask, to parse a dask bag",
    "archive": "DuckDB, pyarrow, pandas and icalendar, for the document archive",
    "plot": "matplotlib, for the evaluation chart",
    "baselines": "underthesea and dateparser, for the evaluation's baselines",
}


#: extra → the modules it brings that the library imports (what :func:`available` looks for).
MODULES = {
    "spacy": ("spacy",), "ocr": ("PIL",), "pdfplumber": ("pdfplumber",), "train": ("sklearn", "skops"),
    "parquet": ("pyarrow",), "pandas": ("pandas",), "dask": ("dask",),
    "archive": ("duckdb", "pyarrow", "pandas", "icalendar"), "plot": ("matplotlib",),
    "baselines": ("underthesea", "dateparser"),
}


def available(extra: str) -> bool:
    """Whether every module of ``extra`` can be imported here (without importing it).

    >>> available("no-such-extra")
    False
    """
    modules = MODULES.get(extra)
    if not modules:
        return False
    try:
        return all(importlib.util.find_spec(m) is not None for m in modules)
    except (ImportError, ValueError):  # a parent package missing, or a module set to None
        return False


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module``, or raise :class:`MissingExtraError` saying which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(
            f"{purpose} needs {module.split('.')[0]}: pip install 'vn_directive_nlp[{extra}]'", extra
        ) from exc
