"""Repository shim, not shipped in the wheel: ``python -m evaluation`` and ``import evaluation.scorer``
keep working from a checkout; the code is :mod:`vn_directive_nlp.evaluation`."""

import importlib
import sys

from vn_directive_nlp.evaluation import *  # noqa: F401,F403
from vn_directive_nlp.evaluation import __all__  # noqa: F401

# One module object per submodule under both names, so a monkeypatch through either name is seen.
for _name in ("baselines", "gold", "report", "run", "scorer"):
    sys.modules[f"{__name__}.{_name}"] = importlib.import_module(f"vn_directive_nlp.evaluation.{_name}")
