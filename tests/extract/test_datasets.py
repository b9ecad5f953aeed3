"""Specification of ``kg_datasets``: named datasets and benchmarks, with canonical keys that merge variants."""
from __future__ import annotations

import pytest
import spacy

import kg.extract  # noqa: F401  registers the kg_* factories
from kg.extract.datasets import DatasetFinder, is_strong_name
from kg.extract.pipeline import build_nlp, extract_paper
from kg.model import Paper


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kg_datasets")
    return nlp


def surfaces(doc) -> list[str]:
    """The exact surface of each dataset span (its ``_chars`` when the span had to widen)."""
    out = []
    for span in doc.spans["kg_datasets"]:
        start, end = span._.kg.get("_chars") or (span.start_char, span.end_char)
        out.append(doc.text[start:end])
    return out


# Sentences from examples/corpus (and ML abstracts like them); the expected list is every dataset
# in text order, by its shortest naming span.
FINDS = [
    ("We validate our claims on the VGG/WideResNet architectures on the CIFAR-100 and ImageNet datasets.",
     ["CIFAR-100", "ImageNet"]),
    ("On Word2Vec and few-shot learning on Omniglot via MAML, two canonical tasks that rely crucially on "
     "feature learning, we compute these limits exactly.", ["Omniglot"]),
    ("We demonstrate the superior performance of our method on benchmark nonlinear problems in CUTEst test set, "
     "constrained logistic regression with data from LIBSVM, and a PDE-constrained problem.", ["CUTEst", "LIBSVM"]),
    ("Most notably, on the challenging SplitCIFAR100 benchmark, with just a simple linear kernel we obtain the "
     "same accuracy.", ["SplitCIFAR100"]),
    ("These insights improve S4's performance to 86% on the Long Range Arena benchmark, with 96% on the most "
     "difficult Path-X task.", ["Long Range Arena", "Path-X"]),
    ("FlashButterfly allows us to train on Path256, a challenging task with sequence length 64K.", ["Path256"]),
    ("Using this extension, we outperform a Transformer on WikiText103 by 0.2 PPL with 30% fewer parameters.",
     ["WikiText103"]),
    ("For the first time, we demonstrate LiRPA based certified defense on Tiny ImageNet and Downscaled ImageNet "
     "where previous approaches cannot scale.", ["Tiny ImageNet", "Downscaled ImageNet"]),
    ("We introduce a new, competitive, time-to-result benchmark using multiple workloads running on fixed "
     "hardware, the AlgoPerf: Training Algorithms benchmark.", ["AlgoPerf"]),
    ("On the SpecBench dataset, across Vicuna-7B/68M and Qwen3-8B/0.6B target/draft pairs, our approach "
     "achieves up to 3x throughput improvement.", ["SpecBench"]),
    ("Experiments on the GSM8K and HumanEval datasets show consistent gains.", ["GSM8K", "HumanEval"]),
    ("We fine-tune on XSUM and CNN/DailyMail and report ROUGE.", ["XSUM", "CNN/DailyMail"]),
    ("Our models are evaluated on MMLU, HellaSwag and ARC-Challenge.", ["MMLU", "HellaSwag", "ARC-Challenge"]),
    ("We pretrain on the C4 dataset and evaluate on GLUE.", ["C4", "GLUE"]),
    ("We evaluate on three new benchmarks: FooQA, BarNLI and Baz-100K.", ["FooQA", "BarNLI", "Baz-100K"]),
    ("Results on the Kvasir-SEG dataset show clear improvements.", ["Kvasir-SEG"]),
    ("We use datasets such as Cora, CiteSeer and ogbn-arxiv.", ["Cora", "CiteSeer", "ogbn-arxiv"]),
    ("Experiments on WMT'14 En-De and IWSLT'14 De-En translation confirm the gains.",
     ["WMT'14 En-De", "IWSLT'14 De-En"]),
    ("We train agents on Atari 100k and the DeepMind Control Suite.", ["Atari 100k", "DeepMind Control Suite"]),
    ("Our model ranks first on the MT-Bench and AlpacaEval benchmarks.", ["MT-Bench", "AlpacaEval"]),
    ("We report speech recognition results on LibriSpeech test-clean.", ["LibriSpeech"]),
    ("We study offline RL on D4RL locomotion tasks.", ["D4RL"]),
    ("We report accuracy on ImageNet, QuuxNet-5 and ZorbSet.", ["ImageNet", "QuuxNet-5", "ZorbSet"]),
    ("Language models are pretrained on the Pile.", ["Pile"]),
    ("Our optimizers maintain performance on GLUE finetuning, ImageNet classification and WMT'14 machine "
     "translation.", ["GLUE", "ImageNet", "WMT'14"]),
    ("Results on the challenging LongBench and RULER benchmarks confirm the advantage.", ["LongBench", "RULER"]),
    ("We evaluate on GSM8K.", ["GSM8K"]),
    ("We apply BiLD to machine translation on IWSLT 2017 De-En and WMT 2014 De-En, and summarization on XSUM.",
     ["IWSLT 2017 De-En", "WMT 2014 De-En", "XSUM"]),
    # near misses: generic data, tasks, models, lower-case words, acronyms of methods
    ("Extensive experiments on various timeseries datasets and analytics tasks demonstrate that RITA "
     "outperforms the state-of-the-art.", []),
    ("Detailed experiments across six benchmark datasets demonstrate that SESR achieves similar image quality.", []),
    ("We conduct experiments on synthetic data and real-world datasets.", []),
    ("Our model is based on BERT and fine-tuned on downstream tasks.", []),
    ("We evaluate on LLaMA-2 and OPT models of various sizes.", []),
    ("Experimental results on DNA/protein sequence design tasks verify the effectiveness of our algorithm.", []),
    ("Results on image classification show that the method is robust.", []),
    ("This glue code connects the modules.", []),
    ("The math behind the method is simple.", []),
    ("FlowSep is a new generative model based on RFM and evaluated on LASS tasks.", []),
    ("We observe large gains on the RTX 4090 GPU.", []),
    ("We assess the trade-off between memory and accuracy across RPS, pruning techniques, and building blocks.", []),
    ("With experiments on long-range arena, SeqBoat brings new state-of-the-art results.", ["long-range arena"]),
    ("We quantify the upper bound on the size of the implicit neural representation (INR) model.", []),
    ("State-of-the-art results on LiRPA based certified defense on networks like DenseNet and Transformer.", []),
]


