"""Stable identifiers: papers, graph nodes, slugs.

Paper ids come from what is known about the paper, in this order: the input record's own ``id``
(kept as given), the arXiv id, the DOI, else a hash of the normalised title. Node ids in the graph
are ``<type>:<key>`` and readable: ``paper:arxiv:2401.01234``, ``dataset:cifar-10``,
``repo:github.com/owner/name``, ``topic:reinforcement-learning``.

Examples
--------
>>> normalize_title("  Attention Is   All You Need. ")
'attention is all you need'
>>> paper_id(title="Attention Is All You Need")
'title:37f63852cdfb0690'
>>> paper_id(title="x", arxiv_id="arXiv:1706.03762v5")
'arxiv:1706.03762'
>>> normalize_doi("https://doi.org/10.48550/ARXIV.1706.03762")
'10.48550/arxiv.1706.03762'
>>> node_id("dataset", "cifar-10"), node_id("repository", "github.com/a/b")
('dataset:cifar-10', 'repo:github.com/a/b')
>>> slugify("Reinforcement Learning (RL)")
'reinforcement-learning-rl'
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from kg.entity_types import ENTITY_TYPES, PAPER_PREFIX

__all__ = [
    "NODE_PREFIX",
    "node_id",
    "normalize_arxiv_id",
    "normalize_doi",
    "normalize_title",
    "paper_id",
    "paper_node_id",
    "slugify",
]

# Node id prefix of every entity type (from the registry), of papers, and of claims by node type.
NODE_PREFIX = {PAPER_PREFIX: PAPER_PREFIX, **{t.name: t.prefix for t in ENTITY_TYPES.values()},
               **{t.node_type: t.prefix for t in ENTITY_TYPES.values()}}

_ARXIV_NEW = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?")
_ARXIV_OLD = re.compile(r"([a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?")


def normalize_title(title: str) -> str:
    """Case-, accent-, punctuation- and space-insensitive form of a title, for deduplication.

    A title with no letter or digit ("???", "🚀") is its own key, case- and space-folded, so that
    such titles neither collide on one id nor lose their paper.

    Examples
    --------
    >>> normalize_title("Déjà  Vu!"), normalize_title(" ?? "), normalize_title("🚀 🚀")
    ('deja vu', '??', '🚀 🚀')
    """
    t = unicodedata.normalize("NFKD", title)
    t = "".join(c for c in t if not unicodedata.combining(c)).casefold()
    t = re.sub(r"[^\w]+", " ", t)
    return " ".join(t.split()) or " ".join(title.casefold().split())


def normalize_arxiv_id(raw: str) -> str | None:
    """``2401.01234`` from ``arXiv:2401.01234v2``, an abs/pdf URL or the bare id; None if none."""
    m = _ARXIV_NEW.search(raw) or _ARXIV_OLD.search(raw)
    return m.group(1) if m else None


def normalize_doi(raw: str) -> str | None:
    """Lower-case DOI without resolver prefix (``10.xxxx/...``); None if the text holds none."""
    m = re.search(r"10\.\d{4,9}/\S+", raw.strip())
    return m.group(0).rstrip(".,;").lower() if m else None


def paper_id(
    *, title: str, given: str | None = None, arxiv_id: str | None = None, doi: str | None = None
) -> str:
    """The stable id of a paper (see the module docstring for the order of preference)."""
    if given:
        return given
    if arxiv_id and (a := normalize_arxiv_id(arxiv_id)):
        return f"arxiv:{a}"
    if doi and (d := normalize_doi(doi)):
        return f"doi:{d}"
    # surrogatepass: a lone surrogate (readers replace them, the Python API may not) still hashes
    digest = hashlib.sha1(normalize_title(title).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"title:{digest}"


def slugify(text: str) -> str:
    """Lower-case ASCII-ish slug with dashes; keeps non-Latin letters rather than dropping them."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).casefold()
    t = re.sub(r"[^\w.+]+", "-", t).strip("-")
    return t or "_"


def node_id(entity_type: str, norm: str) -> str:
    """Graph node id of an entity: ``<prefix>:<norm>``."""
    return f"{NODE_PREFIX[entity_type]}:{norm}"


def paper_node_id(pid: str) -> str:
    """Graph node id of a paper: ``paper:<paper id>``."""
    return f"paper:{pid}"
