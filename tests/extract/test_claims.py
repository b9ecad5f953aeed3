"""kg_claims: quantitative result claims in real abstract sentences (most from examples/corpus)."""
from __future__ import annotations

import pytest
import spacy

from kg.extract.claims import Claim, find_claims, parse_claim
from kg.extract.pipeline import build_nlp, extract_paper
from kg.extract.spans import add_entity
from kg.model import Paper

# (sentence, [(value, unit, kind, qualifier), ...]) in text order.
CLAIMS = [
    ("Results show that nn-JIT.web can achieve up to 8.2x faster within 30 seconds compared to the "
     "baselines across various models.", [(8.2, "x", "speedup", "up to")]),
    ("Extensive experiments on various timeseries datasets and analytics tasks demonstrate that RITA "
     "outperforms the state-of-the-art in accuracy and is significantly faster -- with speedups of up to 63X.",
     [(63, "x", "speedup", "up to")]),
    ("On standard nearest neighbor benchmark datasets equipped with random label values, we obtain up to a "
     "75times speedup over existing solutions at the same level of recall.", [(75, "x", "speedup", "up to")]),
    ("On average, LServe accelerates LLM prefilling by up to 2.9x and decoding by 1.3-2.1x over vLLM, "
     "maintaining long-context accuracy.",
     [(2.9, "x", "speedup", "up to"), ((1.3, 2.1), "x", "speedup", None)]),
    ("Experimental results demonstrate our approach's effectiveness, with up to 2.4\\times speedup in matrix "
     "multiplication compared to NVIDIA's CUTLASS.", [(2.4, "x", "speedup", "up to")]),
    ("Comprehensive evaluations demonstrate that LeMo reduces memory consumption by up to 1.93x and achieves "
     "up to 1.36x speedups, outperforming state-of-the-art fine-tuning systems.",
     [(1.93, "x", "reduction", "up to"), (1.36, "x", "speedup", "up to")]),
    ("Most notably, on the challenging SplitCIFAR100 benchmark, with just a simple linear kernel we obtain the "
     "same accuracy as kernel continual learning with variational random features for one tenth of the memory, "
     "or a 10.1\\% accuracy gain for the same memory budget.",
     [(0.1, "x", "reduction", None), (10.1, "%", "improvement", None)]),
    ("We present a combined scaling method - named BASIC - that achieves 85.7% top-1 accuracy on the ImageNet "
     "ILSVRC-2012 validation set without learning from any labeled ImageNet example.",
     [(85.7, "%", "score", None)]),
    ("This accuracy surpasses best published similar models - CLIP and ALIGN - by 9.3%.",
     [(9.3, "%", "improvement", None)]),
    ("FlashButterfly speeds up convolutions by 2.2times, and allows us to train on Path256, a challenging task "
     "with sequence length 64K, where we set state-of-the-art by 29.1 points while training 7.2times faster "
     "than prior work.",
     [(2.2, "x", "speedup", None), (29.1, "points", "improvement", None), (7.2, "x", "speedup", None)]),
    ("Using this extension, we outperform a Transformer on WikiText103 by 0.2 PPL with 30% fewer parameters.",
     [(0.2, None, "improvement", None), (30, "%", "reduction", None)]),
    ("Detailed experiments across six benchmark datasets demonstrate that SESR achieves similar or better image "
     "quality than state-of-the-art models while requiring 2x to 330x fewer Multiply-Accumulate (MAC) operations.",
     [((2, 330), "x", "reduction", None)]),
    ("Evaluation demonstrates that MoE-Gen achieves 8-31x higher throughput compared to state-of-the-art "
     "systems employing model-based batching.", [((8, 31), "x", "speedup", None)]),
    ("Applying the L-Mul operation in tensor processing hardware can potentially reduce 95% energy cost by "
     "element-wise floating point tensor multiplications and 80% energy cost of dot products.",
     [(95, "%", "reduction", None), (80, "%", "reduction", None)]),
    ("Specifically, LASP-2 achieves training speed improvements of 15.2% over LASP and 36.6% over Ring "
     "Attention, with a sequence length of 2048K across 64 GPUs.",
     [(15.2, "%", "speedup", None), (36.6, "%", "speedup", None)]),
    ("For 22 Billion, 175 Billion, and 1 Trillion parameters, we achieved GPU throughputs of 38.38%, 36.14%, "
     "and 31.96%, respectively.",
     [(38.38, "%", "score", None), (36.14, "%", "score", None), (31.96, "%", "score", None)]),
    ("Furthermore, experimental evaluations show that DeepSpeed-Ulysses trains 2.5X faster with 4X longer "
     "sequence length than the existing method SOTA baseline.", [(2.5, "x", "speedup", None)]),
    ("N-HiTS provides an average accuracy improvement of almost 20% over the latest Transformer architectures "
     "while reducing the computation time by an order of magnitude (50 times).",
     [(20, "%", "improvement", "nearly"), (50, "x", "speedup", None)]),
    ("In both cases, our sampling algorithms yield an order of magnitude improvement over linear sketching.",
     [(10, "x", "improvement", None)]),
    ("We demonstrate that PFNs can near-perfectly mimic Gaussian processes, with over 200-fold speedups in "
     "multiple setups compared to current methods.", [(200, "x", "speedup", "over")]),
    ("The proposed loss functions achieved more than 26.9% enhancement in Mean Reciprocal Rank (MRR) and more "
     "than 11.8% improvement in Recall@10.",
     [(26.9, "%", "improvement", "over"), (11.8, "%", "improvement", "over")]),
    ("The resulting model trains in roughly 77 GPU hours, achieving around 99% test accuracy on MNIST, 72% on "
     "CIFAR-100, and 92.7% on CIFAR-10, which is SOTA for kernel methods.",
     [(99, "%", "score", "about"), (72, "%", "score", None), (92.7, "%", "score", None)]),
    ("We conduct extensive experiments with pretrained vision and language models, and the results demonstrate "
     "that our proposal can reduce up to sim30% of the peak memory usage.", [(30, "%", "reduction", "about")]),
    ("Experiments across 39 datasets show that GAIS achieves reduction rates above 96\\% while maintaining or "
     "improving model performance relative to state-of-the-art IS methods.", [(96, "%", "reduction", "over")]),
    ("On a difficult speech classification task with length-16000 sequences, LSSL outperforms prior approaches "
     "by 24 accuracy points, and even outperforms baselines that use hand-crafted features on 100x shorter "
     "sequences.", [(24, "points", "improvement", None)]),
    ("Our method sets a new state of the art, outperforming previous best methods by +1.3 and +2.9 points at "
     "the 7B and 2B model scales, respectively.",
     [(1.3, "points", "improvement", None), (2.9, "points", "improvement", None)]),
    ("FlashAttention and block-sparse FlashAttention enable longer context in Transformers, yielding higher "
     "quality models (0.7 better perplexity on GPT-2 and 6.4 points of lift on long-document classification).",
     [(0.7, None, "improvement", None), (6.4, "points", "improvement", None)]),
    ("For example, HyperAttention makes the inference time of ChatGLM2 50\\% faster on 32k context length while "
     "perplexity increases from 5.6 to 6.3.",
     [(50, "%", "speedup", None), (5.6, None, "score", None), (6.3, None, "score", None)]),
    ("The computing expense can be reduced to a tenth or less.", [(0.1, "x", "reduction", None)]),
    ("MeZO achieves comparable performance to fine-tuning with backpropagation across multiple tasks, with up "
     "to 12x memory reduction.", [(12, "x", "reduction", "up to")]),
    ("This represents an 8x increase in model size and 10x increase in achievable performance over "
     "state-of-the-art.", [(10, "x", "improvement", None)]),
    ("We implement and evaluate ZeRO: it trains large models of over 100B parameter with super-linear speedup "
     "on 400 GPUs, achieving throughput of 15 Petaflops.", [(15, "PFLOPS", "score", None)]),
    ("These insights improve S4's performance to 86% on the Long Range Arena benchmark, with 96% on the most "
     "difficult Path-X task.", [(86, "%", "score", None), (96, "%", "score", None)]),
    ("For MPT text generation, we show for the first time that sparse finetuning can reach 75% sparsity without "
     "accuracy drops.", [(75, "%", "reduction", None)]),
    ("Its estimated values on the test set are merely 0.07\\% away from the globally optimal LLM performance.",
     [(0.07, "%", "score", None)]),
    ("Our adaptive method achieves a 2.04x speedup on the Alpaca dataset (an additional 7.2% improvement over "
     "the baseline speculative decoding).", [(2.04, "x", "speedup", None), (7.2, "%", "improvement", None)]),
    ("We demonstrate that BiP is computationally as efficient as the one-shot pruning schemes, demonstrating "
     "2-7 times speedup over IMP for the same level of model accuracy and sparsity.",
     [((2, 7), "x", "speedup", None)]),
    ("In E-PUR, E-BATCH improves throughput by 1.8x and energy-efficiency by 3.6x, over the state-of-the-art.",
     [(1.8, "x", "speedup", None), (3.6, "x", "improvement", None)]),
    ("Our model achieves a BLEU of 28.4 on WMT 2014 English-to-German and is twice as fast to train.",
     [(28.4, None, "score", None), (2, "x", "speedup", None)]),
]

