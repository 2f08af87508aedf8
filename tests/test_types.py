"""The package type-checks: mypy (configured in pyproject.toml) reports no error.

(``python -m mypy`` in the repository shows the same errors.)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_the_package_type_checks():
    try:
        import mypy  # noqa: F401  (the [test] extra installs it)
    except ImportError:
        pytest.fail("mypy is not installed: pip install -e '.[test]'")
    run = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True, timeout=900)
    if run.returncode not in (0, 1) or run.stderr.strip():
        pytest.fail(f"mypy did not run: {run.stdout[-2000:]}{run.stderr[-2000:]}")
    errors = [line for line in run.stdout.splitlines() if ": error: " in line]
    assert not errors, "mypy errors:\n" + "\n".join(errors)
    assert run.returncode == 0, run.stdout[-2000:]
