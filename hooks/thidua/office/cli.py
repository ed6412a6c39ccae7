"""The office's command line: `thidua check | new | import | template`, in Vietnamese (default) or English."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Callable, Sequence, TextIO

import yaml

from thidua.fs import write_atomic
from thidua.load.department import CAMPAIGNS, campaign_folders, is_department, load_department, load_inherited
from thidua.load.files import Inherited, load_plan, load_site
from thidua.model.data import KINDS
from thidua.model.languages import DEFAULT_LANGUAGE, LANGUAGES
from thidua.model.options import OptionsError, read_options
from thidua.model.problems import DataError, Msg, Problem
from thidua.model.site import SiteData
from thidua.model.strings import t
from thidua.model.text import fold, is_slug, slugify
from thidua.office.honouree_files import free_id, same_base, skeleton
from thidua.office.placeholder import initials
from thidua.office.placeholder import render as render_placeholder

# The spreadsheet modules (openpyxl) are imported by the commands that use them, keeping `check` fast.

DEFAULT_TEMPLATE = "de-nghi-khen-thuong.xlsx"


class CliError(Exception):
    """A problem that stops a command, with its message by key."""

    def __init__(self, msg: Msg):
        self.msg = msg
        super().__init__(msg.render("en"))


# --- the project -------------------------------------------------------------------------------


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml safely, reading tags such as !ENV as plain values."""


_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def find_project(start: Path) -> Path:
    """The folder holding mkdocs.yml: `start` or the nearest folder above it."""
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise CliError(Msg.of("cli.project_not_found", path=str(start)))


