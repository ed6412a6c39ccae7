"""Pagefind 1.5's word chunks: reads its entry, metadata and chunk files and cuts large chunks smaller.

The only module tied to Pagefind's version: the files' layout read here is private to Pagefind 1.5
(pinned in pyproject.toml). thidua.search.index runs it as `python -m thidua.search.chunks rechunk BUNDLE`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
from pathlib import Path

# The file a browser reads first: Pagefind's version, and each language's metadata hash and page count.
ENTRY_FILE = "pagefind-entry.json"

# Pagefind cuts its word index into chunks (index/*.pf_index), and a query downloads the chunks that
# hold its words. It closes a chunk once the words in it occur 20,000 times, but counts only the
# occurrences spelled without any diacritic: in Vietnamese, where nearly every word has one, its
# chunks come out 10 to 25 times that size (a dozen chunks of 150-400 KB for 5,000 honourees, each
# query fetching two or three of them). Each chunk is a list of words with their pages; the words are
# left as Pagefind wrote them, byte for byte; chunks over twice CHUNK_BYTES are cut into pieces of
# about CHUNK_BYTES, in Pagefind's order, listed in the language's metadata file with the from/to
# bounds Pagefind computes, and only where no whole word's matches are split (_may_cut): a query
# finds the same pages in the same order, and downloads the words it needs and few others (at
# 1,000 honourees, 55 queries compared in Chromium: same results, 45% fewer bytes). Every step
# checks that the files are laid out as expected (written back unchanged, they give the same bytes),
# else the language's chunks are kept as Pagefind wrote them, with a warning.
CHUNK_BYTES = 32 * 1024  # of uncompressed CBOR: about 10 KB over the network
SIGNATURE = b"pagefind_dcd"


class _Layout(Exception):
    """A Pagefind file is not laid out as this code expects: its chunks are left alone."""


def _head(data: bytes, i: int) -> tuple[int, int, int]:
    """A CBOR item's major type, argument and the offset after its head."""
    if i >= len(data):
        raise _Layout("truncated")
    major, info = data[i] >> 5, data[i] & 31
    if info < 24:
        return major, info, i + 1
    if info > 27:
        raise _Layout("indefinite length or reserved")
    size = 1 << (info - 24)
    if i + 1 + size > len(data):
        raise _Layout("truncated")
    return major, int.from_bytes(data[i + 1 : i + 1 + size], "big"), i + 1 + size


# Fast paths for _skip, in C: an array of integers (word positions), and an array of Pagefind's
# page entries, each [page, [positions...], [weights...]], all integers. Arrays of positions are
# taken greedily (what follows one is an array, never an integer); a word list misread this way
# would not come out as Pagefind's sorted words, which _rechunk_language checks.
_INTEGER = rb"(?:[\x00-\x17\x20-\x37]|[\x18\x38][\x00-\xff]|[\x19\x39][\x00-\xff]{2}|[\x1a\x3a][\x00-\xff]{4}|[\x1b\x3b][\x00-\xff]{8})"
_ARRAY = rb"(?:[\x80-\x97]|\x98[\x00-\xff]|\x99[\x00-\xff]{2}|\x9a[\x00-\xff]{4})"
_PAGE = rb"(?:\x83" + _INTEGER + _ARRAY + _INTEGER + b"*" + _ARRAY + _INTEGER + b"*)"
_RUNS: dict[tuple[bytes, int], re.Pattern] = {}


def _run_of(item: bytes, count: int) -> re.Pattern:
    pattern = _RUNS.get((item, count))
    if pattern is None:
        pattern = _RUNS[(item, count)] = re.compile(item + b"{%d}" % count)
    return pattern


