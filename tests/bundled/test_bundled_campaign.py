"""Content tests of the bundled campaign (data/): the plan as issued, verbatim, and its translation.

These read data/ and are about what it holds: a Department that replaces data/ with its own campaign
replaces or deletes this folder. The engine's own tests (tests/unit, tests/build, tests/browser) run on
the fixture campaigns under tests/fixtures/ and stay green whatever data/ holds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest

from conftest import REPO, copy_project, page_text, run_build
from thidua.load.files import load_site
from thidua.office.cli import main

DATA = REPO / "data"
SEED = DATA / "source" / "ke-hoach-thi-dua-70-nam.txt"


def issued_sentences(source: str) -> list[str]:
    """Every sentence of the issued plan, its broken lines joined back together."""
    marker = re.compile(r"^([IVX]+\.|\d+\.|[a-z]\)|- |\* )")
    blocks: list[str] = []
    previous = ""
    for raw in source.splitlines():
        line = raw.strip()
        if not line:
            continue
        starts_block = (
            not blocks
            or marker.match(line)
            or previous.endswith((".", ":", ";"))
            or previous.isupper()
            or line.isupper()
            or (previous.endswith(")") and line[:1].isupper())
        )
        if starts_block:
            blocks.append(line)
        elif previous.endswith("-") and not previous.endswith(" -"):
            blocks[-1] += line  # a date range broken after its hyphen
        else:
            blocks[-1] += " " + line
        previous = line
    sentences = []
    for block in blocks:
        sentences += [s for s in re.split(r"(?<=[.;:])\s+", " ".join(block.split())) if s]
    return sentences


@pytest.fixture(scope="module")
def bundled():
    return load_site(DATA, root=REPO)


@pytest.fixture(scope="module")
def bundled_built(tmp_path_factory):
    """The bundled campaign's site, built as of a day inside its period (1 March 2021)."""
    project = copy_project(tmp_path_factory.mktemp("bundled") / "project", DATA)
    result = run_build(project, epoch="1614531600")
    assert result.returncode == 0, result.output
    return result


def test_the_bundled_campaign_source_is_the_issued_text_as_received() -> None:
    # The plan as the Department issued it, byte for byte as received (typos included): its digest was
    # taken when the file was first committed; a change to it is a change to the issued text.
    digest = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert digest == "d2411d6603140af74b82c301ceb7c97e03b1d63df8685979bed46fd150c0a0ee"


def test_the_bundled_data_is_valid_and_its_english_complete(bundled, capsys) -> None:
    assert bundled.campaign.document.basis.number == "38a/KH-BCT"
    assert bundled.warnings == ()
    assert bundled.languages == ("vi", "en") and bundled.coverage.complete
    assert main(["check", "--project", str(REPO)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Dữ liệu hợp lệ: 11 tập thể, cá nhân; 7 đơn vị; 2 hình thức khen thưởng.",
        f"Tiếng Anh: đã dịch đủ {bundled.coverage.total} đoạn",
    ]


def test_the_plan_holds_the_quotas_and_the_period_of_the_issued_text(bundled) -> None:
    forms = {f.id: f for f in bundled.campaign.award_forms}
    assert (forms["bang-khen-bo-truong"].quota.collective, forms["bang-khen-bo-truong"].quota.individual) == (1, 2)
    assert (forms["giay-khen-giam-doc"].quota.collective, forms["giay-khen-giam-doc"].quota.individual) == (1, 5)
    assert bundled.campaign.period.start == dt.date(2021, 2, 1)
    assert bundled.campaign.period.end == dt.date(2021, 4, 15)
    assert bundled.campaign.document.number is None and bundled.campaign.document.date is None
    assert bundled.campaign.document.superior is None and bundled.campaign.signatory.authority is None
    assert [u.id for u in bundled.units.units if u.named_in_plan] == [
        "van-phong",
        "trung-tam-khuyen-cong",
        "trung-tam-xuc-tien-thuong-mai",
    ]


def test_each_data_file_points_editors_at_its_schema() -> None:
    expected = {DATA / f"{name}.yaml": f"schema/{name}.schema.json" for name in ("site", "campaign", "units", "results")}
    expected.update({p: "../schema/honouree.schema.json" for p in (DATA / "honourees").glob("*.yaml")})
    assert len(expected) >= 15
    for path, schema in expected.items():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={schema}", path.name
        assert (path.parent / schema).is_file()


def test_every_sentence_of_the_issued_plan_is_on_the_vietnamese_plan_page(bundled_built) -> None:
    text = page_text(bundled_built.html("ke-hoach/"), "article.td-doc")
    sentences = issued_sentences(SEED.read_text(encoding="utf-8"))
    assert len(sentences) > 40
    missing = [s for s in sentences if s not in text]
    assert missing == []
    # The typos of the original stay as issued.
    assert "chống lãnh phí" in text and "nhăm nâng cao" in text


def test_the_english_plan_page_is_english(bundled_built) -> None:
    tree = bundled_built.html("en/ke-hoach/")
    text = page_text(tree, "article.td-doc")
    assert "Purposes and requirements" in text
    assert "Certificate of Merit of the Minister of Industry and Trade: 1 collective and 2 individuals" in text
    vietnamese_only = set("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ")
    # Only the signatory's name and the notes quoting the original keep Vietnamese letters.
    words = [w for w in text.split() if set(w.lower()) & vietnamese_only]
    assert set(words) <= {"Lưu", "Văn", "Khôi"}, words
    assert "not yet translated" not in text


def test_no_english_page_of_the_bundled_campaign_says_not_yet_translated(bundled_built) -> None:
    untranslated = [
        p.relative_to(bundled_built.site).as_posix()
        for p in (bundled_built.site / "en").rglob("index.html")
        if "td-untranslated" in p.read_text(encoding="utf-8")
    ]
    assert untranslated == []