# Setup numbers, shapes, bounds and counts: no claim at all.
NOT_CLAIMS = [
    "This model encompasses the whole adaptivity spectrum, ranging from non-adaptive 'offline' (K=1) to fully "
    "adaptive (K=n) scenarios, and regimes in between.",
    "8-bit Optimizers via Block-wise Quantization",
    "In this paper, we develop the first optimizers that use 8-bit statistics while maintaining the performance "
    "levels of using 32-bit optimizer states.",
    "We introduce Qwen2.5-1M, a series of models that extend the context length to 1 million tokens.",
    "Specifically, the Qwen2.5-14B-Instruct-1M model significantly outperforms GPT-4o-mini in long-context tasks "
    "and supports contexts eight times longer.",
    "This framework includes a length extrapolation method that can expand the model context lengths by at least "
    "four times, or even more, without additional training.",
    "Our dataset has 6.6B noisy image-text pairs, which is 4x larger than ALIGN, and 16x larger than CLIP.",
    "Finally, our batch size is 65536 which is 2x more than CLIP and 4x more than ALIGN.",
    "Notably, models trained with B3 surpass existing state-of-the-art results even with a batch size as small as "
    "64, which is 4-16x smaller than that required by other methods.",
    "Test-time compute can be used to outperform a 14x larger model.",
    "As a result, SESR can be used on constrained hardware to perform x2 (1080p to 4K) and x4 (1080p to 8K) SISR.",
    "We prove that AdaGradNorm converges with high probability at a rate of O(1/K) for finding a first-order "
    "stationary point of smooth nonconvex functions within K iterations.",
    "In the classical transformer attention scheme, we are given three n times d size matrices Q, K, V.",
    "We show that the worst case error of every continual release algorithm is tilde Omega(T^{1/3}) times larger "
    "than that of the best batch algorithm.",
    "This exhaustive optimization process demands substantial computational resources, utilizing nearly one "
    "million NVIDIA H800 GPU hours to train 3,700 LLMs of varying sizes and hyperparameters from scratch and "
    "consuming approximately 100 trillion tokens in total.",
    "Specifically, we convert half of the attention heads to nearly free streaming heads in both the prefilling "
    "and decoding stages.",
    "For example, with a single A100 80GB GPU, MeZO can train a 30-billion parameter model, whereas fine-tuning "
    "with backpropagation can train only a 2.7B LM with the same budget.",
    "Our experimental data is publicly available as a database of 71,638,836 loss measurements taken over the "
    "course of training for 168,160 individual models across 35 workloads.",
    "Through experiments on training MoEs-based LLMs (up to 42.8B total parameters and 400B tokens), we "
    "surprisingly find that the global-batch LBL strategy yields excellent performance gains.",
    "With the advent of smart devices that support 4K and 8K resolution, Single Image Super Resolution (SISR) "
    "has become an important computer vision problem.",
    "Each experiment was repeated 10 times with different seeds.",
    "We use 3 × 3 convolutions, 2x2 pooling and 5-fold cross-validation.",
    "We train on 10% of the labeled data and use a masking ratio of 75%.",
    "Training uses 8x A100 GPUs, 4x upsampling and a 95% confidence interval.",
]


