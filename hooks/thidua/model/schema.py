"""JSON Schemas of the data files, generated from the models, for editors (VS Code's YAML extension).

Run `python -m thidua.model.schema` to rewrite data/schema/ after changing a model; a test fails when
the shipped schemas and the models drift apart.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from thidua.model.data import Campaign, Honouree, Results, SiteInfo, Units

SCHEMAS: dict[str, type[BaseModel]] = {
    "site": SiteInfo,
    "campaign": Campaign,
    "units": Units,
    "honouree": Honouree,
    "results": Results,
}


def schema_text(name: str) -> str:
    """The JSON Schema of one data file, as the text shipped under data/schema/."""
    model = SCHEMAS[name]
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}.schema.json",
        **model.model_json_schema(mode="validation"),
    }
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into `folder`; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(name), encoding="utf-8", newline="\n")
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "data" / "schema"
    for path in write_schemas(target):
        print(path)
