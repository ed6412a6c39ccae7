"""The campaign's data model: typed, immutable pydantic models that read like the domain."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from thidua.model.text import SLUG_MAX, SLUG_PATTERN

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]
Kind = Literal["collective", "individual"]
KINDS: tuple[Kind, ...] = ("collective", "individual")


class Strict(BaseModel):
    """Base of every model: unknown keys are errors and instances never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in Vietnamese (required) and English (optional until translated)."""

    vi: NonEmpty = Field(description="Vietnamese text (required)")
    en: NonEmpty | None = Field(default=None, description="English translation (leave out until translated)")

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to Vietnamese."""
        value = getattr(self, lang, None)
        return value if value else self.vi

    def is_translated(self, lang: str) -> bool:
        """Whether the text exists in `lang` itself rather than through the fallback."""
        return bool(getattr(self, lang, None))


class NumberedItem(Strict):
    """A numbered paragraph of the plan, with its original numbering."""

    number: str = Field(description='The numbering as issued, e.g. "1."')
    text: Text
    note: Text | None = Field(default=None, description="Translator's or editor's note (not part of the plan)")


class Section(Strict):
    """A Roman-numbered section of the plan made of numbered paragraphs."""

    number: str = Field(description='The numbering as issued, e.g. "I."')
    heading: Text
    items: list[NumberedItem] = Field(min_length=1)


class Basis(Strict):
    """The higher-level document the plan implements."""

    kind: Text
    number: str
    date: dt.date
    issuer: Text


class Document(Strict):
    """The plan as an administrative document: kind, issuer, number, date, title, basis, preamble."""

    kind: Text = Field(description="Kind of document, e.g. Kế hoạch")
    superior: Text | None = Field(
        default=None,
        description="The body directly above the issuer, as the document's head shows it above the issuer, "
        "e.g. UBND TỈNH SƠN LA (leave out when the document has none)",
    )
    issuer: Text
    number: str | None = Field(default=None, description="Document number; empty when the source has none")
    place: Text | None = Field(
        default=None,
        description="The place name that opens the date line, e.g. Sơn La in “Sơn La, ngày 17 tháng 5 năm 2018”",
    )
    date: dt.date | None = Field(default=None, description="Date of issue; empty when the source has none")
    title: Text
    basis: Basis
    preamble: list[Text] = Field(min_length=1)


class Period(Strict):
    """III.1: when the campaign runs (both days included)."""

    number: str
    heading: Text
    wording: Text = Field(description="The period as worded in the plan")
    start: dt.date
    end: dt.date = Field(description="Last day of the campaign, included")


class Quota(Strict):
    """How many collectives and individuals an award form may give (0: the form is not for that kind)."""

    collective: int = Field(ge=0)
    individual: int = Field(ge=0)
    wording: Text | None = Field(
        default=None,
        description="The quota as the plan words it, when it is not “NN tập thể và NN cá nhân” "
        "(e.g. “không quá 03 tập thể”)",
    )

    def of(self, kind: Kind) -> int:
        return getattr(self, kind)


class AwardForm(Strict):
    """A form of award (III.2) with its quota (III.3.b)."""

    id: Slug
    name: Text = Field(description="Full name as in the plan")
    short_name: Text
    conferred_by: Text
    quota: Quota

    def admits(self, kind: Kind) -> bool:
        """An award form admits the kinds it has a quota for."""
        return self.quota.of(kind) > 0


class AwardForms(Strict):
    number: str
    heading: Text
    items: list[AwardForm] = Field(min_length=1)


class Criterion(Strict):
    id: Slug
    text: Text


class CriteriaGroup(Strict):
    label: Text
    items: list[Criterion] = Field(min_length=1)


class Criteria(Strict):
    """III.3.a: the criteria for collectives and for individuals."""

    number: str
    heading: Text
    collective: CriteriaGroup
    individual: CriteriaGroup

    def of(self, kind: Kind) -> CriteriaGroup:
        return getattr(self, kind)


class Subheading(Strict):
    number: str
    heading: Text


class Standards(Strict):
    """III.3: criteria and quotas."""

    number: str
    heading: Text
    criteria: Criteria
    quotas: Subheading


class Awards(Strict):
    """III: period, award forms, criteria and quotas."""

    number: str
    heading: Text
    period: Period
    forms: AwardForms
    standards: Standards


class Recipient(Strict):
    """A line of Nơi nhận: who receives the plan and why."""

    name: Text
    annotation: Text | None = None


class Recipients(Strict):
    heading: Text
    items: list[Recipient] = Field(min_length=1)


# The delegations of Nghị định 30/2020/NĐ-CP (Phụ lục I): signing for a collective (TM.), for the head
# (KT.), as acting head (Q.), by order (TL.) or by authorisation (TUQ.).
AUTHORITY_PREFIXES = ("TM.", "KT.", "Q.", "TL.", "TUQ.")


