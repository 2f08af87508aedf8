#!/usr/bin/env bash
# The main job: parse every document in corpus/ and print the evaluation against the gold files.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh
exec .venv/bin/python -m vn_directive_nlp.evaluation "$@"