def data_dir_of(project: Path) -> Path:
    """The data folder as mkdocs.yml's extra.thidua.data_dir names it (default data/), from the project folder."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    extra = config.get("extra") if isinstance(config, dict) else None
    return read_options(extra.get("thidua") if isinstance(extra, dict) else None).data_path(project)


# --- output ------------------------------------------------------------------------------------


class Console:
    """Prints messages in one language; UTF-8 even where the Windows console or a pipe would not be."""

    def __init__(self, lang: str, out: TextIO | None = None, err: TextIO | None = None):
        self.lang = lang
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def t(self, key: str, **params: object) -> str:
        return Msg.of(key, **params).render(self.lang)

    def say(self, key: str, **params: object) -> None:
        print(self.t(key, **params), file=self.out)

    def line(self, text: str) -> None:
        print(text, file=self.out)

    def problems(self, problems: Sequence[Problem]) -> None:
        for problem in problems:
            print("  " + problem.format(self.lang), file=self.out)

    def fail(self, msg: Msg) -> int:
        print(f"{t(self.lang, 'cli.error')}: {msg.render(self.lang)}", file=self.err)
        return 1


def _utf8(stream: TextIO) -> None:
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(stream, "reconfigure"):
        stream.reconfigure(encoding="utf-8", errors="replace")


# --- check -------------------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace, con: Console) -> int:
    """Validate all data; print every problem with file, line, field and what to do."""
    project = find_project(args.project)
    data_dir = data_dir_of(project)
    if is_department(data_dir):
        return _check_department(args, con, project, data_dir)
    try:
        site = load_site(data_dir, root=project)
    except DataError as exc:
        con.line(exc.format(con.lang))
        con.say("cli.check.failed")
        return 1
    if not _warnings_pass(site.warnings, args.strict, con):
        return 1
    con.say("cli.check.ok", honourees=len(site.honourees), units=len(site.units.units), forms=len(site.campaign.award_forms))
    report_coverage(site, con, listed=getattr(args, "list", False))
    # Missing translations are a report, never a failure: --strict fails on real warnings only (above).
    return 0


def _warnings_pass(warnings: Sequence[Problem], strict: bool, con: Console) -> bool:
    """Print the data's warnings; False when --strict makes them fail the check (never "valid" above an
    exit code of 1)."""
    if warnings:
        con.say("cli.check.warnings", count=len(warnings))
        con.problems(warnings)
    if strict and warnings:
        con.say("cli.check.strict_failed", count=len(warnings))
        return False
    return True


def _campaign_of(args: argparse.Namespace, data_dir: Path) -> str | None:
    """The campaign a command is for: --campaign, or the campaign folder it is run from (None: all); an
    unknown one is refused, naming the campaigns there are."""
    slug = getattr(args, "campaign", None)
    here = Path.cwd().resolve()
    campaigns = (data_dir / CAMPAIGNS).resolve()
    if not slug and here.is_relative_to(campaigns) and here != campaigns:
        slug = here.relative_to(campaigns).parts[0]
    if slug and not (data_dir / CAMPAIGNS / slug / "campaign.yaml").is_file():
        names = ", ".join(p.name for p in campaign_folders(data_dir))
        raise CliError(Msg.of("cli.campaign_unknown", campaign=slug, campaigns=names))
    return slug or None


def campaign_data(args: argparse.Namespace, project: Path) -> tuple[Path, Inherited | None]:
    """The data folder a command works in, and what it inherits: data/ for a site of one campaign; for a
    Department's, the campaign's folder (--campaign, or the campaign folder the command is run from)."""
    data_dir = data_dir_of(project)
    if not is_department(data_dir):
        return data_dir, None
    slug = _campaign_of(args, data_dir)
    if slug is None:
        names = ", ".join(p.name for p in campaign_folders(data_dir))
        raise CliError(Msg.of("cli.campaign_needed", campaigns=names))
    try:
        _, _, inherited = load_inherited(data_dir, project)
    except DataError as exc:
        raise CliError(Msg.of("cli.department_invalid", problems=exc.format("vi"))) from None
    return data_dir / CAMPAIGNS / slug, inherited


def _check_department(args: argparse.Namespace, con: Console, project: Path, data_dir: Path) -> int:
    """A Department's data: every campaign (or the one asked for), each problem naming its campaign's file."""
    only = _campaign_of(args, data_dir)
    try:
        department = load_department(data_dir, root=project, only=only)
    except DataError as exc:
        con.line(exc.format(con.lang))
        con.say("cli.check.failed")
        return 1
    if not _warnings_pass(department.warnings, args.strict, con):
        return 1
    for slug, site in department.campaigns:
        con.say("cli.check.campaign_ok", campaign=slug, honourees=len(site.honourees), forms=len(site.campaign.award_forms))
        report_coverage(site, con, listed=getattr(args, "list", False))
    con.say("cli.check.department_ok", campaigns=len(department.campaigns), units=len(department.units.units))
    return 0


def report_coverage(site: SiteData, con: Console, *, listed: bool) -> None:
    """One line on the English translation (none for a Vietnamese-only site but the languages); with
    `listed`, every text without its English, as file:line: field."""
    coverage = site.coverage
    if coverage is None:
        con.say("cli.check.languages.vi_only")
        return
    if coverage.complete:
        con.say("coverage.complete", total=coverage.total)
        return
    summary = con.t("coverage.summary", missing=len(coverage.missing), total=coverage.total, percent=coverage.percent)
    con.line(summary if listed else f"{summary} {con.t('coverage.list.hint')}")
    if listed:
        con.say("cli.check.coverage.missing")
        con.problems(coverage.missing)


# --- new ---------------------------------------------------------------------------------------


Option = tuple[str, str, list[str | None]]  # (id, label shown, other names accepted)


def _pick(answer: str, options: list[Option]) -> tuple[str | None, list[str]]:
    """The option an answer names: its number, its id, its label or another of its names (any case,
    with or without diacritics), else the one label holding the answer. (None, labels) when the
    answer names several or none."""
    answer = answer.strip()
    if answer.isdigit():
        n = int(answer)
        return (options[n - 1][0], []) if 1 <= n <= len(options) else (None, [])
    folded = fold(answer)
    if not folded:
        return None, []
    for id_, label, aliases in options:
        if folded in {fold(x) for x in (id_, label, *aliases) if x}:
            return id_, []
    holding = [(id_, label) for id_, label, aliases in options if any(folded in fold(x) for x in (label, *aliases) if x)]
    if len(holding) == 1:
        return holding[0][0], []
    return None, [label for _, label in holding]


def _choose(con: Console, ask: Callable[[str], str], key: str, options: list[Option], default: str | None = None) -> str:
    """Ask until one of the numbered `options` is named, by its number or its name; Enter takes `default`."""
    for i, (_, label, _) in enumerate(options, start=1):
        con.line(f"  {i}. {label}")
    while True:
        answer = ask(con.t(key)).strip()
        if not answer and default is not None:
            return default
        picked, several = _pick(answer, options)
        if picked is not None:
            label = next(label for id_, label, _ in options if id_ == picked)
            if not answer.isdigit() and fold(answer) != fold(label):
                con.line(f"  → {label}")
            return picked
        if several:
            con.say("cli.ask.several", answer=answer, labels="; ".join(several))
        else:
            con.say("cli.new.ask.retry", answer=answer, count=len(options))


def _match(value: str, options: list[Option], what: str) -> str:
    """The option a command-line value names (as _pick), else a CliError listing the valid ones."""
    picked, _ = _pick(value, options)
    if picked is None:
        valid = "; ".join(label for _, label, _ in options)
        raise CliError(Msg.of("cli.new.bad_value", value=value, what=Msg.of(f"cli.new.what.{what}"), valid=valid))
    return picked


def _today() -> dt.date:
    """Today in Viet Nam (SOURCE_DATE_EPOCH when set, as for a build)."""
    from thidua.model.dates import build_date

    try:
        return build_date()
    except ValueError:
        return dt.date.today()


def _show(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _ask_date(con: Console, ask: Callable[[str], str], key: str, default: dt.date | None) -> dt.date | None:
    """Ask for a date until one is given; Enter takes `default` (shown in the question when there is one)."""
    from thidua.office.nominations import parse_date

    question = con.t(key) if default is None else con.t(key, default=_show(default))
    while True:
        answer = ask(question).strip()
        if not answer:
            return default
        day = parse_date(answer)
        if day is not None:
            return day
        con.say("cli.new.bad_date", value=answer)


def _date_flag(value: str | None) -> dt.date | None:
    from thidua.office.nominations import parse_date

    if value is None:
        return None
    day = parse_date(value)
    if day is None:
        raise CliError(Msg.of("cli.new.bad_date", value=value))
    return day


def _yes_no(con: Console) -> list[Option]:
    return [("yes", con.t("cli.answer.yes"), ["yes", "y", "có", "c", "x", "true"]), ("no", con.t("cli.answer.no"), ["no", "n", "không", "k", "false"])]


def cmd_new(args: argparse.Namespace, con: Console, ask: Callable[[str], str] | None = None) -> int:
    """Create data/honourees/<id>.yaml from a few answers; never overwrite a file."""
    from thidua.office.sheet import kind_label

    project = find_project(args.project)
    data_dir, inherited = campaign_data(args, project)
    campaign, units = load_plan(data_dir, project, inherited)
    kinds: list[Option] = [(k, kind_label(k, con.lang), [kind_label(k, lang) for lang in LANGUAGES]) for k in KINDS]
    unit_opts: list[Option] = [
        (u.id, u.name.get(con.lang), [u.name.vi, u.name.en, u.short_name.vi if u.short_name else None, u.short_name.en if u.short_name else None])
        for u in units.units
    ]
    form_opts: list[Option] = [(f.id, f.name.get(con.lang), [f.name.vi, f.name.en, f.short_name.vi, f.short_name.en]) for f in campaign.award_forms]
    interactive = ask is not None or sys.stdin.isatty()
    ask = ask or input
    missing = [f"--{n.replace('_', '-')}" for n in ("kind", "name", "unit", "award_form") if not getattr(args, n)]
    if missing and not interactive:
        raise CliError(Msg.of("cli.new.missing", options=", ".join(missing)))

    kind = _match(args.kind, kinds, "kind") if args.kind else _choose(con, ask, "cli.new.ask.kind", kinds)
    name = (args.name or "").strip()
    while not name:
        name = ask(con.t("cli.new.ask.name")).strip()
    unit = _match(args.unit, unit_opts, "unit") if args.unit else _choose(con, ask, "cli.new.ask.unit", unit_opts)
    form_id = _match(args.award_form, form_opts, "award_form") if args.award_form else _choose(con, ask, "cli.new.ask.award_form", form_opts)
    proposed_by = _match(args.proposed_by, unit_opts, "unit") if args.proposed_by else unit
    form = campaign.award_form(form_id)
    if not form.admits(kind):
        raise CliError(Msg.of("cli.new.not_admitted", form=form.name.get(con.lang), kind=Msg.of(f"error.kind.{kind}.other")))
    today = _today()
    date = _date_flag(args.date)
    if date is None:
        date = _ask_date(con, ask, "cli.new.ask.date", today) if interactive else today
    published = _date_flag(args.published)
    if published is None:
        published = _ask_date(con, ask, "cli.new.ask.published", date) if interactive else date
    featured = args.featured
    if featured is None:
        featured = interactive and _choose(con, ask, "cli.new.ask.featured", _yes_no(con), default="no") == "yes"

    honourees = data_dir / "honourees"
    honourees.mkdir(parents=True, exist_ok=True)
    taken = {p.stem for p in honourees.glob("*.yaml")}
    hid = free_id(name, taken.__contains__)
    same = same_base(name, taken)
    letters = initials(name, kind)
    photo = data_dir / "photos" / f"{hid}.jpg"
    text = skeleton(
        kind=kind,
        name=name,
        unit=unit,
        award_form=form_id,
        proposed_by=proposed_by,
        date=date,
        published=published,
        featured=featured,
        photo_file=photo.name,
        photo_alt=(t("vi", "import.placeholder_alt", initials=letters), t("en", "import.placeholder_alt", initials=letters)),
        campaign=campaign,
        units=units,
    )
    path = honourees / f"{hid}.yaml"
    write_atomic(path, text.encode("utf-8"), exclusive=True)  # never replaces a file
    if not photo.exists():
        write_atomic(photo, render_placeholder(letters, hid))
    if same:
        con.say("cli.new.same_name", ids=", ".join(same))
    con.say(
        "cli.new.dates",
        date=_show(date),
        published=_show(published),
        featured=con.t("cli.answer.yes" if featured else "cli.answer.no"),
    )
    con.say("cli.new.created", file=path.relative_to(project).as_posix(), photo=photo.relative_to(project).as_posix())
    return 0


# --- import ------------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace, con: Console) -> int:
    """Import a nomination sheet: check every row, then write all files or none, one import at a time."""
    from thidua.office.sheet import SheetError, read_sheet
    from thidua.office.transaction import Busy, exclusive

    project = find_project(args.project)
    data_dir, inherited = campaign_data(args, project)
    args.inherited = inherited
    try:
        sheet = read_sheet(Path(args.sheet))
    except SheetError as exc:
        raise CliError(exc.msg) from None
    # The data is read, checked and written under the lock: a second import plans from what the first wrote.
    try:
        with exclusive(data_dir, on_wait=lambda: con.say("cli.import.waiting")):
            return _import(args, con, project, data_dir, sheet)
    except Busy:
        raise CliError(Msg.of("cli.import.busy")) from None


def _import(args: argparse.Namespace, con: Console, project: Path, data_dir: Path, sheet) -> int:
    from thidua.office.nominations import apply_plan, plan_import
    from thidua.office.transaction import WriteError

    try:
        site: SiteData = load_site(data_dir, root=project, inherited=getattr(args, "inherited", None))
    except DataError as exc:
        con.say("cli.data_invalid")
        con.problems(exc.problems)
        return 1
    plan = plan_import(sheet, site, data_dir, update=args.update)
    if plan.problems:
        con.say("cli.import.problems", count=len(plan.invalid_rows))
        for problem in plan.problems:
            con.line("  " + problem.format(con.lang))
        if not args.skip_invalid:
            con.say("cli.import.nothing_written")
            return 1
        con.say("cli.import.skipped")
    for planned in plan.planned:
        con.say("cli.import.row", row=planned.row, id=planned.id, status=Msg.of(f"cli.import.status.{planned.status}"))
    if args.dry_run:
        con.say("cli.import.dry")
        return 1 if plan.problems else 0
    try:
        written = apply_plan(plan, data_dir)
    except WriteError as exc:
        shown = exc.path.relative_to(project).as_posix() if exc.path.is_relative_to(project) else str(exc.path)
        raise CliError(Msg.of("cli.import.write_failed", file=shown, reason=exc.reason)) from None
    counts = {s: sum(1 for p in plan.planned if p.status == s) for s in ("new", "updated", "unchanged")}
    con.say("cli.import.summary", files=len(written), **counts)
    if written:
        con.say("cli.import.next")
    return 1 if plan.problems else 0


# --- init --------------------------------------------------------------------------------------


def _ask_text(con: Console, ask: Callable[[str], str], key: str, *, required: bool, **params: object) -> str:
    while True:
        answer = ask(con.t(key, **params)).strip()
        if answer or not required:
            return answer
        con.say("cli.init.required")


def _ask_count(con: Console, ask: Callable[[str], str], key: str, *, least: int, **params: object) -> int:
    while True:
        answer = ask(con.t(key, **params)).strip()
        if answer.isdigit() and int(answer) >= least:
            return int(answer)
        con.say("cli.init.not_a_count", value=answer, least=least)


def _form_flag(value: str) -> tuple[str, str, int, int]:
    """--award-form "name; conferred by; collectives; individuals" (";" or "|" between the parts)."""
    parts = [p.strip() for p in value.replace("|", ";").split(";")]
    if len(parts) != 4 or not parts[0] or not parts[1] or not (parts[2].isdigit() and parts[3].isdigit()):
        raise CliError(Msg.of("cli.init.bad_form", value=value))
    return parts[0], parts[1], int(parts[2]), int(parts[3])


def cmd_init(args: argparse.Namespace, con: Console, ask: Callable[[str], str] | None = None) -> int:
    """Write a new campaign's data files (campaign.yaml, units.yaml, results.yaml, honourees/, photos/)
    from a few answers, the rest of the plan left for the office to copy in; never overwrite a file."""
    from thidua.office.campaign_files import CAMPAIGN_FILES, campaign_text, schema_path, site_text, units_text
    from thidua.office.honouree_files import free_id
    from thidua.office.samples import RESULTS_PENDING

    project = find_project(args.project)
    data_dir = data_dir_of(project)
    target = (project / args.to).resolve() if args.to else data_dir

    def shown(path: Path) -> str:
        return path.relative_to(project).as_posix() if path.is_relative_to(project) else str(path)

    department = bool(args.campaign)  # a campaign of a Department: data/campaigns/<id>/
    if not department and not args.to and is_department(data_dir):
        # A Department's site: a new campaign is a folder of its own, never a campaign.yaml beside campaigns/.
        raise CliError(Msg.of("cli.campaign_needed", campaigns=", ".join(p.name for p in campaign_folders(data_dir))))
    if department:
        if not is_slug(args.campaign):
            raise CliError(Msg.of("error.campaign_folder_name", folder=args.campaign))
        target = data_dir / CAMPAIGNS / args.campaign
        if target.exists():
            raise CliError(Msg.of("cli.init.exists", folder=shown(target)))
        if (data_dir / "campaign.yaml").exists():
            _grow(data_dir, shown, con)

    # The Department's facts (publisher, contact, licence, languages) outlive a campaign: read before any move.
    previous_site = _previous_site(target / "site.yaml") or _previous_site(data_dir / "site.yaml")
    if (target / "campaign.yaml").exists():
        if not args.move_old_to:
            raise CliError(Msg.of("cli.init.exists", folder=shown(target)))
        _move_old(project, target, project / args.move_old_to, CAMPAIGN_FILES, shown, con)
    interactive = ask is not None or sys.stdin.isatty()
    ask = ask or input
    missing = [f"--{n.replace('_', '-')}" for n in ("issuer", "title", "start", "end", "award_form") if not getattr(args, n)]
    if missing and not interactive:
        raise CliError(Msg.of("cli.new.missing", options=", ".join(missing)))

    # The optional answers are asked only in a session that asks for the required ones too: given
    # every required flag, the command runs without a question (a script, or a clerk who wrote it all).
    asking = interactive and bool(missing)
    kind = args.document_kind or (_ask_text(con, ask, "cli.init.ask.kind", required=False) if asking else "") or con.t("cli.init.plan")
    number = args.number if args.number is not None else (_ask_text(con, ask, "cli.init.ask.number", required=False) if asking else "")
    date = _date_flag(args.date)
    if date is None and args.date is None and asking:
        date = _ask_date(con, ask, "cli.init.ask.date", None)
    issuer = args.issuer or _ask_text(con, ask, "cli.init.ask.issuer", required=True)
    title = args.title or _ask_text(con, ask, "cli.init.ask.title", required=True)
    start = _date_flag(args.start) or _ask_required_date(con, ask, "cli.init.ask.start")
    end = _date_flag(args.end) or _ask_required_date(con, ask, "cli.init.ask.end")
    while end < start:
        con.say("cli.init.period_reversed", start=_show(start), end=_show(end))
        if not interactive or args.end:
            raise CliError(Msg.of("cli.init.period_reversed", start=_show(start), end=_show(end)))
        end = _ask_required_date(con, ask, "cli.init.ask.end")
    if args.award_form:
        forms = [_form_flag(v) for v in args.award_form]
    else:
        forms = []
        for n in range(1, _ask_count(con, ask, "cli.init.ask.forms", least=1) + 1):
            name = _ask_text(con, ask, "cli.init.ask.form_name", required=True, n=n)
            by = _ask_text(con, ask, "cli.init.ask.form_by", required=True, n=n)
            collective = _ask_count(con, ask, "cli.init.ask.form_collective", least=0, n=n)
            individual = _ask_count(con, ask, "cli.init.ask.form_individual", least=0, n=n)
            forms.append((name, by, collective, individual))

    ids: list[str] = []
    items = []
    for name, by, collective, individual in forms:
        ids.append(free_id(name, ids.__contains__))
        items.append(
            {
                "id": ids[-1],
                "name": {"vi": name},
                "short_name": {"vi": name},
                "conferred_by": {"vi": by},
                "quota": {"collective": collective, "individual": individual},
            }
        )
    values = {
        "document": {"kind": {"vi": kind}, "issuer": {"vi": issuer}, "number": number or None, "date": date, "title": {"vi": title}},
        "awards": {
            "period": {"start": start, "end": end},
            "forms": {"items": items},
            "standards": {
                "criteria": {
                    "collective": {"label": {"vi": t("vi", "kind.collective")}, "items": [{"id": "tt-1"}]},
                    "individual": {"label": {"vi": t("vi", "kind.individual")}, "items": [{"id": "cn-1"}]},
                }
            },
        },
        "events": [],
    }
    schemas = data_dir / "schema"
    written: list[Path] = []
    site_values = {
        "slug": free_id(title, lambda _: False),
        "name": {"vi": title},
        "english": previous_site.get("english", "off"),
        "publisher": previous_site.get("publisher") or {"name": {"vi": issuer}},
    }
    for kept in ("contact", "licence"):
        if previous_site.get(kept):
            site_values[kept] = previous_site[kept]
    files = {}
    if department:
        # The campaign's own facts: its id is its folder; publisher, contact, licence, languages are the Department's.
        site_values = {"name": {"vi": title}}
    if department:
        import yaml

        header = (
            "# Đợt thi đua trong trang của Sở: tên, mô tả, giới thiệu của đợt (địa chỉ của đợt là tên thư mục).\n"
            "# Cơ quan đăng, đầu mối liên hệ, giấy phép và ngôn ngữ là của Sở (data/site.yaml), trừ khi ghi ở đây.\n"
            "# A campaign of the Department's site: its name, description and About text; the rest is data/site.yaml's.\n"
        )
        files["site.yaml"] = header + yaml.safe_dump(site_values, allow_unicode=True, sort_keys=False)
    elif (target / "site.yaml").exists():
        # A site.yaml without a campaign (the office wrote it first, or kept it): used as it is.
        con.say("cli.init.site_kept", file=shown(target / "site.yaml"))
    else:
        files["site.yaml"] = site_text(site_values, schema_path(target, schemas, "site.schema.json"))
    files |= {"campaign.yaml": campaign_text(values, schema_path(target, schemas, "campaign.schema.json")), "results.yaml": RESULTS_PENDING.replace("schema/results.schema.json", schema_path(target, schemas, "results.schema.json"))}
    units = target / "units.yaml"
    if department:
        pass  # the Department's units (data/units.yaml) are every campaign's; a campaign may add a units.yaml of its own
    elif not units.exists():
        if (data_dir / "units.yaml").is_file() and target != data_dir:
            files["units.yaml"] = (data_dir / "units.yaml").read_text(encoding="utf-8")
        else:
            files["units.yaml"] = units_text(schema_path(target, schemas, "units.schema.json"))
    else:
        con.say("cli.init.units_kept", file=shown(units))
    for name, text in files.items():
        if (target / name).exists():
            raise CliError(Msg.of("cli.init.file_exists", file=shown(target / name)))
    for name, text in files.items():
        write_atomic(target / name, text.encode("utf-8"), exclusive=True)
        written.append(target / name)
    for folder in ("honourees", "photos"):
        (target / folder).mkdir(parents=True, exist_ok=True)
    con.say("cli.init.created", files=", ".join(shown(p) for p in written), campaign=shown(target / "campaign.yaml"))
    return 0


def _grow(data_dir: Path, shown, con: Console) -> None:
    """A site of one campaign becomes a Department's: the campaign moves to data/campaigns/<its slug>/ (its
    files as they are), data/site.yaml becomes the Department's, naming that campaign `primary` (its old
    addresses lead to the new ones); data/units.yaml stays, shared. All or nothing."""
    import yaml

    old = yaml.safe_load((data_dir / "site.yaml").read_text(encoding="utf-8")) or {}
    slug = old.get("slug") if isinstance(old, dict) else None
    if not isinstance(slug, str) or not is_slug(slug):
        raise CliError(Msg.of("cli.init.grow_no_slug", file=shown(data_dir / "site.yaml")))
    keep = data_dir / CAMPAIGNS / slug
    publisher = str(((old.get("publisher") or {}).get("name") or {}).get("vi") or "")
    _move_old(data_dir.parent, data_dir, keep, CAMPAIGN_FILES_MOVED, shown, con)
    values = {
        # The whole site's archive is named after the Department (<slug>-<date>.zip).
        "slug": slugify(publisher) or "so-cong-thuong",
        "name": {"vi": t("vi", "cli.init.department_name", publisher=publisher)},
        "primary": slug,
    }
    for kept in ("english", "publisher", "contact", "licence"):
        if old.get(kept) is not None:
            values[kept] = old[kept]
    from thidua.office.campaign_files import schema_path, site_text

    text = site_text(values, schema_path(data_dir, data_dir / "schema", "site.schema.json"))
    write_atomic(data_dir / "site.yaml", text.encode("utf-8"))
    con.say("cli.init.grown", campaign=slug, folder=shown(keep), file=shown(data_dir / "site.yaml"))


def _previous_site(path: Path) -> dict:
    """What a new campaign's site.yaml keeps of the previous one (publisher, contact, the open data's
    licence, languages), read as plain YAML; nothing when there is none or it does not read (init then
    asks nothing more of it)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    english = data.get("english")
    english = {True: "on", False: "off"}.get(english, english) if isinstance(english, bool) else english
    kept = {k: data[k] for k in ("publisher", "contact", "licence") if isinstance(data.get(k), dict)}
    if english in ("off", "on", "required"):
        kept["english"] = english
    return kept


