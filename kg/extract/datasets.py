"""``kg_datasets``: named datasets, corpora and benchmarks, from a gazetteer and from context.

Two sources, both giving a canonical ``norm`` (merge key) and ``label`` (display name):

* ``gazetteer``: a few hundred well-known names (``resources/datasets.jsonl``) with their spelling
  variants, matched with a PhraseMatcher (see :mod:`kg.extract.gazetteer`).
* ``rule``: names the list does not know, found from the slots datasets fill. A *name* is a run of
  name-like tokens: *strong* ones (mixed case "AlgoPerf", acronyms "GLUE", digit-bearing "Path256")
  or *weak* ones (a capitalised word inside the sentence, "Omniglot"), joined by tight hyphens,
  slashes or version numbers. The slots are

  - before a head noun: "the SplitCIFAR100 benchmark", "CUTEst test set", "the X and Y datasets";
  - after one: "datasets such as X, Y and Z", "benchmarks (X, Y)";
  - after "on"/"across" following an evaluation word: "experiments on X, Y and Z", "trained on X";
  - in a list with a dataset already found: "ImageNet, X and Y";
  - a name ending in "-Bench"/"bench" ("MT-Bench", "LongBench").

  A rule-found name repeated elsewhere in the same document is marked there too.

Precision comes from what a name may not be (``resources/datasets_terms.jsonl``): acronyms of
fields and hardware ("LLM", "GPU"), metrics, model families ("ResNet-50", "LLaMA-7B"), vendors;
and from what follows it (a name before "model" or "architecture" is a model). Weak-only names need
a head noun and are not taken from titles, where every word is capitalised.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> finder = DatasetFinder(nlp)
>>> doc = nlp("We report results on CIFAR10, FooBar-7 and Tiny ImageNet, and on the QuuxSet benchmark.")
>>> [(m.text, m.norm, m.source) for m in finder(doc)]
[('CIFAR10', 'cifar-10', 'gazetteer'), ('FooBar-7', 'foobar-7', 'rule'), ('Tiny ImageNet', 'tiny-imagenet', 'gazetteer'), ('QuuxSet', 'quuxset', 'rule')]
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
    gazetteer_for,
    WordSequences,
    load_terms,
    merge_key,
    surface_chars,
)
from kg.extract.spans import add_entity, spans_key as key_of
from kg.extract.tokens import DocTokens, claimed_tokens, doc_tokens, id_array, title_token_end

__all__ = [
    "DatasetComponent",
    "DatasetFinder",
    "is_strong_name",
    "make_datasets",
]

GAZETTEER = "datasets.jsonl"
TERMS = "datasets_terms.jsonl"
_MAX_NAME_TOKENS = 6
_TRIGGER_WINDOW = 8  # words before "on" searched for an evaluation word
_JOINERS = {"-", "/", "'", "&", "+", "."}
_LIST_SEPARATORS = {",", "and", "or", "&"}
_ON_WORDS = ("on",)
# "based on X", "relies on X": the object is not data.
_NOT_AFTER = {"based", "depend", "depends", "depending", "rely", "relies", "relying", "focus", "focuses",
              "focusing", "built", "conditioned", "runs", "run", "running", "deployed", "implemented",
              "executed", "hosted", "available", "work", "works", "builds", "draws", "operate", "operates"}
# Skipped between "on" and the first name: "on the challenging X".
_ON_FILLERS = {"the", "both", "several", "standard", "popular", "public", "challenging", "widely", "used",
               "-", "well", "known", "common", "commonly", "established", "classic", "benchmark",
               "benchmarks", "datasets", "dataset", "large", "scale", "real", "world", "famous", "new",
               "recent", "difficult", "hard"}
# A name followed by one of these is a model, a system or a device, not a dataset.
_NOT_BEFORE = {"model", "models", "network", "networks", "architecture", "architectures", "backbone",
               "backbones", "encoder", "encoders", "decoder", "agent", "agents", "variant", "variants",
               "family", "gpu", "gpus", "cpu", "cpus", "tpu", "tpus", "cluster", "clusters", "hardware",
               "framework", "frameworks", "library", "compiler", "optimizer", "algorithm", "method",
               "methods", "baseline", "baselines", "policy", "policies", "kernel", "kernels", "layer",
               "layers", "parameters", "parametrization", "parameterization", "embedding", "embeddings",
               "tokenizer", "loss", "score", "scores", "metric", "regime", "limit", "technique"}
# Words that may follow a dataset name ("on X with ...", "on X by 0.2 PPL").
_NAME_FOLLOWERS = {"with", "without", "for", "to", "in", "by", "while", "using", "under", "via", "at", "from",
                   "where", "when", "which", "that", "than", "as", "respectively", "show", "shows",
                   "demonstrate", "demonstrates", "and", "or", "but", "we", "our", "is", "are", "was", "were",
                   "set", "sets", "test", "validation", "split", "splits", "data", "images", "classification",
                   "dataset", "datasets", "benchmark", "benchmarks", "among", "over",
                   "across", "compared", "outperforming", "achieving", "reaching", "surpassing", "even",
                   "only", "alone", "too", "also"}
# Nouns a gazetteer alias may end with that are not part of the shortest name ("Path-X task").
_TRAILING_NOUNS = {"task", "tasks", "game", "games", "data"}
_LANG_CODE = re.compile(r"[A-Z][a-zA-Z]")
# A list of names is opened or closed by these ("on X, ImageNet and Y for ...").
_LIST_OPENERS = {"on", "and", "or", "including", "as", "like", "from", "of", "between", "namely", "both"}
_LIST_CLOSERS = {"with", "for", "to", "in", "by", "from", "respectively", "as", "at", "under", "using",
                 "via", "while", "where", "when"}
_ACRONYM_PLURAL = re.compile(r"[A-Z]{2,}s")
_QUANTITY = re.compile(r"[+-]?\d+(?:[.,]\d+)*[a-zA-Z%]{0,3}")


def is_strong_name(text: str, not_name: Collection[str] = (), model_prefixes: Iterable[str] = ()) -> bool:
    """A token that looks like a proper name by its shape alone: mixed case, acronym, letters+digits.

    Examples
    --------
    >>> [is_strong_name(t) for t in ["AlgoPerf", "GLUE", "Path256", "enwik8", "Omniglot", "LLMs", "7B", "data"]]
    [True, True, True, True, False, False, False, False]
    >>> is_strong_name("ResNet-50", model_prefixes=["resnet"])
    False
    """
    if text.lower() in not_name or _ACRONYM_PLURAL.fullmatch(text) or _QUANTITY.fullmatch(text):
        return False
    low = text.lower()
    if any(low.startswith(p) for p in model_prefixes):
        return False
    letters = sum(c.isalpha() for c in text)
    upper = sum(c.isupper() for c in text)
    if letters == 0 or not text[0].isalnum():
        return False
    if upper >= 2 or (upper == 1 and not text[0].isupper()):
        return True
    return letters >= 2 and text[0].isalpha() and any(c.isdigit() for c in text) and letters + sum(
        c.isdigit() for c in text) >= 4


class DatasetFinder:
    """Finds dataset mentions in a Doc (the algorithm of ``kg_datasets``, without the component).

    Parameters
    ----------
    nlp
        The pipeline: its tokenizer builds the gazetteer patterns.
    """

    def __init__(self, nlp: Language) -> None:
        self.gazetteer = gazetteer_for(nlp, GAZETTEER)
        terms = load_terms(TERMS)
        self.not_name = frozenset(t.lower() for t in terms["not_name"])
        self.model_prefixes = tuple(sorted(terms["model_prefix"]))
        self.weak_stop = terms["weak_stop"]
        self.triggers = terms["trigger"]
        self.plural_heads = terms["plural_head"]
        self.weak_heads = terms["weak_head"]
        self.list_heads = terms["list_head"]
        self._intros = WordSequences(nlp, terms["list_intro"])
        self.head_words = frozenset(t.split()[0].lower() for t in terms["head"])
        self._heads = WordSequences(nlp, terms["head"])
        strings = nlp.vocab.strings
        self._on_ids = id_array(strings.add(w) for w in _ON_WORDS)
        self._trigger_ids = id_array(strings.add(w) for w in self.triggers)
        self._nch_ids = id_array(strings.add(w) for w in ("nch", "NCH"))
        self._strong_cache: dict[int, bool] = {}

    # --- token predicates -------------------------------------------------------------------
    def strong(self, tok: Token) -> bool:
        """A name-shaped token (see :func:`is_strong_name`); cached per word."""
        known = self._strong_cache.get(tok.orth)
        if known is None:
            known = self._strong_cache[tok.orth] = is_strong_name(tok.text, self.not_name, self.model_prefixes)
        return known

    def weak(self, tok: Token) -> bool:
        """A capitalised word that may be part of a name: not sentence-initial, not a stop word."""
        return (tok.is_title and tok.is_alpha and len(tok) > 1 and tok.text not in self.weak_stop
                and tok.lower_ not in self.not_name and not tok.is_sent_start
                and not any(tok.lower_.startswith(p) for p in self.model_prefixes))

    def _namey(self, tok: Token) -> bool:
        return self.strong(tok) or self.weak(tok)

    # --- name groups ------------------------------------------------------------------------
    def group_before(self, doc: Doc, end: int, lo: int = 0) -> tuple[int, int] | None:
        """The name ending just before token ``end`` (exclusive), as (start, end), or None."""
        i = end - 1
        start = None
        while i >= max(lo, end - _MAX_NAME_TOKENS):
            tok = doc[i]
            if self._namey(tok):
                start = i
            elif _tight_joiner(doc, i) and i - 1 >= lo and self._namey(doc[i - 1]):
                pass
            elif tok.like_num and i - 1 >= lo and self._namey(doc[i - 1]) and start is not None:
                pass  # "WMT 2014"
            else:
                break
            i -= 1
        return None if start is None else (start, end)

    def group_after(self, doc: Doc, start: int, hi: int) -> tuple[int, int] | None:
        """The name starting at token ``start``, as (start, end), or None."""
        if start >= hi or not self._namey(doc[start]):
            return None
        end = start + 1
        while end < min(hi, start + _MAX_NAME_TOKENS):
            tok = doc[end]
            if self._namey(tok) and (doc[end - 1].whitespace_ == "" or not self.strong(tok) or self.weak(doc[end - 1])):
                end += 1
            elif _tight_joiner(doc, end) and end + 1 < hi and self._namey(doc[end + 1]):
                end += 2
            elif tok.like_num and len(tok) <= 4 and not doc[end - 1].like_num:
                end += 1  # "Kinetics 400", "WMT 2014"
            else:
                break
        return start, end

    def _acceptable(self, doc: Doc, g: tuple[int, int], *, weak_ok: int, in_title: bool) -> bool:
        """A group is a name: it has a strong token, or ``weak_ok`` or more weak ones (not in a title)."""
        toks = doc[g[0]:g[1]]
        if any(self.strong(t) for t in toks):
            return True
        if in_title or weak_ok == 0:
            return False
        return sum(self.weak(t) for t in toks) >= weak_ok

    # --- the rules ----------------------------------------------------------------------------
    def __call__(self, doc: Doc, claimed: Collection[int] = ()) -> list[NameMatch]:
        """Every dataset mention in ``doc``, in text order; tokens in ``claimed`` are skipped."""
        taken = set(claimed)
        found: list[NameMatch] = []
        ix = doc_tokens(doc)  # shared with the other components of the Doc

        def take(start: int, end: int, source: str, entry=None) -> bool:
            if start >= end or any(i in taken for i in range(start, end)):
                return False
            span = doc[start:end]
            sc, ec = surface_chars(span)
            text = span.text[:ec - sc]
            if entry is None:
                entry = self.gazetteer.lookup(text)
                if entry is not None:
                    source = "gazetteer"
            norm, label = (entry.norm, entry.name) if entry is not None else (merge_key(text), text)
            found.append(NameMatch(start, end, text, norm, label, source, sc, ec))
            taken.update(range(start, end))
            return True

        title_end = title_token_end(doc)
        for m in self.gazetteer(doc):
            s, e = m.span.start, m.span.end
            while (e - s > 1 and doc[e - 1].is_lower and doc[e - 2].whitespace_
                   and (doc[e - 1].lower_ in self.head_words or doc[e - 1].lower_ in _TRAILING_NOUNS)):
                e -= 1  # "the Alpaca dataset" names "Alpaca": the shortest span that names it
            s2 = self._extend_left(doc, s, title_end)
            e2 = self._extend_right(doc, e)
            if (s2, e2) != (s, e) and not any(i in taken for i in range(s2, e2)):
                take(s2, e2, "rule")
            else:
                take(s, e, "gazetteer", m.entry)
        for g in self._head_rules(doc, ix, title_end):
            take(*g, "rule")
        for g in self._on_rule(doc, ix, title_end):
            take(*g, "rule")
        for g in self._bench_names(doc, ix):
            take(*g, "rule")
        self._coordinated(doc, ix, found, take)
        mark_repeat_mentions(ix, found, take)
        return sorted(found, key=lambda m: m.start)

    def _extend_left(self, doc: Doc, s: int, title_end: int) -> int:
        """Include one modifier that is part of the name: "Downscaled ImageNet", "Permuted MNIST"."""
        if s >= 1 and s >= title_end and self.weak(doc[s - 1]) and not (s >= 2 and doc[s - 2].is_title):
            return s - 1
        return s

    def _extend_right(self, doc: Doc, e: int) -> int:
        """Include a tight suffix that names a variant ("ImageNet-LT", "MNIST-M") or a language pair
        ("IWSLT 2017 De-En")."""
        if (e + 2 < len(doc) and doc[e + 1].text == "-" and _tight_joiner(doc, e + 1)
                and _LANG_CODE.fullmatch(doc[e].text) and _LANG_CODE.fullmatch(doc[e + 2].text)):
            return e + 3
        if (e + 1 < len(doc) and _tight_joiner(doc, e) and doc[e].text == "-"
                and re.fullmatch(r"[A-Z0-9][A-Za-z0-9]{0,3}", doc[e + 1].text)
                and doc[e + 1].lower_ not in self.not_name):
            return e + 2
        return e

    def _head_rules(self, doc: Doc, ix: DocTokens, title_end: int) -> Iterable[tuple[int, int]]:
        """Names before a head noun ("X benchmark", "X and Y datasets") and after it ("datasets such as X")."""
        for hs, he in self._heads.matches(ix):
            head = doc[hs:he].text.lower()
            in_title = hs < title_end
            lo, hi = ix.sentence(hs)
            g = self.group_before(doc, hs, lo)
            if g is None or not any(self.strong(t) for t in doc[g[0]:g[1]]):
                colon = self._before_colon(doc, hs, lo)
                if colon is not None:
                    g = colon  # "AlgoPerf: Training Algorithms benchmark"
            if g is not None:
                weak_ok = 0 if head in self.weak_heads else 2
                if (weak_ok == 2 and g[1] - g[0] == 1 and g[0] >= 1 and doc[g[0] - 1].lower_ == "the"):
                    weak_ok = 1  # "the Omniglot dataset"
                if self._acceptable(doc, g, weak_ok=weak_ok, in_title=in_title):
                    yield g
                    if head in self.plural_heads:
                        yield from self._list_before(doc, g[0], lo, in_title)
            if head in self.list_heads:
                j = (self._intros.at(ix, he) or he) if he < hi else he
                yield from self._list_after(doc, j, hi, in_title, need_first=j == he)

    def _before_colon(self, doc: Doc, hs: int, lo: int) -> tuple[int, int] | None:
        """A strong name before "Name: Capitalised Words <head>"."""
        c = hs - 1
        while c >= lo and hs - c <= 4 and doc[c].is_title:
            c -= 1
        if c - 1 >= lo and c < hs - 1 and doc[c].text == ":":
            g2 = self.group_before(doc, c, lo)
            if g2 is not None and any(self.strong(t) for t in doc[g2[0]:g2[1]]):
                return g2
        return None

    def _closes_list(self, doc: Doc, k: int) -> bool:
        """Token ``k`` may follow a list item: punctuation, a list word, a head noun, a preposition."""
        tok = doc[k]
        return ((tok.is_punct and not _tight_joiner(doc, k)) or tok.lower_ in _LIST_SEPARATORS
                or tok.lower_ in self.head_words or tok.lower_ in _LIST_CLOSERS)

    def _ends_name(self, doc: Doc, k: int) -> bool:
        """Token ``k`` may follow a dataset name: punctuation, a list word, a head noun, a preposition."""
        tok = doc[k]
        return ((tok.is_punct and not _tight_joiner(doc, k)) or tok.lower_ in _LIST_SEPARATORS
                or tok.lower_ in _NAME_FOLLOWERS or tok.lower_ in self.head_words)

    def _list_after(self, doc: Doc, j: int, hi: int, in_title: bool, need_first: bool,
                    strong_only: bool = False) -> Iterable[tuple[int, int]]:
        while j < hi:
            g = self.group_after(doc, j, hi)
            if g is None or not self._acceptable(doc, g, weak_ok=2, in_title=in_title):
                return
            if need_first and not any(self.strong(t) for t in doc[g[0]:g[1]]):
                return
            if g[1] < hi and doc[g[1]].lower_ in _NOT_BEFORE:
                return
            if strong_only and not any(self.strong(t) for t in doc[g[0]:g[1]]):
                return
            if strong_only and g[1] < hi and not self._ends_name(doc, g[1]):
                return  # "results on LiRPA based certified defense": a modifier, not the data
            yield g
            j = _skip_separators(doc, g[1], hi)
            if j == g[1]:
                return

    def _list_before(self, doc: Doc, start: int, lo: int, in_title: bool) -> Iterable[tuple[int, int]]:
        i = start
        while i > lo:
            k = i
            while k - 1 >= lo and doc[k - 1].lower_ in _LIST_SEPARATORS:
                k -= 1
            if k == i:
                return
            g = self.group_before(doc, k, lo)
            if g is None or not self._acceptable(doc, g, weak_ok=2, in_title=in_title):
                return
            yield g
            i = g[0]

    def _on_rule(self, doc: Doc, ix: DocTokens, title_end: int) -> Iterable[tuple[int, int]]:
        """Names after "on" when an evaluation word precedes: "experiments on X, Y and Z"."""
        ons = ix.positions(self._on_ids)
        if not ons:
            return
        triggers = ix.mask_cumsum(self._trigger_ids)
        for i in ons:
            lo, hi = ix.sentence(i)
            if i == 0 or doc[i - 1].lower_ in _NOT_AFTER:
                continue
            if triggers[i] - triggers[max(lo, i - _TRIGGER_WINDOW)] == 0:
                continue
            j = i + 1
            while j < hi and doc[j].lower_ in _ON_FILLERS:
                j += 1
            yield from self._list_after(doc, j, hi, i < title_end, need_first=False, strong_only=True)

    def _bench_names(self, doc: Doc, ix: DocTokens) -> Iterable[tuple[int, int]]:
        """Names built on "bench": "MT-Bench", "LongBench", "SWE-bench"."""
        for i in ix.positions(self._nch_ids, attr="suffix"):  # few tokens end in "nch"
            tok = doc[i]
            low = tok.lower_
            if low.endswith("bench") and low != "bench" and self.strong(tok):
                yield i, i + 1  # "LongBench"
            elif (low == "bench" and i >= 2 and _tight_joiner(doc, i - 1)
                  and (self.strong(doc[i - 2]) or doc[i - 2].is_upper)):
                yield i - 2, i + 1  # "MT-Bench", "SWE-bench"

    def _coordinated(self, doc: Doc, ix: DocTokens, found: list[NameMatch], take) -> None:
        """Strong names listed with a dataset already found: "ImageNet, X and Y"."""
        queue = list(found)
        while queue:
            m = queue.pop()
            sent = _Bounds(*ix.sentence(m.start))
            j = _skip_separators(doc, m.end, sent.end)
            if j > m.end:
                g = self.group_after(doc, j, sent.end)
                if (g is not None and any(self.strong(t) for t in doc[g[0]:g[1]])
                        and (g[1] >= sent.end or self._closes_list(doc, g[1]))
                        and take(*g, "rule")):
                    queue.append(found[-1])
            k = m.start
            while k - 1 >= sent.start and doc[k - 1].lower_ in _LIST_SEPARATORS:
                k -= 1
            if k < m.start:
                g = self.group_before(doc, k, sent.start)
                if (g is not None and any(self.strong(t) for t in doc[g[0]:g[1]])
                        and (g[0] == sent.start or doc[g[0] - 1].is_punct or doc[g[0] - 1].lower_ in _LIST_OPENERS)
                        and take(*g, "rule")):
                    queue.append(found[-1])

@dataclass(frozen=True)
class _Bounds:
    start: int
    end: int


def _tight_joiner(doc: Doc, i: int) -> bool:
    """Token ``i`` is a hyphen/slash/apostrophe written without spaces between two tokens."""
    return (0 < i < len(doc) - 1 and doc[i].text in _JOINERS and doc[i].whitespace_ == ""
            and doc[i - 1].whitespace_ == "")


def _skip_separators(doc: Doc, j: int, hi: int) -> int:
    k = j
    while k < hi and k - j < 2 and doc[k].lower_ in _LIST_SEPARATORS:
        k += 1
    return k






class DatasetComponent:
    """Writes ``dataset`` spans to ``doc.spans["kg_datasets"]`` (``norm``, ``label``, ``source``).

    Tokens already claimed by repositories or hardware are left alone.
    """

    def __init__(self, nlp: Language, name: str, spans_key: str, reads: Sequence[str]) -> None:
        self.name = name
        self.spans_key = spans_key
        self.reads = tuple(key_of(t) for t in reads)
        self.finder = DatasetFinder(nlp)

    def __call__(self, doc: Doc) -> Doc:
        key = self.spans_key
        doc.spans.setdefault(key, [])
        claimed = claimed_tokens(doc, self.reads)
        for m in self.finder(doc, claimed):
            add_entity(doc, key, doc[m.start:m.end], "dataset", chars=(m.start_char, m.end_char),
                       norm=m.norm, label=m.label, source=m.source)
        return doc


@Language.factory("kg_datasets", assigns=["doc.spans"],
                  default_config={"spans_key": "kg_datasets", "reads": ["repository", "hardware"]})
def make_datasets(nlp: Language, name: str, spans_key: str, reads: list[str]) -> DatasetComponent:
    """spaCy factory: ``nlp.add_pipe("kg_datasets")``; leaves alone the tokens of the types it reads."""
    return DatasetComponent(nlp, name, spans_key, tuple(reads))
