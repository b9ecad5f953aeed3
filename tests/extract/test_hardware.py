"""Specification of ``kg_hardware``: named processors and devices, with canonical keys that merge variants."""
from __future__ import annotations

import pytest
import spacy

import kg.extract  # noqa: F401  registers the kg_* factories
from kg.extract.hardware import HardwareFinder, is_model_code
from kg.extract.pipeline import build_nlp, extract_paper
from kg.model import Paper


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("kg_hardware")
    return nlp


def surfaces(doc) -> list[str]:
    """The exact surface of each hardware span (its ``_chars`` when the span had to widen)."""
    out = []
    for span in doc.spans["kg_hardware"]:
        start, end = span._.kg.get("_chars") or (span.start_char, span.end_char)
        out.append(doc.text[start:end])
    return out


# Sentences from examples/corpus (and ML abstracts like them); the expected list is every device in
# text order, named without the generic noun that follows it.
FINDS = [
    ("Applied to LLAMA-family models, HALO delivers up to 1.31x end-to-end speedup for full fine-tuning on "
     "RTX 4090 GPUs.", ["RTX 4090"]),
    ("This exhaustive optimization process demands substantial resources, utilizing nearly one million NVIDIA "
     "H800 GPU hours to train 3,700 LLMs.", ["NVIDIA H800"]),
    ("The targeted accelerator is an experimental system named PIUMA, being developed by Intel.", ["PIUMA"]),
    ("Towards this, we estimate hardware performance numbers for a commercial Arm mobile-Neural Processing Unit "
     "(NPU) for 1080p to 4K SISR.", ["Arm mobile-Neural Processing Unit"]),
    ("Finally, SESR outperforms prior models by 1.5x-2x in latency on Arm CPU and GPU when deployed on a real "
     "mobile device.", ["Arm CPU"]),
    ("This research explores efficient distributed training strategies to extract this computation from "
     "Frontier, the world's first exascale supercomputer dedicated to open science.", ["Frontier"]),
    ("We achieved 100% weak scaling efficiency on 1024 and 3072 MI250X GPUs, respectively.", ["MI250X"]),
    ("Its design adapts seamlessly to various multi-GPU interconnect solutions, such as Huawei Ascend, ensuring "
     "broad compatibility.", ["Huawei Ascend"]),
    ("Using an NVIDIA A100 GPU, we make it possible to generate a high-quality image within only one second.",
     ["NVIDIA A100"]),
    ("On an NVIDIA T4 GPU, our framework achieves a speedup of up to 2.12x.", ["NVIDIA T4"]),
    ("For example, with a single A100 80GB GPU, MeZO can train a 30-billion parameter model.", ["A100 80GB"]),
    ("By increasing the batch size to the memory limit of a TPUv3 Pod, BERT training time can be reduced to 76 "
     "minutes.", ["TPUv3"]),
    ("We train the model on 64 TPU v4 chips for two weeks.", ["TPU v4"]),
    ("Inference runs at 30 FPS on a Raspberry Pi 4 and on a Jetson Nano.", ["Raspberry Pi 4", "Jetson Nano"]),
    ("Our kernels run on an Apple M2 Max laptop without a discrete GPU.", ["Apple M2 Max"]),
    ("The network runs in real time on a Snapdragon 888 smartphone.", ["Snapdragon 888"]),
    ("All models were trained on 8 Tesla V100 GPUs.", ["Tesla V100"]),
    ("CPU experiments use Intel Xeon Gold 6248 CPUs with 40 cores.", ["Intel Xeon Gold 6248"]),
    ("We also report throughput on AMD MI300X accelerators.", ["AMD MI300X"]),
    ("The kernels reach 80% of peak on 8 NX200 GPUs.", ["NX200"]),
    ("Early results on NVIDIA B300 show further gains.", ["NVIDIA B300"]),
    ("Training took three days on a Cerebras CS-3 system.", ["Cerebras CS-3"]),
    ("Scaling experiments were run on the Summit supercomputer at OLCF.", ["Summit"]),
    ("We port the model to Graphcore IPUs.", ["Graphcore IPUs"]),
    ("A consumer GeForce RTX 3080 Ti suffices for inference.", ["GeForce RTX 3080 Ti"]),
    ("The model is deployed on an STM32F746 microcontroller.", ["STM32F746"]),
    ("We evaluate on Huawei Ascend 910B NPUs.", ["Huawei Ascend 910B"]),
    ("All runs used the Perlmutter system at NERSC with 4 A100 GPUs per node.", ["Perlmutter", "A100"]),
    ("Latency is measured on an ARM Cortex-A72 CPU.", ["ARM Cortex-A72"]),
    ("Our implementation targets NVIDIA Hopper GPUs.", ["NVIDIA Hopper"]),
    ("The whole run fits on one H100.", ["H100"]),
    # near misses: counts, precisions, generic processors, words that are also machine names, workloads
    ("Training requires 8 GPUs and 2 TB of memory.", []),
    ("We use FP16 arithmetic on modern GPUs.", []),
    ("The method gives speedups for both CPU and GPU.", []),
    ("Our approach pushes the Pareto frontier of accuracy and efficiency.", []),
    ("The summit of the loss landscape is flat.", []),
    ("We design a dataflow tailored to RNN accelerators.", []),
    ("The method works on accelerators such as GPUs and TPUs.", []),
    ("We obtain a 2.4x speedup compared to NVIDIA's CUTLASS library.", []),
    ("We propose two Anarchic Federated Averaging (AFA) algorithms for cross-device settings, which are named "
     "AFA-CD and AFA-CS.", []),
    ("The 7B model fits on an 80GB GPU.", []),
    ("Mind the Memory Gap: Unveiling GPU Bottlenecks in Large-Batch LLM Inference", []),
    ("The GPU kernels are written in CUDA and Triton.", []),
    ("MARLIN is extensible to further compression techniques, like NVIDIA 2:4 sparsity.", []),
    ("Our M1 and M2 modules are ablated separately.", []),
]


