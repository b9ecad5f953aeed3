"""The data that flows through kg: papers in, records with entities out.

A :class:`Paper` is what a reader produces from one input record. The extractors add
:class:`Entity` objects to it, and :func:`record_from_paper` gives the JSON-ready record that
``records.jsonl`` holds (documented in ``schemas/record.schema.json``).

Examples
--------
>>> p = Paper(id="arxiv:2401.01234", title="RITA: Group Attention", abstract="We propose RITA.")
>>> p.entities.append(Entity(type="method", text="RITA", norm="rita", field="title", start=0, end=4,
...                          sentence="RITA: Group Attention", proposed=True))
>>> rec = record_from_paper(p)
>>> rec["entities"][0]["proposed"], rec["entities"][0]["norm"]
(True, 'rita')
>>> paper_from_record(rec) == p
True
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from kg.entity_types import entity_type_names

__all__ = [
    "ENTITY_TYPES",
    "Entity",
    "EntityType",
    "Field",
    "Mention",
    "Paper",
    "Rejection",
    "Sentence",
    "Skipped",
    "Source",
    "entity_from_dict",
    "paper_from_record",
    "record_from_paper",
]

EntityType = str  # a name of kg.entity_types.ENTITY_TYPES
Field = Literal["title", "abstract"]
ENTITY_TYPES: tuple[str, ...] = entity_type_names()


@dataclass(frozen=True, order=True)
class Source:
    """Where a record was read: a file, the line (1-based) its record starts on, the reader used."""

    file: str
    line: int
    format: str


@dataclass(frozen=True)
class Rejection:
    """An input record that was not kept, and why (shown as ``file:line: reason``)."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass(frozen=True)
class Skipped:
    """A line a reader passed over as page furniture ("Load more", "Subscribe", a date): no record."""

    file: str
    line: int
    text: str


@dataclass(frozen=True, order=True)
class Sentence:
    """Where one sentence of a paper lies: ``field`` text ``[start:end]`` (code points), as the
    extraction pipeline split it. A paper stores its sentences once; evidence points to them by index."""

    field: str
    start: int
    end: int

    def to_list(self) -> list[Any]:
        """``[field, start, end]``, as records and the graph store it."""
        return [self.field, self.start, self.end]


@dataclass(frozen=True, order=True)
class Mention:
    """One more occurrence of an entity in the same paper (the first one lives on the Entity)."""

    field: str
    start: int
    end: int


