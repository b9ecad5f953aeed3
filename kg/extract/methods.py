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

import bisect
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.gazetteer import GazetteerEntry, load_entries
from kg.extract.abbreviations import doc_abbreviation_offsets, match_long_form
from kg.extract.patterns import LazyPhraseMatcher
from kg.extract.spans import add_entity, spans_key as key_of
from kg.extract.tokens import DocTokens, doc_tokens
from kg.ids import slugify
from kg.plurals import singular_key

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

# Punctuation that may surround a name but is never part of it.
_EDGE_PUNCT = set("()[]{},.;:!?\"'`“”‘’-") | {"'s", "’s", "''", "``", "--", "..."}
_NUMBER_FORMAT = re.compile(r"^(?:b?float|u?int|fp|bf|e\d?m)\d+$", re.IGNORECASE)
_HARDWARE_LIKE = re.compile(r"^[A-Z]\d{2,4}[A-Za-z]?$")  # A100, H800, V100: left to kg_hardware
_MATHY = re.compile(r"[=^*<>|\\{}$]")
_VENUE_YEAR = re.compile(r"^[A-Z]+'\d{2}$")  # ICML'21
_CONNECTORS = {"of", "for", "with", "-"}


@dataclass(frozen=True)
class Lexicon:
    """Word lists that drive the rules (``resources/methods_lexicon.json``; see its ``_doc``)."""

    stop_names: frozenset[str]
    generic_phrases: frozenset[str]
    method_heads: frozenset[str]
    strong_heads: frozenset[str]
    trailer_heads: frozenset[str]
    name_suffixes: frozenset[str]
    proposal_verbs: frozenset[str]
    passive_markers: frozenset[str]
    naming_cues: frozenset[str]
    slot_boundaries: frozenset[str]
    generic_modifiers: frozenset[str]
    dataset_nouns: frozenset[str]
    np_weak_heads: frozenset[str]
    pronouns: frozenset[str]
    of_nouns: frozenset[str]
    not_new: frozenset[str]
    ordinals: frozenset[str]


