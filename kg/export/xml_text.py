"""XML written straight to text, in the bytes :mod:`xml.etree.ElementTree` writes for an indented tree.

Building an ElementTree of a large graph and serialising it costs more than the graph itself:
an object per element and attribute, then a recursive walk. :func:`element_text` writes an
element given as ``(tag, attributes, text, children)``, children as any iterable (a generator
streams them), with ElementTree's escaping, its ``<tag />`` for an element with neither text
nor children, and the indentation of :func:`xml.etree.ElementTree.indent` (each child on a line
of its own, ``unit`` once more per level). The GraphML and GEXF writers
(:mod:`kg.export.node_link`) use it; their tests compare it with ElementTree's output.

Examples
--------
>>> doc = ("a", {"k": 'say "hi"'}, None, [("b", {}, "x < y", ()), ("c", {"n": "1"}, None, ())])
>>> print("".join(element_text(doc, "  ")))
<a k="say &quot;hi&quot;">
  <b>x &lt; y</b>
  <c n="1" />
</a>
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import chain, islice
from typing import IO, Union

__all__ = ["Element", "element_text", "escape_attribute", "escape_text", "write_text"]

# (tag, attributes in the order written, text or None, children)
Element = tuple[str, Mapping[str, str], Union[str, None], Iterable["Element"]]


# What ElementTree escapes in character data, and in attribute values besides, in its order.
_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_ATTRIBUTE_ESCAPES = (*_TEXT_ESCAPES, ('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def _escaped(text: str, table: tuple[tuple[str, str], ...]) -> str:
    for char, entity in table:
        if char in text:
            text = text.replace(char, entity)
    return text


def escape_text(text: str) -> str:
    """Character data escaped as ElementTree escapes it (``&``, ``<``, ``>``)."""
    return _escaped(text, _TEXT_ESCAPES)


def escape_attribute(text: str) -> str:
    """An attribute value escaped as ElementTree escapes it (also quotes, CR, LF and tab)."""
    return _escaped(text, _ATTRIBUTE_ESCAPES)


def start_tag(tag: str, attrs: Mapping[str, str]) -> str:
    """``<tag a="v" ...`` without its closing ``>``."""
    return "<" + tag + "".join(f' {k}="{escape_attribute(v)}"' for k, v in attrs.items())


def _leaf(tag: str, attrs: Mapping[str, str], text: str | None) -> str:
    """An element without children: ``<tag a="v">text</tag>``, or ``<tag a="v" />`` without text."""
    start = start_tag(tag, attrs)
    return f"{start}>{escape_text(text)}</{tag}>" if text else start + " />"


def element_text(element: Element, unit: str, level: int = 0) -> Iterator[str]:
    """The text of ``element`` and its children, indented by ``unit`` per level from ``level``
    (an element with children and text of its own is not supported: these formats have none)."""
    tag, attrs, text, children = element
    rest = iter(children)
    first = next(rest, None)
    if first is None:
        yield _leaf(tag, attrs, text)
        return
    yield start_tag(tag, attrs) + ">"
    inner = "\n" + unit * (level + 1)
    for child in chain((first,), rest):
        yield inner
        if not isinstance(child[3], tuple) or child[3]:
            yield from element_text(child, unit, level + 1)
        else:  # a leaf, written here without a generator of its own (most elements are leaves)
            yield _leaf(*child[:3])
    yield "\n" + unit * level + f"</{tag}>"


def write_text(f: IO[bytes], parts: Iterable[str], chunk: int = 4096) -> None:
    """Write text ``parts`` to a binary file as UTF-8, ``chunk`` parts at a time."""
    parts = iter(parts)
    while batch := list(islice(parts, chunk)):
        f.write("".join(batch).encode("utf-8"))
