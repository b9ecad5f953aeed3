"""``kg_hardware``: named processors and devices (GPUs, TPUs, CPUs, accelerators, boards, supercomputers).

Two sources, both giving a canonical ``norm`` (merge key) and ``label`` (display name):

* ``gazetteer``: a few hundred well-known devices (``resources/hardware.jsonl``), matched
  case-sensitively with their spelling variants, then widened left over a vendor or series word
  ("NVIDIA A100", "Tesla V100"). "A100", "NVIDIA A100" and "A100 80GB" all merge to
  ``nvidia-a100`` / "NVIDIA A100".
* ``rule``: devices the list does not know, from context (``resources/hardware_terms.jsonl``,
  ``resources/hardware_vendors.jsonl``):

  - a model code before a device noun: "1024 MI250X GPUs", "RTX 5880 cards", "Gaudi accelerators";
  - a vendor followed by a model code, a series name or a device noun: "Huawei Ascend",
    "Intel PIUMA", "Arm CPU", "Arm mobile-Neural Processing Unit";
  - a name given to a device: "an experimental system named PIUMA";
  - a supercomputer by apposition: "Frontier, the world's first exascale supercomputer".

  A rule-found name repeated elsewhere in the same document is marked there too.

The entity text is the device name without the generic noun ("RTX 4090" in "RTX 4090 GPUs"),
except when the noun is all there is after the vendor ("Arm CPU"). Plain "GPUs", "CPU", counts
("8 GPUs"), sizes ("80GB") and precisions ("FP16") are never hardware.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> finder = HardwareFinder(nlp)
>>> doc = nlp("Training on 8 NVIDIA A100 GPUs is 2x faster than on V100 and 64 XPU9000 accelerators.")
>>> [(m.text, m.norm, m.source) for m in finder(doc)]
[('NVIDIA A100', 'nvidia-a100', 'gazetteer'), ('V100', 'nvidia-v100', 'gazetteer'), ('XPU9000', 'xpu-9000', 'rule')]
"""
from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from kg.extract.gazetteer import (
    NameMatch,
    mark_repeat_mentions,
    GazetteerEntry,
    gazetteer_for,
    WordSequences,
    load_jsonl,
    load_terms,
    merge_key,
    surface_chars,
)
from kg.extract.spans import add_entity, spans_key as key_of
from kg.extract.tokens import DocTokens, claimed_tokens, doc_tokens, id_array, title_token_end

__all__ = [
    "HardwareComponent",
    "HardwareFinder",
    "is_model_code",
    "make_hardware",
]

GAZETTEER = "hardware.jsonl"
TERMS = "hardware_terms.jsonl"
VENDORS = "hardware_vendors.jsonl"
_MAX_NAME_TOKENS = 5
_NAMED_WINDOW = 10
# Words that end a device name when scanning right from a vendor.
_STOP_WORDS = {"and", "or", "with", "for", "to", "in", "on", "of", "at", "by", "as", "is", "are", "was",
               "were", "has", "have", "which", "that", "the", "a", "an", "from", "than", "using", "via"}
# Model suffixes that follow a code as their own token: "RTX 3090 Ti", "M2 Max".
_SUFFIXES = {"Ti", "Max", "Pro", "Ultra", "Plus", "XT", "XTX", "SXM", "SXM4", "SXM5", "NVL", "PCIe",
             "Super", "SUPER", "Mini", "Nano", "Lite", "Gold", "Platinum", "Silver", "Bronze"}
_QUANTITY = re.compile(r"\d+(?:\.\d+)?(?:[KMGT]i?B|[kKMG]Hz|nm|W|[KMBT]|x|X|%|-bit|bit|th|st|nd|rd)?")
_CODE = re.compile(r"(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z][A-Za-z0-9]*|\d{3,5}[A-Za-z]{0,2}")
_PLURAL_NOUNS = {"gpus", "cpus", "tpus", "npus", "ipus", "units", "socs", "fpgas", "processors", "chips",
                 "accelerators", "mcus", "microcontrollers"}
_TPU_VERSION = re.compile(r"v\d+[a-z]?")


