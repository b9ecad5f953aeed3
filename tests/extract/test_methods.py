"""Specification of the kg_methods component: which names are methods, which are new, aliases."""
from __future__ import annotations

import pytest
import spacy

from kg.extract.methods import GazetteerEntry, load_gazetteer, load_lexicon, name_shaped
from kg.extract.pipeline import build_nlp, extract_paper
from kg.model import Paper


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kg_methods")
    return nlp


def methods(nlp, text):
    doc = nlp(text)
    return {s.text: dict(s._.kg) for s in doc.spans["kg_methods"]}


# Real sentences (examples/corpus, examples/gold inputs) and the methods each must yield.
FOUND = [
    ("Recently, the Transformer model, popular in natural language processing, has been leveraged to learn "
     "high quality feature embeddings from timeseries.", ["Transformer"]),
    ("we develop a timeseries analytics tool, RITA, which uses a novel attention mechanism, named group attention, "
     "to address this scalability issue.", ["RITA", "group attention"]),
    ("Stateful optimizers maintain gradient statistics over time, e.g., the exponentially smoothed sum (SGD with "
     "momentum) or squared sum (Adam) of past gradient values.", ["SGD with momentum", "Adam"]),
    ("We introduce AdAdaGrad and its scalar variant AdAdaGradNorm, which incrementally increase batch sizes during "
     "training, while model updates are performed using AdaGrad and AdaGradNorm.",
     ["AdAdaGrad", "AdAdaGradNorm", "AdaGrad"]),
    ("In addition, we conducted experiments that compare our NTK-Attention with full parameters fine-tuning, LoRA, "
     "and P-Tuning V2 methods across vision or natural language datasets.", ["NTK-Attention", "LoRA", "P-Tuning V2"]),
    ("The system achieves this by using two novel web programming techniques that can significantly reduce kernel "
     "generation time, compared to other tensor compilers such as TVM, while maintaining performance.", ["TVM"]),
    ("To address the issues, this paper presents the first in-browser inference system, nn-JIT.web, which enables "
     "just-in-time (JIT) auto-generation of optimized kernels.", ["nn-JIT.web"]),
    ("FlashButterfly appeals to classic Butterfly decompositions of the convolution to reduce GPU memory IO.",
     ["FlashButterfly", "Butterfly decompositions"]),
    ("We compare our implementation with the direct convolution, and PyTorch's GEMM-based convolution with cuBLAS "
     "and six cuDNN-based convolution implementations.", ["direct convolution", "PyTorch", "cuBLAS", "cuDNN"]),
    ("At the model level, we examine compression techniques such as pruning, quantization-aware training, and "
     "knowledge distillation.", ["pruning", "quantization-aware training", "knowledge distillation"]),
    ("We exhibit end-to-end results showing speedups due to sparsity on T5 (language translation), Whisper (speech "
     "translation), and open GPT-type (MPT for text generation).", ["T5", "Whisper", "MPT"]),
    ("We propose an adaptive inexact Newton method for this problem class.", ["adaptive inexact Newton method"]),
    ("Applied to LLAMA-family models, HALO achieves near-full-precision-equivalent results during fine-tuning.",
     ["LLAMA", "HALO"]),
    ("We also introduce the neural network bundling process that applies SNNKs to compactify deep neural network "
     "architectures.", ["neural network bundling", "SNNKs"]),
    ("We validate LASP-2 on a Linear-Llama3 model, a variant of Llama3 with linear attention replacing standard "
     "attention.", ["LASP-2", "Linear-Llama3", "Llama3", "linear attention"]),
    ("This technique uses the Sinkhorn algorithm and stochastic gradient descent with Hadamard rotations.",
     ["Sinkhorn algorithm", "stochastic gradient descent", "Hadamard rotations"]),
    ("In this paper, we propose a novel Moment Probing (MP) method to further explore the potential of LP.",
     ["Moment Probing", "MP"]),
    ("We implement our algorithm in Triton to make it IO-aware and hardware-friendly.", ["Triton"]),
    ("Such compilers usually employ a much higher level MLIR form as an IR representation before lowering to "
     "traditional LLVM-IR.", ["MLIR", "LLVM-IR"]),
    ("We further introduce a supervised contrastive regularization, which enables our model to generate even more "
     "discriminative samples.", ["supervised contrastive regularization"]),
    ("The second technique, Web-Specific Lite Kernel Optimization Space Design, reduces kernel tuning costs.",
     ["Web-Specific Lite Kernel Optimization Space Design"]),
    ("Qwen2.5-1M models significantly outperform GPT-4o-mini on long-context tasks.", ["Qwen2.5-1M"]),
]

