"""Limits that keep extraction linear in the length of a text, however the text is made.

Two things grow faster than the text on hostile input, and both are bounded here:

- **Over-long runs without white space.** spaCy's rule-based tokenizer strips prefixes and
  suffixes one at a time, and each step searches the whole rest of the run: a run of ``n``
  characters such as ``%%%%...`` or ``((((...`` costs ``n**2`` (12,500 ``%`` took 23 s). No real
  word is that long: the longest run in 89,843 real arXiv abstracts is a LaTeX link of 269
  characters. :func:`make_doc` tokenises a text as ``nlp.make_doc`` does, except that a run longer
  than :data:`MAX_RUN` characters is tokenised in pieces of :data:`PIECE` characters. The Doc's
  text is the original text, character for character, so every offset into it is an offset into
  the input; only the tokens inside an over-long run differ (a cut between two pieces is a token
  boundary). The worst case left is a text of distinct runs just under the limit, each made of
  affix characters: about 4 s per 100,000 characters, growing linearly.
- **Over-long sentences.** The rules of several components look around each mention within its
  sentence, so one sentence of ``n`` tokens can cost ``n**2``. The ``kg_sentence_limit`` component
  (after the sentencizer) starts a new sentence every :data:`MAX_SENTENCE_TOKENS` tokens of a
  longer one. The longest sentence in 6,000 real abstracts has 263 tokens.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> text = "Loss of " + "%" * 1000 + " at 5% cost"
>>> doc = make_doc(nlp, text)
>>> doc.text == text, [t.text for t in doc][-4:]
(True, ['at', '5', '%', 'cost'])
>>> plain = "Plain text, 12% of it."
>>> [t.text for t in make_doc(nlp, plain)] == [t.text for t in nlp.make_doc(plain)]
True
>>> long_runs("a " + "x" * 400 + " b")
[(2, 402)]
>>> _ = nlp.add_pipe("sentencizer"); _ = nlp.add_pipe("kg_sentence_limit")
>>> [len(s) for s in nlp("word " * 1200 + ".").sents]
[512, 512, 177]
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["MAX_RUN", "MAX_SENTENCE_TOKENS", "PIECE", "limit_sentences", "long_runs", "make_doc"]

MAX_RUN = 300  # longer than any real run: runs up to this length are tokenised as they are
PIECE = 32  # an over-long run is tokenised in pieces of this many characters
MAX_SENTENCE_TOKENS = 512  # about twice the longest real sentence
_LONG_RUN = re.compile(r"\S{%d,}" % (MAX_RUN + 1))


def long_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every run of non-white-space characters longer than :data:`MAX_RUN`."""
    return [m.span() for m in _LONG_RUN.finditer(text)]


def make_doc(nlp: Language, text: str) -> Doc:
    """``nlp.make_doc(text)``, in time linear in the length of the over-long runs of ``text``."""
    runs = long_runs(text)
    if not runs:
        return nlp.make_doc(text)
    cuts = [0]
    for start, end in runs:
        cuts.append(start)
        cuts.extend(range(start + PIECE, end, PIECE))
        # the space after the run stays with its last piece, as the trailing space of its last token
        cuts.append(end + 1 if text.startswith(" ", end) else end)
    cuts.append(len(text))
    return Doc.from_docs([nlp.make_doc(text[a:b]) for a, b in zip(cuts, cuts[1:]) if b > a],
                         ensure_whitespace=False)


@Language.component("kg_sentence_limit")
def limit_sentences(doc: Doc) -> Doc:
    """Start a sentence every :data:`MAX_SENTENCE_TOKENS` tokens of a longer sentence."""
    if len(doc) <= MAX_SENTENCE_TOKENS or not doc.has_annotation("SENT_START"):
        return doc
    start = 0
    for i in range(1, len(doc) + 1):
        if i == len(doc) or doc[i].is_sent_start:
            for cut in range(start + MAX_SENTENCE_TOKENS, i, MAX_SENTENCE_TOKENS):
                doc[cut].is_sent_start = True
            start = i
    return doc
