"""A printed PDF made PDF/A-2b (ISO 19005-2, level B): XMP identification and metadata, an sRGB output intent.

Chromium's PDFs embed every font (the build checks which) and carry no encryption, JavaScript or
external content; they do use transparency (text and rules drawn with an alpha below 1), which
PDF/A-1 (ISO 19005-1, TCVN 14159-1:2024) forbids and PDF/A-2 allows. So the edition's PDFs are
PDF/A-2b. This module adds what PDF/A asks for and the printer leaves out, from the document's own
information dictionary (title, author, subject, dates; set by thidua.archive.pdf) and language:

- an XMP metadata stream with the PDF/A identification (pdfaid:part 2, pdfaid:conformance B), the
  title, author, subject, language and dates, equal to the information dictionary's;
- an output intent (GTS_PDFA1) with the sRGB profile shipped in icc/ (see icc/README.txt);
- the Print flag on every annotation (Chromium's links have no flags);
- PDF 1.7 as the header's version, and a file identifier computed from the content.

thidua.archive.pdfa_checks checks the result. Same input, same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf

from thidua.archive.pdfa_checks import check
from thidua.fs import write_atomic

ICC_PROFILE = Path(__file__).parent / "icc" / "sRGB.icc"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
PART = "2"
CONFORMANCE = "B"
# Annotation flags (ISO 32000-1, 12.5.3): Print must be set; Invisible, Hidden, NoView, ToggleNoView clear.
PRINT = 4
HIDING = 1 | 2 | 32 | 256


class PdfaFailed(Exception):
    """The PDF could not be made PDF/A."""


def output_intent(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    profile = pdf.make_stream(ICC_PROFILE.read_bytes())
    profile.N = 3
    return pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent,
        S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier=OUTPUT_CONDITION,
        Info=OUTPUT_CONDITION,
        RegistryName="http://www.color.org",
        DestOutputProfile=profile,
    )


def to_pdfa(data: bytes) -> bytes:
    """The PDF `data` as PDF/A-2b. Its information dictionary must give the title, author and dates."""
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as error:
        raise PdfaFailed(f"not a PDF: {error}") from error
    with pdf:
        missing = [k for k in ("/Title", "/Author", "/CreationDate", "/ModDate") if k not in pdf.docinfo]
        if missing:
            raise PdfaFailed(f"the document information lacks {', '.join(missing)}")
        if pdf.is_encrypted:
            raise PdfaFailed("the PDF is encrypted")
        pdf.Root.OutputIntents = pdf.make_indirect(pikepdf.Array([output_intent(pdf)]))
        for page in pdf.pages:
            for annot in page.obj.get("/Annots", pikepdf.Array()):
                annot.F = (int(annot.get("/F", 0)) | PRINT) & ~HIDING
        # The XMP packet from the information dictionary (dates converted to XMP's form), then the
        # identification and the language; no editor stamp, no clock time, the dictionary left as it is.
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta.load_from_docinfo(pdf.docinfo, delete_missing=True)
            meta["pdfaid:part"] = PART
            meta["pdfaid:conformance"] = CONFORMANCE
            if "/Lang" in pdf.Root:
                meta["dc:language"] = [str(pdf.Root.Lang)]
            meta["xmp:MetadataDate"] = meta["xmp:ModifyDate"]
        out = io.BytesIO()
        pdf.save(
            out,
            min_version="1.7",
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
        )
    return out.getvalue()


def archival_pdf(data: bytes) -> bytes:
    """The PDF `data` as PDF/A-2b, checked (thidua.archive.pdfa_checks): raises PdfaFailed with every
    problem when a check fails, so that no PDF that fails them is published."""
    result = to_pdfa(data)
    problems = check(result)
    if problems:
        raise PdfaFailed("PDF/A-2b: " + "; ".join(problems[:20]))
    return result


def convert_files(site_dir: Path, paths: list[str]) -> None:
    """Make each PDF at `paths` (from `site_dir`) PDF/A-2b in place, checked; raises PdfaFailed naming
    the first file that fails."""
    for rel in paths:
        target = site_dir / rel
        try:
            write_atomic(target, archival_pdf(target.read_bytes()))
        except PdfaFailed as error:
            raise PdfaFailed(f"{rel}: {error}") from error
