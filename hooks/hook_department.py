"""MkDocs hook: a Department's site (data/campaigns/): each campaign built at /<slug>/ by a run of its own,
the archive home's joined files, and the old addresses of the campaign that was the site's only one.

on_config (after hook_data has loaded and checked every campaign): the campaigns' builds start, two at a
time, in the background (thidua.publish.campaigns), while this build renders the archive home. At
on_post_build, in the outer build, after the search index of the home (hook_search, -150): the builds are
awaited (one that failed stops the whole build before anything is published, with its messages), each
campaign's folder is linked in at /<slug>/, the files joining every campaign's are written, the home's
search is told of every campaign's index, and the old addresses of the primary campaign lead to their
new ones. A build of one campaign (the only one, or one of a Department's) does none of this.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path, PurePosixPath

from jinja2 import Environment, FileSystemLoader, select_autoescape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from thidua.model.strings import t
from thidua.publish import state
from thidua.publish.campaigns import CampaignBuildError, CampaignBuilds, build_key, campaign_facts, link_tree
from thidua.publish.department import EVERYONE_INDEX, everyone_index, joined_files
from thidua.search.shards import MANIFEST

CAMPAIGN_INDEXES = "thidua-campaigns.json"  # at the site's root: every campaign's search index, for the home's search

log = get_plugin_logger("thidua")

# What an old address of the primary campaign does not keep: the home's own files take those places.
NOT_KEPT = ("404.html", "sitemap.xml", "sitemap.xml.gz", "pagefind/", "assets/")
# The campaigns' builds this process runs (on_build_error has no config): stopped when the build fails.
_running: dict = {"builds": None}


def _site_url(config) -> str:
    return (config.site_url or "http://127.0.0.1:8000/").rstrip("/") + "/"


# on_config at -10: after hook_data (0), which loaded and checked every campaign (bad data stops the
# build before anything starts), before the i18n plugin's (-100).
@event_priority(-10)
def on_config(config):
    build = state.get(config)
    if build is None or build.department is None or build.campaign_builds is not None:
        return config
    department = build.department
    builds = CampaignBuilds(build.project, build.options.site_cache(build.project))
    options = f"archive={build.options.archive} pdf={build.options.pdf} urls={config.use_directory_urls}"
    for slug, _ in department.campaigns:
        facts = campaign_facts(department, slug).to_json()
        site_url = f"{_site_url(config)}{slug}/"
        key = build_key(
            engine=build.engine, project=build.project, department_dir=department.data_dir, slug=slug, facts=facts,
            site_url=site_url, options=options, today=build.today.isoformat(), strict=bool(config.strict),
        )  # fmt: skip
        builds.start(slug, key, facts, site_url=site_url, strict=bool(config.strict), env={})
    build.campaign_builds = _running["builds"] = builds
    return config


@event_priority(-170)
def on_post_build(config):
    build = state.of(config)
    if build.department is None or state.inner_language_build(config):
        return
    started = time.perf_counter()
    department = build.department
    try:
        done = build.campaign_builds.results()
    except CampaignBuildError as error:
        raise PluginError(f"Campaign '{error.slug}' (data/campaigns/{error.slug}/) could not be built:\n{_problems(error.output)}") from None
    site_dir = Path(config.site_dir)
    for campaign in done:
        link_tree(campaign.folder, site_dir / campaign.slug)
    built = {campaign.slug: campaign.folder for campaign in done}
    for path, content in joined_files(department, built, _site_url(config)).items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    (site_dir / EVERYONE_INDEX).parent.mkdir(parents=True, exist_ok=True)
    (site_dir / EVERYONE_INDEX).write_bytes(everyone_index(department, department.languages))
    _merge_search(site_dir, department, built)
    moved = _redirect_primary(config, site_dir, department, built) if department.info.primary else 0
    reused = sum(1 for campaign in done if campaign.reused)
    log.info(
        f"campaigns: {len(done) - reused} built, {reused} unchanged (reused)"
        + (f"; {moved} old addresses of {department.info.primary} lead to /{department.info.primary}/" if moved else "")
    )
    log.debug("timing campaigns %.6f", time.perf_counter() - started)


def _problems(output: str) -> str:
    """What a campaign's build said that matters: its warnings and errors (with their lines), not its progress."""
    kept = []
    for line in output.strip().splitlines():
        if line.startswith(("INFO", "DEBUG")) or "left as it was" in line or line.startswith("Aborted with"):
            continue
        kept.append(line)
    return "\n".join(kept).strip() or output.strip()