def _number(c: Claim) -> float | tuple[float, float]:
    return (c.low, c.high) if c.low is not None else c.value


def _summary(sentence: str) -> list[tuple[float | tuple[float, float], str | None, str, str | None]]:
    return [(_number(m.claim), m.claim.unit, m.claim.kind, m.claim.qualifier) for m in find_claims(sentence)]


@pytest.mark.parametrize("sentence, expected", CLAIMS, ids=[s[:40] for s, _ in CLAIMS])
def test_claims_in_corpus_sentences(sentence, expected):
    expected = [(tuple(map(float, v)) if isinstance(v, tuple) else float(v), u, k, q) for v, u, k, q in expected]
    assert _summary(sentence) == expected


@pytest.mark.parametrize("sentence", NOT_CLAIMS, ids=[s[:40] for s in NOT_CLAIMS])
def test_setup_numbers_are_not_claims(sentence):
    assert find_claims(sentence) == []


@pytest.mark.parametrize("sentence", [s for s, _ in CLAIMS], ids=[s[:40] for s, _ in CLAIMS])
def test_claim_offsets_slice_back_to_the_text(sentence):
    for m in find_claims(sentence):
        assert sentence[m.start:m.end] == m.text
        if m.baseline_span is not None:
            assert sentence[m.baseline_span[0]:m.baseline_span[1]] == m.baseline


