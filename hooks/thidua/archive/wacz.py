"""The published site as a web archive: one WARC 1.1 file (ISO 28500) in a WACZ 1.1.1 package, every file at its URL.

Written from the built files, not crawled: each file of the site is one `response` record under the
URL the web server gives it (`SITE_URL` + its path, a folder's index.html under the folder's URL), so
a replay tool (ReplayWeb.page, pywb) shows the site at its own address. Record dates are the build
date and record ids are derived from the URL, the content and that date, so the same site and
SOURCE_DATE_EPOCH give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import mimetypes
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from selectolax.parser import HTMLParser
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from thidua.fs import atomic_path
from thidua.model.dates import VIETNAM

WACZ_VERSION = "1.1.1"
WARC_FILE = "data.warc.gz"
WARC_PATH = f"archive/{WARC_FILE}"
INDEX_PATH = "indexes/index.cdx"
PAGES_PATH = "pages/pages.jsonl"
DATAPACKAGE = "datapackage.json"
DATAPACKAGE_DIGEST = "datapackage-digest.json"
# Media types as a web server gives them (charset for text), fixed here rather than read from the
# machine's own tables (which differ between systems): the same bytes everywhere.
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".csv": "text/csv; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
    ".wasm": "application/wasm",
}
# Python's built-in table (no system files) for anything else.
_BUILTIN_TYPES = mimetypes.MimeTypes()


class WaczFailed(Exception):
    """The web archive could not be written."""


@dataclass(frozen=True)
class Capture:
    """One file of the site as the web archive holds it."""

    path: str  # from the site root, e.g. "ke-hoach/index.html"
    url: str  # where the web server gives it, e.g. "https://example.gov.vn/ke-hoach/"
    media_type: str

    @property
    def is_page(self) -> bool:
        return self.media_type.startswith("text/html") and not self.path.endswith("404.html")


def media_type(path: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in MEDIA_TYPES:
        return MEDIA_TYPES[suffix]
    guessed, encoding = _BUILTIN_TYPES.guess_type(path, strict=False)
    return "application/gzip" if encoding == "gzip" else guessed or "application/octet-stream"


def url_of(site_url: str, path: str) -> str:
    """The URL a web server gives the file at `path`: a folder's index.html is the folder's URL."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    if path == "index.html":
        path = ""
    elif path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return base + quote(path, safe="/")


def captures(site: Path, site_url: str) -> list[Capture]:
    """Every file of `site`, in path order, with its URL and media type."""
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    return [Capture(rel, url_of(site_url, rel), media_type(rel)) for rel in files]


def surt(url: str) -> str:
    """The Sort-friendly URI Reordering Transform of `url`, as CDXJ indexes key their lines (the
    `surt` library's defaults, which replay tools use to look a URL up): https://www.Example.gov.vn:8443/a/b/?y&x
    -> vn,gov,example:8443)/a/b?x&y (scheme and www. dropped, host labels reversed, a trailing slash
    dropped, query arguments sorted, lower case)."""
    parts = urlsplit(url)
    labels = (parts.hostname or "").lower().split(".")
    if labels and labels[0] == "www":
        labels = labels[1:]
    key = ",".join(reversed(labels))
    default = {"http": 80, "https": 443}.get(parts.scheme)
    if parts.port and parts.port != default:
        key += f":{parts.port}"
    path = parts.path.rstrip("/") or "/"
    query = "&".join(sorted(parts.query.split("&"))) if parts.query else ""
    return f"{key}){path}{'?' + query if query else ''}".lower()


def warc_date(when: dt.datetime) -> str:
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_id(*parts: str) -> str:
    """A WARC-Record-ID that depends only on what the record holds."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, ' '.join(parts))}>"


def page_title(html: bytes) -> str:
    node = HTMLParser(html.decode("utf-8", errors="replace")).css_first("title")
    return " ".join(node.text().split()) if node is not None else ""


@dataclass
class Written:
    """What writing the WARC learnt: each capture's index line, and the pages with their titles."""

    index: list[str]
    pages: list[dict[str, str]]