def _skip(data: bytes, i: int) -> int:
    """The offset after the CBOR item at i (a loop, not recursion: the word lists hold millions of
    numbers; an array of numbers is passed over by one regular expression)."""
    pending = 1
    while pending:
        pending -= 1
        byte = data[i]
        major, info = byte >> 5, byte & 31
        if info < 24:
            value, i = info, i + 1
        elif info == 24:
            value, i = data[i + 1], i + 2
        elif info == 25:
            value, i = data[i + 1] << 8 | data[i + 2], i + 3
        elif info == 26:
            value, i = int.from_bytes(data[i + 1 : i + 5], "big"), i + 5
        elif info == 27:
            value, i = int.from_bytes(data[i + 1 : i + 9], "big"), i + 9
        else:
            raise _Layout("indefinite length or reserved")
        if major == 4:
            run = None
            if value > 1 and i < len(data):
                if data[i] == 0x83:
                    run = _run_of(_PAGE, value).match(data, i)
                elif data[i] >> 5 < 2:
                    run = _run_of(_INTEGER, value).match(data, i)
            if run is not None:
                i = run.end()
            else:
                pending += value
        elif major == 5:
            pending += 2 * value
        elif major == 6:
            pending += 1
        elif major in (2, 3):
            i += value
    if i > len(data):
        raise _Layout("truncated")
    return i


def _items(data: bytes, i: int) -> tuple[list[tuple[int, int]], int]:
    """The spans of the items of the array at i, and the offset after it."""
    major, count, i = _head(data, i)
    if major != 4:
        raise _Layout("not an array")
    spans = []
    for _ in range(count):
        end = _skip(data, i)
        spans.append((i, end))
        i = end
    return spans, i


def _encode_head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise _Layout("too large")


def _encode_text(text: str) -> bytes:
    raw = text.encode("utf-8")
    return _encode_head(3, len(raw)) + raw


def _text(data: bytes, i: int) -> str:
    major, size, i = _head(data, i)
    if major != 3:
        raise _Layout("not a text")
    return data[i : i + size].decode("utf-8")


def _word(data: bytes, i: int) -> str:
    """The word of the word entry (an array starting with the word) at i."""
    major, _, i = _head(data, i)
    if major != 4:
        raise _Layout("word entry")
    return _text(data, i)


def _read_packed(path: Path) -> bytes:

    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise _Layout(f"{path.name}: no signature")
    return raw[len(SIGNATURE) :]


def _write_packed(path: Path, data: bytes) -> None:

    path.write_bytes(gzip.compress(SIGNATURE + data, compresslevel=6, mtime=0))


def _name(prefix: str, data: bytes, length: int, taken: set[str]) -> str:

    digest = hashlib.sha256(data).hexdigest()
    while f"{prefix}{digest[:length]}" in taken and length < len(digest):
        length += 1
    return f"{prefix}{digest[:length]}"


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """Pagefind's chunk bounds between a chunk ending with word a and the next starting with b."""
    common = 0
    for x, y in zip(b, a):
        if x != y:
            break
        common += 1
    return a[: common + 1], b[: common + 1]


def _may_cut(a: str, b: str, words: set[str]) -> bool:
    """Whether two neighbouring words may end one chunk and start the next. A query loads the one
    chunk whose bounds hold each of its terms, and a term also matches the words it begins, in that
    chunk only: a cut between a and b would hide b's side from every term that begins both. Cut
    only where no such term is a word of the index (between "the..." and "thi...", not inside
    "thu...": "thu" is a word), so a query of whole words finds what it found in Pagefind's chunks."""
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return not any(a[:length] in words for length in range(1, common + 1))


def _chunk_list(chunks: list[tuple[str, str, str]]) -> bytes:
    out = [_encode_head(4, len(chunks))]
    for first, last, name in chunks:
        out += [_encode_head(4, 3), _encode_text(first), _encode_text(last), _encode_text(name)]
    return b"".join(out)


