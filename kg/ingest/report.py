"""Accounting for a run: per input file, how many records were read, kept, merged, rejected.

``read == kept + merged + rejected`` holds for every file, always. Lines of page furniture that a
reader passed over ("Load more", "Subscribe") are no records: they are counted apart, as ``skipped``.

Examples
--------
>>> r = IngestReport()
>>> r.count_read("a.jsonl", 3); r.count_kept("a.jsonl", 1); r.count_merged("a.jsonl", 1)
>>> r.reject(Rejection("a.jsonl", 3, "empty title"))
>>> r.files["a.jsonl"].as_dict()["read"], r.totals()["rejected"]
(3, 1)
>>> r.is_balanced()
True
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.model import Rejection

__all__ = ["FileCounts", "IngestReport"]


@dataclass
class FileCounts:
    """Counts of one input file."""

    format: str = ""
    read: int = 0
    kept: int = 0
    merged: int = 0
    rejected: int = 0
    skipped: int = 0  # lines of page furniture, not records
    rejections: list[Rejection] = field(default_factory=list)
    error: str | None = None  # the whole file could not be read (missing, a directory, unknown format)

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "format": self.format,
            "read": self.read,
            "kept": self.kept,
            "merged": self.merged,
            "rejected": self.rejected,
            "skipped": self.skipped,
            "rejections": [{"line": r.line, "reason": r.reason, "where": str(r)} for r in self.rejections],
        }
        if self.error:
            d["error"] = self.error
        return d


@dataclass
class IngestReport:
    """Per-file counts, filled while reading and deduplicating; and the run's warnings that belong
    to no input file (a damaged extraction cache replaced, for one)."""

    files: dict[str, FileCounts] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def _file(self, name: str) -> FileCounts:
        return self.files.setdefault(name, FileCounts())

    def set_format(self, name: str, fmt: str) -> None:
        self._file(name).format = fmt

    def count_read(self, name: str, n: int = 1) -> None:
        self._file(name).read += n

    def count_kept(self, name: str, n: int = 1) -> None:
        self._file(name).kept += n

    def count_merged(self, name: str, n: int = 1) -> None:
        self._file(name).merged += n

    def count_skipped(self, name: str, n: int = 1) -> None:
        self._file(name).skipped += n

    def reject(self, rejection: Rejection, name: str | None = None) -> None:
        """Count a rejected record against input ``name`` (by default the file the rejection names)."""
        fc = self._file(name if name is not None else rejection.file)
        fc.rejected += 1
        fc.rejections.append(rejection)

    def fail_file(self, name: str, error: str) -> None:
        self._file(name).error = error

    @property
    def rejections(self) -> list[Rejection]:
        return [r for fc in self.files.values() for r in fc.rejections]

    @property
    def errors(self) -> dict[str, str]:
        return {name: fc.error for name, fc in self.files.items() if fc.error}

    def totals(self) -> dict[str, int]:
        keys = ("read", "kept", "merged", "rejected")
        return {k: sum(getattr(fc, k) for fc in self.files.values()) for k in keys}

    def is_balanced(self) -> bool:
        return all(fc.read == fc.kept + fc.merged + fc.rejected for fc in self.files.values())

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "totals": self.totals(),
            "files": {name: self.files[name].as_dict() for name in sorted(self.files)},
        }
        if self.warnings:
            d["warnings"] = list(self.warnings)
        return d
