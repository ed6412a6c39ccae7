"""Generate a synthetic campaign of N honourees as a buildable copy of the project (for benchmarks).

The copy holds the repository's mkdocs.yml, and links to its docs/, hooks/ and overrides/ (as
tests/conftest.py does), with a generated data/ from the bilingual fixture campaign
(tests/fixtures/bilingual/, never data/, which a Department replaces): its site.yaml, the plan with its quotas scaled to N, more units,
N honourees (about a third collectives) with 200-400-word Vietnamese stories and their English
translations, a phone-sized photo each (3000x4000 JPEG with EXIF, GPS included) and nominations
and decisions within the quotas.

Everything is deterministic (seeded): the same N gives the same files. Photos are drawn once into
a pool shared by every N (one base picture per colour and shape, with some sensor noise so they
compress like photographs), then each honouree's file is the base picture with its own EXIF
block (camera, time, GPS, unique id): every file has distinct bytes, so the content-keyed photo
cache processes each one, and making 5,000 of them takes seconds. Files are hard-linked from the
pool where possible, so several projects cost the disk once.

Usage:
    python benchmarks/generate.py N DEST [--photo-size 3000x4000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml
from PIL import ExifTags, Image, ImageChops

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_sample_photos import encode, render  # noqa: E402  (benchmarks/ is not a package)

REPO = Path(__file__).resolve().parent.parent
# The campaign the synthetic ones start from: the bundled campaign's shape, as the tests keep it.
BASE = REPO / "tests" / "fixtures" / "bilingual"
LINKED = ("docs", "hooks", "overrides")
DEFAULT_PHOTO_SIZE = (3000, 4000)
POOL_HUES = (
    (220, "xanh lam nhạt", "light blue"),
    (28, "cam nhạt", "light orange"),
    (170, "xanh ngọc nhạt", "light teal"),
    (130, "xanh lá nhạt", "light green"),
    (248, "chàm nhạt", "light indigo"),
    (48, "vàng nhạt", "light yellow"),
    (2, "đỏ nhạt", "light red"),
    (325, "hồng nhạt", "light pink"),
)

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý")
MIDDLE = {"m": ("Văn", "Hữu", "Đức", "Quang", "Minh", "Công"), "f": ("Thị", "Ngọc", "Thu", "Thanh", "Mỹ", "Kim")}
GIVEN = {
    "m": ("An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Quân", "Sơn", "Thắng", "Tuấn", "Việt"),
    "f": ("Anh", "Châu", "Dung", "Giang", "Hà", "Hằng", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Thảo", "Trang", "Uyên", "Yến"),
}
POSITIONS = (
    ("Chuyên viên", "Officer"),
    ("Chuyên viên chính", "Senior officer"),
    ("Phó Trưởng phòng", "Deputy head of division"),
    ("Trưởng phòng", "Head of division"),
    ("Kế toán viên", "Accountant"),
    ("Thanh tra viên", "Inspector"),
    ("Kỹ sư", "Engineer"),
)
TEAMS = (
    ("Tổ Dịch vụ công", "Public Services Team"),
    ("Tổ Thương mại điện tử", "E-commerce Team"),
    ("Tổ Kiểm tra an toàn", "Safety Inspection Team"),
    ("Tổ Xúc tiến đầu tư", "Investment Promotion Team"),
    ("Tổ Khuyến công", "Industrial Extension Team"),
    ("Tổ Năng lượng", "Energy Team"),
    ("Tổ Quản lý chợ", "Market Management Team"),
    ("Tổ Chuyển đổi số", "Digital Transformation Team"),
)
UNIT_KINDS = (
    ("division", "Phòng Quản lý", "Management Division", ("Công nghiệp", "Industry"), ("Thương mại", "Trade"), ("Năng lượng", "Energy")),
    ("centre", "Trung tâm", "Centre", ("Khuyến công", "Industrial Extension"), ("Xúc tiến Thương mại", "Trade Promotion"), ("Tư vấn", "Consulting")),
    ("inspectorate", "Thanh tra", "Inspectorate", ("Chuyên ngành", "Specialised"), ("An toàn", "Safety"), ("Thị trường", "Market")),
)
REGIONS = ("Bắc", "Nam", "Trung", "Đông", "Tây", "Đồng bằng", "Miền núi", "Ven biển")

# A story is built from these sentences (Vietnamese, English), each used at most once per story;
# {n}, {m}, {p} are numbers, {u} the unit's name.
SENTENCES = (
    ("Trong suốt đợt thi đua, {who} luôn đi đầu trong việc đổi mới cách làm, giải quyết công việc đúng hạn và tận tình với người dân, doanh nghiệp.",
     "Throughout the campaign, {who_en} led the way in new ways of working, finishing work on time and serving citizens and businesses with care."),
    ("Đã giải quyết {n} hồ sơ thủ tục hành chính qua dịch vụ công trực tuyến, trong đó {p} phần trăm được trả kết quả trước hạn.",
     "{n} administrative applications were settled through the online public services, {p} per cent of them ahead of time."),
    ("Với tinh thần trách nhiệm cao, {who} đã chủ động rà soát quy trình, đề xuất cắt giảm {m} thành phần hồ sơ không cần thiết.",
     "With a strong sense of responsibility, {who_en} reviewed the procedures and proposed removing {m} unnecessary documents from the files."),
    ("Nhờ đó, thời gian giải quyết bình quân giảm từ {n} ngày xuống còn {m} ngày làm việc, được doanh nghiệp đánh giá cao.",
     "As a result, the average processing time fell from {n} to {m} working days, which businesses appreciated."),
    ("{who} đã phối hợp chặt chẽ với các phòng, trung tâm thuộc Sở tổ chức {m} hội nghị tập huấn cho hơn {n} lượt cán bộ và doanh nghiệp.",
     "{who_en} worked closely with the Department's divisions and centres to hold {m} training sessions for more than {n} officials and businesses."),
    ("Công tác kiểm tra an toàn điện, an toàn hoá chất tại {n} cơ sở sản xuất được thực hiện nghiêm túc, không để xảy ra sự cố đáng tiếc.",
     "Electrical and chemical safety inspections at {n} production sites were carried out thoroughly, with no regrettable incident."),
    ("Chương trình khuyến công đã hỗ trợ {m} cơ sở công nghiệp nông thôn đổi mới máy móc, thiết bị, nâng cao năng suất lao động.",
     "The industrial extension programme helped {m} rural industrial businesses renew their machinery and equipment and raise productivity."),
    ("Hội chợ hàng Việt do {u} tổ chức thu hút {n} gian hàng và hàng nghìn lượt khách tham quan, mua sắm.",
     "The Vietnamese goods fair organised by {u_en} drew {n} stands and thousands of visitors and shoppers."),
    ("Bên cạnh nhiệm vụ chuyên môn, {who} tích cực tham gia các hoạt động văn hoá, thể thao và công tác từ thiện, xã hội của cơ quan.",
     "Besides the professional duties, {who_en} took an active part in the agency's cultural, sports, charity and social activities."),
    ("Sáng kiến số hoá hồ sơ lưu trữ giúp tra cứu nhanh hơn {p} phần trăm và tiết kiệm đáng kể chi phí in ấn, văn phòng phẩm.",
     "An initiative to digitise the archives made look-ups {p} per cent faster and saved a good deal on printing and stationery."),
    ("Trong thời gian phòng, chống dịch bệnh, {who} vẫn bảo đảm nguồn cung hàng hoá thiết yếu, bình ổn giá cả trên địa bàn.",
     "During the epidemic, {who_en} still secured the supply of essential goods and kept prices stable in the province."),
    ("Các đoàn kiểm tra liên ngành đã phát hiện và xử lý {m} vụ vi phạm về hàng giả, hàng kém chất lượng, góp phần bảo vệ người tiêu dùng.",
     "The inter-agency inspection teams found and dealt with {m} cases of counterfeit and substandard goods, helping to protect consumers."),
    ("Đề án phát triển thương mại điện tử đã đưa {n} sản phẩm đặc sản của tỉnh lên các sàn giao dịch trực tuyến.",
     "The e-commerce development scheme brought {n} of the province's specialities onto online marketplaces."),
    ("Tập thể luôn đoàn kết, thống nhất, mỗi thành viên đều nêu cao tinh thần học tập và làm theo tấm gương đạo đức Hồ Chí Minh.",
     "The team stayed united, and every member upheld the campaign of studying and following Ho Chi Minh's moral example."),
    ("Kết quả thu ngân sách từ hoạt động cấp phép tăng {p} phần trăm so với cùng kỳ năm trước.",
     "Budget revenue from licensing rose by {p} per cent over the same period of the previous year."),
    ("Việc ứng dụng phần mềm quản lý văn bản điện tử giúp xử lý {n} văn bản đến, văn bản đi hoàn toàn trên môi trường mạng.",
     "Electronic document management software allowed {n} incoming and outgoing documents to be handled entirely online."),
    ("Những đóng góp ấy là minh chứng sinh động cho phong trào thi đua yêu nước chào mừng 70 năm Ngày truyền thống ngành Công Thương.",
     "These contributions vividly illustrate the patriotic emulation movement celebrating the 70th anniversary of the Industry and Trade sector's Traditional Day."),
    ("Đồng nghiệp ghi nhận {who} là người tận tuỵ, khiêm tốn, sẵn sàng chia sẻ kinh nghiệm và hỗ trợ người mới vào nghề.",
     "Colleagues describe {who_en} as dedicated and modest, always ready to share experience and help newcomers."),
    ("Từ đầu năm, {u} đã hướng dẫn {m} doanh nghiệp xây dựng thương hiệu, đăng ký nhãn hiệu và truy xuất nguồn gốc sản phẩm.",
     "Since the start of the year, {u_en} has guided {m} businesses in building brands, registering trademarks and tracing their products."),
    ("Công trình điện nông thôn hoàn thành sớm {m} tuần, đưa điện lưới quốc gia đến thêm {n} hộ dân vùng sâu, vùng xa.",
     "A rural electrification project finished {m} weeks early, bringing the national grid to {n} more households in remote areas."),
)
ACHIEVEMENTS = (
    ("Giải quyết trước hạn {n} hồ sơ trực tuyến", "Settled {n} online applications ahead of time"),
    ("Tổ chức {m} lớp tập huấn cho doanh nghiệp", "Held {m} training courses for businesses"),
    ("Đề xuất {m} sáng kiến cải tiến quy trình được áp dụng", "Proposed {m} process improvements that were adopted"),
    ("Kiểm tra an toàn tại {n} cơ sở sản xuất", "Inspected safety at {n} production sites"),
    ("Hỗ trợ {m} sản phẩm lên sàn thương mại điện tử", "Helped {m} products onto e-commerce platforms"),
    ("Hoàn thành xuất sắc nhiệm vụ năm 2020", "Completed the 2020 tasks with distinction"),
)


@dataclass(frozen=True)
class Generated:
    """What was generated: the project folder and how many of each thing it holds."""

    project: Path
    honourees: int
    collectives: int
    units: int
    nominated: int
    awarded: int


def fold(value: str) -> str:
    """ASCII slug of a Vietnamese text: "Đặng Thị Hà" -> "dang-thi-ha"."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


