"""Optional dependencies, imported only where a feature needs them.

A plain ``pip install vn_directive_nlp`` parses (text, HTML, DOCX, PDF through pypdfium2);
the rest are extras. A missing one raises :class:`MissingExtraError` naming the extra:

>>> require("json", "none", "reading JSON").__name__
'json'
"""

from __future__ import annotations

import importlib
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


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module``, or raise :class:`MissingExtraError` saying which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(
            f"{purpose} needs {module.split('.')[0]}: pip install 'vn_directive_nlp[{extra}]'", extra
        ) from exc
