"""The office's nomination spreadsheet: its columns, the empty template (.xlsx, .csv), and reading it back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.load.yamlfile import bad_character
from thidua.model.data import Campaign, Units
from thidua.model.languages import LANGUAGES
from thidua.model.problems import Msg
from thidua.model.strings import t
from thidua.model.text import excel_text, fold

# Column keys in sheet order; headers and notes are the strings sheet.col.<key> and sheet.note.<key>.
COLUMNS = (
    "no",
    "kind",
    "name",
    "name_en",
    "position",
    "position_en",
    "unit",
    "award_form",
    "proposed_by",
    "date",
    "citation",
    "citation_en",
    "achievements",
    "achievements_en",
    "story",
    "story_en",
    "criteria",
    "featured",
    "photo",
    "photo_alt",
    "date_of_birth",
)
REQUIRED = ("kind", "name", "position", "unit", "award_form", "date", "citation", "achievements", "story")
DATE_COLUMNS = ("date", "date_of_birth")
WIDTHS = {"no": 8, "kind": 14, "name": 28, "position": 28, "unit": 30, "award_form": 40, "proposed_by": 30, "date": 14, "criteria": 40, "featured": 14}
TEMPLATE_ROWS = 500  # rows given the drop-down lists
SUPPORTED = (".xlsx", ".csv")
# A nomination sheet is a few hundred rows: past these it is not one (or a zip bomb).
MAX_SHEET_BYTES = 20_000_000
MAX_UNZIPPED_BYTES = 200_000_000
MAX_ROWS = 200_000
# An Office file protected by a password is an OLE compound file holding an "EncryptedPackage" stream.
_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


class SheetError(Exception):
    """A sheet that cannot be read at all (missing, wrong format, no header row)."""

    def __init__(self, msg: Msg):
        self.msg = msg
        super().__init__(msg.render("en"))


@dataclass(frozen=True)
class SheetRow:
    """One filled row: its number as the spreadsheet shows it, and its cells by column key."""

    number: int
    values: dict[str, object]

    def text(self, key: str) -> str:
        value = self.values.get(key)
        return "" if value is None else str(value)


@dataclass
class Sheet:
    """A nomination sheet read back: its rows, and each column's header as written in the sheet."""

    path: Path
    rows: list[SheetRow] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


