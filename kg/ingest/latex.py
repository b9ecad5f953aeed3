"""LaTeX markup in bibliographic text (BibTeX titles, abstracts, names) turned into plain Unicode.

Accents become composed letters (``{\\"u}`` → ü, ``\\'e`` → é, ``\\c{c}`` → ç, ``\\'\\i`` → í), named
symbols become characters (``\\ss`` → ß, ``{\\textless}`` → <, ``\\eta`` → η), formatting commands
keep their argument (``\\emph{x}`` → x), case-protecting braces go (``{BERT}`` → BERT), ``--`` and
``---`` become dashes, ``~`` a space and escaped specials (``\\&``, ``\\%``, ``\\{``) their character. A
command not in the table is left as written rather than guessed at. The tables live in
``resources/latex_symbols.json``.

Examples
--------
>>> latex_to_text(r"{Sch{\\"o}lkopf}, Bernhard and M\\"uller, Klaus-Robert")
'Schölkopf, Bernhard and Müller, Klaus-Robert'
>>> latex_to_text(r"{BERT}: Pre-training for {L}anguage -- a {\\textless}50\\% \\emph{cost} method")
'BERT: Pre-training for Language – a <50% cost method'
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["latex_to_text", "strip_braces"]

# Private-use characters stand in for escaped specials (\&, \%...) until the end; a run of them that
# the text does not hold is chosen, so that private-use characters in the input come out as they went in.
_PLACEHOLDER_RANGES = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))


def _placeholder_base(text: str, count: int) -> int:
    """The first code point of ``count`` consecutive private-use characters none of which is in ``text``.

    Examples
    --------
    >>> hex(_placeholder_base("plain", 3)), hex(_placeholder_base("\ue000\ue001", 3))
    ('0xe000', '0xe002')
    """
    used = {ord(c) for c in text if 0xE000 <= ord(c) <= 0xF8FF or ord(c) >= 0xF0000}
    for first, last in _PLACEHOLDER_RANGES:
        base = first
        while base + count - 1 <= last:
            clash = next((c for c in range(base, base + count) if c in used), None)
            if clash is None:
                return base
            base = clash + 1
    raise ValueError("no free private-use characters")  # a text would need 137,000 distinct ones


@dataclass(frozen=True)
class _Tables:
    accents: dict[str, str]
    symbols: dict[str, str]
    keep_argument: frozenset[str]
    escapes: dict[str, str]
    escape_re: re.Pattern[str]
    symbol_accent_re: re.Pattern[str]
    letter_accent_re: re.Pattern[str]


@cache
def _tables() -> _Tables:
    text = resources.files("kg.ingest").joinpath("resources/latex_symbols.json").read_text("utf-8")
    data = json.loads(text)
    accents: dict[str, str] = data["accents"]
    symbol_marks = "".join(re.escape(k) for k in accents if not k.isalpha())
    letter_marks = "".join(k for k in accents if k.isalpha())
    base = r"(\\[ij](?![A-Za-z])|[A-Za-z])"
    return _Tables(
        accents=accents,
        symbols=data["symbols"],
        keep_argument=frozenset(data["keep_argument"]),
        escapes=data["escapes"],
        escape_re=re.compile(r"\\([" + "".join(re.escape(k) for k in data["escapes"]) + "])"),
        # \"u  \"{u}  \'{\i}  — the mark is one character, the letter may sit in braces
        symbol_accent_re=re.compile(r"\\([" + symbol_marks + r"])\s*(?:\{\s*" + base + r"?\s*\}|" + base + ")"),
        # \c{c}  \c c  \v{s} — the mark is a letter, so a brace or a space must follow it
        letter_accent_re=re.compile(
            r"\\([" + letter_marks + r"])(?![A-Za-z])(?:\s*\{\s*" + base + r"\s*\}|\s+" + base + ")"
        ),
    )


def _compose(base: str | None, mark: str) -> str:
    if not base:
        return ""
    letter = {"\\i": "i", "\\j": "j"}.get(base, base)
    return unicodedata.normalize("NFC", letter + mark)


def strip_braces(text: str) -> str:
    """Remove grouping braces and unescape specials, for values that are not prose (URLs, DOIs).

    Examples
    --------
    >>> strip_braces(r"{10.1000/x\\_y}")
    '10.1000/x_y'
    """
    return re.sub(r"\\([&%#_$])", r"\1", text).replace("{", "").replace("}", "")


def latex_to_text(text: str) -> str:
    """Plain Unicode text of a LaTeX-marked-up string (see the module docstring)."""
    t = _tables()
    escapes = list(t.escapes)
    s = text.replace("\\\\", " ")  # a forced line break
    base = _placeholder_base(s, len(escapes))
    s = t.escape_re.sub(lambda m: chr(base + escapes.index(m.group(1))), s)
    s = t.symbol_accent_re.sub(lambda m: _compose(m.group(2) or m.group(3), t.accents[m.group(1)]), s)
    s = t.letter_accent_re.sub(lambda m: _compose(m.group(2) or m.group(3), t.accents[m.group(1)]), s)
    s = s.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”").replace("~", " ")
    s = re.sub(r"\\href\s*\{[^{}]*\}", "", s)  # keep the link text, not the target

    def command(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in t.symbols:
            return t.symbols[name]
        if name in t.keep_argument:
            return ""
        return m.group(0)

    # LaTeX swallows the space after a control word; an empty group after it is only a separator.
    s = re.sub(r"\\([A-Za-z]+)\*?(?:\s*\{\}|\s*(?=\{))?", command, s)
    s = s.replace("{", "").replace("}", "")
    restore = {chr(base + i): t.escapes[k] for i, k in enumerate(escapes)}
    s = "".join(restore.get(c, c) for c in s)
    return unicodedata.normalize("NFC", s)
