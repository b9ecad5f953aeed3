"""What a claim is about: the dataset, task and hardware its sentence ties it to, and its method.

Attachment follows the sentence's structure, not the order of appearance. A sentence is cut into
items at clause and list boundaries (``;``, ``:``, ``, ``, "and", "while", "but"...; "A and B"
between two names of one type is a list of names, not a boundary). A claim takes the nearest
entity of its own item ("MultiNLI accuracy to 86.7%"); an entity in an item of another claim
belongs to that claim ("3x speedup on GPT-2" does not take the MLPerf of the item before it); an
entity in an item without a claim ("On ImageNet, our model reaches 85.7%") goes to the nearest
claim that has none of its own. "..., respectively" pairs a list of claims with a list of
entities in order. Entities inside the claim's baseline phrase ("compared to the MLPerf record")
are what it is compared with, not what it is measured on.

The method of a claim is the one its clause is about: the nearest method before it that is not
compared against ("ThyroidEffi Basic achieved a macro F1 of 89.19%", but not "outperforms OMNI-DC
by 32.2%"); else the method the paper proposes (chosen by the caller).

Examples
--------
>>> s = ("It pushes the GLUE score to 80.5% (7.7% point absolute improvement), MultiNLI accuracy to "
...      "86.7% (4.6% absolute improvement) and SQuAD v2.0 Test F1 to 83.1.")
>>> names = ["GLUE", "MultiNLI", "SQuAD v2.0"]
>>> ents = [Mentioned("dataset", s.index(n), s.index(n) + len(n), n) for n in names]
>>> claims = [(s.index(v), s.index(v) + len(v), None) for v in ("80.5%", "7.7%", "86.7%", "4.6%", "83.1")]
>>> [a["dataset"].text for a in attach(s, claims, ents, ("dataset",))]
['GLUE', 'GLUE', 'MultiNLI', 'MultiNLI', 'SQuAD v2.0']
"""
from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Mentioned", "attach", "claim_lists", "clause_items", "figure_of", "subject_method"]

# A clause or list boundary: ";", ":", ", ", "and", "or", "while", "whereas", "but", "respectively".
_BOUNDARY = re.compile(r";|:(?=\s)|,(?=\s)|\s(?:and|or|while|whereas|but|respectively|yet)(?=\s)")
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
# How far from a claim (in characters) an entity of another item or a subject is looked for: real
# sentences are far shorter, and a longer reach would make a hostile sentence quadratic.
_REACH = 300
# The words before an entity that opens a sentence as its frame: "On X", "Experiments on the X dataset".
_FRAME = re.compile(r"\s*(?:[\w-]+\s+){0,3}?(?:on|across|over|for|in|using)\s+(?:(?:the|our|\w+)\s+){0,2}?", re.I)
# Words before a method that make it the thing compared against, or a tool of the subject rather
# than the subject ("outperforms OMNI-DC", "surpasses memory systems such as ReasoningBank",
# "when applied to Qwen2.5-Coder", "using ResNet-50 as backbone").
_COMPARED = re.compile(
    r"\b(?:than|over|compared\s+(?:to|with|against)|relative\s+to|versus|vs\.?|against|unlike|"
    r"outperform\w*|surpass\w*|beat\w*|exceed\w*|baselines?)\s+(?:the\s+|a\s+|an\s+)?(?:[\w.,'-]+\s+){0,5}$", re.I)
_TOOL = re.compile(
    r"\b(?:such\s+as|including|like|appl(?:y|ied|ying)\s+(?:to|on)|using|uses|with|via|based\s+on|built\s+on|"
    r"on\s+top\s+of|from|of|on|in|for|at)\s+(?:the\s+|a\s+|an\s+)?(?:[\w.'-]+\s+){0,3}$", re.I)
# A clause whose subject is the paper's own method: "It outperforms", "our model achieves", "we obtain".
_OWN_SUBJECT = re.compile(r"(?:^|[,;:]\s*|\bthat\s+)(?:it|we|our\s+(?:[\w-]+\s+){0,2}?(?:method|model|approach|"
                          r"framework|system|algorithm|technique|pipeline|agent|network|design)s?|the\s+proposed\s+\w+)\b",
                          re.I)
