"""``kg_tasks``: research tasks, the problems papers address ("image classification", "link prediction").

Two sources, both general patterns of how papers name tasks:

* ``gazetteer``: a vocabulary of well-known tasks with their aliases (``resources/tasks.jsonl``),
  each linked to the taxonomy topics it belongs to (``topics``; they become ``broader`` edges of
  the task, so a topic's papers include those of its tasks).
* ``rule``: task-shaped noun phrases the vocabulary lacks: modifiers before a task *head* word
  ("fake news *detection*", "3D hand pose *estimation*"); the modifiers of "task(s)"
  ("the link prediction task" → "link prediction"); names of problems ("the vehicle routing
  problem"); and a bare head coordinated with a task ("classification and segmentation").

What stops a name is data too (``resources/tasks_terms.jsonl``): modifiers end at function words,
the verbs of abstracts' prose and evaluative adjectives ("accurate object detection" is the task
object detection), and at method descriptions ("transformer-based"); a head followed by a
component noun ("classification loss", "detection head") is no task; fields, paradigms and generic
aims ("NLP tasks", "reinforcement learning tasks", "downstream tasks") are never tasks.

Examples
--------
>>> import spacy
>>> nlp = spacy.blank("en")
>>> finder = TaskFinder(nlp)
>>> doc = nlp("We study accurate fish pose estimation and the link prediction task, unlike NLP tasks.")
>>> [(m.text, m.norm, m.source) for m in finder(doc)]
[('fish pose estimation', 'fish-pose-estimation', 'rule'), ('link prediction', 'link-prediction', 'gazetteer')]
"""
from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.gazetteer import canonical_key, gazetteer_for, load_terms, surface_offsets
from kg.extract.spans import add_entity, spans_key as key_of
from kg.extract.tokens import DocTokens, Word, claimed_tokens, doc_tokens, words

__all__ = ["TaskComponent", "TaskFinder", "TaskMatch", "make_tasks"]

MAX_MODIFIERS = 4  # words before a head: "multi-person 3D human pose estimation" has four
@dataclass(frozen=True)
class TaskMatch:
    """A task mention: token span, exact surface and its characters, merge key, display name, how
    it was found (``gazetteer`` or ``rule``) and the topics the vocabulary links it to."""

    start: int
    end: int
    text: str
    norm: str
    label: str
    source: str
    start_char: int
    end_char: int
    topics: tuple[str, ...] = ()


_WORD_PUNCT = str.maketrans("", "", "-/'.")