def _put(ws, row: int, column: int, value: object):
    """Write one cell of the template; text is always a text cell (openpyxl would make "=..." a formula)."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def header(key: str, lang: str) -> str:
    return t(lang, f"sheet.col.{key}")


def kind_label(kind: str, lang: str = "vi") -> str:
    return t(lang, f"sheet.kind.{kind}")


# --- the template ------------------------------------------------------------------------------


def _example(campaign: Campaign, units: Units) -> dict[str, object]:
    unit = units.units[0]
    form = campaign.award_forms[-1]
    return {
        "no": t("vi", "sheet.example"),
        "kind": kind_label("individual"),
        "name": "Nguyễn Thị Mẫu",
        "position": "Chuyên viên",
        "position_en": "Officer",
        "unit": unit.name.vi,
        "award_form": form.name.vi,
        "proposed_by": unit.name.vi,
        "date": campaign.period.start + dt.timedelta(days=60),
        "citation": "Hoàn thành xuất sắc nhiệm vụ được giao trong đợt thi đua.",
        "citation_en": "Completed the tasks assigned during the campaign with distinction.",
        "achievements": "Hoàn thành 100% công việc đúng hạn\nHướng dẫn 20 doanh nghiệp nộp hồ sơ trực tuyến",
        "achievements_en": "Completed all work on time\nCoached 20 businesses in filing applications online",
        "story": "Đoạn thứ nhất của câu chuyện.\n\nĐoạn thứ hai.",
        "story_en": "The story's first paragraph.\n\nThe second paragraph.",
        "criteria": t("vi", "sheet.criteria.all"),
        "featured": t("vi", "cli.answer.no").capitalize(),
        "photo": "",
        "photo_alt": "",
        "date_of_birth": dt.date(1990, 1, 1),
    }


def write_template(path: Path, campaign: Campaign, units: Units) -> None:
    """An empty nomination sheet: Vietnamese headers, English second header row, lists, one example row."""
    path = Path(path)
    example = _example(campaign, units)
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:  # the BOM tells Excel it is UTF-8
            writer = csv.writer(handle)
            writer.writerow([header(k, "vi") for k in COLUMNS])
            writer.writerow([header(k, "en") for k in COLUMNS])
            writer.writerow([_csv_cell(example.get(k)) for k in COLUMNS])
        return
    if path.suffix.lower() != ".xlsx":
        raise SheetError(Msg.of("error.sheet.format", suffix=path.suffix or "?"))
    wb = Workbook()
    ws = wb.active
    ws.title = t("vi", "sheet.title")
    lists = wb.create_sheet(t("vi", "sheet.lists.title"))
    _write_lists(lists, campaign, units)

    bold, grey = Font(bold=True), Font(italic=True, color="666666")
    fill = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, key in enumerate(COLUMNS, start=1):
        letter = get_column_letter(col)
        top = _put(ws, 1, col, header(key, "vi"))
        top.font, top.fill, top.alignment = bold, fill, wrap
        note = f"{t('vi', f'sheet.note.{key}')}\n\n{t('en', f'sheet.note.{key}')}"
        top.comment = Comment(note, "thidua", width=320, height=160)
        second = _put(ws, 2, col, header(key, "en"))
        second.font, second.alignment = grey, wrap
        cell = _put(ws, 3, col, example.get(key) or None)
        cell.font, cell.alignment = grey, wrap
        if key in DATE_COLUMNS:
            cell.number_format = "DD/MM/YYYY"
        else:
            # Text format: what the clerk types is kept as text, "=..." included, never run as a formula.
            cell.number_format = ws.column_dimensions[letter].number_format = "@"
        ws.column_dimensions[letter].width = WIDTHS.get(key, 24)
    ws.freeze_panes = "C3"

    n_units, n_forms = len(units.units), len(campaign.award_forms)
    n_criteria = len(criteria_labels(campaign))
    sheet_ref = f"'{lists.title}'"
    validations = {
        "kind": f"{sheet_ref}!$E$2:$E$3",
        "unit": f"{sheet_ref}!$A$2:$A${n_units + 1}",
        "proposed_by": f"{sheet_ref}!$A$2:$A${n_units + 1}",
        "award_form": f"{sheet_ref}!$C$2:$C${n_forms + 1}",
        "criteria": f"{sheet_ref}!$F$2:$F${n_criteria + 1}",
        "featured": f"{sheet_ref}!$G$2:$G$3",
    }
    for key, formula in validations.items():
        letter = get_column_letter(COLUMNS.index(key) + 1)
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=True)
        if key == "criteria":
            # One criterion from the list, or several typed by hand: Excel says how, then keeps the text.
            dv.errorStyle = "information"
            dv.error = f"{t('vi', 'sheet.criteria.several')} / {t('en', 'sheet.criteria.several')}"
        else:
            dv.error = f"{t('vi', 'error.sheet.pick_from_list')} / {t('en', 'error.sheet.pick_from_list')}"
        dv.add(f"{letter}3:{letter}{TEMPLATE_ROWS + 3}")
        ws.add_data_validation(dv)
    wb.save(path)


def criteria_labels(campaign: Campaign) -> list[str]:
    """The criteria as the sheet's drop-down list shows them: "all" first, then "id: text" for each."""
    labels = [t("vi", "sheet.criteria.all")]
    for kind in ("collective", "individual"):
        labels += [f"{c.id}: {c.text.vi}" for c in campaign.criteria.of(kind).items]
    return labels


