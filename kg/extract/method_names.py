"""What a method's name looks like: a coined word, or a phrase headed by a method noun, not a family.

:func:`name_shaped` says whether a word is shaped like a coined name (CamelCase, several capitals,
letters with digits: "LeMo", "Qwen2.5-1M"); :func:`_head_ok` whether a word is a method noun that
can end a name ("algorithm", "Transformers"); :func:`_generic` whether a phrase names a family or a
field rather than one method. The word lists they read are a :class:`Lexicon`
(``resources/methods_terms.jsonl``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.gazetteer import load_terms

__all__ = ["Lexicon", "load_lexicon", "name_shaped"]


_NUMBER_FORMAT = re.compile(r"^(?:b?float|u?int|fp|bf|e\d?m)\d+$", re.IGNORECASE)
_HARDWARE_LIKE = re.compile(r"^[A-Z]\d{2,4}[A-Za-z]?$")  # A100, H800, V100: left to kg_hardware
_MATHY = re.compile(r"[=^*<>|\\{}$]")
_VENUE_YEAR = re.compile(r"^[A-Z]+'\d{2}$")  # ICML'21


@dataclass(frozen=True)
class Lexicon:
    """Word lists that drive the rules (``resources/methods_terms.jsonl``: one role per field, each
    term with why it is on the list; ``stop_names`` compared case-sensitively, the others lower-case)."""

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


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The bundled word lists (loaded once)."""
    terms = load_terms("methods_terms.jsonl")
    lower = {k: frozenset(w.lower() for w in v) for k, v in terms.items() if k != "stop_names"}
    return Lexicon(stop_names=terms["stop_names"], **lower)


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


def _is_cap(tok_text: str) -> bool:
    return tok_text[:1].isupper()


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