@dataclass
class MethodCandidate:
    """A method mention before overlaps are resolved; ``start``/``end`` are token indices."""

    start: int
    end: int
    source: str  # "gazetteer" | "rule"
    rank: int  # tie-break between overlapping candidates of equal length (higher wins)
    norm: str = ""
    label: str = ""
    proposed: bool = False
    long_form: str | None = None
    short_form: str | None = None
    alias_of: str | None = None
    known: bool = False  # in the gazetteer: never proposed except by a title prefix
    extra: dict[str, Any] = field(default_factory=dict)


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


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The bundled word lists (loaded once)."""
    raw = json.loads(resources.files("kg.extract").joinpath("resources/methods_lexicon.json").read_text("utf-8"))
    lower = {k: frozenset(w.lower() for w in v) for k, v in raw.items() if k not in ("_doc", "stop_names")}
    return Lexicon(stop_names=frozenset(raw["stop_names"]), **lower)


def _segment_shaped(seg: str) -> bool:
    if not seg or not seg[0].isalpha():
        return False
    upper = sum(c.isupper() for c in seg)
    letters = sum(c.isalpha() for c in seg)
    if upper >= 2 and letters >= 2:
        return not (upper == letters == 2 and not any(c.isdigit() for c in seg))  # "QK", "AI"
    if re.search(r"[a-z][A-Z]", seg):  # vLLM, signSGD, muP
        return True
    if any(c.isdigit() for c in seg) and letters >= 2:
        return seg[0].isupper() or bool(re.match(r"^[a-z]+\d[a-z]+$", seg))  # Llama3, im2col
    return False


@lru_cache(maxsize=65536)
def _name_shaped_cached(word: str, stop_names: frozenset[str]) -> bool:
    return name_shaped(word, stop_names)


def name_shaped(word: str, stop_names: Iterable[str] = ()) -> bool:
    """Whether a whitespace-delimited word looks like a coined name.

    CamelCase, two or more capitals, or letters with digits, in any ``-``/``.``-separated part;
    not a number format (``FP16``), a hardware model number (``A100``), maths (``XQK^top``) or a
    listed non-method (``GPUs``).

    Examples
    --------
    >>> [name_shaped(w) for w in ["LeMo", "nn-JIT.web", "Qwen2.5-1M", "im2col", "P-Tuning", "Co-Design"]]
    [True, True, True, True, True, False]
    >>> [name_shaped(w, {"GPU"}) for w in ["GPUs", "FP16", "A100", "KQ^top", "AI", "Adam"]]
    [False, False, False, False, False, False]
    """
    if not word or not word[0].isalpha():
        return False
    rest = word[1:]
    if rest.islower() and not any(c.isdigit() for c in rest) and not word[0].islower() or word.islower() and word.isalpha():
        return False  # "Adam", "method": the common case, decided without regexes
    stop = stop_names if isinstance(stop_names, (set, frozenset)) else set(stop_names)
    if _MATHY.search(word):
        return False
    if word in stop or word.rstrip("s") in stop or _NUMBER_FORMAT.match(word) or _HARDWARE_LIKE.match(word) or _VENUE_YEAR.match(word):
        return False
    if re.match(r"^[A-Z]-[A-Z]", word):  # P-Tuning, K-FAC, U-Net
        return True
    segments = re.split(r"[-./+_]", word)
    if re.search(r"[A-Za-z]\.[a-z]", word):  # a package-like name: "nn-JIT.web"
        return any(_segment_shaped(s) for s in segments)
    # "multi-GPU" is GPUs; "NTK-Attention" is a name.
    return any(_segment_shaped(s) and s not in stop and s.rstrip("s") not in stop for s in segments)


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


class _Sentences:
    """Sentence index of every token (the whole Doc is one sentence without a sentencizer)."""

    def __init__(self, cols: DocTokens) -> None:
        self.bounds: list[tuple[int, int]] = cols.sentences() if cols.has_sents else [(0, cols.n)]
        self.of = [0] * cols.n
        for n, (a, b) in enumerate(self.bounds):
            self.of[a:b] = [n] * (b - a)

    def span(self, i: int) -> tuple[int, int]:
        return self.bounds[self.of[i]]


class _Tok:
    """The token attributes the rules read (spaCy builds a new Token object on every access,
    which dominated the running time); made on first access to a position."""

    __slots__ = ("text", "lower_", "idx", "whitespace_", "is_space", "is_punct", "is_stop", "is_alpha", "like_num",
                 "is_lower", "i", "start", "end", "sent")

    def __len__(self) -> int:
        return len(self.text)

    def __init__(self, i: int, text: str, idx: int, ws: bool, lexical: tuple, sent: int) -> None:
        self.i, self.text, self.idx, self.start, self.end = i, text, idx, idx, idx + len(text)
        self.whitespace_ = " " if ws else ""
        # lower_ and the 0/1 flags, from :func:`_lexical_attrs`
        self.lower_, self.is_punct, self.is_stop, self.is_alpha, self.like_num, self.is_lower, self.is_space = lexical
        self.sent = sent


def _lexical_attrs(token: Any) -> tuple[str, int, int, int, int, int, int]:
    """What a :class:`_Tok` reads of its lexeme: the lower-case text and the flags ``is_punct``,
    ``is_stop``, ``is_alpha``, ``like_num``, ``is_lower``, ``is_space`` as 0/1 (as
    ``Doc.to_array`` gives them). They depend on the token text only, so they are kept by text."""
    return (token.text.lower(), int(token.is_punct), int(token.is_stop), int(token.is_alpha), int(token.like_num),
            int(token.is_lower), int(token.is_space))


# Token texts whose lexical attributes a MethodFinder keeps (emptied when full).
_LEXICAL_MAX = 1 << 17
# Positions in a :func:`_lexical_attrs` tuple.
_PUNCT, _STOP, _ALPHA, _LIKE_NUM = 1, 2, 3, 4


class _Slice:
    """``view[a:b]``: iterable tokens with the text of the stretch."""

    __slots__ = ("view", "start", "end")

    def __init__(self, view: _View, start: int, end: int) -> None:
        self.view, self.start, self.end = view, start, end

    def __iter__(self):
        view = self.view
        return (view.tok(i) for i in range(self.start, self.end))

    def __len__(self) -> int:
        return max(0, self.end - self.start)

    def __getitem__(self, k: int | slice) -> Any:
        positions = range(self.start, self.end)[k]
        if k.__class__ is int:
            return self.view.tok(positions)
        return [self.view.tok(i) for i in positions]  # a list, as slicing a list of tokens gives

    @property
    def text(self) -> str:
        if self.end <= self.start:
            return ""
        view = self.view
        return view.text[view.starts[self.start]:view.starts[self.end - 1] + len(view.texts[self.end - 1])]


class _Tokens(Sequence):
    """The tokens of a :class:`_View` as a sequence (made lazily), with their texts as a column."""

    def __init__(self, view: _View) -> None:
        self.view = view
        self.texts = view.texts

    def __len__(self) -> int:
        return self.view.n

    def __getitem__(self, k: Any) -> Any:
        view = self.view
        if k.__class__ is int:
            return view.tok(range(view.n)[k])
        return [view.tok(i) for i in range(view.n)[k]]


class _View:
    """A read-only view of a Doc that indexes like one, over the shared token columns; the
    per-token objects the rules read are made only for the positions they look at."""

    def __init__(self, doc: Doc, cols: DocTokens, sents: _Sentences, lexical: dict[str, tuple] | None = None) -> None:
        self.doc = doc
        self.n = cols.n
        self.text = cols.text
        self.texts = cols.texts
        self.ws = cols.ws
        self.starts = cols.idx
        self.cols = cols
        self.sent_of = sents.of
        # Lexical attributes by token text, shared by the Docs of one vocabulary (see MethodFinder).
        self.lexical = {} if lexical is None else lexical
        self._toks: list[_Tok | None] = [None] * self.n
        self.tokens = _Tokens(self)
        self.user_data = doc.user_data

    @property
    def lowers(self) -> list[str]:
        return self.cols.lowers

    @cached_property
    def lexicals(self) -> list[tuple]:
        """:func:`_lexical_attrs` of every token, as a column (index with ``_ALPHA``, ``_PUNCT``...)."""
        get = self.lexical.get
        return [get(t) or self._lexical_at(i) for i, t in enumerate(self.texts)]

    def _lexical_at(self, i: int) -> tuple:
        """:func:`_lexical_attrs` of token ``i``, read from the Doc and kept by text."""
        if len(self.lexical) >= _LEXICAL_MAX:
            self.lexical.clear()
        lexical = self.lexical[self.texts[i]] = _lexical_attrs(self.doc[i])
        return lexical

    def tok(self, i: int) -> _Tok:
        """The token at position ``i`` (0 <= i < n)."""
        t = self._toks[i]
        if t is None:
            text = self.texts[i]
            lexical = self.lexical.get(text) or self._lexical_at(i)
            t = self._toks[i] = _Tok(i, text, self.starts[i], self.ws[i], lexical, self.sent_of[i])
        return t

    def __len__(self) -> int:
        return self.n

    def span_text(self, a: int, b: int) -> str:
        """``doc[a:b].text`` without making tokens."""
        a, b, _ = slice(a, b).indices(self.n)
        if b <= a:
            return ""
        return self.text[self.starts[a]:self.starts[b - 1] + len(self.texts[b - 1])]

    def token_range(self, start: int, end: int) -> range:
        """Indices of the tokens that overlap characters ``start:end``."""
        starts = self.starts
        a = max(0, bisect.bisect_right(starts, start) - 1)
        b = bisect.bisect_left(starts, end)
        return range(a, b)

    def __getitem__(self, k: int | slice) -> Any:
        if k.__class__ is int:
            t = self._toks[k]  # IndexError and negative positions as a list has them
            return t if t is not None else self.tok(k if k >= 0 else k + self.n)
        start, stop, _ = k.indices(self.n)
        return _Slice(self, start, stop)

    def __iter__(self):
        return (self.tok(i) for i in range(self.n))


def _words(doc: Any, lo: int, hi: int) -> list[tuple[int, int]]:
    """Token ranges of the words in ``doc[lo:hi]``: runs without white space, split at ``/``,
    with edge punctuation and possessive ``'s`` removed."""
    if isinstance(doc, _View):
        texts = doc.texts[lo:hi]
        glued = [not w for w in doc.ws[lo:hi]]
    else:
        toks = list(doc)
        texts = [t.text for t in toks[lo:hi]]
        glued = [not t.whitespace_ for t in toks[lo:hi]]
    out = []
    i, n = 0, len(texts)
    while i < n:
        j = i
        while j + 1 < n and glued[j] and not texts[j + 1].isspace() and texts[j + 1] != "/" and texts[j] != "/":
            j += 1
        if j == i:  # a word of one token (the common case): decided by its text
            if _solo_word(texts[i]):
                out.append((i + lo, i + lo + 1))
            i += 1
            continue
        a, b = i, j + 1
        while a < b and (texts[a] in _EDGE_PUNCT or texts[a].isspace() or texts[a] == "/"):
            a += 1
        while b > a and (texts[b - 1] in _EDGE_PUNCT or texts[b - 1] == "/"):
            b -= 1
        # "(GEMM)-based": an inner bracket splits the word; keep what precedes it.
        for k in range(a, b):
            if "(" in texts[k] or ")" in texts[k] or texts[k] in ("[", "]"):
                b = k
                break
        if a < b:
            out.append((a + lo, b + lo))
        i = j + 1
    return out


