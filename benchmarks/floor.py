"""The floor of a benchmark: read, YAML, Markdown, one Jinja template and write, for the same pages, in one process.

No framework: every honouree file is read and parsed (the fastest safe YAML loader available), each
page's Markdown (the same text as the baseline's hand-made pages) is converted with the site's
Markdown extensions, put through one small Jinja template and written, in both languages. What
any Python pipeline building these pages must at least do; our build and the baseline do more
(theme, navigation, search index, photos, exports).

Usage:
    python benchmarks/floor.py PROJECT OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import markdown

sys.path.insert(0, str(Path(__file__).resolve().parent))
from baseline import (  # noqa: E402
    SECTIONS,
    awarded_forms,
    honouree_markdown,
    load_data,
    order,
    section_pages,
    tx,
)

TEMPLATE = """<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{{ title }} - {{ site_name }}</title>
<link rel="stylesheet" href="{{ root }}assets/site.css">
</head>
<body>
<header><a href="{{ root }}{{ prefix }}">{{ site_name }}</a>
<nav>{% for path, label in nav %}<a href="{{ root }}{{ prefix }}{{ path }}">{{ label }}</a> {% endfor %}</nav>
</header>
<main>
{{ content | safe }}
</main>
<footer>{{ site_name }}</footer>
</body>
</html>
"""


def build(project: Path, out: Path) -> int:
    """Write every page of `project`'s site into `out`; return how many."""
    data = load_data(project)
    site_name = tx(data["campaign"]["document"]["title"], "vi")
    template = jinja2.Environment(autoescape=True).from_string(TEMPLATE)
    md = markdown.Markdown(extensions=["attr_list", "admonition", "toc"], extension_configs={"toc": {"permalink": True}})
    navs = {lang: [(path, vi if lang == "vi" else en) for path, vi, en in SECTIONS] for lang in ("vi", "en")}

    def write(path: str, lang: str, text: str) -> None:
        md.reset()
        content = md.convert(text)
        title = text.split("\n", 1)[0].lstrip("# ").strip()
        depth = path.count("/") + (1 if lang == "en" else 0)
        html = template.render(lang=lang, title=title, site_name=site_name, root="../" * depth,
                               prefix="en/" if lang == "en" else "", nav=navs[lang], content=content)
        target = out / ("en" if lang == "en" else "") / path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")

    count = 0
    for path, lang, text in section_pages(data):
        write(path, lang, text)
        count += 1
    ids = order(data)
    awarded = awarded_forms(data)
    for i, hid in enumerate(ids):
        prev = ids[i - 1] if i > 0 else None
        nxt = ids[i + 1] if i + 1 < len(ids) else None
        for lang in ("vi", "en"):
            write(f"ton-vinh/{hid}/", lang, honouree_markdown(hid, data["honourees"][hid], data, lang, prev, nxt, "photo.jpg", awarded))
            count += 1
    return count


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    print(f"floor: {build(Path(sys.argv[1]), Path(sys.argv[2]))} pages")
