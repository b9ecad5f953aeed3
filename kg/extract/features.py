"""Features of a candidate span for the learned decision: its shape, the lists it is on, the rules
that proposed it, and the words around it.

Every feature is a string (``"R1=dataset"``, ``"vocab=method"``, ``"shape=XxXx"``); the linear model
(:mod:`kg.extract.classifier`) has one weight per feature and class. :func:`context_features` are
the ones that do not look at the candidate's own words: weak labels mined from unlabelled text
train on those alone, so the model learns how names of each type are *used* rather than the names.

Examples
--------
>>> import spacy
>>> from kg.extract.candidates import Candidate
>>> nlp = spacy.blank("en"); _ = nlp.add_pipe("sentencizer")
>>> doc = nlp("Results on the FooBar-7 dataset improve.")
>>> feats = candidate_features(DocContext(doc), Candidate(3, 4, {"shape"}), Lists.default(), "FooBar-7")
>>> [f for f in feats if f.startswith(("L1=", "R1=", "shape=", "src="))]
['src=shape', 'shape=XxXx-d', 'L1=the', 'R1=dataset']
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from spacy.tokens import Doc

from kg.entity_types import ENTITY_TYPES
from kg.extract.candidates import Candidate
from kg.extract.gazetteer import load_entries, load_terms, squash
from kg.extract.tokens import DocTokens, doc_tokens, title_token_end

__all__ = ["DocContext", "Lists", "apposition_kind", "candidate_features", "context_features", "head_kind",
           "long_form_features", "sentence_cues", "shape_of", "source_features", "text_features"]

# The vocabulary of each type, by the gazetteer file that holds it.
VOCABULARIES = {t.name: t.vocabulary for t in ENTITY_TYPES.values() if t.vocabulary}
_SHAPE_CLASSES = [(re.compile(r"[A-Z]+"), "X"), (re.compile(r"[a-z]+"), "x"), (re.compile(r"\d+"), "d")]
# In ASCII text the classes are single characters: each becomes its mark, then a run of one mark is
# one mark (an "x" or "d" of the text is in its class already).
_ASCII_MARKS = str.maketrans({**{c: "X" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
                              **{c: "x" for c in "abcdefghijklmnopqrstuvwxyz"}, **{c: "d" for c in "0123456789"}})
_ASCII_DIGIT = re.compile(r"[0-9]")  # str.isdigit of an ASCII character
_REPEATED_MARK = re.compile(r"(?<=X)X+|(?<=x)x+|(?<=d)d+")


def shape_of(text: str) -> str:
    """The written shape of a name: runs of capitals, lower-case letters and digits collapsed.

    Examples
    --------
    >>> shape_of("GPT-4o"), shape_of("wav2vec2-base"), shape_of("Low-Rank Adaptation")
    ('X-dx', 'xdxd-x', 'Xx-Xx Xx')
    """
    if text.isascii():  # one translation, then runs collapsed: the same marks, in a third of the time
        return _REPEATED_MARK.sub("", text.translate(_ASCII_MARKS))[:16]
    out = text
    for pattern, mark in _SHAPE_CLASSES:
        out = pattern.sub(mark, out)
    return out[:16]


def head_kind(word: str, heads: Mapping[str, frozenset[str]]) -> str | None:
    """The kind of entity a head word names ("dataset" for "benchmark"), if any."""
    low = word.lower()
    return next((kind for kind, words in heads.items() if low in words), None)


_DETERMINERS = frozenset({"a", "an", "the", "our", "this", "new", "novel"})
_PART_BREAK = re.compile(r"(?<=[^\W_])[-\s/](?=[^\W_])")  # where a name's parts meet: "DeiT|-Huge"
_SEPARATOR = re.compile(r"[-\s/]")  # what _PART_BREAK breaks at


def apposition_kind(cols: DocTokens, end: int, s1: int, heads: Mapping[str, frozenset[str]]) -> str | None:
    """What an apposition or a copula after a name says it is: "X, a new benchmark", "X is a
    framework" → "dataset", "method" (the first head word within a few words of a determiner)."""
    i = end
    if i < s1 and cols.texts[i] == "(":  # "X (eXtended Y), a ..."
        while i < s1 and cols.texts[i] != ")":
            i += 1
        i += 1
    if i < s1 and cols.lowers[i] in (",", "is", "are", ":"):
        i += 1
        if i < s1 and cols.lowers[i] in _DETERMINERS:
            for j in range(i + 1, min(s1, i + 7)):
                if cols.texts[j] in (",", ".", ";", "(", ")"):
                    break
                kind = head_kind(cols.texts[j], heads)
                if kind:
                    return kind
    return None