class Signatory(Strict):
    """Who signs: the authority line when the signature is delegated, the title, the name."""

    authority: Text | None = Field(
        default=None,
        description="The line(s) above the title when the signature is delegated, each starting with TM., KT., "
        "Q., TL. or TUQ.: e.g. KT. GIÁM ĐỐC, or TM. ỦY BAN NHÂN DÂN and KT. CHỦ TỊCH on two lines; "
        "leave out when the head signs",
    )
    title: Text = Field(description="The signer's title, e.g. GIÁM ĐỐC, PHÓ GIÁM ĐỐC")
    name: str


class Anniversary(Strict):
    name: Text
    founded: dt.date
    date: dt.date
    years: int = Field(gt=0)


class Event(Strict):
    """A timeline event the data adds beyond those derived from the plan."""

    id: Slug
    date: dt.date
    title: Text
    description: Text | None = None


class Campaign(Strict):
    """The whole plan (data/campaign.yaml)."""

    document: Document
    purposes: Section
    contents: Section
    awards: Awards
    organisation: Section
    recipients: Recipients
    signatory: Signatory
    anniversary: Anniversary | None = Field(
        default=None, description="The anniversary the campaign celebrates, if any (shown on the home page and timeline)"
    )
    events: list[Event] = Field(default_factory=list, description="Extra timeline events, in date order")

    @property
    def award_forms(self) -> list[AwardForm]:
        return self.awards.forms.items

    def award_form(self, form_id: str) -> AwardForm | None:
        return next((f for f in self.award_forms if f.id == form_id), None)

    @property
    def period(self) -> Period:
        return self.awards.period

    @property
    def criteria(self) -> Criteria:
        return self.awards.standards.criteria


UnitKind = Literal["office", "division", "inspectorate", "sub_department", "centre", "other"]
UNIT_KINDS: tuple[UnitKind, ...] = ("office", "division", "inspectorate", "sub_department", "centre", "other")


class FormerName(Strict):
    """A name a unit had before it was renamed, and the last day it was used."""

    name: Text
    short_name: Text | None = None
    until: dt.date = Field(description="The last day the unit had this name")


class Unit(Strict):
    """A unit of the Department."""

    id: Slug
    name: Text
    short_name: Text | None = None
    kind: UnitKind = Field(
        description="office (Văn phòng), division (Phòng), inspectorate (Thanh tra), sub_department (Chi cục), "
        "centre (Trung tâm), other (then say what in kind_label)"
    )
    kind_label: Text | None = Field(
        default=None, description="What kind of unit it is, for kind: other (e.g. Ban Quản lý)"
    )
    named_in_plan: bool = Field(description="Whether the plan names this unit (false: the plan's 'các phòng' only)")
    former_names: list[FormerName] = Field(
        default_factory=list,
        description="Its earlier names, oldest first, each with the last day it was used: a campaign shows "
        "the name the unit had on the campaign's first day",
    )
    until: dt.date | None = Field(default=None, description="The last day the unit existed (merged or dissolved)")
    merged_into: Slug | None = Field(default=None, description="Id of the unit it was merged into, if it was")

    def as_at(self, day: dt.date) -> Unit:
        """The unit with the name it had on `day` (its current name when it was not renamed since)."""
        for former in self.former_names:
            if day <= former.until:
                return self.model_copy(update={"name": former.name, "short_name": former.short_name})
        return self


class Units(Strict):
    """data/units.yaml."""

    units: list[Unit] = Field(min_length=1)

    def as_at(self, day: dt.date) -> Units:
        """The units with the names they had on `day` (thidua.model.data.Unit.as_at)."""
        if not any(unit.former_names for unit in self.units):
            return self
        return self.model_copy(update={"units": [unit.as_at(day) for unit in self.units]})


def iter_texts(value: object, loc: tuple = ()) -> Iterator[tuple[tuple, Text]]:
    """Every Text inside a model, with its location."""
    if isinstance(value, Text):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from iter_texts(getattr(value, name), loc + (name,))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from iter_texts(item, loc + (i,))


class Photo(Strict):
    """A honouree's photo: a file under data/photos/ and its alt text."""

    file: str = Field(description="File name under data/photos/")
    alt: Text = Field(description="What the photo shows, for people who cannot see it")


class Nomination(Strict):
    """The award nomination (đề nghị khen thưởng): the one place this fact is kept."""

    award_form: Slug = Field(description="Id of the award form proposed (see campaign.yaml)")
    proposed_by: Slug = Field(description="Id of the unit that proposes it (see units.yaml)")
    date: dt.date = Field(description="Date of the proposal")


class Private(Strict):
    """What a nomination file holds for the office's own use. Validated, never published."""

    date_of_birth: dt.date | None = None
    id_number: str | None = None
    phone: str | None = None
    home_address: str | None = None