# Words that look like names or methods but are not (near misses).
NOT_FOUND = [
    ("Large Language Models (LLMs) are trained on GPUs and TPUs with FP16 precision.",
     ["Large Language Models", "LLMs", "GPUs", "TPUs", "FP16"]),
    ("Domain adaptation (DA) attempts to transfer the knowledge from a labeled source domain.",
     ["Domain adaptation", "DA"]),
    ("The successes of modern deep learning and machine learning methods are founded on neural networks.",
     ["deep learning", "machine learning", "neural networks"]),
    ("We report BLEU and FID scores on NLP tasks evaluated at NeurIPS and ICML'21.",
     ["BLEU", "FID", "NLP", "NeurIPS", "ICML'21"]),
    ("Results show our method can achieve up to 8.2x faster within 30 seconds compared to the baselines.",
     ["our method", "baselines"]),
    ("the attention layer admits tokens X and computes softmax(XQK^top X^top), where (K,Q) are the parameters.",
     ["XQK^top", "K", "Q"]),
    ("Since its inception in \"Attention Is All You Need\", this architecture has led to advancements.",
     ["Attention Is All You Need"]),
    ("Code is at https://github.com/ChristianYang37/chiwun/tree/main/src/NTK-Attention and anonymous.4open.science/r/BIB-ICLR2023.",
     ["NTK-Attention", "BIB-ICLR2023"]),
    ("We use multi-GPU training with CUDA-optimized kernels on NVIDIA A100 and H800 devices.",
     ["multi-GPU", "CUDA", "A100", "H800", "NVIDIA"]),
    ("Prompting and contextual-based fine-tuning methods have been proposed to enhance language models.",
     ["fine-tuning", "language models"]),
]


@pytest.mark.parametrize("text, expected", FOUND)
def test_finds_methods(nlp, text, expected):
    found = methods(nlp, text)
    assert [e for e in expected if e not in found] == []


@pytest.mark.parametrize("text, rejected", NOT_FOUND)
def test_near_misses_are_not_methods(nlp, text, rejected):
    found = methods(nlp, text)
    assert [r for r in rejected if r in found] == []


# (sentence, name, proposed?)
PROPOSED = [
    ("In this paper, we propose LeMo, the first LLM fine-tuning system that explores a new sparsity mechanism.", "LeMo", True),
    ("We develop FlashButterfly, an IO-aware algorithm to improve the runtime performance of long convolutions.", "FlashButterfly", True),
    ("we introduce DeepSpeed-Ulysses, a novel, portable and effective methodology for enabling LLM training.", "DeepSpeed-Ulysses", True),
    ("This paper proposes a window-order-based convolution paradigm on GPU, called im2win, which reduces memory.", "im2win", True),
    ("We present a simple solution using a revised formulation that we call Magnitude Invariant Parametrizations (MIP).", "MIP", True),
    ("we introduce two key contributions: StableMax, a new activation function, and perpGrad, a training algorithm that promotes generalization.", "perpGrad", True),
    ("Additionally, we extend LASP-2 to LASP-2H by applying similar communication redesign to standard attention modules.", "LASP-2H", True),
    ("COAT addresses current limitations through two key innovations: (1) Dynamic Range Expansion, which aligns optimizer state distributions.", "Dynamic Range Expansion", True),
    ("To address this, we propose a new method, Normalized LR+GD, with much better theoretical guarantees.", "Normalized LR+GD", True),
    ("We compare FlashButterfly with FlashAttention and LoRA on long sequences.", "LoRA", False),
    ("We present HALO, a novel quantization-aware training approach for Transformers.", "quantization-aware training", False),
    ("as well as Mamba (Gu & Dao, 2023), a recently introduced state-space model with a data-dependent state transition.", "Mamba", False),
    ("Prompting and contextual-based fine-tuning methods, which we call Prefix Learning, have been proposed to enhance language models.", "Prefix Learning", False),
    ("In stark contrast, the GaLore method was proposed by prior work to reduce optimizer memory.", "GaLore", False),
]


@pytest.mark.parametrize("text, name, proposed", PROPOSED)
def test_proposed(nlp, text, name, proposed):
    found = methods(nlp, text)
    assert name in found
    assert found[name]["proposed"] is proposed


def test_acronym_and_long_form_merge_into_one_method(nlp):
    found = methods(nlp, "We propose Big Little Decoder (BiLD), a framework that can improve inference efficiency. "
                         "BiLD achieves a 2.12x speedup.")
    long, short = found["Big Little Decoder"], found["BiLD"]
    assert long["norm"] == short["norm"] == "big-little-decoder"
    assert short["alias_of"] == "Big Little Decoder" and "alias_of" not in long
    assert long["long_form"] == short["long_form"] == "Big Little Decoder"
    assert long["short_form"] == short["short_form"] == "BiLD"
    assert long["label"] == "Big Little Decoder (BiLD)"
    assert long["proposed"] and short["proposed"]