class TaskFinder:
    """The vocabulary matcher and word lists; :meth:`__call__` lists the task mentions of a Doc."""

    def __init__(self, nlp: Language, entries_resource: str = "tasks.jsonl",
                 terms_resource: str = "tasks_terms.jsonl") -> None:
        self.gazetteer = gazetteer_for(nlp, entries_resource)
        terms = load_terms(terms_resource)
        phrase_terms = load_terms("noun_phrase_terms.jsonl")
        self.heads = phrase_terms["head:task"]
        self.task_nouns = terms["task_noun"]
        self.problem_nouns = terms["problem_noun"]
        self.not_modifiers = phrase_terms["not_modifier"]
        self.method_suffixes = tuple(terms["method_suffix"])
        self.not_tasks = terms["not_task"]
        self.head_blockers = terms["head_blocker"]

    def __call__(self, doc: Doc, claimed: Collection[int] = ()) -> list[TaskMatch]:
        cols = doc_tokens(doc)
        taken = set(claimed)
        found: list[TaskMatch] = []
        for m in self.gazetteer(doc):
            if taken.isdisjoint(range(m.span.start, m.span.end)):
                start = self._modified_start(cols, m.span.start, m.span.end, taken)
                found.append(self._match(doc, start, m.span.end, "gazetteer" if start == m.span.start else "rule",
                                         m.entry))
                taken.update(range(start, m.span.end))
        for sent_start, sent_end in cols.sentences():
            found += self._rule_matches(doc, cols, cols.sentence_words(sent_start, sent_end), taken, found)
        return sorted(found, key=lambda m: m.start)

    # -- rules --------------------------------------------------------------------------------

    def _modified_start(self, cols: DocTokens, start: int, end: int, taken: set[int]) -> int:
        """Where a known task ending in a head word starts once the modifiers written before it
        are added ("fish" + "pose estimation"): a more specific task of the same family."""
        if cols.lowers[end - 1] not in self.heads:
            return start
        s0 = cols.sentence(start)[0]
        ws = cols.sentence_words(s0, end)
        k = next((i for i, w in enumerate(ws) if w.start == start), None)
        if k is None:
            return start
        return ws[self._phrase([*ws[:k], ws[k]], k, taken)].start

    @property
    def _triggers(self) -> frozenset[str]:
        """The words a rule starts from: heads, task and problem nouns (kept while those lists are)."""
        lists = (self.heads, self.task_nouns, self.problem_nouns)
        kept = self.__dict__.get("_triggers_of")
        if kept is None or any(a is not b for a, b in zip(kept[0], lists)):
            kept = self.__dict__["_triggers_of"] = (lists, frozenset().union(*lists))
        return kept[1]

    def _modifier(self, w: Word) -> bool:
        low = w.text.lower()
        # any letter; every character a letter, a digit or one of -/'. (what is left without those
        # four is empty or alphanumeric)
        rest = low.translate(_WORD_PUNCT)
        return (any(map(str.isalpha, low)) and (not rest or rest.isalnum()) and low not in self.not_modifiers
                and not low.endswith(self.method_suffixes) and not (low.endswith("ly") and len(low) > 4))

    def _phrase(self, words: Sequence[Word], k: int, taken: set[int]) -> int:
        """Index of the first word of the modifiers before word ``k`` (``k`` when there are none)."""
        first = k
        while first > 0 and k - first < MAX_MODIFIERS:
            w = words[first - 1]
            if not self._modifier(w) or not taken.isdisjoint(range(w.start, w.end)):
                break
            first -= 1
        return first

    def _rule_matches(self, doc: Doc, cols: DocTokens, words: list[Word], taken: set[int],
                      found: list[TaskMatch]) -> list[TaskMatch]:
        out: list[TaskMatch] = []
        bare: list[int] = []  # bare heads, kept when coordinated with a task
        triggers = self._triggers
        for k, w in enumerate(words):
            low = w.text.lower()
            if low not in triggers:  # neither a head nor a task or problem noun: nothing to do
                continue
            if not taken.isdisjoint(range(w.start, w.end)):
                continue
            nxt = words[k + 1].text.lower() if k + 1 < len(words) else ""
            if low in self.heads and nxt not in self.head_blockers:
                first = self._phrase(words, k, taken)
                if first < k or nxt in self.task_nouns:
                    self._take(doc, words, first, k + 1, taken, out)
                else:
                    bare.append(k)
            elif low in self.task_nouns or low in self.problem_nouns:
                first = self._phrase(words, k, taken)
                end = k + 1 if low in self.problem_nouns else k
                if k - first >= 2 or (low in self.problem_nouns and k - first >= 1):
                    self._take(doc, words, first, end, taken, out)
        for k in bare:  # "classification and segmentation", "detection, tracking and counting"
            for j in (k - 2, k + 2):
                if 0 <= j < len(words) and words[(k + j) // 2].text.lower() in {"and", "or", ",", "/"}:
                    if any(m.start <= words[j].start < m.end for m in (*found, *out)):
                        self._take(doc, words, k, k + 1, taken, out)
                        break
        return out

    def _take(self, doc: Doc, words: Sequence[Word], first: int, end: int, taken: set[int],
              out: list[TaskMatch]) -> None:
        start, stop = words[first].start, words[end - 1].end
        text = doc_tokens(doc).span_text(start, stop)
        if text.lower() in self.not_tasks or not taken.isdisjoint(range(start, stop)):
            return
        entry = self.gazetteer.lookup(text)
        out.append(self._match(doc, start, stop, "rule" if entry is None else "gazetteer", entry))
        taken.update(range(start, stop))

    @staticmethod
    def _match(doc: Doc, start: int, end: int, source: str, entry: object | None) -> TaskMatch:
        cols = doc_tokens(doc)  # Doc.text joins every token again on each access
        a, b = surface_offsets(cols, start, end)
        text = cols.text[a:b]
        if entry is not None and source == "rule":  # a known task made more specific: its own name
            return TaskMatch(start, end, text, canonical_key(text), text, source, a, b,
                             tuple(entry.attrs.get("topics", ())))  # type: ignore[attr-defined]
        if entry is None:
            return TaskMatch(start, end, text, canonical_key(text), text, source, a, b)
        topics = tuple(entry.attrs.get("topics", ()))  # type: ignore[attr-defined]
        return TaskMatch(start, end, text, entry.norm, entry.name, source, a, b, topics)  # type: ignore[attr-defined]


class TaskComponent:
    """Writes ``task`` spans to its spans key (``norm``, ``label``, ``source``, ``broader`` topics).

    Tokens of the types it reads (datasets, repositories, hardware) are left alone.
    """

    def __init__(self, nlp: Language, name: str, spans_key: str, reads: Sequence[str]) -> None:
        self.name = name
        self.spans_key = spans_key
        self.reads = tuple(key_of(t) for t in reads)
        self.finder = TaskFinder(nlp)

    def __call__(self, doc: Doc) -> Doc:
        key = self.spans_key
        doc.spans.setdefault(key, [])
        for m in self.finder(doc, claimed_tokens(doc, self.reads)):
            add_entity(doc, key, Span(doc, m.start, m.end), "task", chars=(m.start_char, m.end_char),
                       norm=m.norm, label=m.label, source=m.source, broader=list(m.topics) or None)
        return doc


@Language.factory("kg_tasks", assigns=["doc.spans"],
                  default_config={"spans_key": "kg_tasks", "reads": ["repository", "hardware", "dataset"]})
def make_tasks(nlp: Language, name: str, spans_key: str, reads: list[str]) -> TaskComponent:
    """spaCy factory: ``nlp.add_pipe("kg_tasks")``; leaves alone the tokens of the types it reads."""
    return TaskComponent(nlp, name, spans_key, reads)
