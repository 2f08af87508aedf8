#!/usr/bin/env bash
# Run the test suite (sets up .venv first).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-venv.sh
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
# pytest exits 5 when it collected no test: that is a failure of the suite, not a pass.
exit $rc