def _ask_required_date(con: Console, ask: Callable[[str], str], key: str) -> dt.date:
    while True:
        day = _ask_date(con, ask, key, None)
        if day is not None:
            return day
        con.say("cli.init.required")


CAMPAIGN_FILES_MOVED = ("site.yaml", "campaign.yaml", "results.yaml", "honourees", "photos", "source")


def _move_old(project: Path, target: Path, keep: Path, names: tuple[str, ...], shown, con: Console) -> None:
    """Move the campaign in `target` (its files `names`) into `keep`, all or nothing; units.yaml stays."""
    if keep.exists() and any(keep.iterdir()):
        raise CliError(Msg.of("cli.init.keep_not_empty", folder=shown(keep)))
    keep.mkdir(parents=True, exist_ok=True)
    moved: list[tuple[Path, Path]] = []
    try:
        for name in names:
            if (target / name).exists():
                os.replace(target / name, keep / name)
                moved.append((target / name, keep / name))
    except BaseException:
        for original, there in reversed(moved):
            os.replace(there, original)
        raise
    con.say("cli.init.moved", files=", ".join(name for name in names if (keep / name).exists()), folder=shown(keep))


# --- samples -----------------------------------------------------------------------------------


def cmd_samples(args: argparse.Namespace, con: Console, ask: Callable[[str], str] | None = None) -> int:
    """List the sample data, ask, then remove it all (honourees, their photos, sample results) or nothing."""
    from thidua.office.samples import apply_removal, plan_removal

    project = find_project(args.project)
    data_dir, _ = campaign_data(args, project)
    plan = plan_removal(data_dir)

    def shown(path: Path) -> str:
        return path.relative_to(project).as_posix() if path.is_relative_to(project) else str(path)

    for path in plan.unreadable:
        con.say("cli.samples.unreadable", file=shown(path))
    if plan.refusals:
        for msg in plan.refusals:
            con.line(f"{t(con.lang, 'cli.error')}: {msg.render(con.lang)}")
        con.say("cli.samples.cancelled")
        return 1
    if plan.empty:
        con.say("cli.samples.none", folder=shown(data_dir))
        return 0
    con.say("cli.samples.listing", count=len(plan.files))
    for path in plan.files:
        con.line(f"  {shown(path)}")
    if plan.results is not None:
        con.say("cli.samples.results", file=shown(plan.results))
    if not args.yes:
        if ask is None and not sys.stdin.isatty():
            raise CliError(Msg.of("cli.samples.need_yes"))
        answer = (ask or input)(con.t("cli.samples.ask"))
        picked, _ = _pick(answer, _yes_no(con))
        if picked != "yes":
            con.say("cli.samples.cancelled")
            return 1
    apply_removal(plan)
    con.say("cli.samples.done", count=len(plan.files))
    return 0


