"""``python -m vn_directive_nlp.evaluation``: parse the corpus, score every gold file, write the reports.

Run as a folder (``python vn_directive_nlp/evaluation``), it scores whichever ``vn_directive_nlp`` comes
first on ``sys.path`` — an older checkout given by ``PYTHONPATH`` — with this evaluation code.
"""

import sys

if __package__:
    from .run import main
else:  # run as a folder: load it as a package of its own name, its relative imports intact
    import importlib
    import importlib.util
    from pathlib import Path

    _here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _here]
    _spec = importlib.util.spec_from_file_location(
        "vn_directive_evaluation", _here / "__init__.py", submodule_search_locations=[str(_here)])
    if _spec is None or _spec.loader is None:
        raise ImportError(f"cannot load the evaluation package from {_here}")
    _pkg = importlib.util.module_from_spec(_spec)
    sys.modules[_spec.name] = _pkg
    _spec.loader.exec_module(_pkg)
    main = importlib.import_module("vn_directive_evaluation.run").main

sys.exit(main())