@lru_cache(maxsize=65536)
def _solo_word(text: str) -> bool:
    """Whether a token standing alone is a word for :func:`_words`: not edge punctuation, space
    or ``/``, and without a bracket."""
    if text in _EDGE_PUNCT or text.isspace() or text == "/":
        return False
    return not ("(" in text or ")" in text or text in ("[", "]"))


def _strip_suffixes(doc: Doc, a: int, b: int, lex: Lexicon) -> int:
    """End of a hyphenated word without lower-case tails ("LLaMA-based", "PDE-constrained" ->
    "LLaMA", "PDE"); a tail of a known name stays ("Adam-mini" is matched whole elsewhere)."""
    while b - a >= 3 and doc[b - 2].text == "-" and doc[b - 1].is_lower and doc[b - 1].is_alpha:
        b -= 2
    return b


def _is_cap(tok_text: str) -> bool:
    return tok_text[:1].isupper()


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
        self.lexical: dict[str, tuple] = {}  # token text -> _lexical_attrs, for this vocabulary
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


def _title_end(doc: Doc) -> int:
    """Index of the first abstract token (0 when the Doc is not a paper)."""
    title_len = doc.user_data.get("kg_title_len")
    if title_len is None:
        return 0
    if doc.__class__ is _View:  # the offsets column; a token object only past the title
        at = bisect.bisect_left(doc.starts, title_len)
        return next((i for i in range(at, doc.n) if not doc.tok(i).is_space), doc.n)
    for tok in doc:
        if tok.idx >= title_len and not tok.is_space:
            return tok.i
    return len(doc)