def _write_lists(ws, campaign: Campaign, units: Units) -> None:
    heads = ("unit", "unit_id", "form", "form_id", "kind", "criteria", "featured")
    for col, key in enumerate(heads, start=1):
        _put(ws, 1, col, f"{t('vi', f'sheet.lists.{key}')} / {t('en', f'sheet.lists.{key}')}").font = Font(bold=True)
        ws.column_dimensions[get_column_letter(col)].width = 40 if key in ("unit", "form") else 28
    for i, unit in enumerate(units.units, start=2):
        _put(ws, i, 1, unit.name.vi)
        _put(ws, i, 2, unit.id)
    for i, form in enumerate(campaign.award_forms, start=2):
        _put(ws, i, 3, form.name.vi)
        _put(ws, i, 4, form.id)
    for i, kind in enumerate(("collective", "individual"), start=2):
        _put(ws, i, 5, kind_label(kind))
    for i, label in enumerate(criteria_labels(campaign), start=2):
        _put(ws, i, 6, label)
    for i, answer in enumerate(("yes", "no"), start=2):
        _put(ws, i, 7, t("vi", f"cli.answer.{answer}").capitalize())
    ws.column_dimensions[get_column_letter(6)].width = 60


def _csv_cell(value: object) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else excel_text(str(value))


# --- reading -----------------------------------------------------------------------------------


def _clean(value: object) -> object:
    """A cell's value: text in NFC without surrounding spaces, datetimes as dates, empty as None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n").strip()
        return text or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _header_names() -> dict[str, list[str]]:
    """Every accepted (folded) header for each column: the Vietnamese and the English one."""
    return {key: [fold(header(key, lang)) for lang in LANGUAGES] for key in COLUMNS}


def _match_headers(cells: list[object]) -> dict[int, str]:
    """Column index -> column key, for the cells that are known headers."""
    names = _header_names()
    found: dict[int, str] = {}
    for i, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell.strip():
            continue
        folded = fold(unicodedata.normalize("NFC", cell))
        for key, options in names.items():
            if folded in options and key not in found.values():
                found[i] = key
                break
    return found


def _column_name(index: int, columns: dict[int, str]) -> str:
    return header(columns[index], "vi") if index in columns else get_column_letter(index + 1)


def _rows(raw: list[list[object]], path: Path, formulas: dict[tuple[int, int], str] | None = None) -> Sheet:
    """Find the header row (within the first 10), skip the English one and example rows, keep filled rows.

    Every cell is text or a date: a formula cell (`formulas`, by row and column index) or a control
    character stops the import with the cell's row and column.
    """
    sheet = Sheet(path)
    header_at, columns = None, {}
    for index, cells in enumerate(raw[:10]):
        columns = _match_headers(cells)
        if len(columns) >= 3:
            header_at = index
            break
    if header_at is None:
        raise SheetError(Msg.of("error.sheet.no_header", columns=", ".join(header(k, "vi") for k in REQUIRED)))
    missing = [k for k in REQUIRED if k not in columns.values()]
    if missing:
        raise SheetError(Msg.of("error.sheet.missing_columns", columns=", ".join(f"“{header(k, 'vi')}”" for k in missing)))
    sheet.headers = {key: str(raw[header_at][i]).strip() for i, key in columns.items()}
    start = header_at + 1
    if start < len(raw) and len(_match_headers(raw[start])) >= 3:
        start += 1  # the English second header row
    examples = {fold(t(lang, "sheet.example")) for lang in LANGUAGES}
    for (row, column), formula in sorted((formulas or {}).items()):
        if row >= start:
            raise SheetError(
                Msg.of("error.sheet.formula", sheet=path.name, row=row + 1, column=_column_name(column, columns), formula=formula[:60])
            )
    for index in range(start, len(raw)):
        cells = raw[index]
        values = {key: _clean(cells[i]) if i < len(cells) else None for i, key in columns.items()}
        for i, key in columns.items():
            char = bad_character(values[key]) if isinstance(values[key], str) else None
            if char is not None:
                raise SheetError(
                    Msg.of("error.sheet.control_character", sheet=path.name, row=index + 1, column=header(key, "vi"), char=char)
                )
        if all(v is None for v in values.values()):
            continue
        if isinstance(values.get("no"), str) and fold(values["no"]) in examples:
            continue
        sheet.rows.append(SheetRow(index + 1, values))
    return sheet


def _decode(data: bytes) -> str:
    """CSV text: UTF-8 (with or without BOM), else the Vietnamese Windows code page Excel uses for plain CSV."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258")


