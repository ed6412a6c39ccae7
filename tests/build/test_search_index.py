"""The search index of a real build: one run per language, merged into site/pagefind/, with the
repeated parts of pages left out and Vietnamese word chunks small enough for a first query."""

from __future__ import annotations

import gzip
import json

from thidua.search.staging import index_form


def fragments(site, lang: str) -> dict[str, dict]:
    """Pagefind's record of each indexed page of a language, by URL (gzip, a signature, JSON)."""
    out = {}
    for file in (site / "pagefind" / "fragment").glob(f"{lang}_*.pf_fragment"):
        raw = gzip.decompress(file.read_bytes())
        record = json.loads(raw[raw.index(b"{") :])
        out[record["url"]] = record
    return out


def test_both_languages_are_indexed_into_one_bundle(built) -> None:
    bundle = built.site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"vi", "en"}
    for lang, info in entry["languages"].items():
        assert (bundle / f"pagefind.{info['hash']}.pf_meta").is_file()
        assert info["page_count"] == len(fragments(built.site, lang))
    # Pagefind's own interfaces are not published; its script and WebAssembly are, once.
    assert not list(bundle.glob("pagefind-ui.*")) and (bundle / "pagefind.js").is_file()


def test_honouree_pages_are_indexed_without_their_criteria_checklist(built) -> None:
    records = fragments(built.site, "vi")
    page = records["/ton-vinh/nguyen-van-a/"]
    checklist = built.html("ton-vinh/nguyen-van-a/").css_first("ul.td-checklist").text(separator=" ")
    criterion = " ".join(checklist.split()[-8:])  # the end of the last criterion's sentence
    assert criterion and index_form(criterion) not in page["content"]
    # Name, citation and story are indexed.
    assert page["meta"]["title"] == "Nguyễn Văn A"
    citation = built.html("ton-vinh/nguyen-van-a/").css_first(".td-citation").text().split()
    assert index_form(" ".join(citation[:5])) in page["content"]
    # The criteria are still found where they are the content.
    assert index_form(criterion) in " ".join(r["content"] for r in records.values())


def test_the_booklet_is_found_by_its_title_not_by_every_story_again(built) -> None:
    booklet = fragments(built.site, "vi")["/ky-yeu/"]
    assert booklet["word_count"] < 200
    assert "Nguyễn Văn A" not in booklet["content"]


def test_word_chunks_are_small(built) -> None:
    # Pagefind's own chunks of Vietnamese grew to hundreds of KB (thidua.search, rechunk).
    sizes = [f.stat().st_size for f in (built.site / "pagefind" / "index").iterdir()]
    assert sizes and max(sizes) < 64_000
