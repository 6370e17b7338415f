"""Cheap gates in front of case-insensitive regular expressions that are tried at every position of a text.

Python's regex engine has no fast scan for a pattern compiled with ``re.IGNORECASE`` (it cannot skip to a literal
prefix), so a footer or notice pattern costs about 0.1 µs per character of every body, although almost no body
contains a footer. A gate answers "can this pattern match here at all?" first, from what every match must contain,
and the pattern runs only where the answer is yes — so the results are exactly the pattern's, at a fraction of the
cost. Two kinds of gate:

* ``needles``: literal words, one of which every match contains, looked up with ``str.__contains__`` (a fast
  C search) in the text folded the way ``re.IGNORECASE`` compares ASCII letters (:func:`fold_like_ignorecase`);
* without needles, the pattern minus its optional lead-in (``\\s*``, ``\\b``, a lookbehind), which the engine can
  find by a fast scan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: The non-ASCII characters that ``re.IGNORECASE`` matches against an ASCII letter (``İ`` and ``ı`` match ``i``,
#: ``ſ`` matches ``s``, the Kelvin sign matches ``k``), mapped onto that letter; tests/extract/test_textgate.py checks
#: the list against every code point.
IGNORECASE_ASCII_TWINS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})

_TWINS = "".join(map(chr, IGNORECASE_ASCII_TWINS))


def fold_like_ignorecase(text: str) -> str:
    """Lowercase ``text`` so that a lowercase ASCII word is a substring of the result wherever ``re.IGNORECASE``
    would match that word in ``text`` (it may also be found where the regex would not: a gate only filters)."""
    if not text.isascii() and any(twin in text for twin in _TWINS):  # translate() is slow: 0.2 µs a character
        text = text.translate(IGNORECASE_ASCII_TWINS)
    return text.lower()


class Gated:
    """A pattern searched only where its gate says it can match (see the module docstring)."""

    __slots__ = ("needles", "pattern", "probe")
    _LEAD_IN = re.compile(r"^(?:\\s\*|\\b|\(\?<=[^()]*\))+")

    def __init__(self, pattern: re.Pattern[str], needles: Sequence[str] = ()) -> None:
        self.pattern = pattern
        self.needles = tuple(needles)
        if any(not (n.isascii() and n == n.lower() and n) for n in self.needles):
            raise ValueError(f"needles must be non-empty lowercase ASCII: {self.needles!r}")
        rest = self._LEAD_IN.sub("", pattern.pattern, count=1)
        self.probe = re.compile(rest, pattern.flags) if not needles and rest != pattern.pattern else None

    def __repr__(self) -> str:
        return f"Gated({self.pattern.pattern[:40]!r}…, needles={self.needles!r})"

    def possible(self, text: str, folded: str | None = None) -> bool:
        """False only where the pattern cannot match ``text`` (``folded``: :func:`fold_like_ignorecase` of a text
        that contains ``text``, computed once for many gates)."""
        if self.needles:
            folded = fold_like_ignorecase(text) if folded is None else folded
            return any(needle in folded for needle in self.needles)
        return self.probe is None or self.probe.search(text) is not None

    def search(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        return self.pattern.search(text) if self.possible(text, folded) else None

    def sub(self, replacement: str, text: str, folded: str | None = None, count: int = 0) -> str:
        return self.pattern.sub(replacement, text, count=count) if self.possible(text, folded) else text