# A method in subject position: a verb of achievement follows it ("MZEN consistently outperforms",
# "the llama-3 (compacted) embedding achieving", "Hybrid-DPO lifts").
_SUBJECT_VERB = re.compile(
    r"(?:\s*\([^()]{0,30}\))?(?:\s+(?:\w+\s+){0,1}?(?:model|models|embedding|variant|framework|method|system|agent))?"
    r"\s*(?:,\s*)?(?:\s(?:also|consistently|further|significantly|substantially|clearly|still|even|only))?"
    r"\s+(?:achiev|attain|obtain|reach|yield|outperform|surpass|beat|improv|reduc|deliver|lift|boost|"
    r"record|scor|run|train|accelerat|speed|set|exceed|match|gain|win|get|got|cut|rais|was|is|remain|perform)\w*", re.I)
# A method named right after a figure as whose figure it is: "4.11 with our method, TCA",
# "11.7 for vanilla TPT".
_FIGURE_OF = re.compile(r"\s*(?:for|with|by)\s+(?:(?:our|the|vanilla|a|an)\s+)?(?:(?:method|model|approach),?\s+)?",
                        re.I)
_BRACKETED = re.compile(r"\s*\(\s*(?:[A-Za-z][\w-]*\s*[:=]?\s*)?")
# Clause boundaries for the subject: ";", ":", "while", "whereas", "but".
_CLAUSE = re.compile(r"[;:]|\b(?:while|whereas|but)\b")
_SEMICOLON = re.compile(r"[;:]")
# A method in a prepositional phrase is not a subject ("longer context in Transformers, yielding").
_IN_PLACE = re.compile(r"\b(?:in|on|for|at|of|from|to)\s+(?:the\s+|a\s+|an\s+)?$", re.I)


@dataclass(frozen=True)
class Mentioned:
    """An entity named in a sentence: its type, offsets in the sentence and surface text."""

    type: str
    start: int
    end: int
    text: str


def clause_items(sentence: str, entities: Sequence[Mentioned] = ()) -> list[tuple[int, int]]:
    """The sentence's items as ``(start, end)`` offsets (see the module docstring).

    >>> s = "We reach 85% on CIFAR-10 and CIFAR-100, and 70% on ImageNet."
    >>> ents = [Mentioned("dataset", s.index(n), s.index(n) + len(n), n) for n in ("CIFAR-10", "CIFAR-100")]
    >>> [s[a:b] for a, b in clause_items(s, ents)]
    ['We reach 85% on CIFAR-10 and CIFAR-100', ', and 70% on ImageNet.']
    """
    ends = {e.end: e.type for e in entities}
    starts = {e.start: e.type for e in entities}
    cuts = [0]
    for m in _BOUNDARY.finditer(sentence):
        if m.group(0).strip() in ("and", "or"):
            left, right = m.start(), m.end() + 1
            if left in ends and starts.get(right) == ends[left]:
                continue  # "CIFAR-10 and CIFAR-100": one list of names
        if sentence[cuts[-1]:m.start()].strip(" ,;:"):  # ", and" is one boundary
            cuts.append(m.start())
    cuts.append(len(sentence))
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


def _item_of(items: list[tuple[int, int]], pos: int) -> int:
    return max(0, bisect.bisect_right(items, (pos, math.inf)) - 1)


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(b[0] - a[1], a[0] - b[1], 0)


