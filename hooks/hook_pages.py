"""MkDocs hook: adds the pages generated from the data, in both languages, and hands them their data."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from babel.numbers import format_decimal
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.toc import AnchorLink, TableOfContents

from thidua.model.data import Text
from thidua.model.dates import format_date, ordinal, page_style
from thidua.model.languages import lang_root
from thidua.model.numbers import file_size
from thidua.model.story import StoryRenderer
from thidua.model.strings import Phrase, t, template, tn
from thidua.progress import Progress
from thidua.publish import state
from thidua.publish.compiled import bytecode_cache
from thidua.publish.department import department_pages, department_view
from thidua.publish.facts import BuildContext
from thidua.publish.fragments import Fragments, templates_key
from thidua.publish.pages import all_src_uris, site_pages, stub
from thidua.publish.preview import Kept, KeptLanguage, ShellPages, preview, snapshot
from thidua.publish.shell import SLOT, PageFiles, Shell, ShellError
from thidua.publish.views import ViewInputs, know_views, page_view

log = get_plugin_logger("thidua")

# Under `mkdocs serve` only: what the last full build kept for previewing an edit of honourees' files
# (thidua.publish.preview). MkDocs loads a hook file once per process, so this outlives each rebuild's config.
_serve: dict = {"command": None, "building": {}, "kept": None, "pending": None}
# After a preview, the full rebuild starts this much later: the reloaded page and its assets are served first.
CATCH_UP_DELAY = 1.0


def on_startup(command, dirty):
    _serve.update(command=command, building={}, kept=None, pending=None)


def _inputs(build: state.BuildState) -> ViewInputs:
    """What this language's page views are made from (the open data is made after on_files: hook_exports)."""
    return ViewInputs(build.language.facts, edition=build.edition, downloads=build.downloads or ())


# Priority 0, before the i18n plugin's on_files (-100): the placeholders must be in the file list the
# plugin sorts by language. They are real paths under docs_dir (the plugin needs a source path; a
# File.generated() page crashes it) whose content is set after the plugin has rebuilt the list.
@event_priority(0)
def _add_placeholders(files, config):
    started = time.perf_counter()
    build = state.of(config)
    for spec in _pages(build):
        # Only the languages the data publishes: an unpublished language has no page to warn about.
        for src_uri in (spec.src_uri(lang) for lang in build.languages):
            if files.get_file_from_path(src_uri) is None:
                inclusion = InclusionLevel.INCLUDED if spec.in_nav else InclusionLevel.NOT_IN_NAV
                files.append(
                    File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls, inclusion=inclusion)
                )
    log.debug("timing generate %.6f", time.perf_counter() - started)
    return files


def _pages(build: state.BuildState):
    """The pages MkDocs renders: a campaign's, or a Department's archive home (thidua.publish.department)."""
    return department_pages() if build.department is not None else site_pages(build.site)


# Priority -200, after the i18n plugin has replaced every File with its own per-language copy.
@event_priority(-200)
def _fill_placeholders(files, config):
    started = time.perf_counter()
    build = state.of(config)
    site = build.site
    pages = _pages(build)
    if site is None:  # a Department's archive home: its views are made from the Department (on_page_context)
        build.language = state.LanguageBuild(
            lang=state.language(config), pages={(spec.kind, None): spec for spec in pages}, facts=None
        )
        for file in files:
            entry = all_src_uris(pages, build.languages).get(file.src_uri)
            if entry is not None:
                file.content_string = stub(entry[0], None, entry[1])
                file.generated_by = "thidua"
        return files
    # Everything pages share is computed once per language build, never per page.
    build.language = state.LanguageBuild(
        lang=state.language(config),
        pages={(spec.kind, spec.honouree): spec for spec in pages},
        facts=BuildContext(
            site=site,
            today=build.today,
            photos=build.photos or {},
            render_markdown=StoryRenderer().render,
            site_url=config.site_url or "",
            elsewhere=build.facts.elsewhere if build.facts is not None else {},
        ),
    )
    by_uri = all_src_uris(pages, site.languages)
    for file in files:
        entry = by_uri.get(file.src_uri)
        if entry is not None:
            spec, lang = entry
            file.content_string = stub(spec, site, lang)
            file.generated_by = "thidua"
    log.debug("timing generate %.6f", time.perf_counter() - started)
    return files