@pytest.mark.parametrize("text,expected", FINDS, ids=[t[:40] for t, _ in FINDS])
def test_finds_exactly_the_named_datasets(nlp, text, expected):
    assert surfaces(nlp(text)) == expected


@pytest.mark.parametrize("variants,norm,label", [
    (["CIFAR10", "CIFAR-10", "CIFAR 10", "cifar-10"], "cifar-10", "CIFAR-10"),
    (["WikiText103", "WikiText-103", "Wikitext-103"], "wikitext-103", "WikiText-103"),
    (["MS COCO", "MSCOCO", "COCO"], "coco", "COCO"),
])
def test_spelling_variants_share_one_norm_and_label(nlp, variants, norm, label):
    for v in variants:
        doc = nlp(f"We report results on {v} for all models.")
        (span,) = doc.spans["kg_datasets"]
        assert (span.text, span._.kg["norm"], span._.kg["label"], span._.kg["source"]) == (v, norm, label, "gazetteer")


def test_unknown_names_get_a_key_that_merges_their_spellings(nlp):
    docs = [nlp(f"We train on {v}, a hard task.") for v in ("Path256", "Path-256")]
    assert {d.spans["kg_datasets"][0]._.kg["norm"] for d in docs} == {"path-256"}


def test_rule_found_names_are_marked_at_every_mention(nlp):
    doc = nlp("We introduce the ZorbSet benchmark. Models trained on ZorbSet generalise.")
    assert [(s.text, s._.kg["source"]) for s in doc.spans["kg_datasets"]] == [("ZorbSet", "rule"), ("ZorbSet", "rule")]


def test_entity_offsets_slice_back_to_the_text():
    paper = Paper("p", "Scaling on ImageNet", "We evaluate on CIFAR-100, FooBar-9 and GSM8K. Results on ImageNet-1K.")
    entities = extract_paper(paper, build_nlp(["kg_datasets"])).entities
    assert [e.text for e in entities] == ["ImageNet", "CIFAR-100", "FooBar-9", "GSM8K", "ImageNet-1K"]
    for e in entities:
        assert getattr(paper, e.field)[e.start:e.end] == e.text


def test_hardware_spans_are_not_taken_as_datasets():
    nlp = build_nlp(["kg_hardware", "kg_datasets"])
    doc = nlp("We report results on 8 A100 GPUs and on TPUv4.")
    assert [s.text for s in doc.spans["kg_datasets"]] == []
    assert [s.text for s in doc.spans["kg_hardware"]] == ["A100", "TPUv4"]


def test_component_is_added_by_name_to_a_blank_pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_datasets")
    doc = nlp("Experiments on MNIST and SVHN.")
    assert [s.text for s in doc.spans["kg_datasets"]] == ["MNIST", "SVHN"]


@pytest.mark.parametrize("token,strong", [("AlgoPerf", True), ("GLUE", True), ("Path256", True), ("enwik8", True),
                                          ("Omniglot", False), ("LLMs", False), ("7B", False), ("data", False)])
def test_strong_names_are_recognised_by_shape(token, strong):
    assert is_strong_name(token) is strong


def test_a_finder_can_be_used_without_the_component():
    nlp = spacy.blank("en")
    matches = DatasetFinder(nlp)(nlp("Results on Omniglot and CIFAR10."))
    assert [(m.text, m.norm, m.label) for m in matches] == [("Omniglot", "omniglot", "Omniglot"),
                                                           ("CIFAR10", "cifar-10", "CIFAR-10")]


def test_two_processes_give_the_same_spans_as_one(nlp):
    texts = [t for t, _ in FINDS[:12]]

    def spans(docs):
        return [[(s.start, s.end, s._.kg) for s in d.spans["kg_datasets"]] for d in docs]

    assert spans(nlp.pipe(texts, n_process=2)) == spans(nlp.pipe(texts))
