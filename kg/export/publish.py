"""Publish a build's exports as a whole: an output folder always holds the files of one build.

Writing each export atomically is not enough: a build killed between two renames left
``graph.json`` of the new build next to ``graph.html`` of the previous one, each file whole. So a
build writes its exports into a new folder beside the output folder (``.exports.kg-build-XXXX``
beside ``exports``), carries over what else the output folder holds (the user's own files, the
extraction cache, the lock) as hard links, and exchanges the two folders in one atomic rename
(``renameat2(RENAME_EXCHANGE)`` on Linux, ``renamex_np(RENAME_SWAP)`` on macOS). Users and tools
read plain files at the usual paths, ``exports/graph.html``...: at any moment the folder is the
previous build or the new one, whole. The previous folder, now beside it, is then deleted.

An export the new build did not write is not carried over: the folder holds one build's files.

A build killed at any moment leaves at most a folder beside, which the next build deletes
(:func:`sweep`, under the build lock) once any file of the user's found only there is moved back.

Where two folders cannot be exchanged in one rename, the output folder is renamed aside and the
new one renamed in its place: for an instant there is no folder (never a mixed one), and a build
killed in that instant leaves the new folder, complete, beside: :func:`recover` puts it in place.
Where the output folder cannot be replaced at all (it is the working directory or holds it, it is
a mount point, its parent cannot be written), the exports are moved into it one by one: each file
whole, the folder not; :attr:`Staging.why` says so.

Examples
--------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "exports"
>>> out.mkdir(); _ = (out / "notes.txt").write_text("mine")
>>> staging = begin(out)
>>> _ = (staging.folder / "graph.json").write_text("{}")
>>> publish(staging, ["graph.json"], known=["graph.json", "graph.html"])
>>> sorted(p.name for p in out.iterdir()), (out / "graph.json").is_symlink()
(['graph.json', 'notes.txt'], False)
>>> sorted(p.name for p in out.parent.iterdir())   # nothing left beside
['exports']
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Staging", "begin", "discard", "publish", "recover", "sweep"]

_COMPLETE = ".kg-build-complete"  # marks a folder whose exports are all written (for recover)
_PREVIOUS = ".kg-build-previous"  # the output folder while it is renamed aside


@dataclass(frozen=True)
class Staging:
    """Where a build writes its exports before they are published.

    ``whole``: the folder will replace the output folder in one rename. Otherwise ``folder`` is
    inside the output folder, its files are moved out one by one, and ``why`` says why.
    """

    out: Path
    folder: Path
    whole: bool = True
    why: str = ""


def _prefix(out: Path) -> str:
    return f".{out.name}.kg-build-"


def _real(out: Path) -> Path:
    """The output folder's real place (a link to a folder is followed: the folder is replaced, not
    the link)."""
    return Path(os.path.realpath(out))


def _siblings(out: Path) -> list[Path]:
    """Folders other builds left beside ``out``."""
    if not out.parent.is_dir():
        return []
    return sorted(p for p in out.parent.iterdir() if p.name.startswith(_prefix(out)) and p.is_dir()
                  and not p.is_symlink())


def _cannot_replace(out: Path) -> str | None:
    """Why ``out`` cannot be replaced by another folder (None: it can)."""
    cwd = Path(os.path.realpath(os.getcwd()))
    if cwd == out or out in cwd.parents:
        return "it is the working directory or holds it"
    if out.parent == out:
        return "it is the root of the file system"
    if os.stat(out).st_dev != os.stat(out.parent).st_dev:
        return "it is a mount point"
    return None


def _fsync_dir(path: Path) -> None:
    """Make the renames in a folder durable (a no-op where folders cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def begin(out: Path) -> Staging:
    """A fresh, empty folder for a build's exports: beside ``out`` when ``out`` can be replaced."""
    out = _real(out)
    why = _cannot_replace(out)
    if why is None:
        try:
            return Staging(out, Path(tempfile.mkdtemp(prefix=_prefix(out), dir=out.parent)))
        except OSError as exc:
            why = f"no folder can be made beside it ({exc.strerror or exc})"
    return Staging(out, Path(tempfile.mkdtemp(prefix=".kg-build-", dir=out)), whole=False, why=why)


def discard(staging: Staging) -> None:
    """Delete the folder of a build that will not be published."""
    shutil.rmtree(staging.folder, ignore_errors=True)


def _owned(name: str, known: set[str]) -> bool:
    """Whether an entry of the output folder is kg's alone to decide on: an export, a temporary file."""
    return (name in known or name.endswith(".tmp") or name.startswith(".kg-build-")
            or name in (".kg-write-test", _COMPLETE))


def _carry(src: Path, dst: Path) -> None:
    """Give ``dst`` what ``src`` holds without copying data where a hard link will do."""
    if src.is_symlink():
        os.symlink(os.readlink(src), dst)
    elif src.is_dir():
        dst.mkdir()
        shutil.copystat(src, dst, follow_symlinks=False)
        for child in src.iterdir():
            _carry(child, dst / child.name)
    else:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)