class Honouree(Strict):
    """A honoured collective or individual (data/honourees/<id>.yaml)."""

    sample: bool = Field(description="true for sample data: the site says so on every page that shows it")
    kind: Kind
    name: NonEmpty | Text = Field(description="A person's name (not translated) or a collective's name (vi/en)")
    position: Text = Field(description="Position or role")
    unit: Slug = Field(description="Id of the unit (see units.yaml)")
    photo: Photo
    citation: Text = Field(description="One sentence on the achievement")
    story: Text = Field(description="The story, in Markdown, several paragraphs")
    achievements: list[Text] = Field(min_length=1)
    criteria: list[Slug] = Field(description="Ids of the plan's criteria for this kind that are met")
    nomination: Nomination | None = None
    published: dt.date = Field(description="Date the story was published")
    featured: bool = False
    private: Private | None = Field(default=None, description="For the office only: never published")
    person: Slug | None = Field(
        default=None,
        description="A stable id of this person or collective across the Department's campaigns: entries "
        "with the same id link to each other (\"also honoured in\")",
    )

    def display_name(self, lang: str) -> str:
        return self.name if isinstance(self.name, str) else self.name.get(lang)


class Signer(Strict):
    """Who signed a decision: the authority line when delegated (e.g. KT. BỘ TRƯỞNG), the title, the name."""

    name: str
    authority: Text | None = Field(
        default=None, description="The line above the title when the signature is delegated, e.g. KT. BỘ TRƯỞNG"
    )
    title: Text


class Decision(Strict):
    """A decision conferring one award form. A form may have several (e.g. one for collectives, one for
    individuals, a supplementary one): its quota applies to their sum."""

    award_form: Slug
    number: str
    date: dt.date
    signer: Signer
    awarded: list[Slug] = Field(min_length=1, description="Ids of the honourees awarded")


class Results(Strict):
    """data/results.yaml: the outcome of the campaign."""

    sample: bool
    status: Literal["pending", "final"]
    decisions: list[Decision] = Field(default_factory=list)
    allow_repeat_awards: list[Slug] = Field(
        default_factory=list, description="Honourees explicitly allowed to receive more than one award"
    )

    @property
    def is_final(self) -> bool:
        """The decisions are final (published as results), not pending."""
        return self.status == "final"


# --- data/site.yaml: the web site that publishes the campaign -----------------------------------

English = Literal["off", "on", "required"]


class Publisher(Strict):
    """Who publishes the site, as a Vietnamese government portal's footer names it."""

    superior: Text | None = Field(
        default=None, description="The governing body (cơ quan chủ quản), e.g. Ủy ban nhân dân tỉnh Sơn La"
    )
    name: Text = Field(description="The Department's full name, e.g. Sở Công Thương tỉnh Sơn La")
    province: Text | None = Field(default=None, description="The province or city, e.g. Sơn La")


class Contact(Strict):
    """The office that answers for the site and the campaign (đầu mối), shown in every page's footer."""

    office: Text = Field(description="The responsible office, e.g. Văn phòng Sở")
    address: Text | None = None
    phone: str | None = Field(default=None, description="As it is dialled, e.g. 0212 3852 xxx")
    email: str | None = Field(default=None, description="e.g. vanphong@example.gov.vn")


WebAddress = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]


class Licence(Strict):
    """The terms on which anyone may reuse the open data (the data page, du-lieu/), as its owner sets them."""

    name: Text = Field(
        description="The licence's name, e.g. Creative Commons Attribution 4.0 International (CC BY 4.0)"
    )
    url: WebAddress | None = Field(
        default=None, description="Where its full text is, e.g. https://creativecommons.org/licenses/by/4.0/"
    )
    note: Text | None = Field(
        default=None, description="A condition of the Department's own, in a sentence, e.g. to name it as the source"
    )


class SiteInfo(Strict):
    """data/site.yaml: the site's name, its languages, its publisher and contact, the open data's licence, its About text."""

    slug: Slug = Field(
        description="The campaign's short id, in the archive's and the PDFs' file names, "
        "e.g. thi-dua-nam-2022"
    )
    name: Text = Field(description="The site's name: the title of every page, the header, sharing cards, feeds")
    description: Text | None = Field(
        default=None, description="One or two sentences for search engines and sharing (default: the plan's title)"
    )
    english: English = Field(
        default="off",
        description="off: Vietnamese only; on: English pages too, with Vietnamese shown (marked) where a text "
        "has no English yet; required: every text must have its English",
    )
    publisher: Publisher
    contact: Contact | None = None
    licence: Licence | None = Field(
        default=None,
        description="The licence of the open data; leave out until the Department chooses one: the data page "
        "then says that the terms of reuse are the Department's",
    )
    about: Text | None = Field(
        default=None,
        description="The About page's text (Markdown); leave out to have it written from the data",
    )
    primary: Slug | None = Field(
        default=None,
        description="In a Department's data/site.yaml with several campaigns (data/campaigns/): the campaign "
        "this site published alone before; its old addresses (/ke-hoach/, /ton-vinh/<id>/ ...) lead to its new ones",
    )

    @field_validator("english", mode="before")
    @classmethod
    def _yes_no(cls, value: object) -> object:
        # YAML 1.1 (PyYAML) reads on/off/true/false/yes/no as booleans.
        return {True: "on", False: "off"}.get(value, value) if isinstance(value, bool) else value

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the site is published in: Vietnamese always, English when chosen."""
        return ("vi",) if self.english == "off" else ("vi", "en")
