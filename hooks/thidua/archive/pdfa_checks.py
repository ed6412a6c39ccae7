"""Checks of a PDF against the PDF/A-2b rules (ISO 19005-2) that can be checked in Python; no conformance claim.

Not a validator: veraPDF, the reference, runs 144 rules for PDF/A-2b and is not available here. These
checks cover the rules that apply to what Chromium and thidua.archive.pdfa write, each named by its
clause of ISO 19005-2 in the problem it reports. CHECKS lists them by name; the colophon says the same
in words (interface text colophon.pdfa.check.<name>). Problems are plain sentences; none means every
check passed.
"""

from __future__ import annotations

import io
import re
import struct
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pikepdf

# ISO 32000-1, Annex A: every content stream operator.
OPERATORS = frozenset(
    "b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID j J K k l m M MP "
    "n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' \"".split()
)
FILTERS = frozenset(("/ASCIIHexDecode", "/ASCII85Decode", "/FlateDecode", "/RunLengthDecode", "/CCITTFaxDecode",
                     "/JBIG2Decode", "/DCTDecode", "/JPXDecode"))  # fmt: skip
# The abbreviations inline images may use (ISO 32000-1, Table 94).
INLINE_FILTERS = {"/AHx": "/ASCIIHexDecode", "/A85": "/ASCII85Decode", "/Fl": "/FlateDecode",
                  "/RL": "/RunLengthDecode", "/CCF": "/CCITTFaxDecode", "/DCT": "/DCTDecode"}  # fmt: skip
BLEND_MODES = frozenset(f"/{m}" for m in (
    "Normal Compatible Multiply Screen Overlay Darken Lighten ColorDodge ColorBurn HardLight SoftLight "
    "Difference Exclusion Hue Saturation Color Luminosity").split())  # fmt: skip
ANNOTATIONS = frozenset(f"/{a}" for a in (
    "Text Link FreeText Line Square Circle Polygon PolyLine Highlight Underline Squiggly StrikeOut Stamp "
    "Caret Ink Popup FileAttachment Widget PrinterMark TrapNet Watermark Redact").split())  # fmt: skip
ACTIONS = frozenset(("/GoTo", "/GoToR", "/GoToE", "/Thread", "/URI", "/Named", "/SubmitForm"))
NAMED_ACTIONS = frozenset(("/NextPage", "/PrevPage", "/FirstPage", "/LastPage"))
# Schemas predefined by the XMP specification (2005) and ISO 19005: no extension schema needed.
XMP_SCHEMAS = frozenset((
    "http://purl.org/dc/elements/1.1/", "http://ns.adobe.com/xap/1.0/", "http://ns.adobe.com/xap/1.0/rights/",
    "http://ns.adobe.com/xap/1.0/mm/", "http://ns.adobe.com/xap/1.0/bj/", "http://ns.adobe.com/xap/1.0/t/pg/",
    "http://ns.adobe.com/pdf/1.3/", "http://ns.adobe.com/photoshop/1.0/", "http://ns.adobe.com/tiff/1.0/",
    "http://ns.adobe.com/exif/1.0/", "http://www.aiim.org/pdfa/ns/id/",
))  # fmt: skip
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
XMP_NAMESPACES = {"rdf": RDF, "dc": "http://purl.org/dc/elements/1.1/", "xmp": "http://ns.adobe.com/xap/1.0/",
                  "pdf": "http://ns.adobe.com/pdf/1.3/", "pdfaid": PDFAID}  # fmt: skip


@dataclass
class Document:
    """The PDF under check: its bytes, pikepdf's view of it, and what the content streams use."""

    data: bytes
    pdf: pikepdf.Pdf
    objects: list[object] = field(default_factory=list)  # every dictionary, array and stream, once
    # font dictionary (objgen) -> glyph codes shown with it
    codes: dict[tuple[int, int], set[int]] = field(default_factory=dict)
    operators: set[str] = field(default_factory=set)
    inline_filters: set[str] = field(default_factory=set)
    max_nesting: int = 0


