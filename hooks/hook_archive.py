"""MkDocs hook: the edition's facts (colophon), the booklet's pages, and the PDFs when the build makes them."""

from __future__ import annotations

import os
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger

from thidua.archive.pdf import PdfError, PrintJob, print_pdfs
from thidua.model.strings import t
from thidua.publish import state
from thidua.publish.edition import booklet_entries, make_edition

log = get_plugin_logger("thidua.archive")


def _flag(config, name: str) -> bool:
    """extra.thidua.<name> from mkdocs.yml (set through an environment variable there)."""
    value = (config.extra.get("thidua") or {}).get(name, False)
    return value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "on")


# on_config, after hook_data (listed before this hook): the data and the build date are known. Done
# once per build command and kept on the config, which the i18n plugin's English build reuses.
def on_config(config):
    if config.get(state.EDITION) is not None:
        return config
    root = Path(config.config_file_path).resolve().parent
    site = config[state.SITE]
    photos = config.get(state.PHOTOS) or {}
    # The photos' hashes are known already (hook_photos, listed before this hook): not read again.
    known = {
        (site.data_dir / "photos" / h.photo.file).resolve(): photos[hid].sha256
        for hid, h in site.honourees
        if hid in photos and photos[hid].sha256
    }
    config[state.EDITION] = make_edition(
        root,
        config[state.SITE].data_dir,
        config[state.TODAY],
        os.environ,
        archive=_flag(config, "archive"),
        pdfs=_flag(config, "pdf"),
        known_hashes=known,
    )
    return config


# on_page_context, after hook_pages' (listed before this hook, same priority), which made the
# page's data (td): the edition for the colophon and the PDF links, the booklet's pages.
def on_page_context(context, page, config, nav):
    td = context.get("td")
    if not td:
        return context
    td["edition"] = config[state.EDITION]
    if td["page_kind"] == "booklet":
        td["entries"] = booklet_entries(config[state.CONTEXT], td["lang"])
    return context


# on_post_build at -160, below the i18n plugin's (-100), which builds the other languages from inside
# the Vietnamese build: in the outer build every language is written, so the pages can be printed.
# The inner builds (i18n.building is True) skip. Printing takes seconds, so only builds that ask for
# PDFs (extra.thidua.pdf, set by the archive command) make them.
@event_priority(-160)
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return
    edition = config[state.EDITION]
    if not edition.pdfs:
        return
    document = config[state.SITE].campaign.document
    jobs = [
        PrintJob(
            page=pdf.page,
            target=pdf.path,
            title=t(pdf.lang, f"page.{pdf.kind}.title") if pdf.kind != "plan"
            else f"{document.kind.get(pdf.lang)} – {document.title.get(pdf.lang)}",
            author=document.issuer.get(pdf.lang),
            subject=document.title.get(pdf.lang),
            lang=pdf.lang,
        )
        for pdf in edition.pdfs
    ]
    started = time.perf_counter()
    try:
        print_pdfs(Path(config.site_dir), jobs, config.site_url or "http://127.0.0.1:8000/", edition.built)
    except PdfError as error:
        raise PluginError(f"PDF: {error}") from error
    log.info(f"PDF: {len(jobs)} files in {time.perf_counter() - started:.1f} s")

