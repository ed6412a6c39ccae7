"""MkDocs hook: the edition's facts (colophon, PDF links), and the PDFs when the build makes them."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from thidua.archive.pdf import PdfError, PrintJob, print_pdfs
from thidua.fs import real_path
from thidua.model.problems import Msg
from thidua.model.strings import t
from thidua.publish import state
from thidua.publish.edition import make_edition

log = get_plugin_logger("thidua.archive")
ARCHIVE_CSS = "assets/css/archive.css"


# on_config, after hook_data and hook_photos (listed before this hook): the data, the build date and
# the photos' hashes are known. Done once per build command and kept on the build's state, which the
# i18n plugin's English build reuses; hook_pages hands the edition to the pages that show it.
def on_config(config):
    build = state.of(config)
    if build.edition is not None:
        return config
    site = build.site
    photos = build.photos or {}
    # The photos' hashes are known already (hook_photos), and the honourees' files' (the load): not read again.
    folders: dict[str, str] = {}
    known = dict(build.loaded.hashes) if build.loaded is not None else {}
    if site is not None:
        for hid, h in site.honourees:
            if hid in photos and photos[hid].sha256:
                with contextlib.suppress(OSError):
                    known[real_path(site.data_dir / "photos" / h.photo.file, folders)] = photos[hid].sha256
    # A Department's archive home: its campaigns' builds print their own PDFs.
    info = site.info if site is not None else build.department.info
    build.edition = make_edition(
        build.project,
        site.data_dir if site is not None else build.department.data_dir,
        build.today,
        os.environ,
        archive=build.options.archive,
        pdfs=build.options.pdf and site is not None,
        languages=build.languages,
        slug=info.slug,
        known_hashes=known,
    )
    # The archive edition's pages name the shipped fonts first (docs/assets/css/archive.css).
    if build.edition.archive:
        config.extra_css.append(ARCHIVE_CSS)
    return config


# on_post_build at -160, below the i18n plugin's (-100), which builds the other languages from inside
# the Vietnamese build: in the outer build every language is written, so the pages can be printed.
# The inner builds skip. Printing takes seconds, so only builds that ask for PDFs (extra.thidua.pdf,
# set by the archive command) make them. Each printed PDF is then made PDF/A-2b and checked.
@event_priority(-160)
def on_post_build(config):
    if state.inner_language_build(config):
        return
    build = state.of(config)
    edition = build.edition
    if not edition.pdfs:
        return
    document = build.site.campaign.document
    jobs = [
        PrintJob(
            page=pdf.page,
            target=pdf.path,
            title=t(pdf.lang, f"page.{pdf.kind}.title") if pdf.kind != "plan"
            else f"{document.kind.get(pdf.lang)} – {document.title.get(pdf.lang)}",
            author=build.site.info.publisher.name.get(pdf.lang),
            subject=document.title.get(pdf.lang),
            lang=pdf.lang,
        )
        for pdf in edition.pdfs
    ]
    started = time.perf_counter()
    try:
        print_pdfs(Path(config.site_dir), jobs, config.site_url or "http://127.0.0.1:8000/", edition.built)
        # The archive extra (pikepdf), imported only where PDFs are made: `pip install -e .` serves and
        # builds the site without it.
        try:
            from thidua.archive.pdfa import PdfaFailed, convert_files
        except ImportError:
            raise PdfError([Msg.of("pdf.error.playwright")]) from None
        try:
            convert_files(Path(config.site_dir), [pdf.path for pdf in edition.pdfs])
        except PdfaFailed as error:
            raise PluginError(f"PDF/A: {error}") from error
    except PdfError as error:
        raise PluginError(f"PDF: {error}") from error
    log.info(f"PDF: {len(jobs)} files in {time.perf_counter() - started:.1f} s")