def attach(sentence: str, claims: Sequence[tuple[int, int, tuple[int, int] | None]],
           entities: Sequence[Mentioned], types: Sequence[str],
           groups: Sequence[object] | None = None) -> list[dict[str, Mentioned]]:
    """For each claim ``(start, end, baseline span or None)`` of ``sentence``, the entity of each of
    ``types`` it is measured on, by the rules of the module docstring (a type is absent when none).

    ``groups`` (one key per claim: the list of claims it belongs to, see :func:`claim_lists`) lets
    "respectively" pair each list with the entities in order ("SR increased by 5% and 2.07%
    respectively, and SPL by 4% and 3.69% respectively"), and a list that ends with its entity share it.
    """
    items = clause_items(sentence, entities)
    claim_items = [_item_of(items, c[0]) for c in claims]
    out: list[dict[str, Mentioned]] = [{} for _ in claims]
    for etype in types:
        # the claim's own number is not what it is measured on (an extractor may tag "AUC=0.95" as a
        # dataset; "84.2% ImageNet top-1 accuracy" still names ImageNet after it)
        ents = [e for e in entities if e.type == etype and not any(e.start <= c[0] < e.end for c in claims)]
        if not ents:
            continue
        owned: dict[int, list[int]] = {}
        for k, e in enumerate(ents):
            owned.setdefault(_item_of(items, e.start), []).append(k)
        # free: in an item without a claim, or in the frame that opens the sentence ("Experiments on
        # the NGAFID dataset demonstrate ... 81.92% ..., and ... 77.00%")
        claimed_items = set(claim_items)
        # what a claim is compared with is not what it is measured on ("compared to the MLPerf record")
        compared = {k for k in range(len(ents)) if _COMPARED.search(
            sentence, max(items[_item_of(items, ents[k].start)][0], ents[k].start - 80), ents[k].start)}
        free = [k for k in range(len(ents)) if k not in compared and (
            _item_of(items, ents[k].start) not in claimed_items
            or (ents[k].start < _REACH and _FRAME.fullmatch(sentence, 0, ents[k].start)))]
        free_starts = [ents[k].start for k in free]
        if _RESPECTIVELY.search(sentence) and len(ents) >= 2:
            if len(ents) == len(claims):
                for i in range(len(claims)):
                    out[i][etype] = ents[i]
                continue
            paired = False
            for key in dict.fromkeys(groups or ()):
                members = [i for i, g in enumerate(groups or ()) if g == key]
                if len(members) == len(ents):
                    for i, e in zip(members, ents):
                        out[i][etype] = e
                    paired = True
            if paired:
                continue
        unplaced = []
        for i, (start, end, baseline) in enumerate(claims):
            own = [k for k in owned.get(claim_items[i], ()) if not _inside(ents[k], baseline)]
            if own:
                best = min(own, key=lambda k: (_distance((start, end), (ents[k].start, ents[k].end)), k))
                out[i][etype] = ents[best]
            else:
                unplaced.append(i)
        # a list of claims that ends with its dataset shares it: "a Hard Score of 26.66, a Soft Score of
        # 48.35, and an Average Score of 37.505 on the STATE ToxiCN dataset"
        for key in dict.fromkeys(groups or ()):
            members = [i for i, g in enumerate(groups or ()) if g == key]
            last = out[members[-1]].get(etype)
            if len(members) > 1 and last is not None and last.start >= claims[members[-1]][1]:
                for i in members[:-1]:
                    if etype not in out[i]:
                        out[i][etype] = last
                        if i in unplaced:
                            unplaced.remove(i)
        if unplaced and free:
            if _RESPECTIVELY.search(sentence) and len(free) == len(unplaced) >= 2:
                for i, k in zip(unplaced, free):
                    out[i][etype] = ents[k]
                continue
            claimed = set(claim_items)
            for i in unplaced:
                start, end, baseline = claims[i]
                near = free[bisect.bisect_left(free_starts, start - _REACH):bisect.bisect_right(free_starts, end + _REACH)]
                # an entity after the claim only from its own clause ("... (0.7 better perplexity on
                # GPT-2): the first to ... on the Path-X challenge" is not measured on Path-X)
                cands = [k for k in near if not _inside(ents[k], baseline) and (
                    ents[k].start < end or (_item_of(items, ents[k].start) not in claimed
                                            and not _SEMICOLON.search(sentence, end, ents[k].start)))]
                if cands:
                    best = min(cands, key=lambda k: (abs(_item_of(items, ents[k].start) - claim_items[i]),
                                                     _distance((start, end), (ents[k].start, ents[k].end)), k))
                    out[i][etype] = ents[best]
    return out


# Between two claims of one list: a comma or "and", few words, no number, bracket or clause break
# ("26.66, a Soft Score of 48.35"; not "5% and 2.07% respectively, and SPL increased by 4%").
_LIST_GAP = re.compile(r"(?=[^;:()]*(?:,|\band\b|\bor\b))"
                       r"(?![^;:()]*\b(?:respectively|while|whereas|but|compared|than|versus|vs|achiev\w*|reach\w*|"
                       r"improv\w*|reduc\w*|obtain\w*|attain\w*|yield\w*|outperform\w*|surpass\w*|deliver\w*|"
                       r"show\w*|increas\w*|decreas\w*|boost\w*|lower\w*|cut\w*|gain\w*)\b)[^\d;:()]{0,40}",
                       re.I)


_BRACKETS = re.compile(r"\([^()]{0,40}\)")