@pytest.mark.parametrize(
    "phrase, claim",
    [
        ("up to 8.2x faster", Claim(8.2, "x", "speedup", "up to")),
        ("by nearly 2x", Claim(2.0, "x", "speedup", "nearly")),
        ("almost 3x less memory", Claim(3.0, "x", "reduction", "nearly")),
        ("approximately 3x speedup", Claim(3.0, "x", "speedup", "about")),
        ("roughly 40% fewer FLOPs", Claim(40.0, "%", "reduction", "about")),
        ("~30% less memory", Claim(30.0, "%", "reduction", "about")),
        ("at least 2x faster", Claim(2.0, "x", "speedup", "at least")),
        ("reduces memory by 75%", Claim(75.0, "%", "reduction", None)),
        ("92.3% top-1 accuracy", Claim(92.3, "%", "score", None)),
        ("3.5 points higher accuracy", Claim(3.5, "points", "improvement", None)),
        ("a 10-fold reduction in cost", Claim(10.0, "x", "reduction", None)),
        ("2 orders of magnitude less memory", Claim(100.0, "x", "reduction", None)),
        ("cuts training cost by a factor of 4", Claim(4.0, "x", "reduction", None)),
        ("achieves 120 tokens/s", Claim(120.0, "tokens/s", "score", None)),
        ("a 0.5% drop in accuracy", Claim(0.5, "%", "other", None)),
    ],
)
def test_parse_claim(phrase, claim):
    found = parse_claim(phrase)
    assert (found.value, found.unit, found.kind, found.qualifier) == (claim.value, claim.unit, claim.kind,
                                                                     claim.qualifier)


def test_four_x_and_eight_x_reduction_are_two_reductions():
    found = find_claims("Our scheme gives a 4X and 8X reduction in memory traffic.")
    assert [(m.text, m.claim.value, m.claim.kind) for m in found] == [
        ("4X", 4.0, "reduction"), ("8X reduction", 8.0, "reduction")]


