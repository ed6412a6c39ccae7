"""The archive edition: the whole bilingual site, its open data and PDFs as one reproducible zip.

    python -m thidua.archive [-f mkdocs.yml] [-o dist] [--wacz [--site-url URL]] [--lang vi|en]

builds the site with Material's offline plugin (links to index.html files, readable from file://)
and the PDFs, checks every link, makes it a BagIt bag (the site under data/, manifest-sha256.txt,
bag-info.txt, README.txt) and writes dist/<campaign's slug>-<build date>.zip. The build date is
SOURCE_DATE_EPOCH when set, else the start of today in Viet Nam: two runs with the same sources and
SOURCE_DATE_EPOCH give the same bytes. Before building, it finds the browser that prints the PDFs
(thidua.archive.browser), or says what to install on this platform, in Vietnamese (--lang en or
THIDUA_LANG=en: in English).

With --wacz it also builds the site as published at SITE_URL (directory URLs) and writes it as
dist/<campaign>-<build date>.wacz, a web archive (thidua.archive.wacz).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from importlib.metadata import version
from pathlib import Path

import jinja2

from thidua.archive import browser as browsers
from thidua.archive.bag import (
    MANIFEST,
    PAYLOAD,
    BagFailed,
    bag_info,
    department_campaigns,
    is_department_site,
    make_bag,
    site_campaign,
    site_info,
)
from thidua.archive.links import check_site
from thidua.archive.wacz import WaczFailed, write_wacz
from thidua.fs import atomic_path
from thidua.model.dates import VIETNAM, build_date
from thidua.model.languages import DEFAULT_LANGUAGE, LANGUAGES
from thidua.model.problems import Msg
from thidua.model.strings import t
from thidua.progress import Progress
from thidua.publish.edition import git_version

README = "README.txt"
README_TEMPLATE = "thidua/archive-readme.txt"
# ZIP timestamps cannot predate 1980.
ZIP_EPOCH = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)


class ArchiveError(Exception):
    """The archive could not be built; nothing was written."""


def default_epoch(now: dt.datetime | None = None) -> int:
    """The start of today in Viet Nam, as a Unix time: every build of a day is the same build."""
    now = now or dt.datetime.now(VIETNAM)
    today = now.astimezone(VIETNAM).date()
    return int(dt.datetime(today.year, today.month, today.day, tzinfo=VIETNAM).timestamp())


def archive_name(slug: str, built: dt.date) -> str:
    """Named after the campaign (data/site.yaml's slug), then the build date."""
    return f"{slug}-{built.isoformat()}"


def bundle_files(folder: Path) -> list[str]:
    """Every file under `folder`, as sorted POSIX paths from it (the order of the zip)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def write_zip(folder: Path, target: Path, when: int) -> None:
    """Zip `folder` as `target`, every file under one top folder of the same name, byte for byte
    reproducible: files in path order, one timestamp, fixed permissions, no extra fields. Written
    to a temporary file beside the target and renamed at the end, so a failure leaves no zip."""
    stamp = max(dt.datetime.fromtimestamp(when, VIETNAM).replace(tzinfo=None), ZIP_EPOCH.replace(tzinfo=None))
    date_time = stamp.timetuple()[:6]
    with (
        atomic_path(target, suffix=".part") as partial,
        zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf,
    ):
        for rel in bundle_files(folder):
            info = zipfile.ZipInfo(f"{folder.name}/{rel}", date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, so the permissions below are read
            info.external_attr = (0o100644 & 0xFFFF) << 16
            zf.writestr(info, (folder / rel).read_bytes(), compresslevel=9)


def render_readme(templates: Path, name: str, languages: tuple[str, ...]) -> str:
    """README.txt at the top of the bundle: how to open, search and verify it, in every language of the site."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)), autoescape=False, keep_trailing_newline=True
    )
    return env.get_template(README_TEMPLATE).render(
        languages=languages, t=t, name=name, manifest=MANIFEST, payload=PAYLOAD
    )