@pytest.mark.parametrize("text,expected", FINDS, ids=[t[:40] for t, _ in FINDS])
def test_finds_exactly_the_named_devices(nlp, text, expected):
    assert surfaces(nlp(text)) == expected


@pytest.mark.parametrize("sentence", ["We train on an A100.", "We train on an NVIDIA A100.",
                                      "We train on an A100 GPU.", "We train on an A100-80GB GPU.",
                                      "We train on an Nvidia A100 GPU."])
def test_variants_of_one_device_share_its_norm_and_label(nlp, sentence):
    doc = nlp(sentence)
    (span,) = doc.spans["kg_hardware"]
    assert (span._.kg["norm"], span._.kg["label"], span._.kg["source"]) == ("nvidia-a100", "NVIDIA A100", "gazetteer")


def test_unknown_devices_get_a_vendor_qualified_key(nlp):
    docs = [nlp("Early results on NVIDIA B300 GPUs."), nlp("Early results on 8 B300 GPUs.")]
    assert [(d.spans["kg_hardware"][0]._.kg["norm"], d.spans["kg_hardware"][0]._.kg["label"]) for d in docs] == [
        ("nvidia-b300", "NVIDIA B300"), ("nvidia-b300", "NVIDIA B300")]


def test_an_ambiguous_machine_name_is_confirmed_anywhere_in_the_document(nlp):
    doc = nlp("Distributed Training on Frontier. We use Frontier, the first exascale supercomputer.")
    assert surfaces(doc) == ["Frontier", "Frontier"]


def test_entity_offsets_slice_back_to_the_text():
    paper = Paper("p", "Fast inference on Jetson Orin", "On 8 NVIDIA A100 GPUs and a Raspberry Pi 4. Also on XPU9000.")
    entities = extract_paper(paper, build_nlp(["kg_hardware"])).entities
    assert [e.text for e in entities] == ["Jetson Orin", "NVIDIA A100", "Raspberry Pi 4"]
    for e in entities:
        assert getattr(paper, e.field)[e.start:e.end] == e.text


def test_component_is_added_by_name_to_a_blank_pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_hardware")
    doc = nlp("Benchmarks ran on a V100 and a Jetson Nano.")
    assert [s.text for s in doc.spans["kg_hardware"]] == ["V100", "Jetson Nano"]


@pytest.mark.parametrize("token,code", [("H800", True), ("MI250X", True), ("1080Ti", True), ("4090", False),
                                        ("80GB", False), ("8", False), ("FP16", False), ("8-bit", False)])
def test_model_codes_are_recognised_by_shape(token, code):
    assert is_model_code(token) is code


def test_a_finder_can_be_used_without_the_component():
    nlp = spacy.blank("en")
    doc = nlp("On 64 TPU v5e chips.")
    assert [(m.text, m.norm, m.label) for m in HardwareFinder(nlp)(doc)] == [("TPU v5e", "google-tpu-v5e", "Google TPU v5e")]


def test_two_processes_give_the_same_spans_as_one(nlp):
    texts = [t for t, _ in FINDS[:12]]

    def spans(docs):
        return [[(s.start, s.end, s._.kg) for s in d.spans["kg_hardware"]] for d in docs]

    assert spans(nlp.pipe(texts, n_process=2)) == spans(nlp.pipe(texts))
