"""Fast paths of the rules give what the plain versions they replace give."""
from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest
import spacy

from kg.extract import methods, topics, tokens
from kg.extract.pipeline import build_nlp, paper_doc_text
from kg.ingest import read_papers

CORPUS = sorted((Path(__file__).resolve().parents[2] / "examples" / "corpus").glob("*.txt"))
EXTRA = ["a-b-c d - e f- g -h x-y-z-- w", "-a-b", "a-", "- -", "state-of-the-art, well-known (a)-b x--y",
         "LLaMA-based (GEMM)-based ops/sec a / b [z] X's", "vLLM im2col Qwen2.5-1M nn-JIT.web ICML'21 A100"]


@pytest.fixture(scope="module")
def docs():
    nlp = build_nlp(components=[])
    out = []
    for paper in read_papers(CORPUS).papers[:60]:
        doc = nlp.make_doc(paper_doc_text(paper))
        doc.user_data["kg_title_len"] = len(paper.title)
        out.append(nlp(doc))
    return out + [nlp(t) for t in EXTRA]


def _plain_topic_words(doc, start, end):
    cols = tokens.doc_tokens(doc)
    texts, ws, idx, text = cols.texts, cols.ws, cols.idx, cols.text
    alnum = [topics._has_alnum(t) for t in texts[start:end]]
    out, i = [], start
    while i < end:
        if not alnum[i - start]:
            out.append(None)
            i += 1
            continue
        j = i + 1
        while j + 1 < end and texts[j] == "-" and not ws[j - 1] and not ws[j] and alnum[j + 1 - start]:
            j += 2
        surface = text[idx[i]:idx[j - 1] + len(texts[j - 1])]
        out.append(topics._Word(i, j, surface, topics._word_key(surface)))
        i = j
    return out


def test_topic_words_equal_the_token_by_token_scan(docs):
    for doc in docs:
        n = len(doc)
        for start, end in [(0, n), (0, n // 2), (n // 3, n), (1, max(1, n - 1))]:
            assert topics._words(doc, start, end) == _plain_topic_words(doc, start, end)


def test_name_mark_finds_the_chunks_of_the_plain_pattern(docs):
    plain = re.compile(r"[A-Z][^\sA-Z]*[A-Z]|[a-z][A-Z]|[A-Za-z]\d")
    for doc in docs:
        assert methods._chunks_holding(methods._NAME_MARK, doc.text) == methods._chunks_holding(plain, doc.text)


def test_view_tokens_have_the_attributes_of_spacys_tokens(docs):
    from kg.extract.doc_view import LexicalCache, _View

    cache = LexicalCache(docs[0].vocab, size=50)  # shared by every Doc, and started over on the way
    for doc in docs:
        view = _View(doc, tokens.doc_tokens(doc), cache)
        for tok, mine in zip(doc, view):
            assert (mine.text, mine.lower_, mine.idx, mine.whitespace_, mine.is_punct, mine.is_stop, mine.is_alpha,
                    mine.like_num, mine.is_lower, mine.is_space) == (
                tok.text, tok.lower_, tok.idx, tok.whitespace_, tok.is_punct, tok.is_stop, tok.is_alpha, tok.like_num,
                tok.is_lower, tok.is_space)


def test_columns_are_kept_for_a_batch_and_dropped_with_their_doc():
    nlp = spacy.blank("en")
    batch = [nlp(f"Doc number {i}.") for i in range(100)]
    cols = [tokens.doc_tokens(d) for d in batch]
    assert all(tokens.doc_tokens(d) is c for d, c in zip(batch, cols))
    key = id(batch[0])
    del batch[0], cols
    gc.collect()
    assert key not in tokens._cache or tokens._cache[key].doc is not None


@pytest.fixture(scope="module")
def classified():
    """The full pipeline up to the classifier, over example papers: (classifier, Docs)."""
    nlp = build_nlp()
    clf = nlp.get_pipe("kg_classifier")
    out = []
    for paper in read_papers(CORPUS).papers[:40]:
        doc = nlp.make_doc(paper_doc_text(paper))
        doc.user_data["kg_title_len"] = len(paper.title)
        for name, proc in nlp.pipeline:
            if name == "kg_classifier":
                break
            doc = proc(doc)
        out.append(doc)
    return clf, out


def test_feature_rows_are_the_feature_strings(classified):
    """FeatureRows gives the rows of candidate_features' strings, in their order, and the same
    probabilities as the models over the strings (bit for bit: the sums run in the same order)."""
    from kg.extract.features import DocContext

    clf, docs = classified
    rows = clf.rows
    for doc in docs:
        cands = clf.finder.candidates(doc)
        feats = clf.finder.features(doc, cands)
        texts = clf.finder.texts(doc, cands)
        for _ in range(2):  # cold caches, then warm
            flat, lengths = rows.doc_rows(DocContext(doc, texts), cands, texts)
            assert flat == [rows.index.get(f, rows.unknown) for r in feats for f in r]
            assert lengths == [len(r) for r in feats]
        assert (rows.types_probabilities(flat, lengths) == clf.model.types.probabilities_of(feats)).all()
        end = 0
        for r in feats:
            end += len(r)
            assert rows.proposed_probabilities(flat[end - len(r):end]) == clf.model.proposed.probabilities(r)


def test_metric_terms_by_first_character_match_as_the_whole_pattern():
    """claim_metrics tries the terms pattern only where a term can start, cut by first character:
    the matches are those of the whole pattern's finditer (also for characters re.IGNORECASE
    folds onto a first character: "ſ", "K" (Kelvin), "ı", "İ", "ϰ")."""
    from kg.extract import claim_metrics

    voc = claim_metrics._vocabulary()
    texts = [paper_doc_text(p) for p in read_papers(CORPUS).papers[:60]]
    texts += [t.upper() for t in texts[:20]] + [t.replace(" ", "@") for t in texts[:5]]
    texts += ["ſcore \u212aappa ıoU İoU ϰ-score top-1 accuracy f1-scores @accuracy x-accuracy accuracy-based",
              "Top-1 Acc., F1, mIoU, PSNR; FID-50k and top 5 accuracies"]
    for text in texts:
        assert [m.span() for m in voc.term_matches(text)] == [m.span() for m in voc.terms.finditer(text)]


def _plain_words(cols, start, end):
    """tokens.words as it was written first: token by token."""
    out, texts, ws = [], cols.texts, cols.ws
    i = start
    while i < end:
        j = i + 1
        while (j + 1 < end and texts[j] in tokens._JOINERS and not ws[j - 1] and not ws[j]
               and tokens._WORDLIKE.fullmatch(texts[j + 1]) and tokens._WORDLIKE.fullmatch(texts[j - 1])):
            j += 2
        out.append(tokens.Word(i, j, cols.span_text(i, j)))
        i = j
    return out


def test_words_are_the_token_by_token_words(docs):
    import random

    rng = random.Random(7)
    nlp = spacy.blank("en")
    pieces = ["a", "b2", "-", "/", " ", "--", "x-y", "(", ")", "3D", "é", "_", "'s", ".", "a/b"]
    extra = [nlp("".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))) for _ in range(400)]
    for doc in [*docs, *extra]:
        cols = tokens.doc_tokens(doc)
        ranges = [(0, cols.n), *cols.sentences()]
        ranges += [(a, rng.randint(a, cols.n)) for a in (rng.randint(0, cols.n) for _ in range(5))]
        for a, b in ranges:
            assert tokens.words(cols, a, b) == _plain_words(cols, a, b), (doc.text, a, b)