@dataclass(frozen=True)
class Lists:
    """What kg already knows about names: each type's vocabulary and the words of measures and
    fields, as squashed spellings (case, hyphens and spaces ignored)."""

    vocab: Mapping[str, frozenset[str]]
    cased: Mapping[str, frozenset[str]]  # the exact spellings, for case-sensitive entries
    metrics: frozenset[str]
    not_tasks: frozenset[str]
    heads: Mapping[str, frozenset[str]]  # kind of entity -> the head words that name it

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> Lists:
        vocab, cased = {}, {}
        for etype, resource in VOCABULARIES.items():
            entries = load_entries(resource)
            # the spellings of a name squash as the name does: no need to make them
            vocab[etype] = frozenset(squash(s) for e in entries for s in e.aliases_and_name())
            cased[etype] = frozenset(s for e in entries if e.case_sensitive for s in e.spellings())
        metrics = frozenset(squash(t) for t in load_terms("noun_phrase_terms.jsonl")["metric"])
        not_tasks = frozenset(squash(t) for t in load_terms("tasks_terms.jsonl")["not_task"])
        phrase_terms = load_terms("noun_phrase_terms.jsonl")
        heads = {k.removeprefix("head:"): v for k, v in phrase_terms.items() if k.startswith("head:")}
        return cls(vocab=vocab, cased=cased, metrics=metrics, not_tasks=not_tasks, heads=heads)

    def stem_memberships(self, text: str) -> list[str]:
        """The lists the longest known start of ``text`` is on: a variant of a known name
        ("DeiT-Huge" of DeiT, "GPT-4o-mini" of GPT-4o) is likely of the same type."""
        if not _SEPARATOR.search(text):  # one part: no start to look up
            return []
        cuts = [m.start() for m in _PART_BREAK.finditer(text)]
        known, stems = self._vocab_keys, self._stems
        for cut in reversed(cuts):
            start = text[:cut]
            found = stems.get(start)  # starts recur ("large language ...", "Low-Rank ...")
            if found is None:
                if len(stems) >= 1 << 17:
                    stems.clear()
                found = stems[start] = () if squash(start) not in known else tuple(  # on no vocabulary: ()
                    f"stem_{m}" for m in self.memberships(start) if m.startswith("vocab="))
            if found:
                return list(found)
        return []

    @cached_property
    def _stems(self) -> dict[str, tuple[str, ...]]:
        """The stem memberships of each start of a name looked at (see :meth:`stem_memberships`)."""
        return {}

    @cached_property
    def head_of(self) -> dict[str, str]:
        """Lower-case head word -> :func:`head_kind` of it."""
        out: dict[str, str] = {}
        for kind, words in self.heads.items():
            for w in words:
                out.setdefault(w, kind)
        return out

    @cached_property
    def _vocab_keys(self) -> frozenset[str]:
        return frozenset().union(*self.vocab.values())

    @cached_property
    def _keys(self) -> frozenset[str]:
        return self._vocab_keys | self.metrics | self.not_tasks

    def memberships(self, text: str) -> list[str]:
        """The lists ``text`` is on (``vocab=method``, ``metric``...)."""
        key = squash(text)
        if key not in self._keys:  # on no list (the common case)
            return []
        out = []
        for etype, spellings in self.vocab.items():
            if key in spellings and (not self.cased[etype] or text in self.cased[etype]
                                     or text.lower() != text):
                out.append(f"vocab={etype}")
        if key in self.metrics:
            out.append("list=metric")
        if key in self.not_tasks:
            out.append("list=field")
        return out


def _word(cols: DocTokens, i: int, s0: int, s1: int) -> str:
    if i < s0:
        return "<s>"
    if i >= s1:
        return "</s>"
    t = cols.texts[i]
    return t.lower() if len(t) < 20 else "<long>"


# Words whose presence in the sentence says how a name is used: introduced, compared with, used.
SENTENCE_CUES = frozenset("""we our propose proposes proposed present presents introduce introduces novel new
called named dubbed existing prior previous baseline baselines compared outperforms outperform than
using use uses based via trained evaluate evaluated benchmark benchmarks dataset datasets task tasks
achieves achieve state-of-the-art""".split())


def sentence_cues(cols: DocTokens, s0: int, s1: int) -> tuple[str, ...]:
    """The cue-word features of the sentence of tokens ``s0:s1`` (``"S=propose"``...)."""
    return tuple(sorted({f"S={w}" for w in cols.lowers[s0:s1] if w in SENTENCE_CUES}))


