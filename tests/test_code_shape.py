"""Code shape: no function of the package is longer than MAX_FUNCTION_LINES.

Lines are counted with ``ast`` from the ``def`` line to the function's last line (docstring and
comments included, decorators not). A function nested in another counts on its own, and its
lines count in its parent too.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "vn_directive_nlp"
MAX_FUNCTION_LINES = 80


def function_lengths(root: Path = PACKAGE) -> dict[str, int]:
    """``"path/in/package.py:Class.function"`` → number of lines, for every function under ``root``."""
    found: dict[str, int] = {}

    def visit(node: ast.AST, where: str, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = prefix + child.name
                found[f"{where}:{name}"] = (child.end_lineno or child.lineno) - child.lineno + 1
                visit(child, where, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, where, prefix + child.name + ".")
            else:
                visit(child, where, prefix)

    for path in sorted(root.rglob("*.py")):
        visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), path.relative_to(root).as_posix(), "")
    return found


def test_the_counter_sees_methods_and_nested_functions(tmp_path):
    (tmp_path / "m.py").write_text(
        "class A:\n    def f(self):\n        def g():\n            pass\n        return g\n\n"
        "async def h():\n    '''doc'''\n    return 1\n",
        encoding="utf-8",
    )
    assert function_lengths(tmp_path) == {"m.py:A.f": 4, "m.py:A.f.g": 2, "m.py:h": 3}


def test_no_function_is_longer_than_the_limit():
    over = {name: n for name, n in function_lengths().items() if n > MAX_FUNCTION_LINES}
    assert not over, f"functions over {MAX_FUNCTION_LINES} lines (split them): {over}"