on_files = CombinedEvent(_add_placeholders, _fill_placeholders)


# on_env runs once per language build, after the theme's environment exists: the filters are bound
# to that build's language.
def on_env(env, config, files):
    lang = state.language(config)
    build = state.of(config)
    build.language.env = env  # the honouree pages are rendered with it (on_post_page)
    if build.store is not None:  # Material's and our templates compiled once for this engine
        env.bytecode_cache = bytecode_cache(build.options.template_cache(build.project), build.engine)
    # Our templates (overrides/thidua/) autoescape; Material's own keep their setting.
    previous = env.autoescape
    env.autoescape = lambda name: bool(name and name.startswith("thidua/")) or (
        previous(name) if callable(previous) else bool(previous)
    )

    def tx(value) -> str:
        return value.get(lang) if isinstance(value, (Text, Phrase)) else ("" if value is None else str(value))

    def untranslated(value) -> bool:
        return isinstance(value, (Text, Phrase)) and not value.is_translated(lang)

    def interface(key: str, **params) -> Markup:
        """Interface text with its parameters escaped, except those already markup (a data text
        rendered by the text macro, with its own marking when untranslated)."""
        if not params:
            return Markup.escape(t(lang, key))
        return Markup.escape(template(lang, key)).format(**params)

    def phrase(value: Phrase, render) -> Markup:
        """A phrase of interface text and data parts, each data part rendered by `render` (the text
        macro): on English pages only its untranslated parts are marked, not the whole sentence."""
        parts = {name: render(v) if isinstance(v, (Text, Phrase)) else v for name, v in value.params}
        return Markup.escape(template(lang, value.key)).format(**parts)

    env.filters["tx"] = tx
    env.filters["phrase"] = phrase
    env.tests["untranslated"] = untranslated
    env.tests["phrase"] = lambda value: isinstance(value, Phrase)
    env.filters["num"] = lambda n: format_decimal(n, locale=lang)
    env.filters["ordinal"] = lambda n: ordinal(n, lang)
    env.filters["filesize"] = lambda n: file_size(int(n), lang)
    # Dates in this language's page style (thidua.model.dates.PAGE_STYLE), unless a template asks for another.
    env.filters["fdate"] = lambda day, style=None: format_date(day, lang, style or page_style(lang)) if day else ""
    env.globals["t"] = interface
    # A text in the form for a count, by the language's plural rules: tn("directory.intro", 3).
    env.globals["tn"] = lambda key, count, **kw: Markup.escape(tn(lang, key, count, **kw))
    env.globals["thidua_lang"] = lang
    # The site's publisher and contact, for every page's footer (partials/copyright.html).
    env.globals["td_info"] = build.site.info if build.site is not None else build.department.info
    # The sitemap lists every honouree in the place of the honouree pages' shell.
    env.globals["td_shell_slot"] = SLOT
    env.globals["td_honouree_ids"] = build.language.facts.order if build.language.facts is not None else ()
    # A Department's campaign links to the archive home; the archive home has no edition page of its own.
    env.globals["td_home"] = build.facts.home if build.facts is not None else None
    env.globals["td_department"] = build.department is not None
    # Path prefix of this language's pages from the site root (photos and assets stay at the root).
    env.globals["lang_root"] = lang_root(lang)
    # The costly repeated parts of pages (honouree articles, cards, booklet entries) are rendered as
    # fragments, from their values alone, through the build's store (thidua.publish.fragments).
    custom = config.theme.custom_dir
    templates = templates_key(Path(custom) if custom else None)

    def fragments(digest) -> Fragments:
        return Fragments(
            env, build.store, digest, lang=lang, engine=build.engine, templates=templates,
            directory_urls=bool(config.use_directory_urls),
        )  # fmt: skip

    build.language.fragments = fragments(build.digest)
    build.language.make_fragments = fragments
    facts = build.language.facts
    if build.store is not None and facts is not None and build.digest is not None:
        know_views(facts, build.digest, lang)  # the cards and booklet entries keyed by their honourees' own facts
    env.globals["td_fragment"] = build.language.fragments.template_global()
    return env


