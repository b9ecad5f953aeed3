"""Readers for the inputs people actually have, and :func:`read_papers` that runs them.

Each reader is a generator ``read(path) -> Iterator[Paper | Rejection | Skipped]`` that streams its
file and never raises on a bad record: it yields a :class:`~kg.model.Rejection` naming file and
line, and goes on; a line of page furniture it passed over is a :class:`~kg.model.Skipped`.
:func:`read_papers` picks the reader by extension (or ``format=``), merges duplicates across all
inputs and accounts for every record in an :class:`IngestReport`.

Examples
--------
>>> from pathlib import Path
>>> import tempfile, json
>>> d = Path(tempfile.mkdtemp())
>>> _ = (d / "a.jsonl").write_text(json.dumps({"title": "T", "abstract": "A."}) + "\\n{bad\\n")
>>> result = read_papers([d / "a.jsonl"])
>>> len(result.papers), result.report.totals()
(1, {'read': 2, 'kept': 1, 'merged': 0, 'rejected': 1})
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.ingest.dedupe import Deduplicator
from kg.ingest.report import IngestReport
from kg.model import Paper, Rejection, Skipped

__all__ = ["FORMATS", "IngestResult", "InputError", "detect_format", "read_file", "read_papers", "source_name"]

Reader = Callable[[Path], Iterator["Paper | Rejection | Skipped"]]


def _reader(module: str, name: str) -> Reader:
    def load(path: Path) -> Iterator[Paper | Rejection | Skipped]:
        import importlib

        return getattr(importlib.import_module(f"kg.ingest.{module}"), name)(path)

    return load


# format name -> reader; imported lazily so that `kg --help` stays fast
FORMATS: dict[str, Reader] = {
    "listing": _reader("listing", "read_listing"),
    "jsonl": _reader("json_records", "read_json_lines"),
    "json": _reader("json_records", "read_json_array"),
    "csv": _reader("table", "read_csv"),
    "tsv": _reader("table", "read_tsv"),
    "atom": _reader("arxiv_atom", "read_arxiv_atom"),
    "bibtex": _reader("bibtex", "read_bibtex"),
    "openalex": _reader("openalex", "read_openalex"),
}

_EXTENSIONS = {
    ".txt": "listing",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".atom": "atom",
    ".xml": "atom",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
}


class InputError(Exception):
    """A whole input cannot be read (missing, a directory, unknown format)."""


def detect_format(path: Path) -> str:
    """The format of a file from its extension; ``.json``/``.jsonl`` are sniffed for OpenAlex works.

    A compressed file (``.gz``, ``.bz2``, ``.xz``, ``.zst``) has the format its name has without
    the compression suffix.

    Examples
    --------
    >>> detect_format(Path("refs.BIB")), detect_format(Path("page.txt")), detect_format(Path("q.atom"))
    ('bibtex', 'listing', 'atom')
    >>> detect_format(Path("refs.bib.gz")), detect_format(Path("table.tsv.xz"))
    ('bibtex', 'tsv')
    """
    from kg.ingest.compressed import compression, format_path

    named = format_path(path)
    ext = named.suffix.lower()
    fmt = _EXTENSIONS.get(ext)
    if fmt is None:
        known = ", ".join(sorted(_EXTENSIONS))
        within = f" inside the {compression(path)} compression" if named != path else ""
        raise InputError(f"{path}: unknown format (extension {ext or 'none'!r}{within}; known: {known}; "
                         "or pass --format)")
    if fmt in ("json", "jsonl") and ("openalex" in named.name.lower() or _looks_like_openalex(path)):
        return "openalex"
    return fmt


def _looks_like_openalex(path: Path) -> bool:
    from kg.ingest.text_lines import read_head

    try:
        head = read_head(path)
    except OSError:
        return False
    return "abstract_inverted_index" in head or '"openalex.org' in head or "openalex.org/W" in head


def read_file(path: str | os.PathLike[str], format: str | None = None) -> Iterator[Paper | Rejection | Skipped]:
    """Stream the papers and rejections of one file. Raises :class:`InputError` if unreadable.

    Rejections name the file as given (``str(path)``), so that two inputs called ``papers.txt`` in
    different folders stay apart.
    """
    p, fmt = _resolve(path, format)
    return FORMATS[fmt](p)


def _resolve(path: str | os.PathLike[str], format: str | None) -> tuple[Path, str]:
    """The path and format of an input, or :class:`InputError` saying why it cannot be read."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a file (pass the files in it)")
    fmt = format or detect_format(p)
    if fmt not in FORMATS:
        raise InputError(f"{p}: unknown format {fmt!r} (known: {', '.join(sorted(FORMATS))})")
    return p, fmt


