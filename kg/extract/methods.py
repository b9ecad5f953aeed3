"""``kg_methods``: named methods, models, algorithms, optimizers and frameworks, and which are new.

A method is found in one of five ways, from the most to the least specific:

1. an acronym definition (:mod:`kg.extract.abbreviations`) whose long form names a method
   ("Big Little Decoder (BiLD)"): both surfaces become entities with one norm (the slug of the
   long form), and the acronym gets ``alias_of`` the long form;
2. the object of a proposal ("we propose an adaptive inexact Newton method", "called group
   attention", the title prefix "HALO: ...");
3. the gazetteer of well-known names (``resources/methods.jsonl``: BERT, Adam, LoRA, PyTorch...);
4. a Title Case phrase ending in a method noun ("Contextual Token Sparsity", "Mean Field
   parametrizations"), or a capitalised word before one ("Sinkhorn algorithm");
5. a word shaped like a name: CamelCase, several capitals, letters with digits ("LeMo",
   "FlashButterfly", "Qwen2.5-1M", "nn-JIT.web"), unless it is a known non-method (GPU, LLM, BLEU).

Overlaps keep the longest candidate; spans already claimed by ``kg_datasets``/``kg_hardware`` are
skipped. ``proposed`` is true for a name the paper introduces (in the object of "we propose/present/
introduce/develop...", "X, a novel ...", "our X", "called X" in such a sentence, or a title "X: ...");
it spreads to every mention of the same name and to its acronym. Well-known names are proposed only
as a title prefix (the paper that introduced the Neural Tangent Kernel).

The parts live in modules of their own: what a name looks like (:mod:`kg.extract.method_names`),
where candidates are found (:mod:`kg.extract.method_candidates`), which are proposed
(:mod:`kg.extract.method_proposals`), and the view of a Doc the rules read
(:mod:`kg.extract.doc_view`); this module finds the gazetteer names and acronym definitions, and
composes the rest into :func:`find_methods` and the ``kg_methods`` component.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("sentencizer"); _ = nlp.add_pipe("kg_methods")
>>> doc = nlp("We propose Big Little Decoder (BiLD), which we train with Adam.")
>>> [(s.text, s._.kg["norm"], s._.kg["proposed"]) for s in doc.spans["kg_methods"]]
[('Big Little Decoder', 'big-little-decoder', True), ('BiLD', 'big-little-decoder', True), ('Adam', 'adam', False)]
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.abbreviations import doc_abbreviation_offsets, match_long_form
from kg.extract.doc_view import LexicalCache, _View, _text, _title_end, _words
from kg.extract.gazetteer import GazetteerEntry, load_entries
from kg.extract.method_candidates import (MethodCandidate, _blocked_tokens, _generic_use, _shaped_words,
                                          _title_case_runs, _title_segments)
from kg.extract.method_names import (Lexicon, _generic, _head_ok, _is_cap, _last_word, _name_shaped_cached,
                                     load_lexicon, name_shaped)
from kg.extract.method_proposals import (_mark_proposed, _noun_phrase, _proposal_slots,
                                         _spread_slots_to_title)
from kg.extract.patterns import LazyPhraseMatcher
from kg.extract.spans import add_entity, spans_key as key_of
from kg.extract.tokens import doc_tokens
from kg.ids import slugify
from kg.plurals import singular_key

# Read from here by tests written before the rules had modules of their own.
from kg.extract.method_candidates import _NAME_MARK, _URL_MARK, _chunks_holding  # noqa: F401

__all__ = [
    "GazetteerEntry",
    "Lexicon",
    "MethodCandidate",
    "MethodComponent",
    "MethodFinder",
    "find_methods",
    "load_gazetteer",
    "load_lexicon",
    "make_methods",
    "name_shaped",
]


def load_gazetteer() -> tuple[GazetteerEntry, ...]:
    """The bundled vocabulary of well-known methods (``resources/methods.jsonl``, the shared
    gazetteer format of :mod:`kg.extract.gazetteer`; loaded once).

    Examples
    --------
    >>> by_name = {e.name: e for e in load_gazetteer()}
    >>> by_name["low-rank adaptation"].aliases, by_name["LoRA+"].attrs["family"]
    (('LoRA',), 'low-rank adaptation')
    """
    return load_entries("methods.jsonl")


def _variants(surface: str) -> set[str]:
    """Surface forms a gazetteer name is matched by: itself, hyphen/space swaps, a plural."""
    out = {surface}
    if " " in surface and "-" not in surface and surface.islower():
        out.add(surface.replace(" ", "-"))
    if "-" in surface and surface.islower() and not any(c.isdigit() for c in surface):
        out.add(surface.replace("-", " "))
    for s in list(out):
        last = s.split()[-1]
        if last[-1:].isalpha() and len(last) >= 3 and not last.endswith("s") and not last.isupper():
            out.add(s + ("es" if last.endswith(("x", "sh", "ch")) else "s"))
        elif last.isupper() and len(last) >= 2 and last[-1].isalpha():
            out.add(s + "s")  # SVMs, GANs
    return out


class MethodFinder:
    """Compiled matchers for the gazetteer; :meth:`__call__` lists the method candidates of a Doc."""

    def __init__(self, nlp: Language, entries: Sequence[GazetteerEntry] | None = None, lexicon: Lexicon | None = None,
                 blocking: Sequence[str] = ()) -> None:
        self.blocking = tuple(key_of(t) for t in blocking)  # spans keys whose tokens are not methods
        self.entries = tuple(entries if entries is not None else load_gazetteer())
        self.lex = lexicon or load_lexicon()
        self.exact = LazyPhraseMatcher(nlp, "ORTH")  # patterns tokenised when a Doc could hold them
        self.lower = LazyPhraseMatcher(nlp, "LOWER")
        self.known_lower: dict[str, int] = {}
        self.lexicals = LexicalCache(nlp.vocab)  # shared by the views of the Docs this finder reads
        self._norms: dict[int, str] = {}  # entry number -> slugify(entry.name)
        for n, e in enumerate(self.entries):
            cased, uncased = set(), set()
            for s in (e.name, *e.aliases):
                for v in _variants(s):
                    (cased if e.case_sensitive else uncased).add(v)
                    self.known_lower.setdefault(v.lower(), n)
            key = str(n)
            if cased:
                self.exact.add(key, sorted(cased))
            if uncased:
                self.lower.add(key, sorted(uncased))

    # -- candidates ---------------------------------------------------------------------------
    def gazetteer(self, doc: Doc) -> list[MethodCandidate]:
        out = []
        norms = self._norms
        for matcher in (self.exact, self.lower):
            for match_id, a, b in matcher(doc):
                n = int(doc.vocab.strings[match_id])
                e = self.entries[n]
                norm = norms.get(n)
                if norm is None:
                    norm = norms[n] = slugify(e.name)
                out.append(MethodCandidate(a, b, "gazetteer", 3, norm=norm, label=e.name, known=True))
        return out

    def __call__(self, doc: Doc) -> list[MethodCandidate]:
        return find_methods(doc, self)


def _abbreviations(real: Doc, doc: _View) -> list[tuple[Span, Span]]:
    """:func:`~kg.extract.abbreviations.find_abbreviations` on the precomputed tokens."""
    out = []
    for l0, l1, s0, s1 in doc_abbreviation_offsets(doc.cols):
        lf, sf = real.char_span(l0, l1), real.char_span(s0, s1)
        if lf is not None and sf is not None:
            out.append((lf, sf))
    return out


def _resolve(cands: list[MethodCandidate], blocked: set[int]) -> list[MethodCandidate]:
    """Longest first (then rank), no overlaps, nothing on blocked tokens; in text order."""
    taken: set[int] = set(blocked)
    kept = []
    for c in sorted(cands, key=lambda c: (-(c.end - c.start), -c.rank, c.start)):
        span = set(range(c.start, c.end))
        if span & taken:
            continue
        taken |= span
        kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def find_methods(doc: Doc, finder: MethodFinder) -> list[MethodCandidate]:
    """Method mentions in a Doc, resolved (no overlaps) and with proposed/alias attributes.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> doc = nlp("We develop FlashButterfly, an IO-aware algorithm, and compare it with FlashAttention on GPUs.")
    >>> [(doc[c.start:c.end].text, c.proposed) for c in find_methods(doc, MethodFinder(nlp))]
    [('FlashButterfly', True), ('FlashAttention', False)]
    """
    lex = finder.lex
    real = doc
    cols = doc_tokens(real)
    doc = _View(real, cols, finder.lexicals)  # type: ignore[assignment]
    n = len(doc)
    t_end = _title_end(doc)
    blocked = _blocked_tokens(real, doc, finder.blocking)
    cands: list[MethodCandidate] = []
    proposed_tokens: set[int] = set()
    direct_objects: set[int] = set()  # first token right after a proposal verb
    not_methods: set[str] = set()

    # 3. gazetteer; 5. shaped words; 4. Title Case phrases (titles are all Title Case: segments only)
    cands += finder.gazetteer(real)
    cands += _shaped_words(doc, 0, n, lex)
    cands += _title_case_runs(doc, t_end, n, lex)
    title_segments = _title_segments(doc, t_end, lex)
    cands += [MethodCandidate(a, b, "rule", 2) for a, b in title_segments]

    # 2. proposal slots
    for a, b, kind in _proposal_slots(doc, t_end, n, lex):
        s_lo, s_hi = cols.sentence(a) if a < n else (a, a)
        if kind == "named":
            we_name = a >= 2 and any(doc[k].lower_ == "we" for k in range(max(s_lo, a - 4), a))
            active = " been " not in doc[s_lo:s_hi].text.lower() and (we_name or any(
                doc[k].lower_ in lex.proposal_verbs and doc[k].lower_ not in ("call", "term", "name", "dub")
                and (k == s_lo or doc[k - 1].lower_ not in lex.passive_markers) for k in range(s_lo, s_hi)))
            words = _words(doc, a, b)
            np_ = _noun_phrase(doc, a, b, lex) or (
                (a, b) if b > a and _is_cap(doc[a].text) and b - a <= 5 and _head_ok(_last_word(doc[b - 1].text), lex) else None) or (
                words[0] if len(words) == 1 and _name_shaped_cached(_text(doc, *words[0]), lex.stop_names) else None)
            if np_:
                # "which we refer to as Softmax Collapse": a name, but of a phenomenon: needs a method noun.
                cands.append(MethodCandidate(np_[0], np_[1], "rule", 4, proposed=active))
            if active and (np_ or any(_name_shaped_cached(_text(doc, *w), lex.stop_names) for w in words)):
                proposed_tokens.update(range(a, b))  # "which are named AFA-CD and AFA-CS"
            continue
        proposed_tokens.update(range(a, b))
        if kind == "verb":
            direct_objects.add(a)
        if kind == "our":
            continue
        np_ = _noun_phrase(doc, a, b, lex)
        # Coined names inside the object; "Newton method" (a capitalised word + method noun) is not one.
        names = [c for c in cands if a <= c.start and c.end <= b and c.rank in (1, 2) and not c.known
                 and _text(doc, c.start, c.end).lower() not in finder.known_lower and not doc[c.end - 1].is_lower]
        if np_ and not any(np_[0] <= c.start and c.end <= np_[1] for c in names):
            cands.append(MethodCandidate(np_[0], np_[1], "rule", 4, proposed=True))
        elif np_:
            # "the linear-complexity multiplication L-Mul algorithm": the description before the name.
            first = min(c.start for c in names if np_[0] <= c.start)
            desc = _noun_phrase(doc, np_[0], first, lex)
            if desc and not _is_cap(doc[desc[0]].text):
                cands.append(MethodCandidate(desc[0], desc[1], "rule", 4, proposed=True))
        if kind == "verb":
            # A capitalised phrase in the object is a coined name ("module Adaptive-eta").
            k = a
            while k < b:
                if _is_cap(doc[k].text) and k != s_lo and doc[k].text not in lex.stop_names:
                    e = k + 1
                    while e < b and (_is_cap(doc[e].text) or (doc[e].text == "-" and e + 1 < b)):
                        e += 1
                    words = _words(doc, k, e)
                    if words:
                        cands.append(MethodCandidate(words[0][0], words[-1][1], "rule", 3, proposed=True))
                    k = e
                else:
                    k += 1

    # 1. acronym definitions
    pair_cands: list[tuple[MethodCandidate, MethodCandidate]] = []
    for lf, sf in _abbreviations(real, doc):
        long_text, short_text = lf.text, sf.text
        in_gaz = long_text.lower() in finder.known_lower or short_text.lower() in finder.known_lower
        mixed = bool(re.search(r"[a-z]", short_text.rstrip("s"))) and not short_text.rstrip("s").isupper()
        slotted = any(k in proposed_tokens for k in range(lf.start, lf.end)) or any(k in proposed_tokens for k in range(sf.start, sf.end))
        after = max(lf.end, sf.end) + (1 if max(lf.end, sf.end) < n and doc[max(lf.end, sf.end)].text == ")" else 0)
        headed = after < n and (doc[after].lower_ in lex.trailer_heads or _head_ok(doc[after].text, lex, strong=True))
        generic = _generic(long_text, lex) or short_text in lex.stop_names or short_text.rstrip("s") in lex.stop_names
        is_method = not generic and (in_gaz or slotted or mixed or headed or _head_ok(_last_word(lf[-1].text), lex))
        if not is_method:
            not_methods.update({singular_key(long_text), singular_key(short_text)})
            blocked.update(range(lf.start, lf.end))
            blocked.update(range(sf.start, sf.end))
            continue
        common = dict(norm=singular_key(long_text), label=f"{long_text} ({short_text})", long_form=long_text, short_form=short_text)
        lc = MethodCandidate(lf.start, lf.end, "rule", 5, **common)
        sc = MethodCandidate(sf.start, sf.end, "rule", 5, alias_of=long_text, **common)
        pair_cands.append((lc, sc))
        cands += [lc, sc]

    # Title "ACRONYM: Long Form for ...": the paper's method, defined in the title.
    title_prefix: tuple[int, int] | None = None
    if t_end:
        colon = next((k for k in range(t_end) if doc[k].text == ":"), None)
        if colon and colon <= 7:
            words = _words(doc, 0, colon)
            text = _text(doc, 0, colon)
            if len(words) == 1 and (_name_shaped_cached(text, lex.stop_names) or text.lower() in finder.known_lower):
                title_prefix = (words[0][0], words[0][1])
            elif (2 <= len(words) <= 6 and all(_is_cap(doc[w[0]].text) for w in words) and not _generic(text, lex)
                  and (_head_ok(_last_word(doc[colon - 1].text), lex, strong=True)
                       or (len(words) <= 3 and any(_name_shaped_cached(_text(doc, *w), lex.stop_names) for w in words)))):
                title_prefix = (0, colon)  # "Neural Tangent Kernel: ...", "DeepSpeed Ulysses: ..."

            if title_prefix:
                cands.append(MethodCandidate(*title_prefix, "rule", 6, proposed=True))
                segs = [s for s in title_segments if s[0] == colon + 1]
                run_end = colon + 1
                while run_end < t_end and (doc[run_end].text[:1].isupper() or doc[run_end].text == "-"):
                    run_end += 1
                short = _text(doc, *title_prefix)
                long_text = _text(doc, colon + 1, run_end)
                if len(words) == 1 and run_end > colon + 2 and not any(s[0] == colon + 1 and s[1] > run_end for s in segs):
                    if match_long_form(short, long_text) == 0:
                        common = dict(norm=singular_key(long_text), label=f"{long_text} ({short})", long_form=long_text, short_form=short)
                        lc = MethodCandidate(colon + 1, run_end, "rule", 6, proposed=True, **common)
                        sc = MethodCandidate(*title_prefix, "rule", 7, proposed=True, alias_of=long_text, **common)
                        pair_cands.append((lc, sc))
                        cands += [lc, sc]

    # Later mentions of a defined acronym or long form are the same method.
    pair_by_text: dict[str, MethodCandidate] = {}
    for lc, sc in pair_cands:
        pair_by_text.setdefault(singular_key(lc.long_form), lc)
        pair_by_text.setdefault(sc.short_form, sc)
        pair_by_text.setdefault(singular_key(sc.short_form), sc)
    if pair_by_text:
        texts = doc.texts
        for a, b in _words(doc, 0, n):
            surface = texts[a] if b == a + 1 else doc.span_text(a, b)  # a word of one token: its text
            if (ref := _pair_ref(pair_by_text, surface, a, b)) is not None:
                cands.append(MethodCandidate(a, b, "rule", 5, norm=ref.norm, label=ref.label, long_form=ref.long_form,
                                             short_form=ref.short_form, alias_of=ref.alias_of))

    # Drop non-methods: parts of non-method acronym definitions, generic phrases.
    cands = [c for c in cands if singular_key(_text(doc, c.start, c.end)) not in not_methods
             and not _generic(_text(doc, c.start, c.end), lex) and not _generic_use(doc, c, lex)]
    for c in cands:
        # "the Perceptron algorithm": a known name with "algorithm" after it is named with it.
        if c.known and c.end < n and doc[c.end].lower_ == "algorithm" and not _name_shaped_cached(doc[c.end - 1].text, frozenset()):
            c.end += 1
    kept = _resolve(cands, blocked)
    _spread_slots_to_title(doc, kept, t_end, proposed_tokens)
    _fill_norms(doc, kept, finder)
    _mark_proposed(doc, kept, finder, proposed_tokens, direct_objects, title_prefix)
    out = _first_surface_per_method(doc, kept)
    for c in out:
        c.extra["chars"] = _surface(doc, c)[:2]
    return out


def _pair_ref(pair_by_text: dict[str, MethodCandidate], surface: str, a: int, b: int) -> MethodCandidate | None:
    """The defined acronym or long form that the word ``surface`` (tokens ``a:b``) mentions again:
    looked up by its text, then by its singular key; not the definition itself."""
    ref = pair_by_text.get(surface)
    if ref is not None and (ref.start != a or ref.end != b):
        return ref
    ref = pair_by_text.get(singular_key(surface))
    if ref is not None and (ref.start != a or ref.end != b):
        return ref
    return None


def _fill_norms(doc: Doc, kept: list[MethodCandidate], finder: MethodFinder) -> None:
    """Norm and label: the gazetteer's canonical name, else the (singular) surface."""
    for c in kept:
        text = _surface(doc, c)[2]
        c.known = c.known or text.lower() in finder.known_lower
        if not c.norm:
            entry_n = finder.known_lower.get(text.lower())
            c.norm = slugify(finder.entries[entry_n].name) if entry_n is not None else singular_key(text)
            c.label = finder.entries[entry_n].name if entry_n is not None else text
        if c.known:
            c.source = "gazetteer"


