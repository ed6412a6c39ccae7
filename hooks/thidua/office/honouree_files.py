"""Writing honouree files (data/honourees/<id>.yaml): stable key order, schema line, a commented skeleton."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

import yaml

from thidua.model.data import Campaign, Honouree, Units
from thidua.model.languages import LANGUAGES
from thidua.model.text import SLUG_MAX, slugify

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/honouree.schema.json\n"
# The model's field order is the order keys are written in (Honouree, then each nested model).
KEY_ORDER = tuple(Honouree.model_fields)
NESTED_ORDER = {
    "photo": ("file", "alt"),
    "nomination": ("award_form", "proposed_by", "date"),
    "private": ("date_of_birth", "id_number", "phone", "home_address"),
}
TEXT_ORDER = LANGUAGES


class _Dumper(yaml.SafeDumper):
    """Indents list items under their key (like the bundled files); multi-line text as a | block."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):  # noqa: D401 - PyYAML's signature
        return super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True  # the same date twice is written twice, never as &id001 / *id001


def _represent_str(dumper: yaml.SafeDumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _represent_str)


def _ordered(value: Any, order: tuple[str, ...] | None = None) -> Any:
    """`value` with mapping keys in their stable order (known keys first, then any others as found)."""
    if isinstance(value, dict):
        if order is None:
            order = TEXT_ORDER if set(value) <= set(TEXT_ORDER) else ()
        keys = [k for k in order if k in value] + [k for k in value if k not in order]
        return {k: _ordered(value[k], NESTED_ORDER.get(k) if order is KEY_ORDER else None) for k in keys}
    if isinstance(value, list):
        return [_ordered(item) for item in value]
    return value


def render(data: dict[str, Any]) -> str:
    """The text of a honouree file for `data`: schema line, then keys in the model's order."""
    body = yaml.dump(
        _ordered(data, KEY_ORDER),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100_000,
    )
    return SCHEMA_LINE + body


def base_id(name: str) -> str:
    """The id a name gives before any numbering: "Nguyễn Văn Đức" -> "nguyen-van-duc" (at most 76 characters)."""
    return slugify(name)[: SLUG_MAX - 4].strip("-")


def free_id(name: str, taken: Callable[[str], bool]) -> str:
    """The first id from `name` for which `taken` is false: the base id, else base-2, base-3, ..."""
    base = base_id(name)
    candidate, n = base, 1
    while taken(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def same_base(name: str, ids: Iterable[str]) -> list[str]:
    """The ids among `ids` that `name` would have been given (its base id, numbered or not), sorted."""
    base = base_id(name)
    return sorted(i for i in ids if i == base or re.fullmatch(re.escape(base) + r"-\d+", i))


def _q(value: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def skeleton(
    *,
    kind: str,
    name: str,
    unit: str,
    award_form: str,
    proposed_by: str,
    date: dt.date,
    published: dt.date | None = None,
    featured: bool = False,
    photo_file: str,
    photo_alt: tuple[str, str],
    campaign: Campaign,
    units: Units,
) -> str:
    """A new honouree file: every required field present, the ones to write left empty and commented.

    The empty texts make `thidua check` name each field still to fill in, so a half-written file is
    never published by mistake.
    """
    unit_names = {u.id: u.name.vi for u in units.units}
    form = campaign.award_form(award_form)
    criteria = campaign.criteria.of(kind).items  # type: ignore[arg-type]
    if kind == "individual":
        name_lines = [f"name: {_q(name)}  # Họ và tên (không dịch) / a person's name (not translated)"]
    else:
        name_lines = [
            "name:  # Tên tập thể / the collective's name",
            f"  vi: {_q(name)}",
            '  en: ""  # Tên tiếng Anh / in English (or delete this line)',
        ]
    lines = [
        SCHEMA_LINE.rstrip("\n"),
        "# Tạo bằng lệnh `thidua new`. Điền các mục còn trống (\"\"), rồi chạy `thidua check`.",
        "# Made by `thidua new`. Fill in the empty (\"\") fields, then run `thidua check`.",
        "sample: false  # false: dữ liệu thật / real data",
        f"kind: {kind}  # collective (tập thể) hoặc individual (cá nhân)",
        *name_lines,
        "position:  # Chức vụ, vai trò / position or role",
        '  vi: ""',
        '  en: ""  # hoặc xoá dòng này nếu chưa dịch / or delete this line until translated',
        f"unit: {unit}  # {unit_names.get(unit, '')} (mã trong data/units.yaml)",
        "photo:",
        f"  file: {photo_file}  # tệp ảnh trong data/photos/ (ảnh tạm: thay bằng ảnh thật) / file under data/photos/",
        "  alt:  # Ảnh cho thấy gì (cho người không nhìn thấy) / what the photo shows",
        f"    vi: {_q(photo_alt[0])}",
        f"    en: {_q(photo_alt[1])}",
        "citation:  # Một câu về thành tích / one sentence on the achievement",
        '  vi: ""',
        '  en: ""',
        "story:  # Câu chuyện, nhiều đoạn, cách nhau một dòng trống / the story, several paragraphs",
        "  vi: |",
        "    ",
        '  en: ""',
        "achievements:  # Thành tích cụ thể, mỗi ý một mục / achievements, one item each",
        '  - vi: ""',
        '    en: ""',
        "# Tiêu chuẩn đạt được: thay [] bằng các mã đúng / criteria met: replace [] with the ids that apply,",
        f"# ví dụ / e.g. criteria: [{', '.join(c.id for c in criteria[:2])}]",
        *[f"#   {c.id}: {c.text.vi}" for c in criteria],
        "criteria: []",
        "nomination:  # Đề nghị khen thưởng / the nomination",
        f"  award_form: {award_form}  # {form.name.vi if form else ''}",
        f"  proposed_by: {proposed_by}  # {unit_names.get(proposed_by, '')}",
        f"  date: {date.isoformat()}  # Ngày đề nghị (NĂM-THÁNG-NGÀY) / date of the proposal",
        f"published: {(published or date).isoformat()}  # Ngày đăng câu chuyện / date the story is published",
        f"featured: {'true' if featured else 'false'}  # true: hiện ở trang chủ (gương tiêu biểu) / shown on the home page",
    ]
    return "\n".join(lines) + "\n"