def test_offset_tokens_find_the_tokens_the_dicts_of_every_token_find(docs):
    """candidates._acronyms bisects the token offsets instead of a dict of every token's."""
    from kg.extract.candidates import _OffsetTokens

    for doc in docs:
        cols = tokens.doc_tokens(doc)
        starts = {i: k for k, i in enumerate(cols.idx)}
        ends = {i + len(t): k + 1 for k, (t, i) in enumerate(zip(cols.texts, cols.idx))}
        by_start, by_end = _OffsetTokens(cols.idx, 0), _OffsetTokens(cols.ends, 1)
        for offset in range(-1, len(cols.text) + 2):
            assert (offset in by_start) == (offset in starts) and (offset in by_end) == (offset in ends)
            if offset in starts:
                assert by_start[offset] == starts[offset]
            if offset in ends:
                assert by_end[offset] == ends[offset]


def test_gazetteer_offsets_are_the_matches_spans(classified):
    """The classifier reads the vocabulary matches as offsets, before and after the matches are kept."""
    clf, docs = classified
    fresh = [d.copy() for d in docs[:10]]  # new Docs: their matches are not kept yet
    for doc in [*docs, *fresh]:
        for matcher in clf.finder.vocab.values():
            first = matcher.offsets(doc)  # found now (fresh Docs) or kept by the rule component
            assert first == [(m.span.start, m.span.end) for m in matcher(doc)] == matcher.offsets(doc)


@pytest.mark.parametrize("text", ["GPT-4o", "LoRA", "x²", "٣D", "CIFAR10", "Zürich 3", "plain words", ""])
def test_digit_feature_is_str_isdigit(text):
    """text_features looks for an ASCII digit with a regex in ASCII text; elsewhere str.isdigit decides."""
    from kg.extract.features import Lists, text_features

    assert ("digit" in text_features(text, Lists.default())[1]) == any(map(str.isdigit, text))
