"""Which methods a paper proposes: the phrases it introduces, and the cues that mark a name as new.

A proposal slot holds what a paper introduces: the object of an active proposal verb ("we propose
an adaptive inexact Newton method"), what follows a naming cue ("called group attention") or "our"
(:func:`_proposal_slots`, :func:`_slot_end`, :func:`_noun_phrase`). :func:`_mark_proposed` sets
``proposed`` on the candidates kept: in a slot, "X, a novel ...", an enumerated contribution, a
title prefix; spread to every mention of the same name and to its acronym.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

from kg.extract.doc_view import _text
from kg.extract.method_candidates import MethodCandidate
from kg.extract.method_names import Lexicon, _generic, _head_ok, _is_cap, _name_shaped_cached
from kg.plurals import singular_key

if TYPE_CHECKING:
    from kg.extract.methods import MethodFinder

__all__ = ["MAX_SLOT_TOKENS"]


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
