"""A new campaign's data files: commented skeletons drawn from the data model, with what the office was asked.

Every field the model requires is written, the ones still to copy from the plan left empty (`""`), so
`thidua check` names each of them, field by field, until the plan is in. The skeleton follows the model:
a field added to it later appears in new campaigns without a change here.
"""

from __future__ import annotations

import datetime as dt
import os
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from thidua.model.data import Campaign, SiteInfo, Units
from thidua.model.strings import keys, t

# The files of one campaign, as init writes them; units.yaml (the Department's units) outlives a campaign,
# and site.yaml's publisher, contact, licence and languages are carried into the new campaign's site.yaml.
CAMPAIGN_FILES = ("site.yaml", "campaign.yaml", "results.yaml", "honourees", "photos", "source")


def _q(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return _q(str(value))


def _model_of(annotation: Any) -> type[BaseModel] | None:
    for branch in _branches(annotation):
        if isinstance(branch, type) and issubclass(branch, BaseModel):
            return branch
    return None


def _branches(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _branches(typing.get_args(annotation)[0])
    if origin in (typing.Union, __import__("types").UnionType):
        return [b for arg in typing.get_args(annotation) for b in _branches(arg) if b is not type(None)]
    return [annotation]


def _list_item(annotation: Any) -> Any | None:
    for branch in _branches(annotation):
        if typing.get_origin(branch) is list:
            return (typing.get_args(branch) or (Any,))[0]
    return None


def _blank(annotation: Any) -> str:
    """An empty value of a scalar type: what `thidua check` reports as still to write."""
    for branch in _branches(annotation):
        if branch is int:
            return "0"
        if branch is bool:
            return "false"
    return '""'


class _Writer:
    def __init__(self, note_prefix: str):
        self.lines: list[str] = []
        self.note_prefix = note_prefix

    def note(self, path: str, indent: int) -> None:
        key = f"{self.note_prefix}.{path}"
        if key in keys("vi"):
            vi, en = t("vi", key), t("en", key)
            self.lines.append(" " * indent + f"# {vi}" + (f" / {en}" if en != vi else ""))

    def model(self, model: type[BaseModel], values: dict[str, Any], indent: int, path: str, first: str = "") -> None:
        """The fields of `model` at `indent`: the given values, else a blank for each required field.
        `first` replaces the indentation of the first line (a list item's "- ")."""
        start = len(self.lines)
        for name, field in model.model_fields.items():
            here = f"{path}.{name}" if path else name
            if name in values:
                self.value(name, field.annotation, values[name], indent, here)
            elif field.is_required():
                self.value(name, field.annotation, _BLANK, indent, here, min_items=_min_items(field))
        if first:
            for i in range(start, len(self.lines)):
                if not self.lines[i].lstrip().startswith("#"):
                    self.lines[i] = first + self.lines[i][indent:]
                    break

    def value(self, name: str, annotation: Any, value: Any, indent: int, path: str, min_items: int = 0) -> None:
        pad = " " * indent
        self.note(path, indent)
        model = _model_of(annotation)
        item = _list_item(annotation)
        if item is not None and (isinstance(value, list) or value is _BLANK):
            items = value if isinstance(value, list) else [_BLANK] * min_items
            item_model = _model_of(item)
            if not items:
                self.lines.append(f"{pad}{name}: []")
            elif item_model is None:
                self.lines.append(f"{pad}{name}:")
                self.lines += [f"{pad}  - {_blank(item) if v is _BLANK else _scalar(v)}" for v in items]
            else:
                self.lines.append(f"{pad}{name}:")
                for v in items:
                    self.model(item_model, {} if v is _BLANK else v, indent + 4, path, first=f"{pad}  - ")
        elif model is not None and (isinstance(value, dict) or value is _BLANK):
            self.lines.append(f"{pad}{name}:")
            self.model(model, {} if value is _BLANK else value, indent + 2, path)
        else:
            self.lines.append(f"{pad}{name}: {_blank(annotation) if value is _BLANK else _scalar(value)}")


_BLANK = object()


def _min_items(field) -> int:
    return max([getattr(m, "min_length", 0) or 0 for m in field.metadata] or [0])


def skeleton(model: type[BaseModel], values: dict[str, Any], *, schema: str, header: list[str], note_prefix: str) -> str:
    """The text of a data file for `model`: the schema line, a header, then every field (see _Writer)."""
    writer = _Writer(note_prefix)
    writer.model(model, values, 0, "")
    lines = [f"# yaml-language-server: $schema={schema}", *(f"# {line}" if line else "#" for line in header), *writer.lines]
    return "\n".join(lines) + "\n"


def schema_path(target: Path, schema_dir: Path, name: str) -> str:
    """The schema's path as the file's first line names it, relative to the file's folder."""
    return Path(os.path.relpath(schema_dir / name, target)).as_posix()


def campaign_text(values: dict[str, Any], schema: str) -> str:
    header = [
        "Kế hoạch của đợt thi đua, chép nguyên văn như đã ban hành (kể cả lỗi chính tả; muốn ghi chú thì thêm note:).",
        "Tạo bằng lệnh thidua init: điền các mục còn trống (\"\"), rồi chạy thidua check; lệnh nêu từng mục còn thiếu.",
        "The campaign's plan, verbatim as issued. Made by thidua init: fill in the empty (\"\") fields, then run thidua check.",
        "",
    ]
    return skeleton(Campaign, values, schema=schema, header=header, note_prefix="init.note.campaign")


def site_text(values: dict[str, Any], schema: str) -> str:
    header = [
        "Trang của đợt thi đua: mã (tên tệp lưu trữ, PDF), tên trang, ngôn ngữ, cơ quan đăng và đầu mối liên hệ.",
        "The campaign's site: its id (archive and PDF file names), name, languages, publisher and contact.",
        "",
    ]
    return skeleton(SiteInfo, values, schema=schema, header=header, note_prefix="init.note.site")


def units_text(schema: str) -> str:
    header = [
        "Các đơn vị của Sở (mỗi đơn vị một mục; đơn vị không thay đổi giữa các đợt thi đua).",
        "The Department's units, one entry each (they stay the same from one campaign to the next).",
        "",
    ]
    return skeleton(Units, {}, schema=schema, header=header, note_prefix="init.note.units")