def build_site(
    config_file: Path, site: Path, epoch: int, *, archive: bool = True, site_url: str | None = None, campaign: str | None = None
) -> str:
    """`mkdocs build --strict` into `site`, with the PDFs: the archive edition (offline links) or, with
    `archive` false, the site as published on the web; returns its log."""
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(epoch),
        "THIDUA_ARCHIVE": "true" if archive else "false",
        "THIDUA_PDF": "true",
        "NO_MKDOCS_2_WARNING": "1",
    }
    if site_url:
        env["SITE_URL"] = site_url
    if campaign:
        # One campaign of a Department's site, on its own (no link to the other campaigns: self-contained).
        env["THIDUA_CAMPAIGN"] = campaign
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(site)]
    proc = subprocess.run(
        cmd, cwd=config_file.parent, env=env, capture_output=True, text=True, encoding="utf-8", errors="replace"
    )
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise ArchiveError(f"the site did not build:\n{output.strip()}")
    return output


def _progress(what: str):
    """n of N and the time left on the terminal (a bar) or as a line now and then (a log)."""
    return lambda total: Progress(what, total, stream=sys.stderr)


def find_browser() -> str:
    """The browser the build will print the PDFs with (thidua.archive.browser), as a name to show;
    BrowserError, saying what to install on this platform, where there is none."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise browsers.BrowserError([Msg.of("pdf.error.playwright")]) from None
    with sync_playwright() as pw:
        browser, candidate = browsers.launch(pw)
        browser.close()
    return candidate.describe()


def build_archive(
    config_file: Path, out_dir: Path, epoch: int | None = None, site_url: str | None = None, campaign: str | None = None
) -> Path:
    """Build the archive edition of the project whose config is `config_file`; returns the zip's path."""
    config_file = config_file.resolve()
    if not config_file.is_file():
        raise ArchiveError(f"no {config_file}")
    epoch = default_epoch() if epoch is None else epoch
    built = build_date({"SOURCE_DATE_EPOCH": str(epoch)})
    out_dir = out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".thidua-archive-", dir=out_dir) as tmp:
        built_site = Path(tmp) / "site"
        build_site(config_file, built_site, epoch, site_url=site_url, campaign=campaign)
        # Named after the campaign as the built site publishes it (its campaign.json): the zip's name
        # and its one top folder come from the data, never from the code.
        info = site_info(built_site)
        name = archive_name(info.slug, built)
        site = built_site.rename(Path(tmp) / name)
        broken = check_site(site, file_urls=True, progress=_progress("links checked"))
        if broken:
            listed = "\n".join(f"  {b}" for b in broken[:50])
            raise ArchiveError(f"{len(broken)} broken link(s) when read from file://:\n{listed}")
        templates = config_file.parent / "overrides"
        commit, _ = git_version(config_file.parent, config_file.parent)
        described = department_campaigns(site) if is_department_site(site) else site_campaign(site)
        tags = bag_info(described, info, built, name, epoch, commit)
        try:
            make_bag(site, tags, {README: render_readme(templates, name, info.languages)})
        except BagFailed as error:
            raise ArchiveError(str(error)) from error
        target = out_dir / f"{name}.zip"
        write_zip(site, target, epoch)
    return target