def test_baseline_is_the_phrase_after_than_or_over():
    found = find_claims("Diagonal Batching yields a 3.3x speedup over standard full-attention LLaMA-1B.")
    assert [m.baseline for m in found] == ["standard full-attention LLaMA-1B"]


def test_baseline_of_outperform_by_is_the_object():
    found = find_claims("Our system outperforms state-of-the-art training frameworks by up to 1.98x.")
    assert [m.baseline for m in found] == ["state-of-the-art training frameworks"]


def test_norm_is_kind_value_unit():
    assert parse_claim("up to 8.2x faster").norm == "speedup:8.2x"


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kg_claims")
    return nlp


def test_component_writes_metric_spans(nlp):
    doc = nlp("We obtain up to a 75times speedup over existing solutions. Batch size is 64.")
    (span,) = doc.spans["kg_claims"]
    assert span.label_ == "metric"
    assert span._.kg["norm"] == "speedup:75x"
    assert (span._.kg["value"], span._.kg["unit"], span._.kg["kind"], span._.kg["qualifier"]) == (
        75.0, "x", "speedup", "up to")
    assert span._.kg["baseline"] == "existing solutions"


def test_component_takes_dataset_hardware_and_method_spans_of_the_sentence(nlp):
    text = ("BiLD beats T5 on XSUM. On an NVIDIA T4 GPU, our framework achieves up to 2.12x speedup over "
            "Transformer on IWSLT 2017 De-En.")
    doc = nlp.make_doc(text)

    def spans(*surfaces):
        return [doc.char_span(text.index(s), text.index(s) + len(s)) for s in surfaces]

    doc.spans["kg_datasets"] = spans("XSUM", "IWSLT 2017 De-En")
    doc.spans["kg_hardware"] = spans("NVIDIA T4 GPU")
    doc.spans["kg_methods"] = spans("Transformer")
    doc = nlp.get_pipe("kg_claims")(nlp.get_pipe("sentencizer")(doc))
    (span,) = doc.spans["kg_claims"]
    assert span._.kg["dataset"] == "IWSLT 2017 De-En"  # XSUM is in another sentence
    assert span._.kg["hardware"] == "NVIDIA T4 GPU"
    assert span._.kg["baseline"] == "Transformer"


def test_glued_unit_keeps_exact_surface_through_the_pipeline():
    paper = Paper("p1", "Fast search", "We obtain up to a 75times speedup over existing solutions.")
    (entity,) = [e for e in extract_paper(paper, build_nlp(["kg_claims"])).entities if e.type == "metric"]
    assert entity.text == "up to a 75times speedup"
    assert paper.abstract[entity.start:entity.end] == entity.text
    assert (entity.value, entity.unit, entity.kind, entity.norm) == (75.0, "x", "speedup", "speedup:75x")


def test_two_processes_give_the_same_spans(nlp):
    texts = [s for s, _ in CLAIMS[:12]] + NOT_CLAIMS[:4]

    def spans(docs):
        return [[(s.start_char, s.end_char, s.label_, s._.kg) for s in d.spans["kg_claims"]] for d in docs]

    assert spans(nlp.pipe(texts, n_process=2)) == spans(nlp.pipe(texts))


# ----------------------------------------------------------------------------- result records (issue 15)

BERT_TITLE = "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
BERT = ("We introduce a new language representation model called BERT, which stands for Bidirectional Encoder "
        "Representations from Transformers. Unlike recent language representation models, BERT is designed to "
        "pre-train deep bidirectional representations from unlabeled text by jointly conditioning on both left and "
        "right context in all layers. As a result, the pre-trained BERT model can be fine-tuned with just one "
        "additional output layer to create state-of-the-art models for a wide range of tasks, such as question "
        "answering and language inference, without substantial task-specific architecture modifications. BERT is "
        "conceptually simple and empirically powerful. It obtains new state-of-the-art results on eleven natural "
        "language processing tasks, including pushing the GLUE score to 80.5% (7.7% point absolute improvement), "
        "MultiNLI accuracy to 86.7% (4.6% absolute improvement), SQuAD v1.1 question answering Test F1 to 93.2 "
        "(1.5 point absolute improvement) and SQuAD v2.0 Test F1 to 83.1 (5.1 point absolute improvement).")