def test_non_method_acronym_is_dropped_everywhere(nlp):
    found = methods(nlp, "Domain adaptation (DA) transfers knowledge. Former DA methods combine objectives with ParetoDA.")
    assert "DA" not in found and "Domain adaptation" not in found and "ParetoDA" in found


def test_well_known_names_have_the_canonical_norm(nlp):
    found = methods(nlp, "We train Transformers with low-rank adaptation and compare with LoRA.")
    assert found["Transformers"]["norm"] == "transformer"
    assert found["low-rank adaptation"]["norm"] == found["LoRA"]["norm"] == "low-rank-adaptation"
    assert found["LoRA"]["source"] == "gazetteer"


def test_one_surface_per_method(nlp):
    doc = nlp("Transformers are popular. We study a transformer and the Transformer again.")
    assert [s.text for s in doc.spans["kg_methods"]] == ["Transformers"]


def test_datasets_and_hardware_claimed_first_are_skipped():
    nlp = spacy.blank("en")

    @spacy.Language.component("fake_claims_for_methods_test")
    def claim(doc):
        doc.spans["kg_datasets"] = [doc[2:3]]
        return doc

    nlp.add_pipe("fake_claims_for_methods_test")
    nlp.add_pipe("kg_methods")
    doc = nlp("We evaluate WikiText103 with GPT-2 models.")
    assert [s.text for s in doc.spans["kg_methods"]] == ["GPT-2"]


def test_offsets_slice_back_into_the_paper():
    paper = Paper("p", "HALO: Hadamard-Assisted Lossless Optimization for Efficient Training",
                  "We present HALO, a novel approach. Code (LASP-2H.) and results use FSDP and LASP-2H.")
    extract_paper(paper, build_nlp(["kg_methods"]))
    found = {e.text: e for e in paper.entities if e.type == "method"}
    assert {"HALO", "Hadamard-Assisted Lossless Optimization", "FSDP", "LASP-2H"} <= set(found)
    for e in found.values():
        field = paper.title if e.field == "title" else paper.abstract
        assert field[e.start:e.end] == e.text
    assert found["HALO"].proposed and found["HALO"].field == "title"
    assert found["HALO"].alias_of == "Hadamard-Assisted Lossless Optimization"
    assert found["Hadamard-Assisted Lossless Optimization"].norm == found["HALO"].norm
    assert not found["FSDP"].proposed


def test_title_prefix_is_the_papers_method():
    paper = Paper("p", "Im2win: An Efficient Convolution Paradigm on GPU",
                  "GEMM-based convolution relies on the im2col algorithm. We compare with PyTorch.")
    extract_paper(paper, build_nlp(["kg_methods"]))
    found = {e.text: e for e in paper.entities if e.type == "method"}
    assert found["Im2win"].proposed is True
    assert found["PyTorch"].proposed is False


def test_multiprocess_equals_single_process(nlp):
    texts = [t for t, _ in FOUND] + [t for t, _, _ in PROPOSED]

    def summary(docs):
        return [[(s.text, s.start_char, s._.kg["norm"], s._.kg["proposed"]) for s in d.spans["kg_methods"]] for d in docs]

    assert summary(nlp.pipe(texts, n_process=2, batch_size=8)) == summary(nlp.pipe(texts))


@pytest.mark.parametrize("word, shaped", [
    ("LeMo", True), ("FlashButterfly", True), ("Qwen2.5-1M", True), ("nn-JIT.web", True), ("im2col", True),
    ("P-Tuning", True), ("TVM", True), ("LASP-2H", True), ("signSGD", True),
    ("Adam", False), ("Co-Design", False), ("method", False), ("GPUs", False), ("FP16", False), ("A100", False),
    ("AI", False), ("KQ^top", False), ("8-bit", False), ("derakhshani2021kernel", False),
])
def test_name_shape(word, shaped):
    assert name_shaped(word, load_lexicon().stop_names) is shaped


def test_gazetteer_is_data_with_unique_names():
    entries = load_gazetteer()
    assert len(entries) >= 2000
    assert all(isinstance(e, GazetteerEntry) and e.attrs["kind"] in
               {"model", "architecture", "optimizer", "rl", "technique", "algorithm", "framework"} for e in entries)
    names = [e.name.lower() for e in entries]
    assert len(names) == len(set(names))
