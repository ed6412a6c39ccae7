"""An edit of honourees' files under `mkdocs serve`, shown at once: their pages filled again from the last build's shells.

`mkdocs serve` rebuilds the whole site after every saved edit. When the only files changed since the last full
build are honourees' YAML files (no file added or removed, their photos and their place in the order the same), the
edited honourees' pages and their neighbours' (whose previous/next links name them) are filled again from what the
last full build kept of each language (its shell, its facts, its fragments' environment: `ShellPages`, `Kept`), from
the data loaded again, exactly as that build fills every honouree page (`ShellPages.publish`, which on_post_page
uses too). The page is shown; the full rebuild follows at once and brings everything else (the section pages, the
open data, the search index) up to date. Anything else (a plan, a unit, a photo, a template, a page of docs/, a new
file, data that does not load) takes the full rebuild at once, which reports what is wrong as every build does.

Nothing here imports MkDocs: hook_pages keeps the shells and replaces the server's builder (on_serve).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from markupsafe import escape

from thidua import forked, fs
from thidua.keys import Digest, hash_text
from thidua.load.files import load_site
from thidua.load.memo import LoadMemo, Warm
from thidua.model.problems import DataError
from thidua.model.site import SiteData
from thidua.progress import Progress
from thidua.publish.cards import honouree_card
from thidua.publish.facts import BuildContext
from thidua.publish.fragments import HONOUREE_BODY, HONOUREE_HEAD, Fragments, Rendered
from thidua.publish.pages import honouree_page
from thidua.publish.shell import SLOT, PageFiles, Shell
from thidua.publish.views import honouree_view, know_views
from thidua.store import Store

HONOUREE_FILES = (".yaml", ".yml")
SKIPPED_DIRS = {"__pycache__", ".git", ".cache"}


@dataclass
class ShellPages:
    """What fills one language's honouree pages from its shell (hook_pages.on_post_page)."""

    lang: str
    shell: Shell
    files: PageFiles
    site_dir: Path
    dest: str  # the shell's file under site_dir, with SLOT where each honouree's id goes
    canonical: str  # the shell's canonical URL, with SLOT
    base_url: str
    site_name: str  # the site's name as text (Material writes config.site_name as HTML)
    languages: list[str]
    shared: int = 0  # the pages the last `publish` had a forked copy make (thidua.forked)

    def slot(self, fragments: Fragments) -> str:
        """The store's name of this language's honouree pages as the last build made them: every input of theirs but
        the facts (the shell's pieces, the fragments' base: engine, templates, interface text, language; this shell's
        own values). The entry holds each page's facts key (BuildContext.honouree_page_key) and its keys in the store."""
        return hash_text(
            "honouree pages", self.files.base, fragments.base, self.lang, self.dest, self.canonical, self.base_url,
            self.site_name, "\n".join(self.languages),
        )  # fmt: skip

    def publish_all(self, fragments: Fragments, facts: BuildContext, progress: Progress | None = None) -> bool:
        """Every honouree page of the language. A page whose facts (its own, its neighbours', those all pages share:
        BuildContext.honouree_page_key) are those of the page the last build made from this shell is the file that
        build wrote: no view is made, no key walked. Every other page is made as `publish` makes it. True when every
        page was the last build's."""
        store = self.files.store
        if store is None:
            self.publish(fragments, facts, facts.order, progress)
            return False
        slot = self.slot(fragments)
        stored = store.get(slot)
        before: dict[str, list[str]] = json.loads(stored) if stored is not None else {}
        made: dict[str, list[str]] = {}
        todo: dict[str, str] = {}
        for hid in facts.order:
            key = facts.honouree_page_key(fragments.digest, hid)
            entry = before.get(hid)
            # The stored bytes linked again; not found (another build's prune): the page made as usual.
            if entry is None or entry[0] != key or not self.files.linked(entry[1], self.site_dir / self.dest.replace(SLOT, hid)):
                todo[hid] = key
                continue
            for used in entry[2:]:  # the page's own entries, kept by the store's pruning for the build after an edit
                store.mark_used(used)
            fragments.reused("honouree pages", hid)
            made[hid] = entry
            if progress is not None:
                progress.advance()
        if todo:
            fresh: dict[str, list[str]] = {}
            self.publish(fragments, facts, list(todo), progress, made=fresh)
            made.update({hid: [todo[hid], *entry] for hid, entry in fresh.items()})
        if made.keys() == set(facts.order) and made != before:
            store.put(slot, json.dumps(made, sort_keys=True).encode("ascii"))
        return not todo

    def publish(
        self, fragments: Fragments, facts: BuildContext, hids: Iterable[str], progress: Progress | None = None,
        made: dict[str, list[str]] | None = None,
    ) -> None:
        """The pages of the honourees `hids`, each made from its view (`made`: each page's keys in the store, of its
        bytes, of its inputs and of its fragments). Many pages (an empty store, or any change to the language's facts:
        each page keyed by its own view) are shared with a forked copy of the process where the system allows
        (thidua.forked): the copy makes the second half, this process the first."""
        hids = list(hids)
        store = self.files.store
        self.shared = 0
        least = forked.shared_from(SHARED_FROM)
        if made is None or store is None or least is None or len(hids) < max(2, least):
            self._publish(fragments, facts, hids, progress, made)
            return
        half = len(hids) // 2
        mine, theirs = hids[:half], hids[half:]

        def work(advance: Callable[[int], None]) -> dict:
            # In the copy: what it used, published and rendered, for the build to count as its own.
            used, links = store.used, fs.recorded()
            linked = set(links) if links is not None else None
            fragments.log = Rendered()
            part: dict[str, list[str]] = {}
            self._publish(fragments, facts, theirs, Advance(advance), part)
            return {
                "made": part, "used": sorted(store.used - used),
                "links": sorted(links - linked) if links is not None else None,
                "rendered": fragments.log.rendered, "reused": fragments.log.reused,
            }  # fmt: skip

        share = forked.Share(work, store.folder)
        shown = Shared(progress, share) if progress is not None else None
        try:
            self._publish(fragments, facts, mine, shown, made)
        except BaseException:
            share.stop()
            raise
        value = share.result()
        if value is None:  # the copy failed: its half made here, as without it
            if shown is not None:
                shown.back()
            self._publish(fragments, facts, theirs, progress, made)
            return
        made.update(value["made"])
        store.mark_all_used(value["used"])
        links = fs.recorded()
        if links is not None and value["links"] is not None:
            links.update(value["links"])
        fragments.log.merge(value["rendered"], value["reused"])
        if shown is not None:
            shown.rest(len(theirs))
        self.shared = len(theirs)

    def _publish(
        self, fragments: Fragments, facts: BuildContext, hids: Iterable[str], progress: Progress | Advance | Shared | None,
        made: dict[str, list[str]] | None,
    ) -> None:
        names = (HONOUREE_HEAD, HONOUREE_BODY)
        site = facts.site
        for hid in hids:
            spec = honouree_page(hid)
            view = honouree_view(facts, spec, self.lang, canonical=self.canonical.replace(SLOT, hid))
            share = view.share
            values = dict(
                td=view, base_url=self.base_url, s=share, image=share.image if share else None, url=view.canonical,
                site_name=self.site_name, title=(share.title or self.site_name) if share else self.site_name,
                description=share.description if share else "", languages=self.languages,
            )  # fmt: skip
            key = fragments.key(names, values)
            title = str(escape(spec.title(site, self.lang)))
            dest = self.site_dir / self.dest.replace(SLOT, hid)

            def fill(hid=hid, key=key, title=title, values=values) -> str:
                head, body = fragments.render(names, kind="honouree pages", label=hid, known_key=key, **values)
                return self.shell.fill(hid, title, head, body)

            # A page whose every input is unchanged is the file an earlier build wrote, linked from the store.
            reused, content, inputs = self.files.publish(dest, (key, hid, title), fill)
            if reused:
                fragments.reused("honouree pages", hid)
                if self.files.store is not None:
                    self.files.store.mark_used(key)  # its fragments' entry (not read: the page was)
            if made is not None and content is not None:
                made[hid] = [content, inputs, key]
            if progress is not None:
                progress.advance()


