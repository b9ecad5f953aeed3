"""kg_topics: research topics of real papers (titles and abstract sentences from examples/corpus)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.pipeline import build_nlp, extract_paper
from kg.extract.spans import add_entity, spans_key
from kg.extract.topics import (
    TopicConcept,
    concept_depths,
    duplicate_surfaces,
    find_keyword_topics,
    is_acronym,
    load_taxonomy,
    plural,
    surface_variants,
    taxonomy_problems,
    topics_for_text,
)
from kg.model import Paper

TAXONOMY = load_taxonomy()


def ancestors(cid: str) -> set[str]:
    """Every concept above ``cid`` in the shipped taxonomy."""
    out: set[str] = set()
    todo = list(TAXONOMY[cid].broader)
    while todo:
        parent = todo.pop()
        if parent not in out:
            out.add(parent)
            todo.extend(TAXONOMY[parent].broader)
    return out


def norms(title: str, abstract: str = "") -> list[str]:
    return [t.norm for t in topics_for_text(title, abstract)]


# --------------------------------------------------------------------------- the taxonomy


def test_taxonomy_has_no_unknown_parents_and_no_cycles():
    assert taxonomy_problems(TAXONOMY) == []


def test_no_surface_form_names_two_concepts():
    # Checked on the generated variants too (plural, hyphen/space), which is what is matched.
    assert duplicate_surfaces(TAXONOMY) == {}


def test_taxonomy_is_a_few_hundred_concepts_in_a_real_hierarchy():
    depths = concept_depths(TAXONOMY)
    roots = [cid for cid, c in TAXONOMY.items() if not c.broader]
    assert len(TAXONOMY) >= 250
    assert 10 <= len(roots) <= 60
    assert max(depths.values()) >= 3


def test_every_concept_id_is_a_slug_and_has_a_label():
    for cid, c in TAXONOMY.items():
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", cid), cid
        assert c.label.strip(), cid


def test_taxonomy_problems_reports_cycles_and_unknown_parents():
    cyclic = {"a": TopicConcept("a", "A", ("b",)), "b": TopicConcept("b", "B", ("a",))}
    assert taxonomy_problems(cyclic) == ["cycle: a -> b -> a"]
    assert taxonomy_problems({"a": TopicConcept("a", "A", ("nope",))}) == ["a: unknown broader concept nope"]


def test_a_custom_taxonomy_file_with_a_cycle_is_refused(tmp_path: Path):
    path = tmp_path / "taxonomy.json"
    path.write_text(json.dumps({"concepts": [
        {"id": "a", "label": "A", "broader": ["b"], "synonyms": []},
        {"id": "b", "label": "B", "broader": ["a"], "synonyms": []},
    ]}), encoding="utf-8")
    with pytest.raises(ValueError, match="cycle"):
        load_taxonomy(path)


@pytest.mark.parametrize(("concept", "ancestor"), [
    ("offline-reinforcement-learning", "reinforcement-learning"),
    ("offline-to-online-reinforcement-learning", "reinforcement-learning"),
    ("quantization", "efficient-inference"),
    ("quantization", "efficient-machine-learning"),
    ("pruning", "model-compression"),
    ("speculative-decoding", "llm-inference"),
    ("speculative-decoding", "large-language-models"),
    ("natural-gradient", "optimization"),
    ("preconditioning", "second-order-methods"),
    ("bayesian-optimization", "optimization"),
    ("bayesian-optimization", "gaussian-processes"),
    ("sparse-gaussian-processes", "probabilistic-machine-learning"),
    ("differential-privacy", "trustworthy-machine-learning"),
    ("federated-learning", "distributed-machine-learning"),
    ("graph-neural-networks", "graph-learning"),
    ("diffusion-models", "generative-models"),
    ("linear-attention", "transformers"),
    ("neural-tangent-kernel", "kernel-methods"),
    ("neural-tangent-kernel", "learning-theory"),
    ("linear-bandits", "online-learning"),
    ("continual-learning", "learning-paradigms"),
    ("scaling-laws", "deep-learning"),
])
def test_hierarchy_places_a_concept_under_its_field(concept: str, ancestor: str):
    assert ancestor in ancestors(concept)


@pytest.mark.parametrize("root", [
    "reinforcement-learning", "optimization", "deep-learning", "generative-models", "learning-theory",
    "kernel-methods", "natural-language-processing", "computer-vision", "trustworthy-machine-learning",
])
def test_the_main_fields_are_roots(root: str):
    assert TAXONOMY[root].broader == ()


# --------------------------------------------------------------------------- surface forms


@pytest.mark.parametrize(("word", "expected"), [
    ("network", "networks"), ("process", "processes"), ("study", "studies"), ("GNN", "GNNs"), ("day", "days"),
])
def test_plural_is_regular(word: str, expected: str):
    assert plural(word) == expected


@pytest.mark.parametrize(("surface", "expected"), [
    ("RL", True), ("LLMs", True), ("MoE", True), ("DP-SGD", True), ("AdamW", False), ("offline RL", False),
])
def test_acronyms_are_mostly_capitals(surface: str, expected: bool):
    assert is_acronym(surface) is expected


def test_variants_cover_plurals_and_hyphenation():
    variants = surface_variants("graph neural network")
    assert {"graph neural network", "graph neural networks"} <= set(variants)
    assert {"second-order methods", "second order method"} <= set(surface_variants("second-order methods"))
    assert surface_variants("GPT-4") == ["GPT 4", "GPT-4"]


# --------------------------------------------------------------------------- matching real papers

# (title, first abstract sentence as published, topics a researcher would file the paper under).
PAPERS = [
    ("Sample-Efficiency in Multi-Batch Reinforcement Learning: The Need for Dimension-Dependent Adaptivity",
     "We theoretically explore the relationship between sample-efficiency and adaptivity in reinforcement "
     "learning.", {"reinforcement-learning", "sample-complexity"}),
    ("RITA: Group Attention is All You Need for Timeseries Analytics",
     "Timeseries analytics is of great importance in many real-world applications.",
     {"time-series", "attention-mechanisms"}),
    ("On the SDEs and Scaling Rules for Adaptive Gradient Algorithms",
     "Approximating Stochastic Gradient Descent (SGD) as a Stochastic Differential Equation (SDE) has allowed "
     "researchers to enjoy the benefits of studying a continuous optimization trajectory while carefully "
     "preserving the stochasticity of SGD.",
     {"stochastic-differential-equations", "adaptive-gradient-methods", "stochastic-optimization"}),
    ("Efficient List-Decodable Regression using Batches",
     "We begin the study of list-decodable linear regression using batches.", {"robust-statistics"}),
    ("Matrix Product Sketching via Coordinated Sampling",
     "We revisit the well-studied problem of approximating a matrix product, A^TB, based on small space "
     "sketches S(A) and S(B) of A in R^{n times d} and Bin R^{n times m}.",
     {"randomized-numerical-linear-algebra"}),
    ("Stochastic Batch Acquisition: A Simple Baseline for Deep Active Learning",
     "We examine a simple stochastic strategy for adapting well-known single-point acquisition functions to "
     "allow batch active learning.", {"active-learning"}),
    ("A New Perspective on Shampoo's Preconditioner",
     "Shampoo, a second-order optimization algorithm which uses a Kronecker product preconditioner, has "
     "recently garnered increasing attention from the machine learning community.",
     {"second-order-methods", "preconditioning"}),
    ("ε-shotgun: ε-greedy Batch Bayesian Optimisation",
     "Bayesian optimisation is a popular, surrogate model-based approach for optimising expensive black-box "
     "functions.", {"bayesian-optimization"}),
    ("Power Lines: Scaling Laws for Weight Decay and Batch Size in LLM Pre-training",
     "Efficient LLM pre-training requires well-tuned hyperparameters (HPs), including learning rate {\\eta} "
     "and weight decay {\\lambda}.",
     {"scaling-laws", "weight-decay", "batch-size", "large-language-models", "pretraining"}),
    ("DeepONet: Learning nonlinear operators for identifying differential equations based on the universal "
     "approximation theorem of operators",
     "While it is widely known that neural networks are universal approximators of continuous functions, a "
     "less known and perhaps more powerful result is that a neural network with a single hidden layer can "
     "approximate accurately any nonlinear continuous operator.", {"neural-operators", "expressivity"}),
    ("Few-Bit Backward: Quantized Gradients of Activation Functions for Memory Footprint Reduction",
     "Memory footprint is one of the main limiting factors for large neural network training.",
     {"quantization", "memory-efficiency"}),
    ("Batch Predictive Inference",
     "Constructing prediction sets with coverage guarantees for unobserved outcomes is a core problem in "
     "modern statistics.", {"conformal-prediction"}),
    ("A Queueing Theoretic Perspective on Low-Latency LLM Inference with Variable Token Length",
     "Large language models (LLMs) propel the prosperity of interactive AI applications showcased by ChatGPT "
     "that demand timely response of inference services.", {"llm-inference", "operations-research"}),
    ("Sparse within Sparse Gaussian Processes using Neighbor Information",
     "Approximations to Gaussian processes based on inducing variables, combined with variational inference "
     "techniques, enable state-of-the-art sparse approaches to infer GPs at scale through mini batch-based "
     "learning.", {"sparse-gaussian-processes"}),
    ("The Price of Differential Privacy under Continual Observation",
     "We study the accuracy of differentially private mechanisms in the continual release model.",
     {"differential-privacy"}),
    ("Switching the Loss Reduces the Cost in Batch Reinforcement Learning",
     "We propose training fitted Q-iteration with log-loss (FQI-LOG) for batch reinforcement learning (RL).",
     {"offline-reinforcement-learning"}),
    ("Weighted Conditional Flow Matching",
     "Conditional flow matching (CFM) has emerged as a powerful framework for training continuous "
     "normalizing flows due to its computational efficiency and effectiveness.", {"flow-matching"}),
    ("MoE-Gen: High-Throughput MoE Inference on a Single GPU with Module-Based Batching",
     "This paper presents MoE-Gen, a high-throughput MoE inference system optimized for single-GPU execution.",
     {"mixture-of-experts", "batching", "efficient-inference"}),
    ("Variational Inference with Normalizing Flows",
     "The choice of approximate posterior distribution is one of the core problems in variational inference.",
     {"variational-inference", "normalizing-flows"}),
    ("Speculative Decoding with Big Little Decoder",
     "The recent emergence of Large Language Models based on the Transformer architecture has enabled "
     "dramatic advancements in the field of Natural Language Processing.", {"speculative-decoding"}),
    ("SpecTr: Fast Speculative Decoding via Optimal Transport",
     "Autoregressive sampling from large language models has led to state-of-the-art results in several "
     "natural language tasks.", {"speculative-decoding", "optimal-transport"}),
    ("A Lightweight Method for Tackling Unknown Participation Statistics in Federated Averaging",
     "In federated learning (FL), clients usually have diverse participation statistics that are unknown a "
     "priori, which can significantly harm the performance of FL if not handled properly.",
     {"federated-learning"}),
    ("Towards Robust Offline-to-Online Reinforcement Learning via Uncertainty and Smoothness",
     "To obtain a near-optimal policy with fewer interactions in Reinforcement Learning (RL), a promising "
     "approach involves the combination of offline RL, which enhances sample efficiency by leveraging offline "
     "datasets, and online RL, which explores informative transitions by interacting with the environment.",
     {"offline-to-online-reinforcement-learning"}),
    ("Beyond Vanilla Variational Autoencoders: Detecting Posterior Collapse in Conditional and Hierarchical "
     "Variational Autoencoders",
     "The posterior collapse phenomenon in variational autoencoder (VAE), where the variational posterior "
     "distribution closely matches the prior distribution, can hinder the quality of the learned latent "
     "variables.", {"variational-autoencoders"}),
    ("Analysis of Linear Mode Connectivity via Permutation-Based Weight Matching",
     "Recently, Ainsworth et al. showed that using weight matching (WM) to minimize the L_2 distance in a "
     "permutation search of model parameters effectively identifies permutations that satisfy linear mode "
     "connectivity (LMC).", {"mode-connectivity"}),
    ("On Differentially Private Federated Linear Contextual Bandits",
     "We consider cross-silo federated linear contextual bandit (LCB) problem under differential privacy.",
     {"differential-privacy", "federated-learning", "linear-bandits"}),
    ("Softmax-free Linear Transformers",
     "Vision transformers (ViTs) have pushed the state-of-the-art for visual perception tasks.",
     {"linear-attention", "vision-transformers"}),
    ("Transformers Learn Higher-Order Optimization Methods for In-Context Learning: A Study with Linear Models",
     "Transformers are remarkably good at in-context learning (ICL) -- learning from demonstrations without "
     "parameter updates -- but how they perform ICL remains a mystery.",
     {"in-context-learning", "transformers", "second-order-methods"}),
    ("FlowSep: Language-Queried Sound Separation with Rectified Flow Matching",
     "Language-queried audio source separation (LASS) focuses on separating sounds using textual descriptions "
     "of the desired sources.", {"flow-matching"}),  # source separation is a task (kg_tasks), not a topic
    ("Early-Learning Regularization Prevents Memorization of Noisy Labels",
     "We propose a novel framework to perform classification via deep learning in the presence of noisy "
     "annotations.", {"learning-with-noisy-labels", "memorization", "regularization"}),
    ("LASP-2: Rethinking Sequence Parallelism for Linear Attention and Its Hybrid",
     "Linear sequence modeling approaches, such as linear attention, provide advantages like linear-time "
     "training and constant-memory inference over sequence lengths.",
     {"sequence-parallelism", "linear-attention"}),
    ("Understanding Certified Training with Interval Bound Propagation",
     "As robustness verification methods are becoming more precise, training certifiably robust neural "
     "networks is becoming ever more relevant.", {"certified-robustness"}),
    ("Towards Bridging the Gaps between the Right to Explanation and the Right to be Forgotten",
     "The Right to Explanation and the Right to be Forgotten are two important principles outlined to "
     "regulate algorithmic decision making and data usage in real-world applications.",
     {"interpretability", "machine-unlearning"}),
    ("ZeRO: Memory Optimizations Toward Training Trillion Parameter Models",
     "Large deep learning models offer significant accuracy gains, but training billions to trillions of "
     "parameters is challenging.", {"memory-efficient-training"}),
    ("Scaling LLM Test-Time Compute Optimally can be More Effective than Scaling Model Parameters",
     "Enabling LLMs to improve their outputs by using more test-time computation is a critical step towards "
     "building generally self-improving agents that can operate on open-ended natural language.",
     {"test-time-compute", "large-language-models"}),
    ("Computational Limits of Low-Rank Adaptation (LoRA) for Transformer-Based Models",
     "We study the computational limits of Low-Rank Adaptation (LoRA) update for finetuning transformer-based "
     "models using fine-grained complexity theory.",
     {"low-rank-adaptation", "computational-complexity"}),
    ("Quantum Lower Bounds for Finding Stationary Points of Nonconvex Functions",
     "Quantum algorithms for optimization problems are of general interest.",
     {"quantum-computing", "lower-bounds", "nonconvex-optimization"}),
    ("Accelerating In-Browser Deep Learning Inference on Diverse Edge Clients through Just-in-Time Kernel "
     "Optimizations",
     "Web applications are increasingly becoming the primary platform for AI service delivery, making "
     "in-browser deep learning (DL) inference more prominent.",
     {"efficient-inference", "edge-ai", "ml-compilers"}),
    ("Generative Kernel Continual learning",
     "Kernel continual learning by derakhshani2021kernel has recently emerged as a strong continual learner "
     "due to its non-parametric ability to tackle task interference and catastrophic forgetting.",
     {"continual-learning"}),
    ("Supervised learning with quantum enhanced feature spaces",
     "Machine learning and quantum computing are two technologies each with the potential for altering how "
     "computation is performed to address previously untenable problems.", {"quantum-machine-learning"}),
]


@pytest.mark.parametrize(("title", "sentence", "expected"), PAPERS, ids=[p[0][:40] for p in PAPERS])
def test_real_papers_get_the_topics_a_researcher_would_file_them_under(title, sentence, expected):
    assert expected <= set(norms(title, sentence))


# (text, a topic it must not get): homonyms and look-alikes of taxonomy labels.
NOT_TOPICS = [
    ("Boosting Distributed Training Performance of the Unpadded BERT Model", "boosting"),
    ("SpecDec++: Boosting Speculative Decoding via Adaptive Candidate Lengths", "boosting"),
    ("Time Transfer: On Optimal Learning Rate and Batch Size In The Infinite Data Limit", "transfer-learning"),
    ("Diagonal Batching Unlocks Parallelism in Recurrent Memory Transformers (RMT) for Long Contexts",
     "random-matrix-theory"),
    ("Mind the Memory Gap: Unveiling GPU Bottlenecks in Large-Batch LLM Inference", "large-batch-training"),
    ("From Logistic Regression to the Perceptron Algorithm", "multilayer-perceptrons"),
    ("Customized kernels for various client devices", "kernel-methods"),
    ("The KoLMogorov Test: Compression by Code Generation", "model-compression"),
    ("Multi-Batch Reinforcement Learning with limited adaptivity", "offline-reinforcement-learning"),
]


@pytest.mark.parametrize(("title", "topic"), NOT_TOPICS, ids=[t for _, t in NOT_TOPICS])
def test_look_alike_words_do_not_make_a_topic(title: str, topic: str):
    assert topic not in norms(title)


def test_acronyms_match_only_in_capitals():
    assert "optimal-transport" in norms("Fast OT solvers")
    assert "optimal-transport" not in norms("We ot the solver")


def test_the_longest_match_wins():
    topics = norms("Offline RL for robots")
    assert "offline-reinforcement-learning" in topics
    assert "reinforcement-learning" not in topics


def test_plural_and_hyphen_variants_match():
    assert "graph-neural-networks" in norms("Graph Neural Networks for molecules")
    assert "second-order-methods" in norms("Second order methods at scale")
    assert "mixture-of-experts" in norms("Mixture-of-Expert Models made simple")


# --------------------------------------------------------------------------- confidence


def _confidence(title: str, abstract: str, norm: str) -> float:
    return next(t.confidence for t in topics_for_text(title, abstract) if t.norm == norm)


def test_a_topic_named_in_the_title_is_surer_than_one_named_in_the_abstract():
    in_title = _confidence("Federated learning at scale", "We study clients. Federated learning is hard.",
                           "federated-learning")
    in_abstract = _confidence("Clients at scale", "We study clients. Federated learning is hard. "
                              "Federated learning is everywhere.", "federated-learning")
    assert in_title > in_abstract


def test_more_mentions_raise_confidence_up_to_a_cap():
    once_more = _confidence("Pruning", "Pruning helps.", "pruning")
    many_more = _confidence("Pruning", "Pruning helps. Pruning works. Pruning is cheap. Pruning again. "
                            "Pruning ever more.", "pruning")
    assert once_more < many_more <= 1.0


def test_a_specific_concept_is_surer_than_a_root_on_the_same_evidence():
    leaf = _confidence("Speculative decoding", "", "speculative-decoding")
    root = _confidence("Optimization", "", "optimization")
    assert leaf > root


def test_confidences_are_rounded_fractions():
    for t in topics_for_text(*PAPERS[8][:2]):
        assert 0 < t.confidence <= 1 and round(t.confidence, 3) == t.confidence


def test_a_single_passing_mention_in_the_abstract_is_not_a_topic():
    topics = norms("Permutations in two-layer networks",
                   "For example, Large Language Models need to copy parts of the input.")
    assert "large-language-models" not in topics


def test_max_topics_keeps_the_surest():
    all_topics = topics_for_text(*PAPERS[8][:2])
    top2 = topics_for_text(*PAPERS[8][:2], max_topics=2, max_keywords=0)
    assert [t.norm for t in top2] == [t.norm for t in all_topics if t.source == "taxonomy"][:2]


# --------------------------------------------------------------------------- keyword topics

RITA_TITLE = "RITA: Group Attention is All You Need for Timeseries Analytics"
RITA_ABSTRACT = ("Timeseries analytics is of great importance in many real-world applications. To address "
                 "these issues, we develop a timeseries analytics tool, RITA, which uses a novel attention "
                 "mechanism, named group attention, to address this scalability issue.")


def test_a_title_phrase_the_abstract_repeats_becomes_a_keyword_topic():
    keywords = [t for t in topics_for_text(RITA_TITLE, RITA_ABSTRACT) if t.source == "keyword"]
    assert [(k.norm, k.label, k.broader) for k in keywords][0] == (
        "timeseries-analytics", "Timeseries Analytics", ())


def _paper_doc(title: str, abstract: str, nlp: Language | None = None) -> Doc:
    doc = (nlp or spacy.blank("en")).make_doc(title + "\n\n" + abstract)
    doc.user_data["kg_title_len"] = len(title)
    return doc


def test_a_phrase_inside_a_known_span_is_not_a_keyword():
    doc = _paper_doc(RITA_TITLE, RITA_ABSTRACT)
    group_attention = (2, 4)  # "Group Attention", e.g. a method found by kg_methods
    assert doc[slice(*group_attention)].text == "Group Attention"
    found = [k.norm for k in find_keyword_topics(doc, [group_attention], max_keywords=5)]
    assert "group-attention" not in found and "timeseries-analytics" in found


def test_a_phrase_spelled_like_a_named_method_is_not_a_keyword():
    doc = _paper_doc(RITA_TITLE, RITA_ABSTRACT)
    in_abstract = next((t.i, t.i + 2) for t in doc if t.text == "group" and t.nbor().text == "attention")
    found = [k.norm for k in find_keyword_topics(doc, named=[in_abstract], max_keywords=5)]
    assert "group-attention" not in found and "timeseries-analytics" in found


def test_a_phrase_that_cuts_a_taxonomy_term_in_two_is_not_a_keyword():
    title = "Anarchic Federated Learning"
    abstract = "Anarchic federated learning lets clients choose. Anarchic federated learning converges."
    assert [t.source for t in topics_for_text(title, abstract)] == ["taxonomy"]


def test_keywords_need_letters_and_respect_the_limit():
    title = "Qwen2.5-1M Hyperbolic Cats: Hyperbolic Cats and Spherical Dogs"
    abstract = "Hyperbolic cats purr. Spherical dogs bark. Hyperbolic cats sleep. Spherical dogs run. Qwen2.5-1M."
    keywords = [t for t in topics_for_text(title, abstract, max_keywords=1) if t.source == "keyword"]
    assert [k.norm for k in keywords] == ["hyperbolic-cat"]


def test_a_paper_without_taxonomy_evidence_still_gets_one_topic():
    topics = topics_for_text("Divide-and-Conquer Fusion", "Combining several distributions is hard.")
    assert [(t.norm, t.source) for t in topics] == [("divide-and-conquer-fusion", "keyword")]


# --------------------------------------------------------------------------- the spaCy component


@pytest.fixture(scope="module")
def topic_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_topics")
    return nlp


def test_component_writes_one_topic_span_per_mention(topic_nlp: Language):
    doc = topic_nlp("Speculative decoding makes LLM inference fast. Speculative decoding uses a draft model.")
    spans = list(doc.spans[spans_key("topic")])
    assert [(s.text, s.label_) for s in spans] == [
        ("Speculative decoding", "topic"), ("Speculative decoding", "topic"), ("draft model", "topic")]
    assert spans[0]._.kg == {"norm": "speculative-decoding", "label": "Speculative decoding",
                             "confidence": 0.4, "broader": ["llm-inference"], "source": "taxonomy"}


def test_component_config_limits_topics():
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_topics", config={"max_topics": 1, "max_keywords": 0})
    doc = nlp("Federated learning with differential privacy. Differential privacy costs accuracy. "
              "Federated learning and differential privacy.")
    assert {s._.kg["norm"] for s in doc.spans["kg_topics"]} == {"differential-privacy"}


def test_component_skips_phrases_earlier_components_named():
    @Language.component("test_topics_fake_method")
    def fake_method(doc: Doc) -> Doc:
        # Only the abstract's mention is labelled, as kg_methods might do.
        for tok in doc[5:]:
            if tok.lower_ == "group" and tok.nbor().lower_ == "attention":
                add_entity(doc, spans_key("method"), doc[tok.i:tok.i + 2], "method", norm="group-attention")
        return doc

    nlp = spacy.blank("en")
    nlp.add_pipe("test_topics_fake_method")
    nlp.add_pipe("kg_topics", config={"max_keywords": 5})
    doc = _paper_doc(RITA_TITLE, RITA_ABSTRACT + " Group attention groups objects. Group attention is fast.", nlp)
    norms_found = {s._.kg["norm"] for s in nlp(doc).spans["kg_topics"]}
    assert "group-attention" not in norms_found and "timeseries-analytics" in norms_found


def _dump(doc: Doc) -> list[tuple]:
    return [(s.start, s.end, tuple(sorted((k, str(v)) for k, v in s._.kg.items())))
            for s in doc.spans["kg_topics"]]


def test_two_processes_give_the_same_topics_as_one(topic_nlp: Language):
    texts = [title + "\n\n" + sentence for title, sentence, _ in PAPERS[:12]]
    one = [_dump(d) for d in topic_nlp.pipe(texts)]
    two = [_dump(d) for d in topic_nlp.pipe(texts, n_process=2, batch_size=4)]
    assert one == two and all(one)


def test_pipeline_keeps_one_topic_entity_per_concept_with_its_mentions():
    nlp = build_nlp(components=["kg_topics"])
    paper = extract_paper(Paper("p", "Speculative Decoding Done Right",
                                "Speculative decoding is fast. We revisit speculative decoding."), nlp)
    topics = [e for e in paper.entities if e.type == "topic" and e.norm == "speculative-decoding"]
    assert len(topics) == 1
    e = topics[0]
    assert (e.field, e.text, e.label, e.source, e.broader) == (
        "title", "Speculative Decoding", "Speculative decoding", "taxonomy", ["llm-inference"])
    assert len(e.mentions) == 2 and e.confidence == 0.9


# --------------------------------------------------------------------------- the corpus


def _corpus_papers(paths: list[Path]) -> list[tuple[str, str]]:
    try:
        from kg.ingest.listing import read_listing
    except ImportError:  # the listing reader is optional here: split the pages crudely
        read_listing = None
    papers = []
    for path in paths:
        if read_listing is not None:
            papers += [(p.title, p.abstract) for p in read_listing(path) if isinstance(p, Paper)]
            continue
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        papers += [(t, a) for t, a in zip(lines, lines[1:]) if len(t) < 300 <= len(a)]
    return papers


def test_every_corpus_paper_gets_a_topic(example_corpus: list[Path]):
    papers = _corpus_papers(example_corpus)
    assert len(papers) > 200
    without = [title for title, abstract in papers if not topics_for_text(title, abstract)]
    assert without == []


def test_most_corpus_papers_get_a_taxonomy_topic(example_corpus: list[Path]):
    papers = _corpus_papers(example_corpus)
    keyword_only = [title for title, abstract in papers
                    if all(t.source == "keyword" for t in topics_for_text(title, abstract))]
    assert len(keyword_only) <= len(papers) // 20
