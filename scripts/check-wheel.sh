#!/usr/bin/env bash
# The wheel is the product: build it, install it (no extras) into a fresh venv outside the
# repository, and check that every corpus document (corpus/, and ../shared/corpus-dev* when
# present) parses to the same JSON, byte for byte, as in the repository's .venv. Also checks what
# the wheel holds (the classifier model, py.typed, the version) and prints the venv's size.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
bash scripts/setup-venv.sh
work="$(mktemp -d "${TMPDIR:-/tmp}/vn-wheel.XXXXXX")"
trap 'rm -rf "$work"' EXIT
# Built from a copy of the files git knows (tracked, or new and not ignored): a stale build/ or
# egg-info left in the checkout cannot slip old modules into the wheel.
src="$REPO"
if git -C "$REPO" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  src="$work/src"; mkdir -p "$src"
  git -C "$REPO" ls-files -z -co --exclude-standard | (cd "$REPO" && xargs -0 tar --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$src"
fi
.venv/bin/python -m pip wheel -q --no-deps -w "$work/dist" "$src" >"$work/build.log" 2>&1 \
  || { tail -n 30 "$work/build.log" >&2; echo "building the wheel failed" >&2; exit 1; }
wheel="$(ls "$work"/dist/vn_directive_nlp-*.whl)"
echo "built $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB)"
python_bin="$(.venv/bin/python -c 'import sys; print(sys._base_executable)')"
"$python_bin" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install -q --upgrade pip >"$work/install.log" 2>&1 || true
"$work/venv/bin/python" -m pip install -q "$wheel" >>"$work/install.log" 2>&1 \
  || { tail -n 30 "$work/install.log" >&2; echo "installing the wheel failed" >&2; exit 1; }
echo "plain install: $(du -sh "$work/venv" | cut -f1) venv ($("$work/venv/bin/python" -m pip list --format=freeze 2>/dev/null | wc -l) distributions)"

docs=()
while IFS= read -r -d '' f; do docs+=("$f"); done < <(
  find "$REPO/corpus" -maxdepth 1 -name '*.txt' -print0
  if [ -d "$REPO/../shared" ]; then
    find -L "$REPO/../shared/" -path '*/corpus-dev*' -type f \( -name '*.txt' -o -name '*.pdf' -o -name '*.html' -o -name '*.docx' \) -print0
  fi | sort -z)
echo "parsing ${#docs[@]} documents with the repository's venv and with the plain install"
.venv/bin/python scripts/parse_corpus_json.py "$work/repo" "${docs[@]}" | sed 's/^/repo:  /'
# From a folder outside the repository, so that only the installed wheel can be imported.
wheel_run() { (cd "$work" && "$work/venv/bin/python" "$REPO/scripts/parse_corpus_json.py" "$@"); }
wheel_run "$work/plain" "${docs[@]}" | sed 's/^/wheel: /'
(cd "$work" && "$work/venv/bin/python" - <<'PY'
import importlib.resources as r, subprocess, sys
import vn_directive_nlp, vn_directive_nlp.classify as c
pkg = r.files("vn_directive_nlp")
assert "site-packages" in str(pkg), pkg
for name in ("py.typed", "model/directive_clf.weights.json", "model/directive_clf.skops", "schema/notice.schema.json"):
    assert (pkg / name).is_file(), f"{name} is not in the wheel"
assert c.fallback_warning() is None, c.fallback_warning()
out = subprocess.run([sys.prefix + "/bin/vn-directive", "--version"], capture_output=True, text=True, check=True).stdout
assert out.strip() == f"vn-directive {vn_directive_nlp.__version__}" != "vn-directive 0+unknown", out
print("wheel contents: model, py.typed, schema, version", vn_directive_nlp.__version__)
PY
)
rc=0
echo "plain install (no extras) against the repository:"
.venv/bin/python scripts/parse_corpus_json.py --compare "$work/repo" "$work/plain" || rc=1
# With the extras the repository's venv has, nothing may differ.
"$work/venv/bin/python" -m pip install -q "${wheel}[all]" >>"$work/install.log" 2>&1 \
  || { tail -n 30 "$work/install.log" >&2; echo "installing the wheel's extras failed" >&2; exit 1; }
wheel_run "$work/all" "${docs[@]}" >/dev/null
echo "wheel with [all] against the repository:"
.venv/bin/python scripts/parse_corpus_json.py --compare "$work/repo" "$work/all" || rc=1
exit $rc