# From how many pages to make a forked copy shares them (fewer: the copy costs more than it saves).
SHARED_FROM = 400


class Advance:
    """A progress that only counts (a forked copy's: each page a byte to the build)."""

    def __init__(self, advance: Callable[[int], None]) -> None:
        self.advance = advance


class Shared:
    """The build's progress over its pages and its copy's (the copy's counted as its bytes arrive)."""

    def __init__(self, progress: Progress, share: forked.Share) -> None:
        self.progress, self.share, self.theirs = progress, share, 0

    def advance(self, count: int = 1) -> None:
        theirs = self.share.progress()
        self.theirs += theirs
        self.progress.advance(count + theirs)

    def rest(self, total: int) -> None:
        """The copy's pages not counted yet (it ended)."""
        self.progress.advance(max(0, total - self.theirs))

    def back(self) -> None:
        """The copy failed: its pages counted so far are made here again."""
        self.progress.done -= self.theirs
        self.theirs = 0


@dataclass
class KeptLanguage:
    """One language of the last full build: its shell's pages, its facts, and how it makes fragments."""

    pages: ShellPages
    facts: BuildContext
    fragments: Callable[[Digest], Fragments]  # a Fragments of this language's environment over a digest


Snapshot = dict[str, tuple[int, int]]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Every file under `paths` (the folders and files `mkdocs serve` watches): its size and modification time."""
    found: Snapshot = {}
    for root in paths:
        if root.is_file():
            stat = root.stat()
            found[str(root)] = (stat.st_size, stat.st_mtime_ns)
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
            for name in files:
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


@dataclass
class Kept:
    """What the last full build under serve left for a preview; `snapshot` is the files that build read."""

    project: Path
    data_dir: Path
    store: Store | None
    engine: str
    site: SiteData
    languages: dict[str, KeptLanguage] = field(default_factory=dict)
    snapshot: Snapshot | None = None
    loaded: Warm | None = None  # what that build's load found by key: an unchanged file is not read again


@dataclass
class Preview:
    """What a preview rendered: the edited honourees, and each language's summary."""

    edited: list[str]
    pages: list[str]
    summaries: dict[str, str]


