#!/usr/bin/env bash
# Create .venv (Python ≥ 3.11) and install the package with its test extras, once per pyproject change.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=""
for cand in python3.11 python3.12 python3.13 python3 python; do
  if command -v "$cand" >/dev/null 2>&1 && "$cand" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
    PY="$cand"; break
  fi
done
if [ -z "$PY" ]; then echo "Python 3.11 or newer is required" >&2; exit 2; fi
# OCR of scanned PDFs needs Tesseract with its Vietnamese data: installed here where we can
# (root + apt); elsewhere see the README ("PDFs and scans"). Tests that need it skip without it.
if ! { command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie; } \
   && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-vie) \
    >/tmp/vn-setup-apt.log 2>&1 || echo "note: could not install tesseract-ocr-vie (see /tmp/vn-setup-apt.log); OCR tests will skip" >&2
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "setting up .venv (first run only; log in .venv/install.log)" >&2
  if ! { .venv/bin/python -m pip install -q --upgrade pip && .venv/bin/python -m pip install -q -e ".[test,all]"; } >.venv/install.log 2>&1; then
    tail -n 30 .venv/install.log >&2
    echo "installing the package into .venv failed (see .venv/install.log)" >&2
    exit 1
  fi
  rm -f .venv/.installed-*
  touch "$stamp"
fi
