"""The gates in front of the case-insensitive footer patterns change nothing but the time they take."""

from __future__ import annotations

import random
import re
import string
import sys

import pytest

from pipeline import house_style
from pipeline.extract.boilerplate import STRIP_PATTERNS, _strip_fragments
from pipeline.textgate import IGNORECASE_ASCII_TWINS, Gated, fold_like_ignorecase

#: Pieces that make lines look like footers, almost-footers and story text, in odd cases and spacings.
PIECES = (
    "Pewarta", "pewarta :", "REPORTER:", "Editor", "editor:", "Oleh", "oleh:", "Edited by", "EDITED  BY", "edited",
    "Copyright", "COPYRIGHT ©", "copyright(c)", "Hak Cipta ©", "hak\tcipta &copy;", "HAK CIPTA", "© ANTARA", "©antara",
    "Dilarang keras mengambil konten", "DILARANG KERAS", "dılarang keras mengambil konten", "Baca juga:", "BACA JUGA",
    "Related news :", "also read", "Lihat juga:", "İ", "ı", "ſ", "\u212a", "\u00a0", "\u2028", "\x1c", "\u3000",
    "Translator:", "PENERJEMAH :", "penerjemah", "(adsbygoogle = window.adsbygoogle || []).push({});", "EDITED BY ADI",
    "(ADSBYGOOGLE=window.adsbygoogle||[]).push({})", "Copyright © ANTARA 2026", "melakukan crawling", "2026",
    "Hak Cipta © ANTARA 2026", "hak  cipta (c) antara 2025",
    "Cipta", "Kantor Berita ANTARA.", "katanya.", "warga", "  ", "\t",
)  # fmt: skip


def varied_lines(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    filler = string.ascii_letters + " .,:;()-"
    lines = []
    for _ in range(count):
        parts = [rng.choice(PIECES) if rng.random() < 0.6 else "".join(rng.choices(filler, k=rng.randint(1, 12)))]
        parts += [rng.choice(PIECES) for _ in range(rng.randint(0, 4))]
        lines.append(rng.choice(("", " ", "")).join(parts))
    return lines


def test_the_twins_table_is_every_character_ignorecase_matches_to_an_ascii_letter() -> None:
    letter = re.compile("[a-z]", re.IGNORECASE)
    twins = {chr(c) for c in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(c))}
    assert twins == {chr(c) for c in IGNORECASE_ASCII_TWINS}
    for char, ascii_letter in IGNORECASE_ASCII_TWINS.items():
        assert re.fullmatch(ascii_letter, chr(char), re.IGNORECASE)


def test_folding_finds_what_ignorecase_matches() -> None:
    assert "dilarang" in fold_like_ignorecase("DİLARANG") and "dilarang" in fold_like_ignorecase("dıLARANG")
    assert "ask" in fold_like_ignorecase("AS\u212a") and "copyright" in fold_like_ignorecase("COPYRIGHT")


def test_is_footer_line_decides_as_the_footer_pattern() -> None:
    lines = varied_lines(3000)
    for line in lines:
        assert house_style.is_footer_line(line) == bool(house_style.FOOTER_LINE.search(line)), line
        text = f"x\n{line}\ny"
        assert house_style.footer_line_test(text)(line) == bool(house_style.FOOTER_LINE.search(line)), line
        assert house_style.footer_line_test(text, fold_like_ignorecase(text))(line) == bool(
            house_style.FOOTER_LINE.search(line)
        ), line
    footers = sum(house_style.is_footer_line(line) for line in lines)
    assert 300 < footers < 2700, "the lines mix footers and story text"


@pytest.mark.parametrize(
    "gated", [house_style.FOOTER_ANYWHERE, house_style.GLUED_FOOTER_GATED, *STRIP_PATTERNS], ids=repr
)
def test_a_gated_pattern_finds_and_replaces_what_the_pattern_does(gated: Gated) -> None:
    texts = varied_lines(2000, seed=11) + ["\n".join(varied_lines(12, seed=s)) for s in range(200)]
    for text in texts:
        expected = gated.pattern.search(text)
        found = gated.search(text)
        assert (found and found.span()) == (expected and expected.span()), text
        assert gated.sub("", text) == gated.pattern.sub("", text), text


def test_needles_must_be_lowercase_ascii() -> None:
    with pytest.raises(ValueError, match="lowercase ASCII"):
        Gated(re.compile("Copyright", re.IGNORECASE), ("Copyright",))


def test_fragments_are_cut_as_by_every_pattern_in_turn() -> None:
    lines = [" ".join(line.split()) for line in varied_lines(3000, seed=5)]
    for line in lines:
        expected = line
        for gated in STRIP_PATTERNS:
            expected = gated.pattern.sub("", expected)
        assert _strip_fragments(line) == expected, line
    assert sum(_strip_fragments(line) != line for line in lines) > 300, "the lines hold fragments to cut"