# A white-space-delimited chunk holding one of these is a URL or an e-mail address.
_URL_MARK = re.compile(r"://|www\.|\.(?:com|org|net|io|ai|edu|science|html?|md)\b|@")
_NON_SPACE_RUN = re.compile(r"\S*")


def _chunks_holding(mark: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    r"""(start, end) of every white-space-delimited chunk of ``text`` in which ``mark`` matches.

    The same stretches as ``re.finditer(r"\S*(?:mark)\S*", text)``, which retries its leading
    ``\S*`` from every character of every word; this searches for the mark and widens the hit.

    Examples
    --------
    >>> text = "see https://x.org/a, or mail a@b.c now"
    >>> [text[a:b] for a, b in _chunks_holding(_URL_MARK, text)]
    ['https://x.org/a,', 'a@b.c']
    """
    out = []
    m = mark.search(text)
    while m:
        start = m.start()
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        end = _NON_SPACE_RUN.match(text, m.start()).end()
        out.append((start, end))
        m = mark.search(text, end)
    return out


def _blocked_tokens(real: Doc, doc: Any, keys: Sequence[str]) -> set[int]:
    """Tokens other components claimed, and every token of a URL or e-mail address."""
    out: set[int] = set()
    for start, end in _chunks_holding(_URL_MARK, doc.text):
        out.update(doc.token_range(start, end))
    for key in keys:
        if key in real.spans:
            for s in real.spans[key]:
                out.update(range(s.start, s.end))
    return out


def _text(doc: Any, a: int, b: int) -> str:
    if doc.__class__ is _View:
        return doc.span_text(a, b)
    return doc[a:b].text


@lru_cache(maxsize=65536)
def _generic(text: str, lex: Lexicon) -> bool:
    t = text.lower()
    return t in lex.generic_phrases or t.rstrip("s") in lex.generic_phrases or t + "s" in lex.generic_phrases


def _last_word(text: str) -> str:
    """The word without a version suffix ("Attention-2" -> "Attention")."""
    return re.sub(r"-?v?\d[\w.]*$", "", text) or text


def _head_ok(last: str, lex: Lexicon, strong: bool = False) -> bool:
    w = last.lower()
    heads = lex.strong_heads if strong else lex.method_heads
    return w in heads or (w.endswith("s") and w[:-1] in heads)


def _dataset_context(doc: Doc, b: int, lex: Lexicon) -> bool:
    """Whether the word ending before token ``b`` names data ("the LIBSVM datasets")."""
    return b < len(doc) and doc[b].lower_ in lex.dataset_nouns


# A chunk of text that may hold a coined name: two capitals, lower-upper, a letter and a digit
# ("[A-Z][^\sA-Z]*[A-Z]|[a-z][A-Z]|[A-Za-z]\d"; "[A-Z][^\sA-Z]*[A-Z]" is "[A-Z]\S*[A-Z]" without
# backtracking). Every alternative is written to start at a capital or a digit, the preceding
# letter checked behind it, so the leading look-ahead skips the lower-case text at once: the same
# chunks, found in half the time.
_NAME_MARK = re.compile(r"(?=[A-Z\d])(?:(?<=[a-z])[A-Z]|(?<=[A-Za-z])\d|[A-Z][^\sA-Z]*[A-Z])")


def _shaped_words(doc: _View, lo: int, hi: int, lex: Lexicon) -> list[MethodCandidate]:
    out = []
    words = []
    for start, end in _chunks_holding(_NAME_MARK, doc.text):
        r = doc.token_range(start, end)
        words += _words(doc, max(lo, r.start), min(hi, r.stop))
    for a, b in words:
        b = _strip_suffixes(doc, a, b, lex)
        if _name_shaped_cached(_text(doc, a, b), lex.stop_names) and not _dataset_context(doc, b, lex):
            out.append(MethodCandidate(a, b, "rule", 1))
    return out


def _title_case_runs(doc: Doc, lo: int, hi: int, sents: _Sentences, lex: Lexicon) -> list[MethodCandidate]:
    """"Contextual Token Sparsity", "Mean Field parametrizations", "Sinkhorn algorithm"."""
    out = []
    texts = doc.texts
    lexical = doc.lexical  # by text; read for the capitalised tokens only
    starts = [k for k in range(lo, hi) if texts[k][:1].isupper()]
    pos = 0
    i = lo
    while i < hi:
        while pos < len(starts) and starts[pos] < i:
            pos += 1
        if pos == len(starts):
            break
        i = starts[pos]
        if not ((lexical.get(texts[i]) or doc._lexical_at(i))[_ALPHA] or "-" in texts[i]):
            i += 1
            continue
        j = i + 1
        last_cap = i
        while j < hi:
            t = texts[j]
            if t[:1].isupper():  # _is_cap
                lx = lexical.get(t) or doc._lexical_at(j)
                if (lx[_ALPHA] or not lx[_LIKE_NUM]) and not lx[_PUNCT]:
                    last_cap = j
                    j += 1
                    continue
            if (t.lower() in _CONNECTORS or t == "-") and j + 1 < hi and texts[j + 1][:1].isupper():
                j += 1
            else:
                break
        a, b = i, last_cap + 1
        i = b
        while a < b - 1 and doc[a].lower_.endswith("ing") and not _head_ok(doc[a].text, lex):
            a += 1
        sent_start = sents.span(a)[0]
        if a == sent_start or (a > sent_start and doc[a - 1].text in ('"', "``", "“", ":")):
            # The first word of a sentence is capitalised anyway: drop it unless the run stays long.
            if b - a < 3:
                continue
        caps = [k for k in range(a, b) if texts[k] not in _CONNECTORS and texts[k] != "-"]
        if len(caps) < 2 and not (b < hi and texts[b].islower() and _head_ok(texts[b], lex, strong=True)):
            continue  # neither a phrase nor a word that a method noun extends (the tests below)
        # A plain capitalised word or phrase, not a coined name or an acronym ("SP method").
        plain = not _name_shaped_cached(_text(doc, a, b), frozenset()) and not any(_name_shaped_cached(doc[k].text, frozenset()) for k in caps) and any(
            c.islower() for c in _text(doc, a, b))
        # A lower-case method noun right after extends the name ("Mean Field parametrizations",
        # "Sinkhorn algorithm"); not after a coined name ("LiRPA algorithms" is LiRPA).
        if (plain and b < hi and doc[b].text.islower() and _head_ok(doc[b].text, lex, strong=True)
                and doc[b].lower_ not in lex.trailer_heads - {"algorithm", "method"} and not _head_ok(doc[b - 1].text, lex)
                and not _generic(doc[b:b + 2].text, lex)):
            b += 1
        elif len(caps) < 2 or not (_head_ok(_last_word(doc[b - 1].text), lex) or len(caps) >= 3):
            continue
        if _generic(_text(doc, a, b), lex) or all(doc[k].text in lex.stop_names for k in caps):
            continue
        if any(doc[k].is_stop for k in caps):  # a quoted title: "Attention Is All You Need"
            continue
        if any(doc[k].text in lex.stop_names for k in caps):  # "GPU Tensor Core", "LLM Training"
            continue
        out.append(MethodCandidate(a, b, "rule", 2))
    return out


_EXTEND = frozenset({"extend", "extends"})


def _proposal_slots(doc: Doc, lo: int, hi: int, lex: Lexicon) -> list[tuple[int, int, str]]:
    """Token ranges holding what the paper introduces: the object of an active proposal verb
    ("verb"), what follows a naming cue ("named"), and what follows "our" ("our")."""
    out = []
    triggers = lex.proposal_verbs | lex.naming_cues | {"to", "our", "call", "term"}
    lowers = doc.lowers
    for i in [k for k in range(lo, hi) if lowers[k] in triggers]:
        w = lowers[i]
        prev = lowers[i - 1] if i > lo else ""  # doc[i - 1].lower_
        if w in lex.proposal_verbs and w not in ("call", "term", "name", "dub"):
            adjectival = w == "proposed" and prev in ("the", "our")  # "the proposed fast compound scaling"
            if not adjectival and (prev in lex.passive_markers or (i + 1 < hi and doc[i + 1].lower_ == "by")):
                continue
            if w == "put" and not (i + 1 < hi and doc[i + 1].lower_ == "forward"):
                continue
            start = i + 2 if w == "put" else i + 1
            if start < hi and doc[start].lower_ in ("to", "that", "how", "whether", "in", "here"):
                continue  # "we propose to approximate", "we present in this paper"
            out.append((start, _slot_end(doc, start, hi, lex), "verb"))
        elif w == "to" and not _EXTEND.isdisjoint(lowers[max(lo, i - 4):i]):
            out.append((i + 1, _slot_end(doc, i + 1, hi, lex), "verb"))  # "we extend LASP-2 to LASP-2H"
        elif (w in lex.naming_cues and prev != "-") or (w in ("call", "term") and prev in ("we", "which", "that")):
            start = i + 1
            if start < hi and doc[start].lower_ in ("it", "them", "this", "as", "to", "our", "the"):
                start += 1
                if start < hi and doc[start].lower_ == "as":
                    start += 1
            while start < hi and doc[start].text in ('"', "``", "“", "'", "`"):
                start += 1
            end = start
            while end < hi and end - start < 7 and doc[end].text not in {",", ".", ";", ":", "(", ")", "!", "?", "''", '"', "”"} and (
                end == start or doc[end].lower_ not in lex.slot_boundaries
            ):
                end += 1
            out.append((start, end, "named"))
        elif w == "our" and i + 1 < hi and doc[i + 1].lower_ not in lex.trailer_heads:
            # "our tunable convolutions", "our MP": up to the first method noun, a few words at most.
            end = next((k + 1 for k in range(i + 1, min(hi, i + 5)) if _head_ok(doc[k].text, lex)), i + 2)
            out.append((i + 1, min(end, _slot_end(doc, i + 1, hi, lex)), "our"))
    return out


def _in_hyphenated(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is part of a hyphenated word ("in-browser")."""
    return (i + 1 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_) or (
        i > 0 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_)


_SLOT_PUNCT = frozenset({",", ".", ";", ":", "!", "?", "--"})
# A noun phrase is far shorter. Longer slots came from a parenthesis never closed and ran on over
# the next sentences: in 6,000 real abstracts, the 20 that did marked sentence-initial words ("The",
# "Furthermore", "We") as proposed methods.
MAX_SLOT_TOKENS = 64


def _slot_end(doc: Doc, start: int, hi: int, lex: Lexicon) -> int:
    """End of the noun phrase from ``start``: the first boundary word or punctuation outside
    parentheses; "a new method, Normalized LR+GD" runs on into the apposition.

    A slot holds at most :data:`MAX_SLOT_TOKENS` tokens, and what it holds so far is counted as it
    grows: "we propose " repeated 10,000 times must not read the rest of the text once per
    "propose".
    """
    hi = min(hi, start + MAX_SLOT_TOKENS)
    texts, lowers, generic = doc.texts, doc.lowers, lex.generic_modifiers
    end, depth = start, 0
    n_words, first_word, named = 0, -1, False  # the words of doc[start:end] that are not generic modifiers
    while end < hi:
        t = texts[end]
        if t == "(":
            depth += 1
        elif t == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (t in _SLOT_PUNCT or (lowers[end] in lex.slot_boundaries and not _in_hyphenated(doc, end))):
            if t == "," and not named and end + 1 < hi and (_is_cap(texts[end + 1]) or _name_shaped_cached(texts[end + 1], frozenset())):
                pass  # "a new method, Normalized LR+GD", "the first inference system, nn-JIT.web": go on
            elif t == "of" and n_words == 1 and lowers[first_word] in lex.of_nouns:
                pass  # "the concept of scalable neural network kernels": go on
            else:
                break
        if lowers[end] not in generic:  # doc[end] joins the slot
            n_words += 1
            first_word = end if first_word < 0 else first_word
            named = named or _is_cap(t) or _name_shaped_cached(t, frozenset())
        end += 1
    return end


def _noun_phrase(doc: Doc, a: int, b: int, lex: Lexicon) -> tuple[int, int] | None:
    """The technical phrase in ``doc[a:b]`` without determiners, generic adjectives and a generic
    trailing noun ("a novel quantization-aware training approach" -> "quantization-aware training").

    It must end in a method noun; a vague one ("method", "framework", "system") only counts with a
    capitalised word in the phrase ("adaptive inexact Newton method").
    """
    while a < b and (doc[a].lower_ in lex.generic_modifiers or (doc[a].lower_.endswith("ly") and doc[a].is_alpha) or doc[a].is_punct):
        a += 1
    while b > a and doc[b - 1].is_punct:
        b -= 1
    if b - a >= 2 and doc[b - 1].lower_ in lex.trailer_heads and _head_ok(doc[b - 2].text, lex) and doc[b - 2].text != "-":
        b -= 1
    if not (a < b) or not _head_ok(doc[b - 1].text, lex) or doc[a].lower_ in lex.pronouns:
        return None
    words = doc[a:b].text.split()
    if not (2 <= len(words) <= 6) or any(t.text in "()" or (t.like_num and not t.is_alpha) for t in doc[a:b]):
        return None
    if doc[b - 1].lower_ in lex.np_weak_heads and not any(_is_cap(doc[k].text) for k in range(a, b)):
        return None
    if _generic(doc[a:b].text, lex):
        return None
    return a, b


def _title_segments(doc: Doc, t_end: int, lex: Lexicon) -> list[tuple[int, int]]:
    abstract = doc[t_end:].text.lower()
    """Title Case phrases of the title that end in a method noun, split at lower-case words and
    punctuation, without leading generic adjectives ("Simple Hardware-Efficient Long
    Convolutions for ..." -> "Long Convolutions")."""
    out = []
    i = 0
    while i < t_end:
        j = i
        while j < t_end and (doc[j].text[:1].isupper() or doc[j].text == "-" or (doc[j].is_lower and j > i and doc[j - 1].text == "-")):
            j += 1
        a, b = i, j
        i = max(j, i + 1)
        while b > a and doc[b - 1].text == "-":
            b -= 1
        while a < b and (doc[a].is_stop or doc[a].is_punct or (
                doc[a].lower_.endswith("ing") and (not _head_ok(doc[a].text, lex) or b - a > 2))):
            a += 1
        if a >= 2 and a < b and doc[a - 1].text == "-" and doc[a - 2].like_num:
            a -= 2  # "8-bit Optimizers"
        full = doc[a:b].text.lower()
        while a < b and full not in abstract and (doc[a].lower_ in lex.generic_modifiers or doc[a].text == "-" or doc[a].lower_ in lex.pronouns
                         or doc[a].is_stop or (doc[a].lower_.endswith("ing") and not _head_ok(doc[a].text, lex))):
            a += 1
        # "Hardware-Efficient": a hyphenated generic adjective is dropped whole.
        while a + 2 < b and doc[a + 1].text == "-" and f"{doc[a].lower_}-{doc[a + 2].lower_}" in lex.generic_modifiers:
            a += 3
        while b > a and doc[b - 1].text == "-":
            b -= 1
        n_words = len(doc[a:b].text.split())
        if n_words < 2 or n_words > 6 or not _head_ok(_last_word(doc[b - 1].text), lex, strong=True):
            continue
        if doc[b - 1].lower_ in lex.trailer_heads:  # "Adaptive Gradient Methods": a family
            continue
        if _generic(doc[a:b].text, lex) or any(_generic(doc[k:b].text, lex) for k in range(a + 1, b)):
            continue
        if any(doc[k].text in lex.stop_names for k in range(a, b)):
            continue
        # A phrase of the title that the abstract uses too ("Tunable Convolutions").
        phrase = doc[a:b].text.lower()
        if phrase not in abstract and phrase.rstrip("s") not in abstract:
            continue
        out.append((a, b))
    return out


def _abbreviations(real: Doc, doc: _View, sents: _Sentences) -> list[tuple[Span, Span]]:
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
    sents = _Sentences(cols)
    doc = _View(real, cols, sents, finder.lexical)  # type: ignore[assignment]
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
    cands += _title_case_runs(doc, t_end, n, sents, lex)
    cands += [MethodCandidate(a, b, "rule", 2) for a, b in _title_segments(doc, t_end, lex)]

    # 2. proposal slots
    for a, b, kind in _proposal_slots(doc, t_end, n, lex):
        s_lo, s_hi = sents.span(a) if a < n else (a, a)
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
    for lf, sf in _abbreviations(real, doc, sents):
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
                segs = [s for s in _title_segments(doc, t_end, lex) if s[0] == colon + 1]
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
        texts, get = doc.texts, pair_by_text.get
        for a, b in _words(doc, 0, n):
            # _pair_ref, inline (once per word of the paper); a word of one token is its token's text
            surface = texts[a] if b == a + 1 else doc.span_text(a, b)
            ref = get(surface)
            if ref is None or (ref.start == a and ref.end == b):
                ref = get(singular_key(surface))
                if ref is None or (ref.start == a and ref.end == b):
                    continue
            if ref is not None:
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


def _generic_use(doc: Doc, c: MethodCandidate, lex: Lexicon) -> bool:
    """"GPT-type", "BERT-like": a kind of model, not the model."""
    return c.end + 1 < len(doc) and doc[c.end].text == "-" and doc[c.end + 1].lower_ in ("type", "style", "styled")


def _new_by_apposition(doc: Doc, c: MethodCandidate, lex: Lexicon) -> bool:
    """"X, a novel ...", "X, a training algorithm that ..." (not "X, a recently introduced model")."""
    nxt = doc[c.end:c.end + 6]
    if len(nxt) < 3 or nxt[0].text != "," or nxt[1].lower_ not in ("a", "an", "the"):
        return False
    if nxt[2].lower_ in ("novel", "new", "first"):
        return True
    words = [t for t in nxt[2:] if not t.is_punct]
    if any(t.lower_ in lex.not_new for t in words):
        return False
    return any(t.lower_ in lex.trailer_heads or _head_ok(t.text, lex, strong=True) for t in words[:4])


def _enumerated_new(doc: Doc, c: MethodCandidate, lex: Lexicon) -> bool:
    """"(1) Dynamic Range Expansion, ...", "The first technique, Tensor-Web Compiling Co-Design, ..."."""
    s = c.start
    if s >= 3 and doc[s - 1].text == ")" and doc[s - 3].text == "(" and (doc[s - 2].like_num or doc[s - 2].lower_ in ("i", "ii", "iii", "iv", "a", "b", "c")):
        return True
    if s >= 2 and doc[s - 1].text == ")" and (doc[s - 2].like_num or doc[s - 2].lower_ in ("i", "ii", "iii", "iv")):
        return True
    return (s >= 3 and doc[s - 1].text == "," and doc[s - 2].lower_ in lex.trailer_heads
            and doc[s - 3].lower_ in lex.ordinals)


def _mark_proposed(doc: Doc, kept: list[MethodCandidate], finder: MethodFinder, proposed_tokens: set[int],
                   direct_objects: set[int], title_prefix: tuple[int, int] | None) -> None:
    """Set ``proposed``: in a proposal slot, "X, a novel ...", an enumerated contribution, a title
    prefix; spread over every mention of the same name and its acronym. A well-known name is only
    proposed as a title prefix, the direct object of a proposal verb, or "X, a novel ..."."""
    lex = finder.lex
    for c in kept:
        if title_prefix and (c.start, c.end) == title_prefix:
            c.proposed = True
        elif c.known:
            nxt = doc[c.end:c.end + 4]
            c.proposed = c.start in direct_objects or (
                len(nxt) >= 3 and nxt[0].text == "," and nxt[1].lower_ in ("a", "an") and nxt[2].lower_ in ("novel", "new"))
        elif c.proposed or c.start in proposed_tokens or _new_by_apposition(doc, c, lex) or _enumerated_new(doc, c, lex):
            c.proposed = True
    new_keys = {singular_key(_text(doc, c.start, c.end)) for c in kept if c.proposed}
    if title_prefix:
        new_keys.add(singular_key(_text(doc, *title_prefix)))
    new_norms = {c.norm for c in kept if c.proposed and c.norm}
    for c in kept:
        key = singular_key(_text(doc, c.start, c.end))
        if key in new_keys or (c.norm and c.norm in new_norms and (not c.known or c.long_form)):
            c.proposed = True


def _spread_slots_to_title(doc: Doc, kept: list[MethodCandidate], t_end: int, proposed_tokens: set[int]) -> None:
    """A title phrase the abstract introduces ("our tunable convolutions") is proposed."""
    if not t_end or not proposed_tokens:
        return
    abstract_start = doc[t_end].idx
    lower = doc.text.lower()
    for c in kept:
        if c.end > t_end or c.known:
            continue
        phrase = doc[c.start:c.end].text.lower()
        at = lower.find(phrase, abstract_start)
        while at >= 0:
            span = doc.doc.char_span(at, at + len(phrase), alignment_mode="expand")
            if span is not None and span.start in proposed_tokens:
                c.proposed = True
                break
            at = lower.find(phrase, at + 1)


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