# on_page_context: the page's own view (thidua.publish.views), made once per page (Material's blog
# plugin does the same). The honouree pages' shell gets markers where each honouree's sharing tags and
# article go; its context is kept for on_post_page, which renders every honouree with it.
def on_page_context(context, page, config, nav):
    kind = page.meta.get("thidua_page")
    if not kind:
        return context
    started = time.perf_counter()
    build = state.of(config)
    spec = build.language.pages[(kind, page.meta.get("thidua_honouree"))]
    if build.department is not None:
        context["td"] = department_view(build.department, spec, build.language.lang, build.today)
        return context
    inputs = _inputs(build)
    context["td"] = view = page_view(inputs, spec, build.language.lang)
    if kind != "honouree" and build.language.fragments is not None:
        # A section page's fragments (cards, booklet entries) are kept together: one read of the store for the page.
        build.language.fragments.begin_page(_section_key(build, spec))
    contents = getattr(view, "contents", ())
    if contents:
        # Material's contents sidebar (and the phone's drawer) lists the page's sections.
        page.toc = _toc(contents, build.language.lang)
    if kind == "honouree":
        build.language.shell_context = context
        # The honouree pages sit under the directory, out of the navigation: its tab and its entry in
        # the navigation show as the current section (Material marks what is active; undone in on_post_page).
        _set_directory_active(nav, True)
    else:
        log.debug("timing generate %.6f", time.perf_counter() - started)
    return context


def _section_key(build: state.BuildState, spec) -> str | None:
    """What names a section page's fragments in the store: its kind, path and language. Each fragment is found
    there by its own key (thidua.publish.fragments.PageFragments), so the page's other inputs need no key."""
    if build.store is None:
        return None
    return "\n".join(("section page", spec.kind, spec.path, build.language.lang))


def _set_directory_active(nav, active: bool) -> None:
    for item in nav.pages:
        if item.meta.get("thidua_page") == "directory":
            item.active = active


def _toc(contents, lang: str) -> TableOfContents:
    """A view's contents list (thidua.publish.views.Heading) as MkDocs' table of contents, titles as HTML."""

    def link(heading, level: int) -> AnchorLink:
        title = heading.title.get(lang) if hasattr(heading.title, "get") else str(heading.title)
        anchor = AnchorLink(str(escape(f"{heading.number} {title}".strip())), heading.anchor, level)
        anchor.children = [link(child, level + 1) for child in heading.children]
        return anchor

    return TableOfContents([link(heading, 2) for heading in contents])


# on_post_page of the shell: every honouree page of this language is the shell filled in with the
# honouree's title, sharing tags and article (thidua.publish.shell). The shell itself is not written (an
# empty output makes MkDocs skip the page).
def on_post_page(output, page, config):
    kind = page.meta.get("thidua_page")
    if kind != "honouree":
        language = state.of(config).language if kind else None
        if language is not None and language.fragments is not None:
            language.fragments.end_page()
        return output
    started = time.perf_counter()
    try:
        shell = Shell.parse(output)
    except ShellError as error:
        raise PluginError(f"The honouree pages' template ({page.file.src_uri}): {error}") from error
    build = state.of(config)
    language = build.language
    context, language.shell_context = language.shell_context, None
    _set_directory_active(context["nav"], False)
    facts = language.facts
    # What thidua/og.html works out from the page's context, as values of the sharing tags' fragment.
    pages = ShellPages(
        lang=language.lang, shell=shell, files=PageFiles(build.store, shell), site_dir=Path(config.site_dir),
        dest=page.file.dest_uri, canonical=page.canonical_url or "", base_url=context["base_url"],
        site_name=Markup(config.site_name).striptags(),  # escaped by hook_data (Material writes it as HTML)
        languages=list(facts.site.languages),
    )  # fmt: skip
    progress = Progress(f"honouree pages ({language.lang})", len(facts.order), log=log.info)
    whole = pages.publish_all(language.fragments, facts, progress)
    if _serve["command"] == "serve" and build.department is None and build.facts is None:
        _serve["building"][language.lang] = KeptLanguage(pages, facts, language.make_fragments)
    progress.finish()
    if whole:
        log.info(f"honouree pages ({language.lang}): nothing they are made of changed, all {len(facts.order):,} taken whole from the store")
    elif pages.shared:
        log.info(f"honouree pages ({language.lang}): {pages.shared:,} of {len(facts.order):,} made by a second process")
    log.debug("timing honourees %.6f", time.perf_counter() - started)
    return ""