# --- template ----------------------------------------------------------------------------------


def cmd_template(args: argparse.Namespace, con: Console) -> int:
    """Write the empty nomination sheet."""
    from thidua.office.sheet import SheetError, write_template

    project = find_project(args.project)
    data_dir, inherited = campaign_data(args, project)
    campaign, units = load_plan(data_dir, project, inherited)
    path = Path(args.path)
    if path.exists() and not args.force:
        raise CliError(Msg.of("cli.template.exists", file=str(path)))
    try:
        write_template(path, campaign, units)
    except SheetError as exc:
        raise CliError(exc.msg) from None
    con.say("cli.template.written", file=str(path))
    return 0


# --- the parser --------------------------------------------------------------------------------


def _lang_of(argv: Sequence[str]) -> str:
    """The language asked for with --lang (anywhere on the line), else THIDUA_LANG, else Vietnamese."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", choices=LANGUAGES)
    known, _ = pre.parse_known_args(argv)
    env = os.environ.get("THIDUA_LANG", "")
    return known.lang or (env if env in LANGUAGES else DEFAULT_LANGUAGE)


def build_parser(lang: str) -> argparse.ArgumentParser:
    """The parser, with every help text in `lang`."""

    def h(key: str) -> str:
        return t(lang, key).replace("%", "%%")

    class Formatter(argparse.RawDescriptionHelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):
            return super().add_usage(usage, actions, groups, prefix=t(lang, "cli.usage") if prefix is None else prefix)

    def arguments(p: argparse.ArgumentParser) -> argparse._ArgumentGroup:
        """The parser's one group of arguments (so argparse's English headings never show), with the common ones."""
        group = p.add_argument_group(t(lang, "cli.options"))
        group.add_argument("-h", "--help", action="help", help=h("cli.help"))
        group.add_argument("--lang", choices=LANGUAGES, default=lang, help=h("cli.lang"))
        group.add_argument("--project", type=Path, default=Path.cwd(), metavar="PATH", help=h("cli.project"))
        return group

    parser = argparse.ArgumentParser(
        prog="thidua",
        description=t(lang, "cli.description"),
        epilog=t(lang, "cli.epilog"),
        add_help=False,
        formatter_class=Formatter,
    )
    arguments(parser)
    sub = parser.add_subparsers(dest="command", title=t(lang, "cli.commands"), metavar="{check,new,import,template,samples,init}")
    sub.required = True

    def command(name: str) -> tuple[argparse.ArgumentParser, argparse._ArgumentGroup]:
        p = sub.add_parser(
            name, help=h(f"cli.{name}.help"), description=t(lang, f"cli.{name}.help"), add_help=False, formatter_class=Formatter
        )
        group = arguments(p)
        # A Department's site: the command is for one campaign (its folder in data/campaigns/).
        group.add_argument("--campaign", metavar="ID", help=h("cli.campaign"))
        return p, group

    check, g = command("check")
    g.add_argument("--strict", action="store_true", help=h("cli.check.strict"))
    g.add_argument("--list", action="store_true", help=h("cli.check.list"))
    check.set_defaults(func=cmd_check)

    new, g = command("new")
    g.add_argument("--kind", help=h("cli.new.kind"))
    g.add_argument("--name", help=h("cli.new.name"))
    g.add_argument("--unit", help=h("cli.new.unit"))
    g.add_argument("--award-form", dest="award_form", help=h("cli.new.award_form"))
    g.add_argument("--proposed-by", dest="proposed_by", help=h("cli.new.proposed_by"))
    g.add_argument("--date", help=h("cli.new.date"))
    g.add_argument("--published", help=h("cli.new.published"))
    g.add_argument("--featured", action=argparse.BooleanOptionalAction, default=None, help=h("cli.new.featured"))
    new.set_defaults(func=cmd_new)

    imp, g = command("import")
    g.add_argument("sheet", help=h("cli.import.sheet"))
    g.add_argument("--update", action="store_true", help=h("cli.import.update"))
    g.add_argument("--skip-invalid", dest="skip_invalid", action="store_true", help=h("cli.import.skip_invalid"))
    g.add_argument("--dry-run", dest="dry_run", action="store_true", help=h("cli.import.dry_run"))
    imp.set_defaults(func=cmd_import)

    init, g = command("init")
    g.add_argument("--to", metavar="FOLDER", help=h("cli.init.to"))
    g.add_argument("--move-old-to", dest="move_old_to", metavar="FOLDER", help=h("cli.init.move_old_to"))
    g.add_argument("--document-kind", dest="document_kind", help=h("cli.init.document_kind"))
    g.add_argument("--number", help=h("cli.init.number"))
    g.add_argument("--date", help=h("cli.init.date"))
    g.add_argument("--issuer", help=h("cli.init.issuer"))
    g.add_argument("--title", help=h("cli.init.title"))
    g.add_argument("--start", help=h("cli.init.start"))
    g.add_argument("--end", help=h("cli.init.end"))
    g.add_argument("--award-form", dest="award_form", action="append", metavar="FORM", help=h("cli.init.award_form"))
    init.set_defaults(func=cmd_init)

    samples, g = command("samples")
    g.add_argument("action", choices=("remove",), help=h("cli.samples.action"))
    g.add_argument("--yes", action="store_true", help=h("cli.samples.yes"))
    samples.set_defaults(func=cmd_samples)

    tpl, g = command("template")
    g.add_argument("path", nargs="?", default=DEFAULT_TEMPLATE, help=h("cli.template.path"))
    g.add_argument("--force", action="store_true", help=h("cli.template.force"))
    tpl.set_defaults(func=cmd_template)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code (0: all good, 1: problems found)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        _utf8(stream)
    lang = _lang_of(argv)
    args = build_parser(lang).parse_args(argv)
    con = Console(args.lang)
    try:
        return args.func(args, con)
    except CliError as exc:
        return con.fail(exc.msg)
    except DataError as exc:
        con.say("cli.data_invalid")
        con.problems(exc.problems)
        return 1
    except OptionsError as exc:
        con.line(exc.format(con.lang))
        return 1


if __name__ == "__main__":
    sys.exit(main())
