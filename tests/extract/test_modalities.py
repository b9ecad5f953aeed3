"""A data modality (an imaging technique, a sensor, a signal) is never a method or dataset on its own.

The sentences are from arXiv abstracts of 2025 where the learned classifier had typed the modality
as a method or a dataset; no gold set annotates a bare modality so.
"""
from __future__ import annotations

import pytest

from kg.extract.classifier import modalities
from kg.extract.pipeline import extract_paper
from kg.model import Paper



def named(title: str, abstract: str) -> set[tuple[str, str]]:
    paper = extract_paper(Paper("p", title, abstract))
    return {(e.type, e.text) for e in paper.entities if e.type in ("method", "dataset")}


@pytest.mark.parametrize("abstract, modality", [
    ("Automatic brain tumor detection from MRI dataset has garnered significant attention in the research "
     "community, since the inception of Convolutional Neural Network (CNN) models.", "MRI"),
    ("Given the lack of corresponding labels in existing skeleton data, we establish MASD, a new HAR dataset with "
     "IMU, WiFi, and skeleton, collected from 20 subjects performing 27 activities.", "IMU"),
    ("With the development of medical technology, Magnetic Resonance Imaging (MRI), an advanced medical imaging "
     "technique, has already become a supplementary diagnostic option.", "Magnetic Resonance Imaging"),
])
def test_a_modality_is_neither_a_method_nor_a_dataset(abstract: str, modality: str) -> None:
    found = named("A study", abstract)
    assert not {text for _, text in found} & {modality, "MRI"}, found


def test_a_name_that_holds_a_modality_is_still_found() -> None:
    found = named("A study", "We propose LiDAR-Net and train it on the fastMRI dataset.")
    assert ("method", "LiDAR-Net") in found and ("dataset", "fastMRI") in found


def test_the_modalities_are_lower_case_words_of_the_noun_phrase_terms() -> None:
    assert len(modalities()) == 61 and all(m == m.lower() for m in modalities())
    assert {"mri", "lidar", "eeg", "imu"} <= modalities()
