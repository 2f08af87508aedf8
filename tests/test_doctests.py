"""The examples in the modules' docstrings run as written."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import vn_directive_nlp
import vn_directive_nlp.readers

# Modules whose examples need optional tools (spaCy models, Tesseract, dask) or a terminal.
_SKIP = {"__main__", "cli", "spacy_component", "ocr", "distributed"}
_MODULES = sorted(m.name for m in pkgutil.iter_modules(vn_directive_nlp.__path__) if m.name not in _SKIP)
_MODULES += sorted(f"readers.{m.name}" for m in pkgutil.iter_modules(vn_directive_nlp.readers.__path__) if m.name not in _SKIP)


@pytest.mark.parametrize("name", _MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"vn_directive_nlp.{name}")
    result = doctest.testmod(module, report=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples fail in {name}"