def read_sheet(path: Path) -> Sheet:
    """Read a nomination sheet (.xlsx or .csv); raise SheetError when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise SheetError(Msg.of("error.sheet.format", suffix=path.suffix or "?"))
    if not path.is_file():
        raise SheetError(Msg.of("error.sheet.not_found", path=str(path)))
    size = path.stat().st_size
    if size == 0:
        raise SheetError(Msg.of("error.sheet.empty_file", sheet=path.name))
    if size > MAX_SHEET_BYTES:
        raise SheetError(Msg.of("error.sheet.too_large", sheet=path.name, size=size, limit=MAX_SHEET_BYTES))
    if suffix == ".csv":
        text = _decode(path.read_bytes())
        try:
            dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        try:
            raw: list[list[object]] = [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]
        except csv.Error as exc:  # e.g. a NUL byte: not a CSV file
            raise SheetError(Msg.of("error.sheet.not_csv", sheet=path.name, detail=str(exc))) from None
        if len(raw) > MAX_ROWS:
            raise SheetError(Msg.of("error.sheet.too_many_rows", sheet=path.name, limit=MAX_ROWS))
        return _rows(raw, path)
    _check_xlsx_container(path)
    try:
        # data_only=False: a formula cell is seen as a formula (and refused), never as its cached result.
        wb = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise SheetError(Msg.of("error.sheet.damaged", sheet=path.name, detail=type(exc).__name__)) from None
    except (OSError, KeyError, ValueError, TypeError, AttributeError) as exc:
        raise SheetError(Msg.of("error.sheet.unreadable", detail=type(exc).__name__)) from None
    try:
        title = t("vi", "sheet.title")
        ws = wb[title] if title in wb.sheetnames else wb.worksheets[0]
        raw, formulas = [], {}
        for r, cells in enumerate(ws.iter_rows()):
            if r >= MAX_ROWS:
                raise SheetError(Msg.of("error.sheet.too_many_rows", sheet=path.name, limit=MAX_ROWS))
            values = []
            for c, cell in enumerate(cells):
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f":
                    formulas[(r, c)] = str(value)
                values.append(value)
            raw.append(values)
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError) as exc:
        raise SheetError(Msg.of("error.sheet.damaged", sheet=path.name, detail=type(exc).__name__)) from None
    finally:
        wb.close()
    return _rows(raw, path, formulas)


def _check_xlsx_container(path: Path) -> None:
    """A one-line message for a .xlsx that is not one: password-protected, an old .xls, a renamed CSV,
    cut short, or unpacking to more than a sheet ever holds."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == _OLE_SIGNATURE:
        if _ENCRYPTED in path.read_bytes():
            raise SheetError(Msg.of("error.sheet.encrypted", sheet=path.name))
        raise SheetError(Msg.of("error.sheet.old_excel", sheet=path.name))
    if not head.startswith(b"PK"):
        raise SheetError(Msg.of("error.sheet.not_xlsx", sheet=path.name))
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError):
        raise SheetError(Msg.of("error.sheet.damaged", sheet=path.name, detail="BadZipFile")) from None
    if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
        raise SheetError(Msg.of("error.sheet.too_large", sheet=path.name, size=path.stat().st_size, limit=MAX_SHEET_BYTES))
    if not any(m.filename == "xl/workbook.xml" for m in members):
        raise SheetError(Msg.of("error.sheet.not_xlsx", sheet=path.name))
