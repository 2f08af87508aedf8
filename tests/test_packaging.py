"""What `pip install` gives: the dependencies parsing needs, extras that say their name when
missing, the version, the license, type information. (The wheel itself is built, installed in a
fresh venv and compared with the repository by scripts/check-wheel.sh, which CI runs.)"""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import vn_directive_nlp
from vn_directive_nlp import MissingExtraError, VnDirectiveError, extras

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
HEAVY = ("spacy", "underthesea", "pdfplumber", "sklearn", "skops", "dask", "pyarrow", "matplotlib",
         "pandas", "openpyxl", "PIL", "dateparser")


def _name(requirement: str) -> str:
    return requirement.split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip().lower()


def test_plain_install_holds_no_heavy_dependency():
    core = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    assert {"pydantic", "regex", "pypdfium2", "numpy"} <= core
    heavy = {"spacy", "underthesea", "pdfplumber", "scikit-learn", "skops", "dask", "pyarrow", "matplotlib",
             "pandas", "openpyxl", "pillow", "duckdb", "dateparser"}
    assert not core & heavy


def test_every_extra_is_documented_and_all_holds_them_all():
    declared = PYPROJECT["project"]["optional-dependencies"]
    assert set(declared) - {"all", "test"} == set(extras.EXTRAS)
    [everything] = declared["all"]
    assert set(everything.split("[")[1].rstrip("]").split(",")) == set(extras.EXTRAS)


def test_a_missing_extra_is_a_typed_error_naming_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import of pyarrow now fails
    with pytest.raises(MissingExtraError, match=r"pip install 'vn_directive_nlp\[parquet\]'") as caught:
        extras.require("pyarrow", "parquet", "writing Parquet")
    assert caught.value.extra == "parquet"
    assert isinstance(caught.value, VnDirectiveError) and isinstance(caught.value, ImportError)


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=300)


def test_parsing_text_and_pdf_needs_none_of_the_extras(tmp_path):
    pdfutil = pytest.importorskip("pdfutil")
    if pdfutil.find_font() is None:
        pytest.skip("no Vietnamese font to write a PDF with")
    pdf = pdfutil.make_text_pdf("Số: 5/TB-VPCP\n\n1. Giao Bộ Y tế chủ trì.", tmp_path / "n.pdf")
    blocked = ", ".join(repr(m) for m in HEAVY)
    out = _run(
        f"import sys\nfor m in ({blocked},): sys.modules[m] = None\n"
        "from vn_directive_nlp import parse_file, parse_text\n"
        "n = parse_text(open('corpus/000_9179ca9c3629a68f.txt', encoding='utf-8').read())\n"
        f"p = parse_file({str(pdf)!r})\n"
        "print(n.metadata.number, len(n.assignments) > 0, p.source.format, p.metadata.number, n.warnings)\n"
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[:5] == ["437/TB-VPCP", "True", "pdf", "5/TB-VPCP", "[]"]


def test_the_spacy_component_without_spacy_names_the_extra():
    out = _run("import sys; sys.modules['spacy'] = None\nimport vn_directive_nlp.spacy_component")
    assert out.returncode != 0
    assert "MissingExtraError" in out.stderr and "vn_directive_nlp[spacy]" in out.stderr


def test_version_comes_from_the_installed_metadata():
    assert vn_directive_nlp.__version__ == importlib.metadata.version("vn_directive_nlp")
    assert vn_directive_nlp.__version__ == PYPROJECT["project"]["version"]
    out = subprocess.run([sys.executable, "-m", "vn_directive_nlp", "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == f"vn-directive {vn_directive_nlp.__version__}"


def test_license_changelog_and_type_marker_ship():
    assert PYPROJECT["project"]["license"] == "MIT"
    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "## 0.1.0" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (REPO / "vn_directive_nlp" / "py.typed").is_file()
    data = PYPROJECT["tool"]["setuptools"]["package-data"]["vn_directive_nlp"]
    assert "py.typed" in data and "model/directive_clf.weights.json" in data


def test_every_data_file_of_the_package_is_package_data():
    """A file the package reads but the wheel leaves out works in the repository only (the
    sklearn pipeline ``classify.load_sklearn_model()`` loads was such a file)."""
    from fnmatch import fnmatch

    patterns = [
        "/".join([*package.split(".")[1:], pattern])  # a subpackage's patterns are relative to it
        for package, package_patterns in PYPROJECT["tool"]["setuptools"]["package-data"].items()
        for pattern in package_patterns
    ]
    root = REPO / "vn_directive_nlp"
    left_out = [
        path.relative_to(root).as_posix() for path in sorted(root.rglob("*"))
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
        and not any(fnmatch(path.relative_to(root).as_posix(), p) for p in patterns)
    ]
    assert not left_out, f"not in the wheel's package-data: {left_out}"


def test_the_ocr_default_is_one_for_the_api_the_cli_batch_and_dask():
    import inspect

    import typer.main

    from vn_directive_nlp import batch, cli, distributed
    from vn_directive_nlp.readers import load, pdf

    defaults = {f.__qualname__: inspect.signature(f).parameters["ocr"].default
                for f in (load.load_path, load.load_bytes, batch.parse_one, batch.parse_many,
                          distributed.to_notices, distributed.to_rows)}
    commands = typer.main.get_command(cli.app).commands
    for name in ("parse", "batch", "render"):
        [option] = [p for p in commands[name].params if p.name == "ocr"]
        defaults[f"vn-directive {name}"] = option.default.value if hasattr(option.default, "value") else option.default
    assert set(defaults.values()) == {pdf.DEFAULT_OCR}, defaults


def test_the_output_page_names_every_field_of_the_schema():
    import json

    schema = json.loads((REPO / "vn_directive_nlp" / "schema" / "notice.schema.json").read_text(encoding="utf-8"))
    page = (REPO / "docs" / "output.md").read_text(encoding="utf-8")
    fields = set(schema["properties"]) | {f for d in schema["$defs"].values() for f in d["properties"]}
    assert {f for f in fields if f"`{f}`" not in page} == set()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/output.md" in readme and "SPEC.md" not in readme
