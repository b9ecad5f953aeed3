"""Text for the terminal: whatever an input holds is shown, never obeyed.

Titles, abstracts, file names and the lines quoted in warnings come from files nobody checked; a
control character in them (``\\x1b[2J`` clears the screen, ``\\u202e`` reverses the line) is printed
as its escape instead.

>>> printable("CIFAR-10\\x1b[2J\\u202e ok")
'CIFAR-10\\\\x1b[2J\\\\u202e ok'
"""
from __future__ import annotations

__all__ = ["printable"]


def printable(text: str) -> str:
    """``text`` with control and formatting characters escaped (``\\x1b``, ``\\u202e``); spaces kept."""
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text)