def _record(sentence: str) -> list[tuple]:
    return [(m.display, m.claim.low, m.claim.value, m.claim.unit, m.claim.kind) for m in find_claims(sentence)]


@pytest.mark.parametrize(("sentence", "expected"), [
    ("We demonstrate 2-7 times speedup over IMP.", [("2-7 times speedup", 2.0, 7.0, "x", "speedup")]),
    ("MoE-Gen achieves 8-31x higher throughput.", [("8-31x higher throughput", 8.0, 31.0, "x", "speedup")]),
    ("It requires 2x to 330x fewer MACs.", [("2x to 330x fewer", 2.0, 330.0, "x", "reduction")]),
    ("Gains range from 43.1% to 292.3%.", [("43.1% to 292.3%", 43.1, 292.3, "%", "improvement")]),
    ("Accuracy improves by between 5% and 10%.", [("5% and 10%", 5.0, 10.0, "%", "improvement")]),
    # a change is two levels, not a range
    ("mAP drops from 35.6% to 20.9%.", [("35.6%", None, 35.6, "%", "score"), ("20.9%", None, 20.9, "%", "score")]),
])
def test_a_range_is_one_claim_with_low_and_high(sentence, expected):
    assert _record(sentence) == expected


@pytest.mark.parametrize(("sentence", "display", "qualifier"), [
    ("HyperAttention makes inference 50\\% faster.", "50\\% faster".replace("\\", ""), None),
    ("We achieve up to 6.7\\times inference acceleration.", "up to 6.7× inference acceleration", "up to"),
    ("Our proposal can reduce $\\sim$50\\% of the peak memory usage.", "~50% of the peak memory", "about"),
    ("It reduces up to sim30% of the peak memory usage.", "~30% of the peak memory", "about"),
    ("It reaches PSNR $=15.217$ on the test scenes.", "15.217", None),
])
def test_text_shown_to_users_is_cleaned_of_latex_and_offsets_stay_in_the_original(sentence, display, qualifier):
    (m,) = find_claims(sentence)
    assert (m.display, m.claim.qualifier) == (display, qualifier)
    assert sentence[m.start:m.end] == m.text  # the evidence: the exact surface, LaTeX and all


@pytest.mark.parametrize(("phrase", "metric", "direction", "relative"), [
    ("85.7% top-1 accuracy", "top-1 accuracy", "higher", False),
    ("an FID of 2.1", "fid", "lower", False),
    ("perplexity of 12.3", "perplexity", "lower", False),
    ("reduces memory by 75%", "memory", "lower", True),
    ("2.8x faster", "speed", "higher", True),
    ("120 tokens/s", "throughput", "higher", False),
    ("mAP@0.5 of 95.1%", "map", "higher", False),
    ("80.0% Recall@5", "recall@5", "higher", False),
    ("a 90% validation pass rate", "validation pass rate", None, False),
])
def test_a_claim_names_its_metric_and_direction(phrase, metric, direction, relative):
    c = parse_claim(phrase)
    assert (c.metric, c.direction, c.relative) == (metric, direction, relative)


@pytest.mark.parametrize(("sentence", "values"), [
    ("The model reaches AUCs of 0.98 (B2), 0.95 (B5), and 0.96 (B6) on the test set.", [0.98, 0.95, 0.96]),
    ("GPT-4 grading showed Spearman rho of 0.80 and Kendall tau of 0.67.", [0.8, 0.67]),
    ("We outperform a Transformer by 0.2 PPL.", [0.2]),
    ("The best result is 8 out of 9 Recall@K metrics.", []),
    ("In 2024 we trained 3 models for 10 epochs.", []),
])
def test_bare_numbers_are_claims_only_as_scores_of_a_metric(sentence, values):
    assert [m.claim.value for m in find_claims(sentence)] == values


