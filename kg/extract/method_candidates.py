"""Where the method rules find candidates, before overlaps are resolved (:mod:`kg.extract.methods`).

Three of the rules, from the more to the less specific: a Title Case phrase of the title that the
abstract uses too (:func:`_title_segments`); a Title Case phrase ending in a method noun, or a
capitalised word before one (:func:`_title_case_runs`: "Contextual Token Sparsity", "Sinkhorn
algorithm"); a word shaped like a name (:func:`_shaped_words`: "LeMo", "nn-JIT.web"). URLs, e-mail
addresses and the tokens other components claimed are never methods (:func:`_blocked_tokens`).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from kg.extract.doc_view import _ALPHA, _LIKE_NUM, _PUNCT, _View, _text, _words
from kg.extract.method_names import Lexicon, _generic, _head_ok, _last_word, _name_shaped_cached

__all__ = ["MethodCandidate"]


_CONNECTORS = {"of", "for", "with", "-"}


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


def _strip_suffixes(doc: Doc, a: int, b: int, lex: Lexicon) -> int:
    """End of a hyphenated word without lower-case tails ("LLaMA-based", "PDE-constrained" ->
    "LLaMA", "PDE"); a tail of a known name stays ("Adam-mini" is matched whole elsewhere)."""
    while b - a >= 3 and doc.texts[b - 2] == "-" and doc[b - 1].is_lower and doc[b - 1].is_alpha:
        b -= 2
    return b


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


def _title_case_runs(doc: Doc, lo: int, hi: int, lex: Lexicon) -> list[MethodCandidate]:
    """"Contextual Token Sparsity", "Mean Field parametrizations", "Sinkhorn algorithm"."""
    out = []
    texts = doc.texts
    lexical = doc.lexical
    starts = [k for k in range(lo, hi) if texts[k][:1].isupper()]
    pos = 0
    i = lo
    while i < hi:
        while pos < len(starts) and starts[pos] < i:
            pos += 1
        if pos == len(starts):
            break
        i = starts[pos]
        if not (lexical(i)[_ALPHA] or "-" in texts[i]):
            i += 1
            continue
        j = i + 1
        last_cap = i
        while j < hi:
            t = texts[j]
            if t[:1].isupper():  # _is_cap
                lx = lexical(j)
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
        sent_start = doc.cols.sentence(a)[0]
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


def _title_segments(doc: Doc, t_end: int, lex: Lexicon) -> list[tuple[int, int]]:
    """Title Case phrases of the title that end in a method noun, split at lower-case words and
    punctuation, without leading generic adjectives ("Simple Hardware-Efficient Long
    Convolutions for ..." -> "Long Convolutions")."""
    abstract = doc[t_end:].text.lower()
    texts = doc.texts
    out = []
    i = 0
    while i < t_end:
        j = i
        while j < t_end and (texts[j][:1].isupper() or texts[j] == "-" or (doc[j].is_lower and j > i and texts[j - 1] == "-")):
            j += 1
        if j == i:  # no phrase starts here (the steps below would find none: no words)
            i += 1
            continue
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


def _generic_use(doc: Doc, c: MethodCandidate, lex: Lexicon) -> bool:
    """"GPT-type", "BERT-like": a kind of model, not the model."""
    return c.end + 1 < len(doc) and doc[c.end].text == "-" and doc[c.end + 1].lower_ in ("type", "style", "styled")
