"""Properties of the pure pieces hostile text goes through: repository URLs, claims, ids, offsets.

Each property is stated over generated text (hostile fragments, arbitrary Unicode, and the words the
extractors react to); the example budget is the hardening profile (see ``conftest.py``).
"""
from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

from hostile import HOSTILE_FRAGMENTS, hardening_profile, hostile_text
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kg.extract.claims import find_claims, parse_claim
from kg.extract.pipeline import extract_paper
from kg.extract.repos import find_repo_urls, normalize_repo_url
from kg.ids import normalize_title, paper_id, slugify
from kg.ingest.fields import paper_from_fields
from kg.model import Paper, Rejection, Source

ROOT = Path(__file__).resolve().parents[2]
PROFILE = hardening_profile()
_SURROGATES = re.compile("[\ud800-\udfff]")

_SCHEMES = ("", "http://", "https://", "HTTPS://", "git+ssh://", "www.", "https://www.")
_HOSTS = ("github.com", "GitHub.com", "gitlab.com", "bitbucket.org", "huggingface.co", "hf.co", "owner.github.io",
          "example.org", "github.com.evil.org")
_SEGMENT = st.one_of(st.sampled_from(("datasets", "spaces", "models", "o", "r.git", "tree", "main", "", ".", "..",
                                      "a#b", "x?y=1", "Name.git)", "n'", 'n"', "ä", "😀")),
                     st.text(max_size=6))
repo_urls = st.builds(lambda scheme, host, parts, tail: scheme + host + "/" + "/".join(parts) + tail,
                      st.sampled_from(_SCHEMES), st.sampled_from(_HOSTS), st.lists(_SEGMENT, max_size=5),
                      st.sampled_from(("", ".", ").", "/", ".git", "#readme", " ", "\n", '">')))


@settings(PROFILE)
@given(url=repo_urls | hostile_text(4))
@example(url="https://www.GitHub.com/Owner/Name.git/tree/main).")
@example(url="github.com/o/r.git.git")
@example(url="github.com/o/r.'")
def test_normalising_a_repository_url_twice_changes_nothing(url):
    norm = normalize_repo_url(url)
    if norm is not None:
        assert normalize_repo_url(norm) == norm
        assert norm == norm.lower() and not norm.endswith("/")


@settings(PROFILE)
@given(text=st.lists(repo_urls | hostile_text(3), max_size=6).map(" ".join))
def test_every_repository_match_slices_back_and_is_normalised(text):
    for m in find_repo_urls(text):
        assert text[m.start:m.end] == m.text
        assert normalize_repo_url(m.text) == m.norm
        assert not any(c.isspace() for c in m.norm)


_NUMBERS = ("0", "1", "8.2", "93.1", "1,000,000", "1" + "0" * 400, "9" * 40 + ".5", "1e308", "1e999", "NaN", "inf",
            "∞", "½", "٣٣", "１２", "−3.5", "-0", "0x10", "3.5e-7", ".5", "5.", "1.2.3", "10^9")
_CLAIM_WORDS = ("x", "×", "X", "%", " percent", " points", " pp", " times", " faster", " speedup", " accuracy",
                " BLEU", " F1", " top-1", " lower", " fewer parameters", " reduces memory by", " up to", " improves",
                " over", " than BERT", " compared to ResNet", " on ImageNet", " on an A100", " an order of magnitude",
                " twice", " half", " one third", " by", " to", ".", ",", "(", ")", " ")
claim_text = st.lists(st.sampled_from(_NUMBERS + _CLAIM_WORDS) | st.sampled_from(HOSTILE_FRAGMENTS),
                      max_size=25).map("".join)


@settings(PROFILE)
@given(text=claim_text)
@example(text="It is " + "1" + "0" * 400 + "x faster than ResNet.")
def test_claims_slice_back_and_hold_finite_values(text):
    for m in find_claims(text):
        assert text[m.start:m.end] == m.text
        assert isinstance(m.claim.value, float) and math.isfinite(m.claim.value), m
        if m.baseline_span is not None:
            assert 0 <= m.baseline_span[0] <= m.baseline_span[1] <= len(text)


@settings(PROFILE)
@given(phrase=claim_text)
def test_parse_claim_gives_a_finite_value_or_none(phrase):
    claim = parse_claim(phrase)
    assert claim is None or math.isfinite(claim.value)


@settings(PROFILE)
@given(title=hostile_text(), abstract=hostile_text(30))
def test_every_entity_offset_slices_back_to_its_mention(title, abstract, warm_nlp):
    """As readers give them (cleaned by paper_from_fields), and as the Python API may (raw text with
    control characters and unfolded white space; lone surrogates are not text spaCy can encode)."""
    read = paper_from_fields({"title": title, "abstract": abstract}, Source("t.jsonl", 1, "jsonl"))
    raw = Paper("raw", _SURROGATES.sub("", title), _SURROGATES.sub("", abstract))
    papers = [raw] + ([read] if not isinstance(read, Rejection) else [])
    for paper in papers:
        extract_paper(paper, warm_nlp)
        for e in paper.entities:
            assert paper.text_of(e.field)[e.start:e.end] == e.text, e
            for m in e.mentions:
                assert paper.text_of(m.field)[m.start:m.end] == e.text, (e, m)


@settings(PROFILE)
@given(title=hostile_text())
def test_normalising_a_title_twice_changes_nothing(title):
    assert normalize_title(normalize_title(title)) == normalize_title(title)


@settings(PROFILE)
@given(title=hostile_text(), noise=st.sampled_from(("", " ", ".", "  \t", "!", " ?")))
def test_a_title_id_ignores_case_spacing_and_punctuation(title, noise):
    variant = noise + title.upper().replace(" ", "  ") + noise
    if normalize_title(variant) == normalize_title(title):
        assert paper_id(title=variant) == paper_id(title=title)


@settings(PROFILE)
@given(text=hostile_text())
def test_slugs_are_idempotent_and_never_empty(text):
    slug = slugify(text)
    assert slug and slugify(slug) == slug


def test_ids_do_not_depend_on_the_process(tmp_path):
    """sha1, not hash(): another interpreter with another hash seed gives the same ids."""
    titles = ["Attention Is All You Need", "深度学习 <script>", "e\u0301t\u00e9 \ud800", '"""', ""]
    script = ("import json, sys; from kg.ids import paper_id, slugify; titles = json.load(sys.stdin); "
              "print(json.dumps([[paper_id(title=t), slugify(t)] for t in titles]))")
    ids = []
    for seed in ("1", "2"):
        proc = subprocess.run([sys.executable, "-c", script], input=json.dumps(titles), capture_output=True,
                              text=True, check=True, env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)})
        ids.append(json.loads(proc.stdout))
    assert ids[0] == ids[1] == [[paper_id(title=t), slugify(t)] for t in titles]