def source_name(path: str | os.PathLike[str], cwd: str | os.PathLike[str] | None = None) -> str:
    """How the exports name an input file: its path relative to the working directory (``cwd``)
    when it lies below it, else its file name alone — never the directory layout of the machine
    that ran the build, which exports would otherwise publish (``dcterms:source``).

    Examples
    --------
    >>> source_name("/home/someone/work/data/papers.jsonl", cwd="/home/someone/work")
    'data/papers.jsonl'
    >>> source_name("/home/someone/papers.jsonl", cwd="/srv/kg"), source_name("../papers.jsonl", cwd="/srv/kg")
    ('papers.jsonl', 'papers.jsonl')
    """
    base = os.path.abspath(cwd if cwd is not None else os.getcwd())
    given = os.path.abspath(os.path.join(base, path))
    for p, root in ((Path(given), Path(base)), (Path(given).resolve(), Path(base).resolve())):
        if p.is_relative_to(root) and p != root:
            return p.relative_to(root).as_posix()
    return Path(given).name
def _holds_text(path: Path) -> bool:
    """Whether a file holds anything but white space and byte-order marks (a look at its start)."""
    from kg.ingest.compressed import open_input

    with open_input(path) as f:
        head = f.read(1 << 16)
    return bool(head.strip(b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"))


@dataclass
class IngestResult:
    """Deduplicated papers in first-seen order, and the report of the run."""

    papers: list[Paper] = field(default_factory=list)
    report: IngestReport = field(default_factory=IngestReport)


def read_papers(
    paths: Iterable[str | os.PathLike[str]],
    format: str | None = None,
    *,
    dedup: Deduplicator | None = None,
    report: IngestReport | None = None,
) -> IngestResult:
    """Read every input, merge duplicates across inputs, and count every record.

    A file that cannot be read at all (unknown format, unreadable, an encoding that cannot be
    read) is recorded in ``report.errors`` and a bad record is rejected with its file and line;
    either way the run goes on (the CLI warns, and exits 1 only with ``--strict``). So is a file
    that holds text but gave no record at all: a file is never read as empty in silence. Missing
    files and directories are refused before reading by :func:`kg.workflow.check_inputs` (exit
    status 2). The papers' sources name their file by :func:`source_name`; the report and the
    rejections by the path as given.

    A compressed input is read as a stream (:mod:`kg.ingest.compressed`); one that is corrupt or
    cut short raises :class:`~kg.ingest.compressed.CorruptInputError`: the run stops.
    """
    from kg.ingest.compressed import CorruptInputError

    dedup = dedup or Deduplicator()
    report = report or IngestReport()
    for path in paths:
        name = str(Path(path))  # the name readers give the file in their rejections
        published = source_name(path)
        try:
            p, fmt = _resolve(path, format)
            report.set_format(name, fmt)
            for item in FORMATS[fmt](p):
                if isinstance(item, Skipped):
                    report.count_skipped(name)
                    continue
                report.count_read(name)
                if isinstance(item, Rejection):
                    report.reject(item, name)
                elif dedup.add(_published(item, name, published)):
                    report.count_kept(name)
                else:
                    report.count_merged(name)
            if report.files[name].read == 0 and _holds_text(p):
                report.fail_file(name, f"{name}: no {fmt} record found in it (is it a {fmt} file?)")
        except CorruptInputError:
            raise
        except InputError as exc:
            report.fail_file(name, str(exc))
        except (OSError, UnicodeDecodeError) as exc:
            report.fail_file(name, f"{name}: {exc}")
    return IngestResult(papers=dedup.papers(), report=report)


def _published(paper: Paper, name: str, published: str) -> Paper:
    if name != published:
        paper.sources = [replace(s, file=published) if s.file == name else s for s in paper.sources]
    return paper
