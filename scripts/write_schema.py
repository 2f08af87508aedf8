"""Write the JSON Schema of the result model to vn_directive_nlp/schema/notice.schema.json.

Run after changing vn_directive_nlp/models.py: `.venv/bin/python scripts/write_schema.py`.
"""

from __future__ import annotations

import json
from pathlib import Path

from vn_directive_nlp.models import Notice

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "vn_directive_nlp" / "schema" / "notice.schema.json"


def schema_text() -> str:
    return json.dumps(Notice.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")