def _surface(doc: Doc, c: MethodCandidate) -> tuple[int, int, str]:
    """Character offsets and text of a candidate, without a sentence-final period glued to the
    last token ("LASP-2H." is one token)."""
    if doc.__class__ is _View:  # the columns, without token objects
        start, end = doc.starts[c.start], doc.starts[c.end - 1] + len(doc.texts[c.end - 1])
    else:
        start, end = doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1])
    text = doc.text[start:end]
    while text and text[-1] in ".,;:" and len(text) > 1:
        text, end = text[:-1], end - 1
    return start, end, text


def _first_surface_per_method(doc: Doc, kept: list[MethodCandidate]) -> list[MethodCandidate]:
    """One surface per method: "Transformers" and a later "transformer" are one entity (an acronym
    and its long form stay two)."""
    out = []
    first: dict[str, str] = {}
    for c in kept:
        text = _surface(doc, c)[2]
        key = singular_key(text)
        if key in first and first[key] != text:
            continue
        first.setdefault(key, text)
        out.append(c)
    return out


class MethodComponent:
    """Writes ``method`` spans to ``doc.spans["kg_methods"]`` (attributes in ``span._.kg``)."""

    def __init__(self, nlp: Language, name: str, spans_key: str, reads: Sequence[str]) -> None:
        self.name = name
        self.spans_key = spans_key
        self.finder = MethodFinder(nlp, blocking=reads)

    def __call__(self, doc: Doc) -> Doc:
        key = self.spans_key
        doc.spans.setdefault(key, [])
        for c in self.finder(doc):
            attrs: dict[str, Any] = {"norm": c.norm, "label": c.label, "proposed": c.proposed, "source": c.source}
            for k in ("long_form", "short_form", "alias_of"):
                if getattr(c, k):
                    attrs[k] = getattr(c, k)
            start, end = c.extra["chars"]
            add_entity(doc, key, Span(doc, c.start, c.end), "method", chars=(start, end), **attrs)
        return doc


@Language.factory("kg_methods", assigns=["doc.spans"],
                  default_config={"spans_key": "kg_methods", "reads": ["repository", "hardware", "dataset", "task"]})
def make_methods(nlp: Language, name: str, spans_key: str, reads: list[str]) -> MethodComponent:
    """spaCy factory: ``nlp.add_pipe("kg_methods")``; the tokens of the types it reads are not methods."""
    return MethodComponent(nlp, name, spans_key, reads)