def build_wacz(config_file: Path, out_dir: Path, epoch: int | None = None, site_url: str | None = None) -> Path:
    """Build the site as published at `site_url` (SITE_URL by default: directory URLs, the PDFs) and
    write it as a web archive, dist/<campaign>-<build date>.wacz; returns its path."""
    config_file = config_file.resolve()
    if not config_file.is_file():
        raise ArchiveError(f"no {config_file}")
    site_url = (site_url or os.environ.get("SITE_URL", "")).strip()
    if not site_url:
        raise ArchiveError(
            "a web archive keeps the site at its published address: set SITE_URL (or --site-url), "
            "e.g. SITE_URL=https://thidua.example.gov.vn/"
        )
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    epoch = default_epoch() if epoch is None else epoch
    built = build_date({"SOURCE_DATE_EPOCH": str(epoch)})
    out_dir = out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".thidua-wacz-", dir=out_dir) as tmp:
        site = Path(tmp) / "site"
        build_site(config_file, site, epoch, archive=False, site_url=site_url)
        broken = check_site(site, site_url=site_url, progress=_progress("links checked"))
        if broken:
            listed = "\n".join(f"  {b}" for b in broken[:50])
            raise ArchiveError(f"{len(broken)} broken link(s) in the published site:\n{listed}")
        # Named after the campaign (its slug) and described by its publisher, from the built site.
        info = site_info(site)
        name = archive_name(info.slug, built)
        publisher = info.publisher.name.vi
        doc = site_campaign(site).document
        document = f"{doc.kind.vi} {doc.title.vi}"
        description = t(DEFAULT_LANGUAGE, "archive.wacz.description", document=document, issuer=publisher,
                        url=site_url)  # fmt: skip
        software = f"python -m thidua.archive (warcio {version('warcio')})"
        target = out_dir / f"{name}.wacz"
        try:
            write_wacz(
                site, site_url, target, dt.datetime.fromtimestamp(epoch, dt.timezone.utc),
                title=document, description=description, software=software,
                warcinfo={"software": software, "format": "WARC File Format 1.1",
                          "conformsTo": "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
                          "isPartOf": name, "operator": publisher, "description": description},
            )  # fmt: skip
        except WaczFailed as error:
            raise ArchiveError(str(error)) from error
    return target


def _lang_of(argv: list[str]) -> str:
    """The language of the command's messages: --lang anywhere on the line, else THIDUA_LANG, else
    Vietnamese (as the `thidua` command)."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", choices=LANGUAGES)
    known, _ = pre.parse_known_args(argv)
    env = os.environ.get("THIDUA_LANG", "").strip()
    return known.lang or (env if env in LANGUAGES else DEFAULT_LANGUAGE)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    lang = _lang_of(argv)
    for stream in (sys.stdout, sys.stderr):  # Vietnamese on a Windows console or a pipe
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    parser = argparse.ArgumentParser(prog="python -m thidua.archive", description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=LANGUAGES, default=lang, help=t(lang, "cli.lang"))
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml")
    parser.add_argument("-o", "--output", type=Path, help="folder for the zip (default: dist/ beside the config)")
    parser.add_argument("--wacz", action="store_true",
                        help="also write the site as published at SITE_URL as a web archive (WACZ)")  # fmt: skip
    parser.add_argument("--site-url", help="the site's published address (default: SITE_URL)")
    parser.add_argument("--campaign", metavar="ID",
                        help="a Department's site: the archive of this campaign alone (default: the whole site)")  # fmt: skip
    args = parser.parse_args(argv)
    env_epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        epoch = int(env_epoch) if env_epoch else None
    except ValueError:
        print(f"SOURCE_DATE_EPOCH={env_epoch!r} is not a Unix time in seconds", file=sys.stderr)
        return 2
    epoch = default_epoch() if epoch is None else epoch
    out_dir = args.output or args.config_file.resolve().parent / "dist"
    started = time.perf_counter()
    site_url = args.site_url or os.environ.get("SITE_URL") or None
    if args.wacz and not site_url:
        print("Web archive not built: set SITE_URL (or --site-url) to the site's published address, "
              "e.g. SITE_URL=https://thidua.example.gov.vn/", file=sys.stderr)  # fmt: skip
        return 2
    # The browser first: without one, say what to install (in the clerk's language) before building anything.
    try:
        print(t(lang, "archive.cli.browser", browser=find_browser()), flush=True)
    except browsers.BrowserError as error:
        print(f"{t(lang, 'archive.cli.failed')}:\n{error.render(lang)}", file=sys.stderr)
        return 1
    try:
        targets = [build_archive(args.config_file, out_dir, epoch, site_url, campaign=args.campaign)]
        if args.wacz:
            targets.append(build_wacz(args.config_file, out_dir, epoch, site_url))
    except ArchiveError as error:
        print(f"Archive not built: {error}", file=sys.stderr)
        return 1
    for target in targets:
        print(f"{target} ({target.stat().st_size / 1_000_000:.1f} MB)")
    print(f"in {time.perf_counter() - started:.0f} s")
    print(f"Rebuild byte for byte from the same commit with SOURCE_DATE_EPOCH={epoch}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