def claim_lists(sentence: str, claims: Sequence[tuple[int, int, object]]) -> list[int]:
    """The list each claim belongs to, as a number: claims joined by commas or "and" share one.

    >>> s = "SR increased by 5% and 2.07% respectively, and SPL increased by 4% and 3.69% respectively."
    >>> spans = [(s.index(v), s.index(v) + len(v), None) for v in ("5%", "2.07%", "4%", "3.69%")]
    >>> claim_lists(s, spans)
    [0, 0, 1, 1]
    """
    out: list[int] = []
    for i, c in enumerate(claims):
        # brackets aside: "1.32 with two steps (NFE=2) and 1.76 with one step (NFE=1) on ImageNet"
        if i and _LIST_GAP.fullmatch(_BRACKETS.sub(" ", sentence[claims[i - 1][1]:c[0]][:200])):
            out.append(out[-1])
        else:
            out.append(out[-1] + 1 if out else 0)
    return out


def _inside(e: Mentioned, span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] <= e.start < span[1]


def figure_of(sentence: str, claim: tuple[int, int, tuple[int, int] | None],
              methods: Sequence[Mentioned]) -> Mentioned | None:
    """The method named right after a figure as whose figure it is ("68.44% for SELF-REFINE", "4.11
    with our method, TCA"), or None."""
    start, end, baseline = claim
    # "VAR-d30 (FID 1.95)", "FlexVAR (3.05 FID)": a figure in brackets right after a method is its
    before = next((m for m in methods if m.end <= start and _BRACKETED.fullmatch(sentence, m.end, start)), None)
    if before is not None:
        return before
    gap = _FIGURE_OF.match(sentence, end)
    if gap is None or gap.end() - end >= 40:
        return None
    after = next((m for m in methods if m.start == gap.end()), None)
    return after if after is not None and not _inside(after, baseline) else None


def subject_method(sentence: str, claim: tuple[int, int, tuple[int, int] | None],
                   methods: Sequence[Mentioned]) -> Mentioned | None:
    """The method the claim is a result of, when its sentence names it before the claim as the
    subject ("EvoPool beats the strongest baseline by +0.14": EvoPool); None when the subject is the
    paper's own ("It outperforms OMNI-DC by 32.2%") or unnamed.

    The first method of the claim's clause that is neither compared against nor a tool of another
    ("such as X", "applied to X", "using X"), else the first such method of the sentence before it.

    >>> s = "When applied to Qwen2.5-Coder, MuSL improves Pass@1 by 28.91%."
    >>> ms = [Mentioned("method", s.index(n), s.index(n) + len(n), n) for n in ("MuSL", "Qwen2.5-Coder")]
    >>> subject_method(s, (s.index("28.91"), s.index("28.91") + 6, None), ms).text
    'MuSL'
    """
    start, end, baseline = claim
    after = figure_of(sentence, claim, methods)
    if after is not None:
        return after
    methods = [m for m in methods if start - _REACH <= m.start < start]
    clause = max(0, start - _REACH)
    for m in _CLAUSE.finditer(sentence, clause, start):
        clause = m.end()
    compared = [m for m in methods if _inside(m, baseline) or _COMPARED.search(sentence, max(0, m.start - 80), m.start)]
    subjects = [m for m in methods if m.start < start and m not in compared and _SUBJECT_VERB.match(sentence, m.end)
                and not _IN_PLACE.search(sentence, max(0, m.start - 20), m.start)]
    cands = [m for m in methods if m.start < start and m not in compared
             and not _TOOL.search(sentence, max(0, m.start - 50), m.start)]
    in_clause = [m for m in subjects if m.start >= clause] or [m for m in cands if m.start >= clause]
    first = in_clause[0].start if in_clause else start
    if _OWN_SUBJECT.search(sentence, clause, first):
        return None
    own = None
    for own in _OWN_SUBJECT.finditer(sentence, first, start):
        pass
    if own is not None and not any(m.start >= own.end() for m in subjects):
        return None  # "By distilling a pre-trained LightningDiT model, our method achieves 1.32": ours
    if in_clause:
        return in_clause[-1] if in_clause[0] in subjects else in_clause[0]
    # else the sentence's, back to its last ";" or ":" (a subject across commas: "X achieved 3.44 from
    # A, 4.08 from B"; not across "...Avg-Pooling lowers it to 76.7%; replacing it with ...")
    semi = max((m.end() for m in _SEMICOLON.finditer(sentence, max(0, start - _REACH), start)), default=0)
    subjects = [m for m in subjects if m.start >= semi]
    cands = [m for m in cands if m.start >= semi]
    if subjects:
        return subjects[-1]
    return cands[0] if cands else None