def edited_files(before: Snapshot, now: Snapshot, honourees: Path) -> list[Path] | None:
    """The honourees' files changed between the snapshots, or None when anything else changed (or nothing did)."""
    if before.keys() != now.keys():
        return None  # a file added or removed: the full rebuild
    changed = [Path(p) for p, stat in now.items() if before[p] != stat]
    if not changed or any(p.parent != honourees or p.suffix not in HONOUREE_FILES for p in changed):
        return None
    return changed


def trusted_files(kept: Kept, now: Snapshot, changed: Sequence[Path]) -> frozenset[str]:
    """The honourees' files (as the load shows them: from the project's folder) the snapshots show unchanged since
    the last full build, whose photos the snapshots hold too (every other file unchanged, by edited_files): the load
    takes them as that build's load found them (thidua.load.memo.LoadMemo's `trusted`)."""
    # Thousands of names: joined as text (the snapshot's are os.path.join's), without pathlib's parsing.
    data = os.fspath(kept.data_dir)
    honourees, photos = os.path.join(data, "honourees", ""), os.path.join(data, "photos", "")
    edited = {os.fspath(path) for path in changed}
    top = os.fspath(kept.project).rstrip(os.sep) + os.sep
    trusted = set()
    for hid, honouree in kept.site.honourees:
        path = f"{honourees}{hid}.yaml"
        if path in edited or path not in now or not path.startswith(top):
            continue
        if f"{photos}{honouree.photo.file}" not in now:
            continue  # its photo is not watched: its stamp is not known unchanged
        trusted.add(path[len(top) :].replace(os.sep, "/"))
    return frozenset(trusted)


def neighbours(order: Sequence[str], hids: Iterable[str]) -> list[str]:
    """The honourees and those whose previous/next links name them, in the site's order."""
    index = {hid: i for i, hid in enumerate(order)}
    wanted = set()
    for hid in hids:
        i = index[hid]
        wanted.update(order[max(i - 1, 0) : i + 2])
    return [hid for hid in order if hid in wanted]


def preview(kept: Kept, now: Snapshot) -> Preview | None:
    """Fills the pages an edit of honourees' files changed, from the data loaded again; None when only a full
    rebuild can show it (anything but honourees' texts changed, or the data does not load)."""
    if kept.snapshot is None or not kept.languages:
        return None
    changed = edited_files(kept.snapshot, now, kept.data_dir / "honourees")
    if changed is None:
        return None
    memo = LoadMemo(kept.store, kept.engine, warm=kept.loaded, trusted=trusted_files(kept, now, changed))
    try:
        site = load_site(kept.data_dir, root=kept.project, memo=memo)
    except (DataError, ValueError, OSError):
        return None  # the full rebuild says what is wrong
    before, after = dict(kept.site.honourees), dict(site.honourees)
    if before.keys() != after.keys() or site.languages != kept.site.languages:
        return None
    edited = [hid for hid, h in after.items() if h != before[hid]]
    if not edited or any(after[hid].photo != before[hid].photo for hid in edited):
        return None
    digest = Digest()
    digest.know(memo.models)
    ready = []
    for lang, language in kept.languages.items():
        old = language.facts
        # The same date, photos, sharing cards and renderer as the build's; the order and the views made anew.
        facts = replace(old, site=site)
        if facts.order != old.order:
            return None  # a name changed its place: the directory's order, every neighbour's links
        campaign = site.info.name.get(lang)
        if any(honouree_card(facts, hid, lang, campaign) != honouree_card(old, hid, lang, campaign) for hid in edited):
            return None  # its sharing card shows what changed: drawn by the full rebuild
        ready.append((lang, language, facts))
    pages = neighbours(ready[0][2].order, edited)
    summaries = {}
    for lang, language, facts in ready:
        fragments = language.fragments(digest)
        # The cards the pages show (their previous and next), keyed as the build keys them (hook_pages.on_env).
        know_views(facts, digest, lang, neighbours(facts.order, pages))
        language.pages.publish(fragments, facts, pages)
        summaries[lang] = fragments.log.summary()
    return Preview(edited=edited, pages=pages, summaries=summaries)
