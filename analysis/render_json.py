"""JSON rendering (CONTRACTS §5): stable key order, 2-space indent, UTF-8, trailing newline."""

from __future__ import annotations

import json
from typing import Any


def render_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