def write_warc(site: Path, items: list[Capture], out: io.BufferedIOBase, when: dt.datetime, info: dict[str, str]) -> Written:
    """A gzipped WARC 1.1 of `items` into `out` (one gzip member per record): a warcinfo record, then
    one response record per file. Returns the CDXJ lines (offsets into `out`) and the page list."""
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    date = warc_date(when)
    stamp = when.astimezone(dt.timezone.utc).strftime("%Y%m%d%H%M%S")
    fields = io.BytesIO("".join(f"{k}: {v}\r\n" for k, v in info.items()).encode("utf-8"))
    warcinfo = writer.create_warc_record(
        "", "warcinfo", payload=fields, length=len(fields.getvalue()),
        warc_content_type="application/warc-fields",
        warc_headers_dict={"WARC-Record-ID": record_id(WARC_FILE, date, json.dumps(info, sort_keys=True)),
                           "WARC-Date": date, "WARC-Filename": WARC_FILE},
    )  # fmt: skip
    writer.write_record(warcinfo)
    index: list[str] = []
    pages: list[dict[str, str]] = []
    for item in items:
        body = (site / item.path).read_bytes()
        digest = hashlib.sha256(body).hexdigest()
        http = StatusAndHeaders(
            "200 OK",
            [("Content-Type", item.media_type), ("Content-Length", str(len(body)))],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            item.url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http,
            warc_headers_dict={"WARC-Record-ID": record_id(item.url, digest, date), "WARC-Date": date},
        )  # fmt: skip
        offset = out.tell()
        writer.write_record(record)
        length = out.tell() - offset
        fields = {
            "url": item.url,
            "mime": item.media_type.split(";")[0],
            "status": "200",
            "digest": record.rec_headers.get_header("WARC-Payload-Digest"),
            "length": str(length),
            "offset": str(offset),
            "filename": WARC_FILE,
        }
        index.append(f"{surt(item.url)} {stamp} {json.dumps(fields, ensure_ascii=False)}")
        if item.is_page:
            pages.append({"id": uuid.uuid5(uuid.NAMESPACE_URL, item.url).hex, "url": item.url, "ts": date,
                          "title": page_title(body)})  # fmt: skip
    index.sort()
    return Written(index, pages)


def _zip_entry(zf: zipfile.ZipFile, name: str, source: Path | bytes, date_time: tuple[int, ...]) -> None:
    """One entry of the package, stored (the WARC is gzipped already, and replay tools read it in
    place), with a fixed time and mode."""
    info = zipfile.ZipInfo(name, date_time=date_time)
    info.compress_type = zipfile.ZIP_STORED
    info.create_system = 3
    info.external_attr = (0o100644 & 0xFFFF) << 16
    if isinstance(source, bytes):
        zf.writestr(info, source)
        return
    info.file_size = source.stat().st_size
    with source.open("rb") as src, zf.open(info, "w") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)


def _sha256(source: Path | bytes) -> tuple[str, int]:
    if isinstance(source, bytes):
        return "sha256:" + hashlib.sha256(source).hexdigest(), len(source)
    digest = hashlib.sha256()
    with source.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return "sha256:" + digest.hexdigest(), source.stat().st_size


def write_wacz(site: Path, site_url: str, target: Path, when: dt.datetime, *, title: str, description: str,
               software: str, warcinfo: dict[str, str]) -> list[Capture]:  # fmt: skip
    """The WACZ of the site written at `site` and published at `site_url`, as `target` (whole or not
    at all). Returns what it holds."""
    if not urlsplit(site_url).scheme or not urlsplit(site_url).netloc:
        raise WaczFailed(f"{site_url!r} is not the address of a site (e.g. https://thidua.example.gov.vn/)")
    items = captures(site, site_url)
    date = warc_date(when)
    # ZIP times are local times (Viet Nam's, as in the archive's zip) and cannot predate 1980.
    zip_time = max(when.astimezone(VIETNAM).timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    with tempfile.TemporaryDirectory(prefix=".thidua-wacz-", dir=target.parent) as tmp:
        warc = Path(tmp) / WARC_FILE
        with warc.open("wb") as out:
            written = write_warc(site, items, out, when, warcinfo)
        header = {"format": "json-pages-1.0", "id": "pages", "title": title}
        pages = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in [header, *written.pages])
        parts: list[tuple[str, Path | bytes]] = [
            (WARC_PATH, warc),
            (INDEX_PATH, "".join(line + "\n" for line in written.index).encode("utf-8")),
            (PAGES_PATH, pages.encode("utf-8")),
        ]
        resources = []
        for name, source in parts:
            digest, size = _sha256(source)
            resources.append({"name": Path(name).name, "path": name, "hash": digest, "bytes": size})
        package = {
            "profile": "data-package",
            "wacz_version": WACZ_VERSION,
            "title": title,
            "description": description,
            "software": software,
            "created": date,
            "modified": date,
            "mainPageUrl": url_of(site_url, "index.html"),
            "mainPageDate": date,
            "resources": resources,
        }
        package_bytes = (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        digest = {"path": DATAPACKAGE, "hash": _sha256(package_bytes)[0]}
        parts += [(DATAPACKAGE, package_bytes), (DATAPACKAGE_DIGEST, (json.dumps(digest, indent=2) + "\n").encode())]
        with atomic_path(target, suffix=".part") as partial, zipfile.ZipFile(partial, "w") as zf:
            for name, source in parts:
                _zip_entry(zf, name, source, zip_time)
    return items