def _walk(root: object) -> list[object]:
    """Every dictionary, array and stream reachable from `root`, each indirect object once."""
    seen: set[tuple[int, int]] = set()
    found: list[object] = []
    stack = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)):
            if obj.is_indirect:
                if obj.objgen in seen:
                    continue
                seen.add(obj.objgen)
            found.append(obj)
            if isinstance(obj, pikepdf.Array):
                stack.extend(obj)
            else:
                stack.extend(obj.stream_dict.values() if isinstance(obj, pikepdf.Stream) else obj.values())
    return found


def _content_streams(pdf: pikepdf.Pdf) -> Iterator[tuple[object, pikepdf.Dictionary]]:
    """Every page and form XObject (and annotation appearance) with the resources its content uses."""
    seen: set[tuple[int, int]] = set()
    pending: list[tuple[object, pikepdf.Dictionary]] = []
    for page in pdf.pages:
        pending.append((page, page.obj.get("/Resources", pikepdf.Dictionary())))
        for annot in page.obj.get("/Annots", pikepdf.Array()):
            normal = (annot.get("/AP") or pikepdf.Dictionary()).get("/N")
            if isinstance(normal, pikepdf.Stream):
                pending.append((normal, normal.stream_dict.get("/Resources", pikepdf.Dictionary())))
    while pending:
        holder, resources = pending.pop()
        key = holder.obj.objgen if isinstance(holder, pikepdf.Page) else holder.objgen
        if key in seen and key != (0, 0):
            continue
        seen.add(key)
        yield holder, resources
        for xobject in (resources.get("/XObject") or pikepdf.Dictionary()).values():
            if xobject.get("/Subtype") == pikepdf.Name.Form:
                pending.append((xobject, xobject.get("/Resources", resources)))