def is_model_code(text: str, not_name: Collection[str] = ()) -> bool:
    """A token shaped like a device model number: letters and digits ("H800", "MI250X", "1080Ti").

    Sizes, precisions, counts and hyphenated words are not model codes.

    Examples
    --------
    >>> [is_model_code(t) for t in ["H800", "MI250X", "4090", "1080Ti", "80GB", "8", "FP16", "8-bit", "GPT-4"]]
    [True, True, False, True, False, False, False, False, False]
    """
    if text in not_name or "-" in text or _QUANTITY.fullmatch(text):
        return False
    if re.fullmatch(r"(?:FP|BF|TF|INT|UINT|FP|E\dM)\d+", text, flags=re.IGNORECASE):
        return False
    return bool(_CODE.fullmatch(text))


@dataclass(frozen=True)
class _Vendor:
    name: str
    series: frozenset[str]
    code_patterns: tuple[re.Pattern[str], ...]


class HardwareFinder:
    """Finds hardware mentions in a Doc (the algorithm of ``kg_hardware``, without the component).

    Parameters
    ----------
    nlp
        The pipeline: its tokenizer builds the gazetteer patterns.
    """

    def __init__(self, nlp: Language) -> None:
        self.gazetteer = gazetteer_for(nlp, GAZETTEER)
        terms = load_terms(TERMS)
        self.not_name = terms["not_name"]
        self.weak_heads = frozenset(t.lower() for t in terms["weak_head"])
        self.workload_heads = frozenset(t.lower() for t in terms["workload_head"])
        self.titled_heads = frozenset(t.lower() for t in terms["titled_head"])
        self.named_context = frozenset(t.lower() for t in terms["named_context"])
        self.vendors: dict[str, _Vendor] = {}
        self.series: dict[str, _Vendor] = {}
        for rec in load_jsonl(VENDORS):
            v = _Vendor(rec["vendor"], frozenset(rec.get("series", ())),
                        tuple(re.compile(p) for p in rec.get("code_patterns", ())))
            for alias in [*rec.get("aliases", ()), rec["vendor"]]:
                if " " not in alias:
                    self.vendors.setdefault(alias, v)
            for s in v.series:
                self.series.setdefault(s, v)
        self._heads = WordSequences(nlp, terms["head"])
        self._named_ids = id_array(nlp.vocab.strings.add(w) for w in ("named", "called", "dubbed"))
        self._vendor_ids = id_array(nlp.vocab.strings.add(a) for a in self.vendors)

    # --- token predicates ---------------------------------------------------------------------
    def code(self, tok: Token) -> bool:
        """A model code (see :func:`is_model_code`)."""
        return is_model_code(tok.text, self.not_name)

    def brand(self, tok: Token) -> bool:
        """A vendor or series word ("NVIDIA", "GeForce", "Ascend")."""
        return tok.text in self.vendors or tok.text in self.series

    def caps(self, tok: Token) -> bool:
        """An acronym-like or mixed-case name ("PIUMA", "RTX", "GeForce"), not a plain word."""
        t = tok.text
        return (t not in self.not_name and t.isalpha() and len(t) >= 2
                and sum(c.isupper() for c in t) >= 2 and not (t.endswith("s") and t[:-1].isupper()))

    def _vendor_of(self, text: str) -> _Vendor | None:
        first = text.split()[0] if text.split() else text
        if first in self.vendors:
            return self.vendors[first]
        if first in self.series:
            return self.series[first]
        for v in self.vendors.values():
            if any(p.search(text) for p in v.code_patterns):
                return v
        return None

    # --- main -----------------------------------------------------------------------------------
    def __call__(self, doc: Doc, claimed: Collection[int] = ()) -> list[NameMatch]:
        """Every hardware mention in ``doc``, in text order; tokens in ``claimed`` are skipped."""
        taken = set(claimed)
        found: list[NameMatch] = []
        ix = doc_tokens(doc)  # shared with the other components of the Doc
        heads = self._heads.matches(ix)

        def take(start: int, end: int, source: str, entry: GazetteerEntry | None = None) -> bool:
            if start >= end or any(i in taken for i in range(start, end)):
                return False
            span = doc[start:end]
            sc, ec = surface_chars(span)
            text = span.text[:ec - sc]
            norm, label, source = self._canonical(doc, start, end, entry, source)
            if ec < span.end_char:
                label = label.removesuffix(".")
                norm = norm if entry is not None else merge_key(label)
            found.append(NameMatch(start, end, text, norm, label, source, sc, ec))
            taken.update(range(start, end))
            return True

        for m in self.gazetteer(doc):
            s = self._extend_left(doc, m.span.start, taken)
            e = self._extend_right(doc, m.span.end, taken)
            if not take(s, e, "gazetteer", m.entry):
                take(m.span.start, m.span.end, "gazetteer", m.entry)
        for g in self._vendor_rule(doc, ix, heads):
            take(*g, "rule")
        for g in self._head_rule(doc, ix, heads):
            take(*g, "rule")
        for g in self._named_rule(doc, ix, heads):
            take(*g, "rule")
        for g in self._tpu_versions(doc, heads):
            take(*g, "rule")
        mark_repeat_mentions(ix, found, take)
        return sorted(found, key=lambda m: m.start)

    def _canonical(self, doc: Doc, start: int, end: int, entry: GazetteerEntry | None,
                   source: str) -> tuple[str, str, str]:
        """(norm, label, source): the gazetteer's when the surface is a known spelling."""
        toks = list(doc[start:end])
        rest = toks[1:] if toks and toks[0].text in self.vendors and len(toks) > 1 else toks
        rest_text = doc[rest[0].i:rest[-1].i + 1].text if rest else ""
        if entry is None:
            entry = self.gazetteer.lookup(doc[start:end].text) or self.gazetteer.lookup(rest_text)
            if entry is not None:
                source = "gazetteer"
        if entry is not None:
            return entry.norm, entry.name, source
        vendor = self._vendor_of(doc[start:end].text)
        label = doc[rest[0].i:rest[-1].i + 1].text if rest else doc[start:end].text
        if rest and rest[-1].lower_ in _PLURAL_NOUNS:
            label = label[:-1]  # "NVIDIA GPUs" -> "NVIDIA GPU"
        if vendor is not None and not label.startswith(vendor.name):
            label = f"{vendor.name} {label}"
        return merge_key(label), label, source

    def _extend_left(self, doc: Doc, s: int, taken: Collection[int]) -> int:
        """Widen over vendor and series words: "NVIDIA Tesla V100", "GeForce RTX 3090"."""
        while s >= 1 and s - 1 not in taken and self.brand(doc[s - 1]):
            s -= 1
        return s

    def _extend_right(self, doc: Doc, e: int, taken: Collection[int]) -> int:
        """Widen over a model number and suffix after a series: "Xeon Gold 6248", "EPYC 7763 Pro"."""
        while e < len(doc) and e not in taken and (
                (self.code(doc[e]) and any(c.isdigit() for c in doc[e].text)) or doc[e].text in _SUFFIXES
                or (doc[e].like_num and len(doc[e]) >= 3 and doc[e].text.isdigit())):
            e += 1
        return e

    def _head_rule(self, doc: Doc, ix: DocTokens, heads: list[tuple[int, int]]) -> Iterable[tuple[int, int]]:
        """A model code (or vendor, series, acronym) before a device noun."""
        title_end = title_token_end(doc)
        for hs, he in heads:
            head = doc[hs:he].text.lower()
            lo = ix.sentence(hs)[0]
            i = hs
            while i - 1 >= lo and hs - (i - 1) <= _MAX_NAME_TOKENS:
                tok = doc[i - 1]
                prev_ok = i - 2 >= lo and (self.caps(doc[i - 2]) or self.brand(doc[i - 2]) or self.code(doc[i - 2]))
                if self.code(tok) or self.brand(tok) or self.caps(tok) or tok.text in _SUFFIXES:
                    i -= 1
                elif tok.like_num and prev_ok:
                    i -= 1
                elif tok.text == "-" and tok.whitespace_ == "" and prev_ok and doc[i - 2].whitespace_ == "":
                    i -= 1
                elif (tok.is_title and tok.is_alpha and not tok.is_sent_start and tok.text not in self.not_name
                      and head in self.titled_heads and i == hs and len(tok) > 2 and hs >= title_end):
                    i -= 1  # "Hopper GPUs"
                else:
                    break
            while i < hs and (doc[i].like_num or doc[i].text == "-" or doc[i].text in _SUFFIXES):
                i += 1  # a count is not part of the name: "1024 MI250X GPUs"
            if i >= hs:
                continue
            toks = doc[i:hs]
            has_vendor = any(t.text in self.vendors for t in toks)
            only_vendor = all(t.text in self.vendors for t in toks)
            if head in self.workload_heads and not any(any(c.isdigit() for c in t.text) or self.brand(t) for t in toks):
                continue  # "RNN accelerators": the acronym names the workload, not the device
            if head in self.weak_heads:
                text = toks.text
                if not (has_vendor or any(t.text in self.series for t in toks)
                        or any(p.search(text) for v in self.vendors.values() for p in v.code_patterns)):
                    continue
            if only_vendor:
                if head not in self.weak_heads:
                    yield i, he  # "Arm CPU", "NVIDIA GPUs"
                continue
            yield i, hs

    def _vendor_rule(self, doc: Doc, ix: DocTokens, heads: list[tuple[int, int]]) -> Iterable[tuple[int, int]]:
        """A vendor followed by a code, a series, an acronym or a device noun."""
        head_starts = dict(heads)
        for v in ix.positions(self._vendor_ids, attr="orth"):
            hi = ix.sentence(v)[1]
            j = v + 1
            if j < hi and doc[j].text in {"'s", "’s"}:
                continue  # "NVIDIA's A100": the gazetteer or the head rule names the device itself
            names: list[int] = []
            head_end = None
            while j < hi and j - v <= _MAX_NAME_TOKENS:
                if j in head_starts and doc[j:head_starts[j]].text.lower() not in self.weak_heads:
                    head_end = head_starts[j]
                    break
                tok = doc[j]
                if tok.lower_ in _STOP_WORDS or (tok.is_punct and not (tok.text == "-" and tok.whitespace_ == ""
                                                                        and doc[j - 1].whitespace_ == "")):
                    break
                names.append(j)
                j += 1
            if head_end is not None:
                lowercase = any(doc[k].is_lower and doc[k].is_alpha for k in names)
                if not names or lowercase:
                    yield v, head_end
                    continue
            good = []
            for k in names:
                tok = doc[k]
                if self.code(tok) or self.brand(tok) or self.caps(tok) or tok.text in _SUFFIXES or (
                        tok.like_num and good) or (tok.text == "-" and good):
                    good.append(k)
                else:
                    break
            while good and doc[good[-1]].text == "-":
                good.pop()
            if good:
                yield v, good[-1] + 1

    def _named_rule(self, doc: Doc, ix: DocTokens, heads: list[tuple[int, int]]) -> Iterable[tuple[int, int]]:
        """"<device noun> ... named X" and "X, the ... supercomputer"."""
        for n in ix.positions(self._named_ids):
            lo, hi = ix.sentence(n)
            if n + 1 >= hi or not any(t.lower_ in self.named_context for t in doc[max(lo, n - _NAMED_WINDOW):n]):
                continue
            tok = doc[n + 1]
            if self.caps(tok) or self.code(tok):
                yield n + 1, n + 2
        for hs, he in heads:
            if doc[hs].lower_ not in {"supercomputer", "supercomputers"}:
                continue
            lo = ix.sentence(hs)[0]
            for k in range(hs - 1, max(lo, hs - _NAMED_WINDOW), -1):
                if doc[k].text == "," and k - 1 >= lo and doc[k + 1].lower_ in {"the", "a", "an"}:
                    name = doc[k - 1]
                    if (name.is_title or self.caps(name)) and name.text not in self.not_name:
                        yield k - 1, k
                    break

    def _tpu_versions(self, doc: Doc, heads: list[tuple[int, int]]) -> Iterable[tuple[int, int]]:
        """"TPU v7" and other versions the gazetteer does not list."""
        for hs, he in heads:
            if doc[hs].text == "TPU" and he < len(doc) and _TPU_VERSION.fullmatch(doc[he].text):
                yield hs, he + 1

class HardwareComponent:
    """Writes ``hardware`` spans to ``doc.spans["kg_hardware"]`` (``norm``, ``label``, ``source``)."""

    def __init__(self, nlp: Language, name: str, spans_key: str, reads: Sequence[str]) -> None:
        self.name = name
        self.spans_key = spans_key
        self.reads = tuple(key_of(t) for t in reads)
        self.finder = HardwareFinder(nlp)

    def __call__(self, doc: Doc) -> Doc:
        key = self.spans_key
        doc.spans.setdefault(key, [])
        claimed = claimed_tokens(doc, self.reads)
        for m in self.finder(doc, claimed):
            add_entity(doc, key, doc[m.start:m.end], "hardware", chars=(m.start_char, m.end_char),
                       norm=m.norm, label=m.label, source=m.source)
        return doc


@Language.factory("kg_hardware", assigns=["doc.spans"],
                  default_config={"spans_key": "kg_hardware", "reads": ["repository"]})
def make_hardware(nlp: Language, name: str, spans_key: str, reads: list[str]) -> HardwareComponent:
    """spaCy factory: ``nlp.add_pipe("kg_hardware")``; leaves alone the tokens of the types it reads."""
    return HardwareComponent(nlp, name, spans_key, tuple(reads))
