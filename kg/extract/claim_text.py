r"""Claims read through LaTeX: a plain view of a sentence that still maps back to the original.

Abstracts keep their inline LaTeX as arXiv serves it (``50\% faster``, ``6.7\times``,
``$\sim$50\%``, ``PSNR $=15.2$``). :func:`latex_view` turns a sentence into plain text for the
claim rules to read and for users to see (``50% faster``, ``6.7×``, ``~50%``, ``PSNR =15.2``),
and keeps, for every character of the view, the span of the original it came from, so the
evidence of a claim (its offsets and exact surface) still points into the original text.

Linear in the text: one pass of one regular expression; a sentence without ``\``, ``$``, ``{``,
``}``, ``--`` or a ``sim`` before a number (``\sim`` whose backslash a listing page lost) is its
own view.

Examples
--------
>>> original = r"up to $\sim$50\% less memory, 6.7$\times$ faster"
>>> v = latex_view(original)
>>> v.text
'up to ~50% less memory, 6.7× faster'
>>> i = v.text.index("6.7")
>>> start, end = v.span(i, i + 4)
>>> original[start:end]
'6.7$\\times'
>>> display_text(r"a 2.4\times speedup, sim30% less")
'a 2.4× speedup, ~30% less'
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["TextView", "display_text", "latex_view"]

# LaTeX commands that stand for a character in claims; any other command is markup and dropped
# (its braced argument stays: ``\\textbf{85.2}`` -> ``85.2``).
_SYMBOLS = {
    "%": "%", "times": "×", "sim": "~", "approx": "≈", "simeq": "≈", "pm": "±", "mp": "∓",
    "rightarrow": "→", "to": "→", "leftarrow": "←", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥",
    "cdot": "·", "Delta": "Δ", "delta": "δ", "mu": "µ", "times10": "×10", "$": "$", "&": "&",
    "#": "#", "_": "_", "{": "", "}": "", ",": "", ";": " ", ":": " ", "!": "", " ": " ",
    "textless": "<", "textgreater": ">", "lt": "<", "gt": ">", "uparrow": "↑", "downarrow": "↓",
    "infty": "∞", "kappa": "κ", "rho": "ρ", "tau": "τ", "alpha": "α", "beta": "β", "sigma": "σ",
}
_SPECIAL = re.compile(r"[\\${}]|--|(?<![A-Za-z])sim(?=\s?\d)")
_TOKEN = re.compile(
    r"\\(?P<word>[A-Za-z]+)\*?(?P<space>\s*)"  # a control word (LaTeX swallows the space after it)
    r"|\\(?P<sym>[^A-Za-z])"  # a control symbol: \% \, \$
    r"|(?P<drop>[${}])"  # math shifts and groups
    r"|(?P<dash>---?)"
    r"|(?<![A-Za-z])(?P<sim>sim)(?=\s?\d)"  # "\sim" whose backslash a listing page lost
)


@dataclass(frozen=True)
class TextView:
    """``text`` is the plain view; view character ``i`` comes from ``original[starts[i]:ends[i]]``
    (both None when the view is the original itself)."""

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def span(self, i: int, j: int) -> tuple[int, int]:
        """The original span of the view's ``text[i:j]`` (``i < j``)."""
        if self.starts is None or self.ends is None:
            return i, j
        return self.starts[i], self.ends[j - 1]

    def start(self, i: int) -> int:
        """The original offset where view character ``i`` starts (``len(text)``: the end)."""
        if self.starts is None:
            return i
        return self.starts[i] if i < len(self.starts) else (self.ends[-1] if self.ends else 0)


def latex_view(text: str) -> TextView:
    """The plain view of ``text`` (see the module docstring)."""
    if not _SPECIAL.search(text):
        return TextView(text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0

    def emit(s: str, at: int, until: int) -> None:
        for ch in s:
            out.append(ch)
            starts.append(at)
            ends.append(until)

    for m in _TOKEN.finditer(text):
        # the plain text before the token, a character at a time in one go
        out.append(text[pos:m.start()])
        starts.extend(range(pos, m.start()))
        ends.extend(range(pos + 1, m.start() + 1))
        pos = m.end()
        if m.group("word") is not None:
            word = m.group("word")
            repl = _SYMBOLS.get(word)
            if repl is None:
                continue  # markup (\\textbf, \\mathrm): its argument stays, the command goes
            # keep a space the command swallowed when a word follows ("6.7\\times faster")
            if m.group("space"):
                emit(repl, m.start(), m.end() - len(m.group("space")))
                emit(" ", m.end() - len(m.group("space")), m.end())
            else:
                emit(repl, m.start(), m.end())
        elif m.group("sym") is not None:
            emit(_SYMBOLS.get(m.group("sym"), m.group("sym")), m.start(), m.end())
        elif m.group("dash") is not None:
            emit("–" if len(m.group("dash")) == 2 else "—", m.start(), m.end())
        elif m.group("sim") is not None:
            emit("~", m.start(), m.end())
        # math shifts and braces: dropped
    out.append(text[pos:])
    starts.extend(range(pos, len(text)))
    ends.extend(range(pos + 1, len(text) + 1))
    return TextView("".join(out), tuple(starts), tuple(ends))


_SPACES = re.compile(r"\s+")


def display_text(text: str) -> str:
    """``text`` as users read it: LaTeX markup gone, white space folded."""
    return _SPACES.sub(" ", latex_view(text).text).strip()
