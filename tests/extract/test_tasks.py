"""kg_tasks finds the research tasks a paper addresses, and nothing that is a field, a paradigm or a
generic aim."""
from __future__ import annotations

import json
from importlib import resources

import pytest
import spacy

from kg.extract.gazetteer import load_entries, squash
from kg.extract.pipeline import build_nlp, extract_paper
from kg.extract.tasks import TaskFinder
from kg.extract.topics import load_taxonomy
from kg.model import Paper


@pytest.fixture(scope="module")
def sentences():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.fixture(scope="module")
def finder(sentences) -> TaskFinder:
    return TaskFinder(sentences)


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


@pytest.fixture(scope="module")
def tasks(finder, sentences):
    return lambda text: [m.text for m in finder(sentences(text))]


@pytest.mark.parametrize(("text", "expected"), [
    ("We evaluate on image classification and object detection.", ["image classification", "object detection"]),
    ("State-of-the-art results in machine translation.", ["machine translation"]),
    ("Experiments on 3D human pose estimation show gains.", ["3D human pose estimation"]),
    ("We study the link prediction task on knowledge graphs.", ["link prediction"]),
    ("It improves fake news detection on social media.", ["fake news detection"]),
    ("Accurate object detection is hard.", ["object detection"]),
    ("A transformer-based object detection approach.", ["object detection"]),
    ("Results on text-to-image generation improve.", ["text-to-image generation"]),
    ("We solve the vehicle routing problem with learned heuristics.", ["vehicle routing problem"]),
    ("We consider classification and semantic segmentation.", ["classification", "semantic segmentation"]),
    ("Full-Resolution Residual Networks for Semantic Segmentation in Street Scenes", ["Semantic Segmentation"]),
])
def test_tasks_named_the_way_the_field_names_them(tasks, text, expected):
    assert tasks(text) == expected


@pytest.mark.parametrize("text", [
    "This helps many downstream tasks.",
    "We benchmark on NLP tasks and reinforcement learning tasks.",
    "We train with a classification loss and a detection head.",
    "Computer vision and natural language processing have advanced.",
    "Federated learning protects privacy.",
    "Classification accuracy improves.",  # a bare head on its own is not named as a task
])
def test_fields_paradigms_components_and_generic_aims_are_not_tasks(tasks, text):
    assert tasks(text) == []


def test_a_vocabulary_task_carries_its_topics_and_canonical_name(nlp):
    paper = Paper("p", "Speech recognition in noise", "We improve automatic speech recognition (ASR).")
    found = {e.text: e for e in extract_paper(paper, nlp).entities if e.type == "task"}
    asr = found["automatic speech recognition"]
    assert asr.label == "speech recognition" and asr.broader == ["speech-and-audio"]
    assert found["ASR"].norm == asr.norm


def test_kg_tasks_works_in_anyone_s_pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_tasks")
    doc = nlp("We address named entity recognition.")
    assert [(s.text, s.label_, s._.kg["norm"]) for s in doc.spans["kg_tasks"]] == [
        ("named entity recognition", "task", "named-entity-recognition")]


@pytest.mark.parametrize("n_process", [1, 2])
def test_tasks_survive_multiprocessing(n_process):
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_tasks")
    docs = list(nlp.pipe(["We study link prediction.", "Object detection matters."], n_process=n_process))
    assert [[s.text for s in d.spans["kg_tasks"]] for d in docs] == [["link prediction"], ["Object detection"]]


def test_a_method_is_not_taken_from_a_task_s_words(nlp):
    paper = Paper("p", "Face Detection with Cascades", "We study face detection and propose CascadeNet.")
    ents = extract_paper(paper, nlp).entities
    assert {e.text for e in ents if e.type == "task"} >= {"Face Detection", "face detection"}
    assert not {e.text for e in ents if e.type == "method"} & {"Face Detection", "face detection", "Face"}


# -- the vocabulary ------------------------------------------------------------------------------

def _records() -> list[dict]:
    text = resources.files("kg.extract").joinpath("resources", "tasks.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines()]


def test_the_vocabulary_is_sorted_and_free_of_duplicate_names():
    records = _records()
    names = [r["name"] for r in records]
    assert names == sorted(names, key=lambda n: (n.casefold(), n))
    seen: dict[str, str] = {}
    for r in records:
        for s in [r["name"], *r.get("aliases", [])]:
            key = squash(s)
            assert seen.setdefault(key, r["name"]) == r["name"], f"{s!r} is in {seen[key]!r} and {r['name']!r}"


def test_every_task_links_to_topics_of_the_taxonomy_and_no_task_is_a_topic():
    taxonomy = load_taxonomy()
    topic_names = {squash(s) for c in taxonomy.values() for s in (c.label, *c.synonyms)}
    for r in _records():
        assert r.get("topics") and set(r["topics"]) <= set(taxonomy), r["name"]
        for s in [r["name"], *r.get("aliases", [])]:
            assert squash(s) not in topic_names, f"{s!r} is both a task and a topic"


def test_families_name_other_entries():
    names = {r["name"] for r in _records()}
    for r in _records():
        assert r.get("family") in (None, *names) and r.get("family") != r["name"]


def test_no_vocabulary_entry_is_a_field_or_paradigm():
    from kg.extract.gazetteer import load_terms

    not_tasks = load_terms("tasks_terms.jsonl")["not_task"]
    for e in load_entries("tasks.jsonl"):
        for s in (e.name, *e.aliases):
            assert s.lower() not in not_tasks, s