@pytest.mark.parametrize(("phrase", "qualifier"), [
    ("detects slips within 100 ms", "up to"), ("errors below 0.04 pixels", None), ("success rates nearing 75%", "nearly"),
    ("over 8x faster", "over"), ("less than 3% F1 loss", "up to"), ("peaking at +0.301 F1", "up to"),
])
def test_qualifiers_say_how_the_number_is_hedged(phrase, qualifier):
    found = find_claims(phrase)
    assert [m.claim.qualifier for m in found][:1] == ([qualifier] if found else [])


def test_bert_claims_attach_to_their_own_dataset():
    """The issue's example: "MultiNLI accuracy of 86.7%" went to SQuAD v1.1, "7.7% point absolute
    improvement" (GLUE) to MultiNLI. The classifier leaves "SQuAD v1.1" out of this abstract (it is
    unsure of it next to "question answering"): its two numbers then name no dataset, not a wrong one."""
    paper = Paper("bert", BERT_TITLE, BERT)
    extract_paper(paper, build_nlp())
    got = [(e.value, e.dataset, e.method) for e in paper.entities if e.type == "metric"]
    assert got == [(80.5, "GLUE", "BERT"), (7.7, "GLUE", "BERT"), (86.7, "MultiNLI", "BERT"),
                   (4.6, "MultiNLI", "BERT"), (93.2, None, "BERT"), (1.5, None, "BERT"),
                   (83.1, "SQuAD v2.0", "BERT"), (5.1, "SQuAD v2.0", "BERT")]
    scores = [e for e in paper.entities if e.type == "metric" and e.kind == "score"]
    assert [(e.metric, e.relative) for e in scores][1:] == [("accuracy", False), ("f1", False), ("f1", False)]


def test_a_speedup_on_a_model_is_not_measured_on_the_benchmark_it_is_compared_with(nlp):
    """The issue's example: FlashAttention's "3x speedup on GPT-2" went to MLPerf."""
    text = ("FlashAttention trains Transformers faster than existing baselines: 15% end-to-end wall-clock speedup "
            "on BERT-large compared to the MLPerf 1.1 training speed record, 3times speedup on GPT-2, and "
            "2.4times speedup on long-range arena.")
    doc = nlp.make_doc(text)

    def spans(*surfaces):
        return [doc.char_span(text.index(s), text.index(s) + len(s)) for s in surfaces]

    doc.spans["kg_datasets"] = spans("MLPerf", "long-range arena")
    for span, proposed in zip(spans("FlashAttention", "BERT-large", "GPT-2"), (True, False, False)):
        add_entity(doc, "kg_methods", span, "method", norm=span.text.lower(), proposed=proposed)
    doc = nlp.get_pipe("kg_claims")(nlp.get_pipe("sentencizer")(doc))
    assert [(s._.kg["value"], s._.kg["dataset"], s._.kg["method"]) for s in doc.spans["kg_claims"]] == [
        (15.0, None, "FlashAttention"), (3.0, None, "FlashAttention"), (2.4, "long-range arena", "FlashAttention")]


def test_respectively_pairs_claims_with_datasets_in_order(nlp):
    text = "Experiments on OSWorld and MobileWorld show that UI-MOPD achieves task success rates of 38.2% and 12.0%, respectively."
    doc = nlp.make_doc(text)
    doc.spans["kg_datasets"] = [doc.char_span(text.index(s), text.index(s) + len(s)) for s in ("OSWorld", "MobileWorld")]
    doc.spans["kg_methods"] = [doc.char_span(text.index("UI-MOPD"), text.index("UI-MOPD") + 7)]
    doc = nlp.get_pipe("kg_claims")(nlp.get_pipe("sentencizer")(doc))
    assert [(s._.kg["value"], s._.kg["dataset"], s._.kg["metric"], s._.kg["method"]) for s in doc.spans["kg_claims"]] == [
        (38.2, "OSWorld", "success rate", "UI-MOPD"), (12.0, "MobileWorld", "success rate", "UI-MOPD")]