def scaled_quotas(n: int) -> dict[str, dict[str, int]]:
    """Quotas per award form for N honourees: the plan's own at small N, growing with N."""
    return {
        "bang-khen-bo-truong": {"collective": max(1, n // 50), "individual": max(2, n // 20)},
        "giay-khen-giam-doc": {"collective": max(1, n // 20), "individual": max(5, n // 8)},
    }


# --- photos --------------------------------------------------------------------------------------


def _base_picture(hue: float, shape: str, size: tuple[int, int], rotated: bool) -> bytes:
    """A drawn picture at phone size with sensor-like noise, as JPEG bytes without metadata."""
    width, height = size
    side = min(width, height)
    drawn = render("", hue, shape, size=600).resize((side, side), Image.Resampling.BICUBIC)
    canvas = Image.new("RGB", (width, height), drawn.getpixel((2, 2)))
    canvas.paste(drawn, ((width - side) // 2, (height - side) // 2))
    noise = Image.effect_noise((width, height), 8).convert("RGB")
    canvas = ImageChops.add(canvas, noise, scale=1.0, offset=-128)
    if rotated:  # a phone stores the sensor's landscape frame and an Orientation tag
        canvas = canvas.transpose(Image.Transpose.ROTATE_90)
    return encode(canvas, quality=85)


def photo_pool(folder: Path, size: tuple[int, int]) -> list[tuple[Path, str, str, str, bool]]:
    """The base pictures (drawn once, kept in `folder`): (path, shape, colour vi, colour en, rotated)."""
    folder.mkdir(parents=True, exist_ok=True)
    pool = []
    for i, (hue, colour_vi, colour_en) in enumerate(POOL_HUES):
        for shape in ("figure", "building"):
            rotated = i % 2 == 1
            path = folder / f"base-{size[0]}x{size[1]}-{shape}-{hue}{'-r' if rotated else ''}.jpg"
            if not path.exists():
                tmp = path.with_suffix(".tmp")
                tmp.write_bytes(_base_picture(hue, shape, size, rotated))
                os.replace(tmp, path)
            pool.append((path, shape, colour_vi, colour_en, rotated))
    return pool


def _rational(value: float) -> tuple[float, float, float]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 2)
    return float(degrees), float(minutes), seconds


def exif_block(index: int, rotated: bool) -> bytes:
    """A phone's EXIF for photo `index`: camera, orientation, time taken, GPS position, unique id."""
    rng = random.Random(index)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Samsung" if index % 2 else "Apple"
    exif[ExifTags.Base.Model] = "Galaxy A52" if index % 2 else "iPhone 12"
    exif[ExifTags.Base.Orientation] = 6 if rotated else 1
    exif[ExifTags.Base.Software] = "synthetic benchmark photo"
    taken = dt.datetime(2021, 2, 1, 8) + dt.timedelta(minutes=37 * index)
    exif[ExifTags.Base.DateTime] = taken.strftime("%Y:%m:%d %H:%M:%S")
    exif[ExifTags.Base.ImageDescription] = f"benchmark photo {index}"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = _rational(20.5 + rng.random())
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = _rational(105.5 + rng.random())
    gps[ExifTags.GPS.GPSAltitude] = float(rng.randint(2, 300))
    return exif.tobytes()


def with_exif(jpeg: bytes, exif: bytes) -> bytes:
    """The JPEG with an APP1 EXIF segment right after its start marker (no re-encoding)."""
    if jpeg[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    segment = b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif
    return jpeg[:2] + segment + jpeg[2:]


def write_photo(pool_dir: Path, index: int, base: tuple[Path, str, str, str, bool]) -> Path:
    """Photo `index` in the shared pool folder (written once)."""
    path = pool_dir / "photos" / f"photo-{index:05d}-{base[0].stem}.jpg"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(with_exif(base[0].read_bytes(), exif_block(index, base[4])))
        os.replace(tmp, path)
    return path


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


# --- data ----------------------------------------------------------------------------------------


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _block(text: str, indent: int) -> str:
    pad = " " * indent
    return "|\n" + "\n".join((pad + line) if line else "" for line in text.split("\n")) + "\n"


def make_units(n: int) -> list[dict]:
    """The repository's units plus generated ones: about one unit per 25 honourees (7 to 200)."""
    units = yaml.safe_load((BASE / "units.yaml").read_text(encoding="utf-8"))["units"]
    extra = min(200, max(0, n // 25 - len(units)))
    for k in range(extra):
        kind, vi_prefix, en_suffix, *fields = UNIT_KINDS[k % len(UNIT_KINDS)]
        field_vi, field_en = fields[(k // len(UNIT_KINDS)) % len(fields)]
        region = REGIONS[k % len(REGIONS)]
        number = k // len(UNIT_KINDS) + 1
        units.append(
            {
                "id": f"don-vi-{k + 1:03d}",
                "name": {
                    "vi": f"{vi_prefix} {field_vi} khu vực {region} số {number}",
                    "en": f"{field_en} {en_suffix}, {fold(region).replace('-', ' ').title()} Area No. {number}",
                },
                "kind": kind,
                "named_in_plan": False,
            }
        )
    return units


def _units_yaml(units: list[dict]) -> str:
    out = ["# yaml-language-server: $schema=schema/units.schema.json", "# Generated by benchmarks/generate.py.", "units:"]
    for u in units:
        out.append(f"  - id: {u['id']}")
        out.append(f"    name:\n      vi: {_q(u['name']['vi'])}\n      en: {_q(u['name']['en'])}")
        if u.get("short_name"):
            out.append(f"    short_name:\n      vi: {_q(u['short_name']['vi'])}\n      en: {_q(u['short_name']['en'])}")
        out.append(f"    kind: {u['kind']}")
        out.append(f"    named_in_plan: {'true' if u['named_in_plan'] else 'false'}")
    return "\n".join(out) + "\n"


def story(rng: random.Random, who: str, who_en: str, unit: dict) -> tuple[str, str]:
    """A story of 200-400 words in Vietnamese and its English translation, as Markdown paragraphs."""
    order = list(range(len(SENTENCES)))
    rng.shuffle(order)
    target = rng.randint(200, 380)
    paragraphs_vi: list[list[str]] = [[]]
    paragraphs_en: list[list[str]] = [[]]
    words = 0
    for i in order:
        values = {"n": rng.randint(12, 900), "m": rng.randint(2, 40), "p": rng.randint(5, 95)}
        vi = SENTENCES[i][0].format(who=who, u=unit["name"]["vi"], **values)
        en = SENTENCES[i][1].format(who_en=who_en, u_en=unit["name"]["en"], **values)
        vi, en = vi[0].upper() + vi[1:], en[0].upper() + en[1:]
        if len(paragraphs_vi[-1]) >= rng.randint(2, 4):
            paragraphs_vi.append([])
            paragraphs_en.append([])
        paragraphs_vi[-1].append(vi)
        paragraphs_en[-1].append(en)
        words += len(vi.split())
        if words >= target:
            break
    if words < 200:  # the sentence bank is long enough for 200 words; say so if it ever is not
        raise RuntimeError(f"story of {words} words: add sentences to SENTENCES")
    return "\n\n".join(" ".join(p) for p in paragraphs_vi), "\n\n".join(" ".join(p) for p in paragraphs_en)


def honouree_yaml(h: dict) -> str:
    """One honouree file, written as a person would (block scalars for the stories)."""
    lines = ["# yaml-language-server: $schema=../schema/honouree.schema.json", "sample: true", f"kind: {h['kind']}"]
    if isinstance(h["name"], str):
        lines.append(f"name: {_q(h['name'])}")
    else:
        lines.append(f"name:\n  vi: {_q(h['name']['vi'])}\n  en: {_q(h['name']['en'])}")
    lines.append(f"position:\n  vi: {_q(h['position'][0])}\n  en: {_q(h['position'][1])}")
    lines.append(f"unit: {h['unit']}")
    lines.append(f"photo:\n  file: {h['photo']}\n  alt:\n    vi: {_q(h['alt'][0])}\n    en: {_q(h['alt'][1])}")
    lines.append(f"citation:\n  vi: {_q(h['citation'][0])}\n  en: {_q(h['citation'][1])}")
    lines.append("story:\n  vi: " + _block(h["story"][0], 4).rstrip("\n") + "\n  en: " + _block(h["story"][1], 4).rstrip("\n"))
    lines.append("achievements:")
    for vi, en in h["achievements"]:
        lines.append(f"  - vi: {_q(vi)}\n    en: {_q(en)}")
    lines.append("criteria:")
    lines.extend(f"  - {c}" for c in h["criteria"])
    if h.get("nomination"):
        nom = h["nomination"]
        lines.append(f"nomination:\n  award_form: {nom['award_form']}\n  proposed_by: {nom['proposed_by']}\n  date: {nom['date']}")
    lines.append(f"published: {h['published']}")
    lines.append(f"featured: {'true' if h['featured'] else 'false'}")
    return "\n".join(lines) + "\n"


def make_honourees(n: int, units: list[dict], criteria: dict[str, list[str]], rng: random.Random) -> list[dict]:
    """N honourees spread over the units, about one in three a collective."""
    out = []
    used: set[str] = set()
    teams: dict[tuple[str, str], int] = {}
    people: set[tuple[str, str]] = set()
    for i in range(n):
        unit = units[(i * 7 + i // len(units)) % len(units)]
        collective = i % 3 == 2
        if collective:
            team_vi, team_en = TEAMS[rng.randrange(len(TEAMS))]
            # One file per collective (thidua check refuses the same one twice): the unit's second
            # team of a kind is numbered.
            count = teams[(team_vi, unit["id"])] = teams.get((team_vi, unit["id"]), 0) + 1
            if count > 1:
                team_vi, team_en = f"{team_vi} số {count}", f"{team_en} No. {count}"
            name = {"vi": f"{team_vi} – {unit['name']['vi']}", "en": f"{team_en}, {unit['name']['en']}"}
            who, who_en = "tập thể", "the team"
            base_id = fold(team_vi)
            kind = "collective"
            position = ("Tổ công tác", "Working team")
        else:
            sex = "f" if rng.random() < 0.5 else "m"
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
            while (fold(name), unit["id"]) in people:  # one file per person of a unit (thidua check)
                name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[sex])} {rng.choice(GIVEN[sex])}"
            people.add((fold(name), unit["id"]))
            who, who_en = ("chị " if sex == "f" else "anh ") + name.split()[-1], ("Ms " if sex == "f" else "Mr ") + name
            base_id = fold(name)
            kind = "individual"
            position = POSITIONS[rng.randrange(len(POSITIONS))]
        hid = f"{base_id}-{i + 1:05d}"
        assert hid not in used
        used.add(hid)
        story_vi, story_en = story(rng, who, who_en, unit)
        values = {"n": rng.randint(20, 500), "m": rng.randint(2, 30)}
        achievements = [(vi.format(**values), en.format(**values)) for vi, en in rng.sample(ACHIEVEMENTS, rng.randint(2, 4))]
        out.append(
            {
                "id": hid,
                "index": i,
                "kind": kind,
                "name": name,
                "position": position,
                "unit": unit["id"],
                "citation": (story_vi.split(". ")[0].rstrip(".") + ".", story_en.split(". ")[0].rstrip(".") + "."),
                "story": (story_vi, story_en),
                "achievements": achievements,
                "criteria": sorted(rng.sample(criteria[kind], rng.randint(1, len(criteria[kind])))),
                "published": dt.date(2021, 5, 14) - dt.timedelta(days=i % 40),
                "featured": i < 3,
            }
        )
    return out


def nominate_and_award(honourees: list[dict], quotas: dict[str, dict[str, int]], rng: random.Random) -> list[dict]:
    """Nominate about 60% (more than the quotas allow across units; each unit within them), award up to each form's quota per kind."""
    decisions = []
    forms = list(quotas)
    proposed: dict[tuple[str, str, str], int] = {}
    for h in honourees:
        if rng.random() < 0.6:
            form = forms[0] if rng.random() < 0.3 else forms[1]
            key = (form, h["kind"], h["unit"])
            if proposed.get(key, 0) >= quotas[form][h["kind"]]:
                continue  # a unit proposes at most the form's quota of each kind (thidua check)
            proposed[key] = proposed.get(key, 0) + 1
            h["nomination"] = {
                "award_form": form,
                "proposed_by": h["unit"],
                "date": dt.date(2021, 4, 16) + dt.timedelta(days=rng.randint(0, 8)),
            }
    dates = {forms[0]: dt.date(2021, 5, 7), forms[1]: dt.date(2021, 4, 28)}
    for form in forms:
        awarded = []
        for kind in ("collective", "individual"):
            candidates = [h["id"] for h in honourees if h.get("nomination", {}).get("award_form") == form and h["kind"] == kind]
            awarded += candidates[: quotas[form][kind]]
        if awarded:
            decisions.append({"award_form": form, "date": dates[form], "awarded": awarded})
    return decisions


def _results_yaml(decisions: list[dict]) -> str:
    signers = {
        "bang-khen-bo-truong": ("Nguyễn Văn X", "Bộ trưởng Bộ Công Thương", "Minister of Industry and Trade", "0000/QĐ-BCT"),
        "giay-khen-giam-doc": ("Trần Văn Y", "Giám đốc Sở Công Thương", "Director of the Department of Industry and Trade", "0000/QĐ-SCT"),
    }
    lines = ["# yaml-language-server: $schema=schema/results.schema.json", "# Generated by benchmarks/generate.py.", "sample: true", "status: final", "decisions:"]
    for d in decisions:
        name, title_vi, title_en, number = signers[d["award_form"]]
        lines.append(f"  - award_form: {d['award_form']}\n    number: {_q(number)}\n    date: {d['date']}")
        lines.append(f"    signer:\n      name: {_q(name)}\n      title:\n        vi: {_q(title_vi)}\n        en: {_q(title_en)}")
        lines.append("    awarded:")
        lines.extend(f"      - {hid}" for hid in d["awarded"])
    return "\n".join(lines) + "\n"


def _campaign_yaml(n: int) -> str:
    campaign = yaml.safe_load((BASE / "campaign.yaml").read_text(encoding="utf-8"))
    quotas = scaled_quotas(n)
    for form in campaign["awards"]["forms"]["items"]:
        if form["id"] in quotas:
            form["quota"] = dict(quotas[form["id"]])
    header = "# yaml-language-server: $schema=schema/campaign.schema.json\n# Generated by benchmarks/generate.py: the plan with quotas scaled to N.\n"
    return header + yaml.safe_dump(campaign, allow_unicode=True, sort_keys=False, width=1000)


def generate(
    n: int,
    dest: Path,
    *,
    pool_dir: Path | None = None,
    photo_size: tuple[int, int] = DEFAULT_PHOTO_SIZE,
    seed: int = 70,
    snapshot: bool = False,
) -> Generated:
    """Write a buildable project with N synthetic honourees into `dest` (replacing its data/).

    docs/, hooks/ and overrides/ are linked to the repository's, or copied with `snapshot` (a long
    benchmark then measures one state of the code, whatever is edited meanwhile).
    """
    dest = Path(dest)
    pool_dir = Path(pool_dir) if pool_dir else dest.parent / "photo-pool"
    rng = random.Random(seed)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    for name in LINKED:
        target = dest / name
        if target.is_symlink():
            target.unlink()
        elif target.exists():
            shutil.rmtree(target)
        if snapshot:
            shutil.copytree(REPO / name, target, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            target.symlink_to(REPO / name, target_is_directory=True)
    data = dest / "data"
    if data.exists():
        shutil.rmtree(data)
    (data / "honourees").mkdir(parents=True)
    (data / "photos").mkdir()
    shutil.copytree(REPO / "data" / "schema", data / "schema")  # generated from the model, for editors
    shutil.copy2(BASE / "site.yaml", data / "site.yaml")

    campaign_text = _campaign_yaml(n)
    (data / "campaign.yaml").write_text(campaign_text, encoding="utf-8")
    campaign = yaml.safe_load(campaign_text)
    crit = campaign["awards"]["standards"]["criteria"]
    criteria = {kind: [c["id"] for c in crit[kind]["items"]] for kind in ("collective", "individual")}
    units = make_units(n)
    (data / "units.yaml").write_text(_units_yaml(units), encoding="utf-8")
    by_id = {u["id"]: u for u in units}

    honourees = make_honourees(n, units, criteria, rng)
    decisions = nominate_and_award(honourees, scaled_quotas(n), rng)
    pool = photo_pool(pool_dir / "base", photo_size)
    for h in honourees:
        shape = "building" if h["kind"] == "collective" else "figure"
        choices = [p for p in pool if p[1] == shape]
        base = choices[h["index"] % len(choices)]
        source = write_photo(pool_dir, h["index"], base)
        h["photo"] = f"{h['id']}.jpg"
        _link(source, data / "photos" / h["photo"])
        what_vi = "hình người cách điệu" if shape == "figure" else "toà nhà cách điệu"
        what_en = "a stylised figure" if shape == "figure" else "a stylised building"
        h["alt"] = (f"Ảnh minh hoạ: {what_vi} trên nền {base[2]}", f"Illustration: {what_en} on a {base[3]} background")
        (data / "honourees" / f"{h['id']}.yaml").write_text(honouree_yaml(h), encoding="utf-8")
    (data / "results.yaml").write_text(_results_yaml(decisions), encoding="utf-8")
    unit_ids = {h["unit"] for h in honourees}
    assert unit_ids <= set(by_id)
    return Generated(
        project=dest,
        honourees=n,
        collectives=sum(1 for h in honourees if h["kind"] == "collective"),
        units=len(units),
        nominated=sum(1 for h in honourees if h.get("nomination")),
        awarded=sum(len(d["awarded"]) for d in decisions),
    )


def _size(value: str) -> tuple[int, int]:
    width, _, height = value.partition("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of honourees")
    parser.add_argument("dest", type=Path, help="project folder to write (its data/ is replaced)")
    parser.add_argument("--photo-size", type=_size, default=DEFAULT_PHOTO_SIZE, help="WIDTHxHEIGHT of the photos")
    parser.add_argument("--pool", type=Path, default=None, help="shared folder of drawn photos (default: beside DEST)")
    args = parser.parse_args(argv)
    print(generate(args.n, args.dest, pool_dir=args.pool, photo_size=args.photo_size))


if __name__ == "__main__":
    main()