def _move_back(old: Path, out: Path, known: set[str]) -> None:
    """Move into ``out`` the user's entries found only in ``old`` (made while a build published)."""
    for entry in old.iterdir():
        if not _owned(entry.name, known) and not os.path.lexists(out / entry.name):
            with contextlib.suppress(OSError):
                os.rename(entry, out / entry.name)


@lru_cache(maxsize=1)
def _exchange_call():
    """The C function that exchanges two paths in one rename, and how to call it (None: none)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    except OSError:
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        f = libc.renameat2
        f.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        return lambda a, b: f(-100, a, -100, b, 2)  # AT_FDCWD, RENAME_EXCHANGE
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        f = libc.renamex_np
        f.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint]
        return lambda a, b: f(a, b, 2)  # RENAME_SWAP
    return None


def _exchange(a: Path, b: Path) -> None:
    """Swap the folders ``a`` and ``b``: one atomic rename where the system has it, else three
    renames (``b`` missing for an instant; :func:`recover` finishes them after a kill)."""
    call = _exchange_call()
    if call is not None:
        if call(os.fsencode(a), os.fsencode(b)) == 0:
            return
        err = ctypes.get_errno()
        if err not in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise OSError(err, os.strerror(err), str(b))
    (a / _COMPLETE).touch()
    aside = Path(tempfile.mkdtemp(prefix=_prefix(b), dir=b.parent))
    os.rename(b, aside / _PREVIOUS)
    os.rename(a, b)
    os.rename(aside / _PREVIOUS, a)
    aside.rmdir()
    (b / _COMPLETE).unlink()


def _replace(src: Path, dst: Path) -> None:
    """Move the export ``src`` to ``dst``, each whole: a folder export (the store) replaces the
    previous one by two renames, the previous one moved aside first (``.kg-build-*``, which
    :func:`sweep` deletes if the build is killed before it does)."""
    if src.is_dir() and dst.is_dir() and not dst.is_symlink():
        aside = Path(tempfile.mkdtemp(prefix=".kg-build-", dir=dst.parent))
        os.rename(dst, aside / dst.name)
        os.rename(src, dst)
        shutil.rmtree(aside, ignore_errors=True)
        return
    os.replace(src, dst)


def _remove(path: Path) -> None:
    """Delete an export of a previous build, a file or a folder."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def publish(staging: Staging, names: Iterable[str], *, known: Iterable[str]) -> None:
    """Publish the exports ``names`` written into ``staging.folder`` (each written and synced).

    ``known`` are all the names a build may write: those this build did not write are not carried
    over from the previous build.
    """
    out, folder, known = staging.out, staging.folder, set(known)
    if not staging.whole:
        for name in names:
            _replace(folder / name, out / name)
        for name in known - set(names):
            _remove(out / name)
        _fsync_dir(out)
        discard(staging)
        return
    for entry in out.iterdir():
        if not _owned(entry.name, known):
            _carry(entry, folder / entry.name)
    shutil.copystat(out, folder)  # mkdtemp made it 0700
    _fsync_dir(folder)
    _exchange(folder, out)  # the switch: `folder` now holds the previous build
    _fsync_dir(out.parent)
    _move_back(folder, out, known)
    discard(staging)


def sweep(out: Path, known: Iterable[str]) -> None:
    """Delete the folders killed builds left beside ``out``, moving back first any file of the
    user's found only there. Only under the build lock: no build is writing then."""
    out, known = _real(out), set(known)
    for folder in _siblings(out):
        for inner in (folder, folder / _PREVIOUS):
            if inner.is_dir():
                _move_back(inner, out, known)
        shutil.rmtree(folder, ignore_errors=True)
    for folder in out.glob(".kg-build-*"):  # builds that moved their files one by one
        shutil.rmtree(folder, ignore_errors=True)
    (out / _COMPLETE).unlink(missing_ok=True)


def recover(out: Path) -> None:
    """Put back an output folder that a build killed in the middle of three renames left missing:
    the complete new folder from beside it, else the previous one. Before the lock: the folder
    (and its lock) may not exist."""
    out = Path(os.path.abspath(out))
    if os.path.lexists(out):
        return
    siblings = _siblings(out)
    candidates = [f for f in siblings if (f / _COMPLETE).exists()] + [f / _PREVIOUS for f in siblings]
    for candidate in candidates:
        if candidate.is_dir():
            with contextlib.suppress(OSError):
                os.rename(candidate, out)
                (out / _COMPLETE).unlink(missing_ok=True)
                return