def _rechunk_language(bundle: Path, lang: str, meta_hash: str, target: int) -> str:
    """Regroups one language's word index into chunks of `target` bytes; returns the new meta hash."""
    meta_file = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = _read_packed(meta_file)
    fields, end = _items(meta, 0)
    if end != len(meta) or len(fields) < 3 or _encode_head(4, len(fields)) != meta[: fields[0][0]]:
        raise _Layout("metadata")
    chunk_list = meta[fields[2][0] : fields[2][1]]
    entries, _ = _items(chunk_list, 0)
    chunks = []
    for start, stop in entries:
        parts, _ = _items(chunk_list, start)
        if len(parts) != 3:
            raise _Layout("chunk entry")
        chunks.append(tuple(_text(chunk_list, s) for s, _ in parts))
    if _chunk_list(chunks) != chunk_list:
        raise _Layout("chunk list")
    # Each chunk larger than twice the target is cut into pieces of about the target; the others are
    # left as they are. A piece keeps the chunk's outer bounds (computed by Pagefind from the same
    # first and last words); the bounds between its pieces are computed as Pagefind does.
    bounds: list[list[str]] = []
    written: dict[str, bytes] = {}
    removed = []
    taken = {name for _, _, name in chunks}
    for first, last, name in chunks:
        data = _read_packed(bundle / "index" / f"{name}.pf_index")
        if len(data) <= 2 * target:
            bounds.append([first, last, name])
            continue
        outer, end = _items(data, 0)
        if len(outer) != 1 or end != len(data):
            raise _Layout("chunk")
        spans, end = _items(data, outer[0][0])
        if not spans or _encode_head(4, 1) + _encode_head(4, len(spans)) + data[spans[0][0] : end] != data:
            raise _Layout("chunk head")
        words = [_word(data, start) for start, _ in spans]
        encoded = [word.encode("utf-8") for word in words]
        if encoded != sorted(encoded):
            raise _Layout("words out of order")
        present = set(words)
        groups: list[list[tuple[int, int]]] = [[]]
        size = 0
        for k, span in enumerate(spans):  # a piece closes once it reaches the size, where it may
            groups[-1].append(span)
            size += span[1] - span[0]
            if size >= target and k + 1 < len(spans) and _may_cut(words[k], words[k + 1], present):
                groups.append([])
                size = 0
        if len(groups) == 1:  # no cut allowed: kept as it is
            bounds.append([first, last, name])
            continue
        pieces = []
        for group in groups:
            piece = _encode_head(4, 1) + _encode_head(4, len(group)) + data[group[0][0] : group[-1][1]]
            piece_name = _name(f"{lang}_", piece, 7, taken)
            taken.add(piece_name)
            written[piece_name] = piece
            pieces.append([_word(data, group[0][0]), _word(data, group[-1][0]), piece_name])
        for left, right in zip(pieces, pieces[1:]):
            left[1], right[0] = _prefixes(left[1], right[0])
        pieces[0][0], pieces[-1][1] = first, last
        bounds.extend(pieces)
        removed.append(name)
    if not removed:
        return meta_hash
    new_meta = (
        meta[: fields[2][0]] + _chunk_list([tuple(b) for b in bounds]) + meta[fields[2][1] :]
    )
    new_hash = _name(f"{lang}_", new_meta, 10, set())
    for name in removed:
        (bundle / "index" / f"{name}.pf_index").unlink()
    for name, data in written.items():
        _write_packed(bundle / "index" / f"{name}.pf_index", data)
    meta_file.unlink()
    _write_packed(bundle / f"pagefind.{new_hash}.pf_meta", new_meta)
    return new_hash


def rechunk(bundle: Path, target: int = CHUNK_BYTES) -> list[str]:
    """Regroups every language's word index of a bundle into chunks of about `target` bytes (see
    above); returns warnings (a language left as Pagefind wrote it, and why)."""
    entry_file = bundle / ENTRY_FILE
    entry = read_entry(entry_file)
    warnings = []
    for lang, info in entry.get("languages", {}).items():
        try:
            info["hash"] = _rechunk_language(bundle, lang, info["hash"], target)
        except (_Layout, OSError, KeyError, IndexError, ValueError) as error:
            warnings.append(f"search index chunks of language '{lang}' left as Pagefind wrote them ({error})")
    write_entry(entry_file, entry)
    return warnings


def read_entry(entry_file: Path) -> dict:
    return json.loads(Path(entry_file).read_text(encoding="utf-8"))


def write_entry(entry_file: Path, entry: dict) -> None:
    """Writes an entry file with its keys sorted: Pagefind lists the languages in a different order
    from run to run; sorted, two builds of the same sources give the same bytes."""
    Path(entry_file).write_text(
        json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8"
    )


def main(argv: list[str]) -> int:
    """`python -m thidua.search.chunks rechunk BUNDLE`: rechunk(BUNDLE), its warnings as JSON."""
    if len(argv) != 2 or argv[0] != "rechunk":
        print("usage: python -m thidua.search.chunks rechunk BUNDLE", file=sys.stderr)
        return 2
    print(json.dumps(rechunk(Path(argv[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