def _scan(doc: Document) -> None:
    """Read every content stream: operators, q nesting, inline image filters, glyph codes per font."""
    q, big_q, tf = pikepdf.Operator("q"), pikepdf.Operator("Q"), pikepdf.Operator("Tf")
    shows = {pikepdf.Operator(op) for op in ("Tj", "'", '"', "TJ")}
    tj_array = pikepdf.Operator("TJ")
    for holder, resources in _content_streams(doc.pdf):
        fonts = resources.get("/Font") or pikepdf.Dictionary()
        codes: set[int] | None = None
        wide = False
        depth = 0
        operators: set[pikepdf.Operator] = set()
        for item in pikepdf.parse_content_stream(holder):
            operator = item.operator
            operators.add(operator)
            if operator in shows:
                if codes is None:
                    continue
                for s in item.operands[-1] if operator == tj_array else item.operands[-1:]:
                    if isinstance(s, pikepdf.String):
                        raw = bytes(s)
                        codes.update(struct.unpack(f">{len(raw) // 2}H", raw[: len(raw) // 2 * 2]) if wide else raw)
            elif operator == tf:
                font = fonts.get(str(item.operands[0])) if item.operands else None
                codes = None if font is None else doc.codes.setdefault(font.objgen, set())
                wide = font is not None and font.get("/Subtype") == pikepdf.Name.Type0
            elif operator == q:
                depth += 1
                doc.max_nesting = max(doc.max_nesting, depth)
            elif operator == big_q:
                depth -= 1
            elif isinstance(item, pikepdf.ContentStreamInlineImage):
                image = item.iimage.obj
                filters = image.get("/F", image.get("/Filter"))
                for name in [filters] if isinstance(filters, pikepdf.Name) else list(filters or []):
                    doc.inline_filters.add(str(name))
        doc.operators.update(str(op) for op in operators)


def _icc_problems(profile: pikepdf.Stream, what: str, classes: tuple[bytes, ...]) -> list[str]:
    data = profile.read_bytes()
    if len(data) < 128 or data[36:40] != b"acsp":
        return [f"{what}: not an ICC profile"]
    problems = []
    version = data[8] + (data[9] >> 4) / 10
    if version >= 5.0:
        problems.append(f"{what}: ICC version {version} (PDF/A-2 takes up to 4.x)")
    if data[12:16] not in classes:
        problems.append(f"{what}: ICC device class {data[12:16]!r}")
    components = {b"RGB ": 3, b"CMYK": 4, b"GRAY": 1, b"Lab ": 3}.get(data[16:20])
    if components is None:
        problems.append(f"{what}: ICC colour space {data[16:20]!r}")
    elif int(profile.stream_dict.get("/N", 0)) != components:
        problems.append(f"{what}: N is {profile.stream_dict.get('/N')} for a {data[16:20]!r} profile")
    return problems


def check_file(doc: Document) -> list[str]:
    """6.1.2 header and binary comment; 6.1.3 file identifier, no encryption, nothing after %%EOF."""
    problems = []
    if not re.match(rb"%PDF-1\.[0-7]\r?\n", doc.data):
        problems.append("6.1.2: the header is not %PDF-1.n on a line of its own")
    second = doc.data.split(b"\n", 1)[1][:5] if b"\n" in doc.data else b""
    if not (second[:1] == b"%" and len(second) == 5 and all(b > 127 for b in second[1:])):
        problems.append("6.1.2: no comment of four bytes above 127 after the header")
    trailer = doc.pdf.trailer
    if "/ID" not in trailer or len(trailer.ID) != 2:
        problems.append("6.1.3: no file identifier (ID) in the trailer")
    if "/Encrypt" in trailer or doc.pdf.is_encrypted:
        problems.append("6.1.3: the file is encrypted")
    tail = doc.data[doc.data.rfind(b"%%EOF") + 5 :]
    if tail not in (b"", b"\n", b"\r\n", b"\r"):
        problems.append(f"6.1.3: {len(tail)} bytes after the last %%EOF")
    return problems


def check_streams(doc: Document) -> list[str]:
    """6.1.7.1 no stream in an external file; 6.1.7.2 and 6.1.10 only standard filters, never LZW or Crypt."""
    problems = []
    for obj in doc.objects:
        if isinstance(obj, pikepdf.Stream):
            d = obj.stream_dict
            if any(k in d for k in ("/F", "/FFilter", "/FDecodeParms")):
                problems.append(f"6.1.7.1: stream {obj.objgen} refers to an external file")
            filters = d.get("/Filter")
            for name in [filters] if isinstance(filters, pikepdf.Name) else list(filters or []):
                if str(name) not in FILTERS:
                    problems.append(f"6.1.7.2: stream {obj.objgen} uses the filter {name}")
    for name in sorted(doc.inline_filters):
        if INLINE_FILTERS.get(name, name) not in FILTERS:
            problems.append(f"6.1.10: an inline image uses the filter {name}")
    return problems


def check_limits(doc: Document) -> list[str]:
    """6.1.13 implementation limits: integers, strings, names, page boundaries, q/Q nesting, object count."""
    problems: list[str] = []

    def scalar(value: object) -> None:
        if isinstance(value, int) and not isinstance(value, bool) and not -(2**31) <= value <= 2**31 - 1:
            problems.append(f"6.1.13: the integer {value} is out of range")
        elif isinstance(value, pikepdf.String) and len(bytes(value)) > 32767:
            problems.append("6.1.13: a string is longer than 32767 bytes")
        elif isinstance(value, pikepdf.Name) and len(str(value).encode("utf-8")) > 128:
            problems.append(f"6.1.13: the name {str(value)[:40]}... is longer than 127 bytes")

    for obj in doc.objects:
        d = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
        for key, value in (enumerate(d) if isinstance(d, pikepdf.Array) else d.items()):
            scalar(value)
            if isinstance(key, str) and len(key.encode("utf-8")) > 128:
                problems.append(f"6.1.13: the name {key[:40]}... is longer than 127 bytes")
    for number, page in enumerate(doc.pdf.pages, 1):
        for box in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox"):
            if box in page.obj:
                x0, y0, x1, y1 = (float(v) for v in page.obj[box])
                if not (3 <= abs(x1 - x0) <= 14400 and 3 <= abs(y1 - y0) <= 14400):
                    problems.append(f"6.1.13: page {number}'s {box[1:]} is outside 3 to 14400 units")
    if doc.max_nesting > 28:
        problems.append(f"6.1.13: q/Q nested {doc.max_nesting} levels deep (at most 28)")
    if len(doc.pdf.objects) > 8388607:
        problems.append("6.1.13: more than 8388607 indirect objects")
    return problems


def check_colour(doc: Document) -> list[str]:
    """6.2.3 one PDF/A output intent with an RGB display or printer profile of ICC version 4 or below;
    6.2.4.2 every ICC-based colour space a valid profile; 6.2.4.3 no DeviceCMYK (the intent is RGB)."""
    problems = []
    intents = [i for i in doc.pdf.Root.get("/OutputIntents", pikepdf.Array()) if i.get("/S") == pikepdf.Name.GTS_PDFA1]
    if len(intents) != 1:
        problems.append(f"6.2.3: {len(intents)} PDF/A output intents (GTS_PDFA1), not one")
    for intent in intents:
        profile = intent.get("/DestOutputProfile")
        if not isinstance(profile, pikepdf.Stream):
            problems.append("6.2.3: the output intent has no DestOutputProfile")
            continue
        problems += _icc_problems(profile, "6.2.3: the output intent's profile", (b"mntr", b"prtr"))
        if profile.read_bytes()[16:20] != b"RGB ":
            problems.append("6.2.4.3: the output intent is not RGB, which the pages' DeviceRGB needs")
        if not str(intent.get("/OutputConditionIdentifier", "")):
            problems.append("6.2.3: the output intent has no OutputConditionIdentifier")
    for obj in doc.objects:
        if isinstance(obj, pikepdf.Array) and len(obj) == 2 and obj[0] == pikepdf.Name.ICCBased:
            problems += _icc_problems(obj[1], f"6.2.4.2: ICC colour space {obj[1].objgen}",
                                      (b"mntr", b"prtr", b"scnr", b"spac"))  # fmt: skip
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            d = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
            if d.get("/ColorSpace") == pikepdf.Name.DeviceCMYK:
                problems.append("6.2.4.3: DeviceCMYK is used with an RGB output intent")
    if doc.operators & {"k", "K"}:
        problems.append("6.2.4.3: content draws in DeviceCMYK (k or K) with an RGB output intent")
    return sorted(set(problems), key=problems.index)


def check_graphics(doc: Document) -> list[str]:
    """6.2.2 only ISO 32000-1 operators; 6.2.5 no transfer functions or halftone phases; 6.2.8 images
    without alternates, OPI or interpolation; 6.2.9 no PostScript or reference XObjects; 6.2.10 only
    standard blend modes."""
    problems = []
    for op in sorted(doc.operators - OPERATORS):
        problems.append(f"6.2.2: the operator {op} is not defined in ISO 32000-1")
    for obj in doc.objects:
        d = obj.stream_dict if isinstance(obj, pikepdf.Stream) else obj
        if not isinstance(d, pikepdf.Dictionary):
            continue
        if d.get("/Type") == pikepdf.Name.ExtGState or "/BM" in d or "/ca" in d or "/CA" in d:
            if "/TR" in d or "/HTP" in d or ("/TR2" in d and d.TR2 != pikepdf.Name.Default):
                problems.append("6.2.5: an ExtGState sets a transfer function or halftone phase (TR, TR2, HTP)")
            modes = d.get("/BM")
            for mode in [modes] if isinstance(modes, pikepdf.Name) else list(modes or []):
                if str(mode) not in BLEND_MODES:
                    problems.append(f"6.2.10: the blend mode {mode} is not one of ISO 32000-1")
        subtype = d.get("/Subtype")
        if subtype == pikepdf.Name.Image:
            if "/Alternates" in d or "/OPI" in d:
                problems.append(f"6.2.8: image {obj.objgen} has Alternates or OPI")
            if bool(d.get("/Interpolate", False)):
                problems.append(f"6.2.8: image {obj.objgen} asks for interpolation")
            bpc = d.get("/BitsPerComponent")
            if bpc is not None and not bool(d.get("/ImageMask", False)) and int(bpc) not in (1, 2, 4, 8, 16):
                problems.append(f"6.2.8: image {obj.objgen} has {bpc} bits per component")
        elif subtype == pikepdf.Name.Form:
            if "/OPI" in d or "/PS" in d or d.get("/Subtype2") == pikepdf.Name.PS or "/Ref" in d:
                problems.append(f"6.2.9: form {obj.objgen} holds PostScript, OPI or a reference to another file")
        elif subtype == pikepdf.Name.PS:
            problems.append(f"6.2.9: PostScript XObject {obj.objgen}")
    return problems


def _widths(cidfont: pikepdf.Dictionary) -> dict[int, float]:
    """The W array of a CIDFont as {cid: width}."""
    widths: dict[int, float] = {}
    items = list(cidfont.get("/W", pikepdf.Array()))
    i = 0
    while i < len(items):
        first = int(items[i])
        if isinstance(items[i + 1], pikepdf.Array):
            for n, w in enumerate(items[i + 1]):
                widths[first + n] = float(w)
            i += 2
        else:
            for cid in range(first, int(items[i + 1]) + 1):
                widths[cid] = float(items[i + 2])
            i += 3
    return widths


def _truetype_problems(name: str, cidfont: pikepdf.Dictionary, program: bytes, cids: set[int]) -> list[str]:
    """6.2.11.4.1 every glyph shown is in the program; 6.2.11.5 widths agree with it (within 1/1000 em);
    6.2.11.8 no .notdef glyph shown."""
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(io.BytesIO(program), lazy=True)
        order = font.getGlyphOrder()
        hmtx = font["hmtx"]
        scale = 1000 / font["head"].unitsPerEm
    except Exception as error:  # a font program fontTools cannot read is itself a problem to report
        return [f"6.2.11.4.1: {name}: the embedded font program cannot be read ({error})"]
    mapping = cidfont.get("/CIDToGIDMap", pikepdf.Name.Identity)
    table = mapping.read_bytes() if isinstance(mapping, pikepdf.Stream) else None
    widths = _widths(cidfont)
    default = float(cidfont.get("/DW", 1000))
    problems = []
    for cid in sorted(cids):
        gid = cid if table is None else int.from_bytes(table[2 * cid : 2 * cid + 2], "big")
        if gid >= len(order):
            problems.append(f"6.2.11.4.1: {name}: glyph {gid} (CID {cid}) is not in the font program")
            continue
        if order[gid] == ".notdef" or gid == 0:
            problems.append(f"6.2.11.8: {name}: text shows the .notdef glyph (a character the font lacks)")
            continue
        program_width = hmtx[order[gid]][0] * scale
        if abs(program_width - widths.get(cid, default)) > 1:
            problems.append(f"6.2.11.5: {name}: CID {cid} is {widths.get(cid, default)} wide in the PDF, "
                            f"{program_width:.0f} in the font program")  # fmt: skip
    return problems


def check_fonts(doc: Document) -> list[str]:
    """6.2.11.2 well-formed font dictionaries; 6.2.11.3 standard CMaps and a CIDToGIDMap; 6.2.11.4.1 every
    font program embedded and every glyph shown present; 6.2.11.5 consistent widths; 6.2.11.8 no .notdef."""
    problems = []
    fonts = [o for o in doc.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == pikepdf.Name.Font]
    for font in fonts:
        subtype = font.get("/Subtype")
        if subtype in (pikepdf.Name.CIDFontType0, pikepdf.Name.CIDFontType2):
            continue  # checked through their Type 0 font below
        name = str(font.get("/BaseFont", "(no name)")).lstrip("/")
        if subtype == pikepdf.Name.Type3:
            continue  # glyphs are content streams of the PDF itself
        if "/BaseFont" not in font:
            problems.append(f"6.2.11.2: a {subtype} font has no BaseFont")
        if subtype != pikepdf.Name.Type0:
            descriptor = font.get("/FontDescriptor") or pikepdf.Dictionary()
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"6.2.11.4.1: {name} is not embedded")
            if "/FirstChar" not in font or "/LastChar" not in font or "/Widths" not in font:
                problems.append(f"6.2.11.2: {name} lacks FirstChar, LastChar or Widths")
            continue
        encoding = font.get("/Encoding")
        if isinstance(encoding, pikepdf.Name) and encoding not in (pikepdf.Name("/Identity-H"), pikepdf.Name("/Identity-V")):
            problems.append(f"6.2.11.3.3: {name} uses the CMap {encoding}, not embedded")
        cidfont = font.DescendantFonts[0]
        descriptor = cidfont.get("/FontDescriptor") or pikepdf.Dictionary()
        program = descriptor.get("/FontFile2")
        if program is None and "/FontFile3" not in descriptor:
            problems.append(f"6.2.11.4.1: {name} is not embedded")
            continue
        if cidfont.get("/Subtype") == pikepdf.Name.CIDFontType2:
            if "/CIDToGIDMap" not in cidfont:
                problems.append(f"6.2.11.3.2: {name} has no CIDToGIDMap")
            if program is not None:
                problems += _truetype_problems(name, cidfont, program.read_bytes(), doc.codes.get(font.objgen, set()))
        ff3 = descriptor.get("/FontFile3")
        if ff3 is not None and str(ff3.stream_dict.get("/Subtype", "")) not in ("/Type1C", "/CIDFontType0C", "/OpenType"):
            problems.append(f"6.2.11.2: {name}'s font program has the subtype {ff3.stream_dict.get('/Subtype')}")
    return problems


def check_annotations(doc: Document) -> list[str]:
    """6.3.1 only ISO 32000-1 annotation types, none of 3D, Sound, Screen, Movie; 6.3.2 each printed and
    never hidden; 6.3.3 an appearance for every annotation but links and pop-ups."""
    problems = []
    for number, page in enumerate(doc.pdf.pages, 1):
        for annot in page.obj.get("/Annots", pikepdf.Array()):
            subtype = annot.get("/Subtype")
            if str(subtype) not in ANNOTATIONS:
                problems.append(f"6.3.1: page {number} has a {subtype} annotation")
            flags = annot.get("/F")
            if subtype != pikepdf.Name.Popup and flags is None:
                problems.append(f"6.3.2: a {subtype} annotation on page {number} has no flags (F)")
            elif flags is not None and (int(flags) & 4 == 0 or int(flags) & (1 | 2 | 32 | 256)):
                problems.append(f"6.3.2: a {subtype} annotation on page {number} is not printed or is hidden")
            rect = [float(v) for v in annot.get("/Rect", [0, 0, 0, 0])]
            if subtype not in (pikepdf.Name.Popup, pikepdf.Name.Link) and "/AP" not in annot and rect[0] != rect[2]:
                problems.append(f"6.3.3: a {subtype} annotation on page {number} has no appearance")
            if "/AP" in annot and set(annot.AP.keys()) != {"/N"}:
                problems.append(f"6.3.3: a {subtype} annotation on page {number} has appearances other than N")
    return problems


def _actions(doc: Document) -> Iterator[pikepdf.Dictionary]:
    """Every action of the document: the values of A and OpenAction, of additional-actions
    dictionaries (AA), and the actions chained after them (Next)."""
    pending: list[object] = []
    for obj in doc.objects:
        if isinstance(obj, pikepdf.Dictionary):
            pending += [obj.get(k) for k in ("/A", "/OpenAction")]
            aa = obj.get("/AA")
            if isinstance(aa, pikepdf.Dictionary):
                pending += list(aa.values())
    while pending:
        action = pending.pop()
        if isinstance(action, pikepdf.Dictionary) and "/S" in action:
            yield action
            chained = action.get("/Next")
            pending += list(chained) if isinstance(chained, pikepdf.Array) else [chained]


def check_actions(doc: Document) -> list[str]:
    """6.5.1 no JavaScript, Launch or other forbidden action; 6.5.2 no additional actions on the document
    or a page; 6.4 no XFA form, no NeedsRendering, no NeedAppearances."""
    problems = []
    root = doc.pdf.Root
    for action in _actions(doc):
        if str(action.S) not in ACTIONS:
            problems.append(f"6.5.1: a {action.S} action")
        elif action.S == pikepdf.Name.Named and str(action.get("/N")) not in NAMED_ACTIONS:
            problems.append(f"6.5.1: the named action {action.get('/N')}")
    if "/AA" in root:
        problems.append("6.5.2: the document has additional actions (AA)")
    if "/JavaScript" in (root.get("/Names") or pikepdf.Dictionary()):
        problems.append("6.5.1: the document has JavaScript (Names/JavaScript)")
    problems += [f"6.5.2: page {n} has additional actions (AA)" for n, p in enumerate(doc.pdf.pages, 1) if "/AA" in p.obj]
    form = root.get("/AcroForm")
    if form is not None and ("/XFA" in form or bool(form.get("/NeedAppearances", False))):
        problems.append("6.4: the form has XFA or NeedAppearances")
    if "/NeedsRendering" in root:
        problems.append("6.4.2: the catalog has NeedsRendering")
    return sorted(set(problems), key=problems.index)


def check_metadata(doc: Document) -> list[str]:
    """6.6.2.1 an XMP metadata stream (Type Metadata, Subtype XML), well-formed UTF-8 with a packet header
    that has no bytes or encoding attribute; 6.6.2.3.1 only predefined schemas; 6.6.4 pdfaid:part 2 and
    pdfaid:conformance B; and the information dictionary's title, author, subject, producer and dates equal
    the XMP's (a rule of PDF/A-1, ISO 19005-1 6.7.3, kept here)."""
    root = doc.pdf.Root
    stream = root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return ["6.6.2.1: the catalog has no XMP metadata stream"]
    problems = []
    if stream.stream_dict.get("/Type") != pikepdf.Name.Metadata or stream.stream_dict.get("/Subtype") != pikepdf.Name.XML:
        problems.append("6.6.2.1: the metadata stream is not Type Metadata, Subtype XML")
    raw = stream.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return problems + ["6.6.2.1: the XMP packet is not UTF-8"]
    header = re.search(r"<\?xpacket begin=[^?]*\?>", text)
    if header is None:
        problems.append("6.6.2.1: the XMP packet has no xpacket header")
    elif re.search(r"\b(bytes|encoding)=", header.group(0)):
        problems.append("6.6.2.1: the xpacket header has a bytes or encoding attribute")
    try:
        tree = ET.fromstring(re.sub(r"<\?xpacket[^?]*\?>", "", text).strip())
    except ET.ParseError as error:
        return problems + [f"6.6.2.1: the XMP packet is not well-formed XML ({error})"]
    descriptions = tree.findall(f".//{{{RDF}}}Description")
    for description in descriptions:
        for prop in list(description) + [ET.Element(k) for k in description.attrib if not k.startswith(f"{{{RDF}}}")]:
            namespace = prop.tag[1:].split("}", 1)[0] if prop.tag.startswith("{") else ""
            if namespace not in XMP_SCHEMAS:
                problems.append(f"6.6.2.3.1: the XMP property {prop.tag} needs an extension schema")

    def value(path: str) -> str | None:
        """An XMP property's value, written as an element or, for a simple one, as an attribute."""
        prefix, _, local = path.split("/")[0].partition(":")
        for description in descriptions:
            node = description.find(path, XMP_NAMESPACES)
            if node is not None:
                return (node.text or "").strip()
            if "/" not in path and f"{{{XMP_NAMESPACES[prefix]}}}{local}" in description.attrib:
                return description.attrib[f"{{{XMP_NAMESPACES[prefix]}}}{local}"]
        return None

    if value("pdfaid:part") != "2":
        problems.append(f"6.6.4: pdfaid:part is {value('pdfaid:part')!r}, not 2")
    if value("pdfaid:conformance") != "B":
        problems.append(f"6.6.4: pdfaid:conformance is {value('pdfaid:conformance')!r}, not B")
    info = doc.pdf.docinfo
    pairs = [("/Title", "dc:title/rdf:Alt/rdf:li"), ("/Author", "dc:creator/rdf:Seq/rdf:li"),
             ("/Subject", "dc:description/rdf:Alt/rdf:li"), ("/Producer", "pdf:Producer"),
             ("/Creator", "xmp:CreatorTool")]  # fmt: skip
    for key, path in pairs:
        if key in info and str(info[key]) != value(path):
            problems.append(f"19005-1 6.7.3: {key[1:]} differs between the information dictionary and the XMP ({path})")
    for key, path in (("/CreationDate", "xmp:CreateDate"), ("/ModDate", "xmp:ModifyDate")):
        if key in info and _pdf_date_as_xmp(str(info[key])) != value(path):
            problems.append(f"19005-1 6.7.3: {key[1:]} differs between the information dictionary and the XMP ({path})")
    return problems


def _pdf_date_as_xmp(date: str) -> str:
    """D:20210301000000+07'00' -> 2021-03-01T00:00:00+07:00."""
    m = re.fullmatch(r"D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'\d{2}'?)?", date)
    if not m:
        return date
    y, mo, d, h, mi, s, zone = m.groups()
    zone = "Z" if zone in (None, "Z") else zone[:3] + ":" + zone[4:6]
    return f"{y}-{mo}-{d}T{h}:{mi}:{s}{zone}"


def check_other(doc: Document) -> list[str]:
    """6.1.12 no permissions but UR3 and DocMDP; 6.8 no embedded files; 6.9 named optional content
    configurations; 6.10 no alternate presentations or page transitions steps; 6.11 no Requirements."""
    root = doc.pdf.Root
    problems = []
    perms = root.get("/Perms")
    if perms is not None and set(perms.keys()) - {"/UR3", "/DocMDP"}:
        problems.append("6.1.12: the permissions dictionary has keys other than UR3 and DocMDP")
    names = root.get("/Names") or pikepdf.Dictionary()
    if "/EmbeddedFiles" in names or any(isinstance(o, pikepdf.Dictionary) and "/EF" in o for o in doc.objects):
        problems.append("6.8: the PDF embeds files")
    if "/AlternatePresentations" in names:
        problems.append("6.10: the PDF has alternate presentations")
    problems += [f"6.10: page {n} has PresSteps" for n, p in enumerate(doc.pdf.pages, 1) if "/PresSteps" in p.obj]
    properties = root.get("/OCProperties")
    if properties is not None:
        configs = [properties.get("/D")] + list(properties.get("/Configs", []))
        if any(c is not None and (not str(c.get("/Name", "")) or "/AS" in c) for c in configs):
            problems.append("6.9: an optional content configuration has no name or an AS entry")
    if "/Requirements" in root:
        problems.append("6.11: the catalog has Requirements")
    return problems


CHECKS: tuple[tuple[str, Callable[[Document], list[str]]], ...] = (
    ("file", check_file),
    ("streams", check_streams),
    ("limits", check_limits),
    ("colour", check_colour),
    ("graphics", check_graphics),
    ("fonts", check_fonts),
    ("annotations", check_annotations),
    ("actions", check_actions),
    ("metadata", check_metadata),
    ("other", check_other),
)


def check(data: bytes) -> list[str]:
    """Every problem the checks find in the PDF `data`; an empty list when all pass."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as error:
        return [f"not a PDF: {error}"]
    with pdf:
        doc = Document(data, pdf, _walk(pdf.trailer))
        _scan(doc)
        problems: list[str] = []
        for _, run in CHECKS:
            problems += run(doc)
    return problems