# on_post_build of each language: what its pages rendered and took from the build's store, so a rebuild
# under `mkdocs serve` says what an edit touched.
def _report_pages(config):
    language = state.of(config).language
    if language is not None and language.fragments is not None:
        log.info(f"pages ({language.lang}): {language.fragments.log.summary()}")


# --- `mkdocs serve`: an edit of honourees' files shown from the kept shells (thidua.publish.preview) -------


def on_pre_build(config):
    if _serve["command"] == "serve" and not state.inner_language_build(config):
        _serve["building"] = {}


# Last but for hook_publish (-1000), in the outer build: every language's shell has been filled.
@event_priority(-950)
def _keep_for_preview(config):
    build = state.get(config)
    if _serve["command"] != "serve" or state.inner_language_build(config) or build is None or build.site is None:
        return
    if build.department is not None or build.facts is not None or not _serve["building"]:
        return
    _serve["kept"] = Kept(
        project=build.project, data_dir=build.options.data_path(build.project), store=build.store,
        engine=build.engine, site=build.site, languages=_serve["building"], snapshot=_serve["pending"],
        loaded=build.loaded,
    )  # fmt: skip
    _serve["building"], _serve["pending"] = {}, None


on_post_build = CombinedEvent(_report_pages, _keep_for_preview)


def on_build_error(error):
    _serve["building"], _serve["pending"] = {}, None


def on_serve(server, config, builder):
    """Replaces the server's builder: an edit of honourees' files only is shown first from the kept shells,
    then the full rebuild runs (its log says what it rendered); anything else is the full rebuild at once."""
    if not (hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild")):
        return server  # another MkDocs: no way to ask for the full rebuild after a preview, so none
    watched = [Path(config.docs_dir), Path(config.config_file_path), *(Path(p) for p in config.watch)]
    full = server.builder
    kept = _serve["kept"]
    if kept is not None and kept.snapshot is None:
        kept.snapshot = snapshot(watched)  # the first build's (made before the server started watching)
    run = {"catch_up": False, "builds": 0}

    def catch_up(builds: int) -> None:
        if run["builds"] == builds:  # no full rebuild since the preview (another edit would have run one)
            with server._rebuild_cond:
                server._want_rebuild = True
                server._rebuild_cond.notify_all()

    def build(config=None):
        now = snapshot(watched)
        kept = _serve["kept"]
        if config is None and not run["catch_up"] and kept is not None:
            started = time.perf_counter()
            try:
                shown = preview(kept, now)
            except Exception as error:  # noqa: BLE001 - the full rebuild below reports any real problem
                log.debug(f"preview skipped: {error!r}")
                shown = None
            if shown is not None:
                for lang, summary in shown.summaries.items():
                    log.info(f"preview ({lang}): {summary}")
                log.info(
                    f"Preview of {', '.join(shown.edited)} shown in {time.perf_counter() - started:.2f} s; "
                    "the full rebuild follows"
                )
                run["catch_up"] = True
                timer = threading.Timer(CATCH_UP_DELAY, catch_up, args=(run["builds"],))
                timer.daemon = True
                timer.start()
                return
        run["catch_up"] = False
        run["builds"] += 1
        _serve["pending"] = now
        full(config) if config is not None else full()

    server.builder = build
    return server
