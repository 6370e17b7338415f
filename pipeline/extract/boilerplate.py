"""Text-level boilerplate rules: what survives HTML cleaning but is not article text.

ANTARA prints credits, copyright lines, related-news links and legal notices as plain text
inside the body element, sometimes glued to each other without separators. These rules run on
the paragraph lines the engine produced; each rule is a regular expression in a table, so a new
marker is a new row, not a new branch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.house_style import AI_NOTICE, COPYRIGHT, CREDIT_ROLES, RELATED_LABELS
from pipeline.textgate import Gated, fold_like_ignorecase

#: A whole line is dropped when it matches one of these (anchored at the line start).
DROP_LINE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:" + "|".join(RELATED_LABELS) + r")\s*:",
        r"^" + COPYRIGHT,
        r"^edited by\b",
        r"^(?:tampilkan ringkasan artikel|dengarkan artikel)$",
        r"^(?:bagikan|share)\s*:?$",
        r"^(?:tags?|topik)\s*:",
    )
)

#: Substrings cut out of any line (leaked scripts, the 2025 AI notice, glued copyright tails), each with the words
#: every match of it contains: a line without them is not searched (see :mod:`pipeline.textgate`).
STRIP_PATTERNS: tuple[Gated, ...] = tuple(
    Gated(re.compile(pattern, re.IGNORECASE), needles)
    for pattern, needles in (
        (r"\(\s*adsbygoogle\s*=\s*window\.adsbygoogle\s*\|\|\s*\[\]\s*\)\.push\(\s*\{\s*\}\s*\);?", ("adsbygoogle",)),
        (AI_NOTICE, ("dilarang",)),
        (r"\s*" + COPYRIGHT + r"\s*ANTARA[\w ]*?\d{4}\s*$", ("copyright", "cipta")),
        (r"\s*\bEDITED BY\s+[A-Z][A-Z .]*$", ("edited by",)),
    )
)

#: Credit labels → the field they fill. Case-sensitive on purpose: labels are capitalised, and
#: the glued form ("…SavitriEditor: …") has no word boundary before the label.
CREDIT_LABELS: dict[str, str] = CREDIT_ROLES
_LABEL = "|".join(CREDIT_LABELS)
_CREDIT_SPLIT = re.compile(rf"(?:^|(?<=[^\w])|(?<=[a-z]))({_LABEL})\s*:\s*")
_CREDIT_LINE = re.compile(rf"^(?:{_LABEL})\s*:")
#: A credit run glued to the end of a body sentence: "…katanya.Pewarta: X".
_GLUED_CREDIT_TAIL = Gated(re.compile(rf"(?<=[.!?\"”])\s*(?:{_LABEL})\s*:.*$"))
_CREDIT_VALUE_END = re.compile(r"\s*(?:(?:copyright|hak cipta)\s*(?:©|\(c\)).*|EDITED BY.*)$", re.IGNORECASE)
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|/|\bdan\b|\band\b|&)\s*")


@dataclass
class Credits:
    """Reporter, editor and translator as printed in credit lines (names comma-separated)."""

    reporter: str | None = None
    editor: str | None = None
    translator: str | None = None
    found: list[str] = field(default_factory=list)

    def merge(self, other: Credits) -> None:
        """Fill the fields still empty from ``other`` (the first source that names a role wins)."""
        for role in ("reporter", "editor", "translator"):
            if getattr(self, role) is None:
                setattr(self, role, getattr(other, role))
        self.found.extend(other.found)


def normalise_names(raw: str) -> str | None:
    """``"A ,B dan C"`` → ``"A, B, C"``; empty → None."""
    names = [n.strip(" .:-–") for n in _NAME_SEPARATORS.split(raw)]
    names = [n for n in names if n]
    return ", ".join(names) or None


def parse_credits(text: str) -> Credits:
    """Read every ``Label: names`` pair in ``text``, including labels glued to the previous name."""
    credits = Credits()
    parts = _CREDIT_SPLIT.split(text)
    # parts = [before, label1, value1, label2, value2, …]
    for label, value in zip(parts[1::2], parts[2::2], strict=True):
        value = _CREDIT_VALUE_END.sub("", value.splitlines()[0] if value else "")
        role = CREDIT_LABELS[label]
        names = normalise_names(value)
        if names and getattr(credits, role) is None:
            setattr(credits, role, names)
            credits.found.append(f"{label}: {names}")
    return credits


def is_credit_line(line: str) -> bool:
    return bool(_CREDIT_LINE.match(line))


def clean_lines(lines: list[str]) -> tuple[list[str], Credits]:
    """Drop boilerplate lines, cut leaked fragments; return the kept paragraphs and any credits seen."""
    kept: list[str] = []
    credits = Credits()
    for raw in lines:
        line = _squash(raw)
        if is_credit_line(line):
            credits.merge(parse_credits(line))
            continue
        glued = _GLUED_CREDIT_TAIL.search(line)
        if glued:
            credits.merge(parse_credits(glued.group(0).strip()))
            line = line[: glued.start()]
        line = _strip_fragments(line)
        line = line.strip()
        if line and not any(p.match(line) for p in DROP_LINE_PATTERNS):
            kept.append(line)
    return kept, credits


def _strip_fragments(line: str) -> str:
    """Cut every :data:`STRIP_PATTERNS` match, pattern by pattern; the line is folded once for their gates (again
    only after a cut, which may join the words of a later pattern)."""
    folded = fold_like_ignorecase(line)
    for pattern in STRIP_PATTERNS:
        cut = pattern.sub("", line, folded)
        if cut != line:
            line, folded = cut, fold_like_ignorecase(cut)
    return line


def _squash(text: str) -> str:
    """Collapse runs of whitespace (incl. NBSP and stray CR from ``&#13;``) into single spaces."""
    return " ".join(text.split())