def on_build_error(error):
    # The build failed (its own pages, or a campaign's build): the campaigns' builds still under way are
    # stopped, so that the command ends now; nothing of theirs reaches the site, which is not published.
    builds, _running["builds"] = _running["builds"], None
    if builds is not None:
        builds.stop()


def _merge_search(site_dir: Path, department, built: dict[str, Path]) -> None:
    """The home's search merges every campaign's index of its language, each result filtered and labelled
    by its campaign (Pagefind's mergeFilter: search.js). Listed in a file of its own beside the home's
    index, which `mkdocs serve` refreshes in the background (and whose manifest it rewrites)."""
    shards: dict[str, list] = {}
    names = {}
    for slug, site in department.newest_first():
        names[slug] = site.info.name.model_dump(exclude_none=True)
        try:
            own = json.loads((built[slug] / "pagefind" / MANIFEST).read_text(encoding="utf-8")).get("shards", {})
        except (OSError, ValueError):
            own = {}
        for lang in department.languages:
            if lang not in site.languages:
                continue
            shards.setdefault(lang, [])
            shards[lang].append({"url": f"../{slug}/pagefind/", "campaign": slug})
            shards[lang] += [{"url": f"../{slug}/pagefind/{shard}", "campaign": slug} for shard in own.get(lang, [])]
    (site_dir / CAMPAIGN_INDEXES).write_text(
        json.dumps({"campaigns": names, "shards": shards}, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
        encoding="utf-8",
    )


def _redirect_primary(config, site_dir: Path, department, built: dict[str, Path]) -> int:
    """Every address the primary campaign had at the site's root answers still: a page with a redirect to
    its new address (and its canonical link), any other file with the same file."""
    slug = department.info.primary
    source = built[slug]
    env = Environment(loader=FileSystemLoader(str(Path(config.theme.custom_dir))), autoescape=select_autoescape(["html"]))
    template = env.get_template("thidua/redirect.html")
    base = _site_url(config)
    english = "en" in department.languages
    count = 0
    for folder, _, files in os.walk(source):
        for name in files:
            rel = PurePosixPath(Path(folder, name).relative_to(source).as_posix())
            text = rel.as_posix()
            if any(text == kept or text.startswith(kept) for kept in NOT_KEPT):
                continue
            target = site_dir / text
            if target.exists():
                continue  # the archive home's own (/, /ton-vinh/, the joined data files...)
            target.parent.mkdir(parents=True, exist_ok=True)
            if rel.suffix == ".html":
                where = rel.parent.as_posix()
                where = "" if where == "." else where + "/"
                shown = where if config.use_directory_urls and rel.name == "index.html" else where + rel.name
                up = "../" * len(rel.parent.parts)
                html = template.render(
                    title=t("vi", "redirect.title"), canonical=f"{base}{slug}/{shown}", target=f"{up}{slug}/{shown}",
                    moved_vi=t("vi", "redirect.moved"), moved_en=t("en", "redirect.moved") if english else "",
                )  # fmt: skip
                target.write_text(html, encoding="utf-8")
            else:
                try:
                    os.link(Path(folder, name), target)
                except OSError:
                    target.write_bytes(Path(folder, name).read_bytes())
            count += 1
    return count