class DocContext:
    """What the features of every candidate of one Doc share, computed once: the token columns,
    where the title ends and whether it is written in capitals, each sentence's cue words, how often
    each text recurs."""

    def __init__(self, doc: Doc, texts: Sequence[str] = ()) -> None:
        self.cols = doc_tokens(doc)
        self.t_end = title_token_end(doc)
        title = self.cols.span_text(0, self.t_end) if self.t_end else ""
        self.title_allcaps = sum(c.isupper() for c in title) > 0.6 * max(1, sum(c.isalpha() for c in title))
        self.repeats = Counter(t.lower() for t in texts)
        self._cues: dict[int, tuple[str, ...]] = {}

    def cues(self, s0: int, s1: int) -> tuple[str, ...]:
        if s0 not in self._cues:  # once per sentence: a long sentence with many candidates stays linear
            self._cues[s0] = sentence_cues(self.cols, s0, s1)
        return self._cues[s0]


def context_features(ctx: DocContext, cand: Candidate, text: str = "") -> list[str]:
    """Features of where a candidate stands: the words around it, title or abstract, sentence
    start, parentheses, the cue words of its sentence, how often its text recurs in the paper."""
    cols = ctx.cols
    s0, s1 = cols.sentence(cand.start)
    a, b = cand.start, cand.end
    feats = ["bias", f"L1={_word(cols, a - 1, s0, s1)}", f"L2={_word(cols, a - 2, s0, s1)}",
             f"R1={_word(cols, b, s0, s1)}", f"R2={_word(cols, b + 1, s0, s1)}", *ctx.cues(s0, s1)]
    if a < ctx.t_end:
        feats.append("in_title")
        if ctx.title_allcaps:
            feats.append("title_allcaps")
    if a == s0:
        feats.append("sent_initial")
    if a > 0 and cols.texts[a - 1] == "(" and b < cols.n and cols.texts[b] == ")":
        feats.append("in_paren")
    if b < cols.n and cols.texts[b] == "(":
        feats.append("paren_after")
    feats.append(f"repeats={min(ctx.repeats[text.lower()], 3) if text else 1}")
    return feats


def _case(text: str, words: Sequence[str]) -> str | None:
    if text.isupper():
        return "allcaps"
    if text.islower():
        return "lower"
    if all(w[:1].isupper() for w in words if w[:1].isalpha()):
        return "titlecase"
    return None


def text_features(text: str, lists: Lists) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The features of a candidate that depend on its text alone, as the two runs
    :func:`candidate_features` puts them in: what the text is (the lists it is on, its shape and
    words) and how it is written (case, digits)."""
    words = text.split()
    what = [*lists.memberships(text), *lists.stem_memberships(text), f"shape={shape_of(text)}"]
    if len(text) <= 40:  # the name itself: names that recur in every field ("LLMs", "RGB", "CNN")
        what.append(f"text={text.lower()}")
    what.append(f"words={min(len(words), 5)}")
    last = words[-1].lower() if words else ""
    what += [f"last={last}", f"first={words[0].lower()}" if len(words) > 1 else "first=<one>",
             f"suffix={last[-3:]}", f"head={lists.head_of.get(last.lower())}"]
    how = []
    case = _case(text, words)
    if case:
        how.append(case)
    if _ASCII_DIGIT.search(text) if text.isascii() else any(map(str.isdigit, text)):  # isdigit: "²" too
        how.append("digit")
    return tuple(what), tuple(how)


def source_features(cand: Candidate) -> list[str]:
    """The features of the rules and patterns that proposed a candidate."""
    feats = [f"src={s}" for s in sorted(cand.sources)]
    for etype, attrs in sorted(cand.rule_attrs.items()):
        if attrs.get("source"):
            feats.append(f"rule={etype}:{attrs['source']}")
        if attrs.get("proposed"):
            feats.append(f"rule={etype}:proposed")
    return feats


def long_form_features(cols: DocTokens, cand: Candidate, lists: Lists) -> list[str]:
    """For an acronym: the features of its definition ("long_head=method", "long_vocab=method")."""
    if cand.long_form is None:
        return []
    long_text = cols.span_text(*cand.long_form)
    long_words = long_text.split()
    return [f"long_head={head_kind(long_words[-1], lists.heads) if long_words else None}",
            *(f"long_{m}" for m in lists.memberships(long_text))]


def candidate_features(ctx: DocContext, cand: Candidate, lists: Lists, text: str) -> list[str]:
    """Every feature of a candidate (whose text is ``text``): its sources, the lists it is on, its
    shape and words, and :func:`context_features`."""
    cols = ctx.cols
    what, how = text_features(text, lists)
    feats = source_features(cand)
    feats += what
    feats += long_form_features(cols, cand, lists)
    s1 = cols.sentence(cand.start)[1]
    feats.append(f"appos={apposition_kind(cols, cand.end, s1, lists.heads)}")
    feats += how
    return feats + context_features(ctx, cand, text)