@dataclass
class Entity:
    """An entity found in a paper, with the evidence of its first mention.

    ``text`` is the exact surface ``field_text[start:end]``; ``norm`` is the key that merges the
    entity across papers (``github.com/owner/name``, ``cifar-10``, ``speedup:8.2x``...).
    Type-specific attributes stay ``None`` where they do not apply.
    """

    type: str
    text: str
    norm: str
    field: str
    start: int
    end: int
    sentence: str = ""
    label: str | None = None  # display name of the merged entity ("CIFAR-10", "NVIDIA A100")
    mentions: list[Mention] = field(default_factory=list)  # further occurrences in this paper
    # method
    proposed: bool | None = None
    long_form: str | None = None
    short_form: str | None = None
    alias_of: str | None = None
    # metric (a quantitative claim: a result record; ``label`` is its text with LaTeX cleaned)
    value: float | None = None
    unit: str | None = None
    kind: str | None = None
    qualifier: str | None = None
    dataset: str | None = None
    hardware: str | None = None
    baseline: str | None = None
    task: str | None = None
    low: float | None = None  # a range: low and high ends (value is the high end)
    high: float | None = None
    metric: str | None = None  # what it measures ("top-1 accuracy"), and in which direction it is better
    direction: str | None = None
    relative: bool | None = None  # relative to a baseline (a gain, a speedup) or an absolute level
    method: str | None = None  # the method it is a result of, as written
    # topic (confidence, broader topics) and task (the topics it belongs to, in broader)
    confidence: float | None = None
    broader: list[str] | None = None
    source: str | None = None  # "taxonomy" | "keyword" for topics; "gazetteer" | "rule" | "model" otherwise
    # resolution (kg.resolve): the key of the entity this one is a version of, and what extraction
    # had said where resolution changed it (type, norm, label, proposed)
    family: str | None = None
    extracted: dict[str, Any] | None = None

    def occurrences(self) -> list[Mention]:
        """Every mention of the entity in its paper: the first one (held by the entity), then the others.

        >>> Entity("method", "Adam", "adam", "abstract", 7, 11, mentions=[Mention("abstract", 20, 24)]).occurrences()
        [Mention(field='abstract', start=7, end=11), Mention(field='abstract', start=20, end=24)]
        """
        return [Mention(self.field, self.start, self.end), *self.mentions]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with ``None`` attributes and empty mention lists left out."""
        out: dict[str, Any] = {}
        for name in _ENTITY_FIELD_NAMES:
            v = getattr(self, name)
            if v is None:
                continue
            if name == "mentions":
                if not v:
                    continue
                v = [[m.field, m.start, m.end] for m in v]
            out[name] = v
        return out


_ENTITY_FIELDS = {f.name for f in fields(Entity)}
_ENTITY_FIELD_NAMES = tuple(f.name for f in fields(Entity))


def entity_from_dict(d: dict[str, Any]) -> Entity:
    """Inverse of :meth:`Entity.to_dict` (unknown keys are ignored)."""
    kw = {k: v for k, v in d.items() if k in _ENTITY_FIELDS}
    kw["mentions"] = [Mention(*m) for m in d.get("mentions", [])]
    return Entity(**kw)


@dataclass
class Paper:
    """A paper as read from the inputs, and what the extractors found in it."""

    id: str
    title: str
    abstract: str
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    date: str | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    sources: list[Source] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    other_ids: list[str] = field(default_factory=list)  # ids the paper is also known by (kg.ingest.dedupe)
    sentences: list[Sentence] = field(default_factory=list)  # set by extraction, in text order

    def sentence_of(self, field_name: str, start: int) -> int | None:
        """The index in :attr:`sentences` of the sentence holding offset ``start`` of ``field_name``
        (None when the paper's sentences are unknown: records written before kg kept them).

        >>> p = Paper("p", "A title", "One. Two.", sentences=[Sentence("title", 0, 7),
        ...     Sentence("abstract", 0, 4), Sentence("abstract", 5, 9)])
        >>> p.sentence_of("abstract", 6), p.sentence_text(2)
        (2, 'Two.')
        """
        found = None
        for i, s in enumerate(self.sentences):  # a few dozen at most: a scan beats building an index
            if s.field == field_name and s.start <= start:
                found = i
                if start < s.end:
                    break
            elif found is not None:
                break
        return found

    def sentence_text(self, index: int) -> str:
        """The text of sentence ``index`` of :attr:`sentences`."""
        s = self.sentences[index]
        return self.text_of(s.field)[s.start:s.end]

    def text_of(self, field_name: str) -> str:
        """The text of ``"title"`` or ``"abstract"``."""
        if field_name == "title":
            return self.title
        if field_name == "abstract":
            return self.abstract
        raise ValueError(f"unknown field {field_name!r}")


_PAPER_FIELD_NAMES = tuple(f.name for f in fields(Paper))

def record_from_paper(paper: Paper) -> dict[str, Any]:
    """The JSON record of a paper, as ``records.jsonl`` holds it (keys in a fixed order)."""
    rec: dict[str, Any] = {}
    for name in _PAPER_FIELD_NAMES:  # shallow: asdict() would deep-copy every entity first
        value = getattr(paper, name)
        if (value is None and name in ("url", "date", "arxiv_id", "doi")) or (name in ("other_ids", "sentences") and not value):
            continue
        rec[name] = value
    rec["authors"] = list(paper.authors)
    rec["sources"] = [asdict(s) for s in sorted(paper.sources)]
    rec["entities"] = [e.to_dict() for e in paper.entities]
    if paper.sentences:
        rec["sentences"] = [s.to_list() for s in paper.sentences]
    return rec


def paper_from_record(rec: dict[str, Any]) -> Paper:
    """Inverse of :func:`record_from_paper`."""
    return Paper(
        id=rec["id"],
        title=rec["title"],
        abstract=rec["abstract"],
        authors=list(rec.get("authors", [])),
        url=rec.get("url"),
        date=rec.get("date"),
        arxiv_id=rec.get("arxiv_id"),
        doi=rec.get("doi"),
        sources=[Source(**s) for s in rec.get("sources", [])],
        entities=[entity_from_dict(e) for e in rec.get("entities", [])],
        other_ids=list(rec.get("other_ids", [])),
        sentences=[Sentence(*s) for s in rec.get("sentences", [])],
    )
