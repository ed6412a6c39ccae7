"""thidua: publishes a Department of Industry and Trade's emulation campaigns as a static site.

The wings, each a sub-package (ARCHITECTURE.md at the repository's root draws the map):

- model: what the data means (typed models, site data, problems and messages, interface text, dates, text)
- load: from data/*.yaml to SiteData (YAML with lines, error translation, files, cross-checks, images)
- publish: what a build publishes from SiteData (page list, shared facts, views, shell, exports, feed, photos, edition)
- search: the Pagefind index (staging pages, running Pagefind, its chunk format)
- archive: the archive edition (links, PDFs, the zip)
- office: the office's command line (check, new, import, template)

Under them, fs writes a file whole or not at all; every wing may use it.

Nothing here imports MkDocs: the thin hooks in hooks/hook_*.py wire these wings into MkDocs' events.
"""

__version__ = "0.2.0"
