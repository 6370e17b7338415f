"""``python -m pipeline.evaluate alignment-set``: edited document pairs, built from a sentence-aligned test set.

The aligner's targets (issue 16) are stated on *edited translation pairs*: each side drops, merges and reorders some
sentences and carries a stray one, as ANTARA's two editions do. Public Indonesian/English test sets are sentence-aligned
streams (FLORES-200, NTREX-128, the Guntara news test), so a contiguous run of their lines is an article pair with a
known alignment; editing the two sides independently, and tracking which source lines each edited sentence holds,
gives the gold links. The test sets are read at run time from the paths given (never copied into the repository)::

    python -m pipeline.evaluate alignment-set --pairs ind_Latn.devtest eng_Latn.devtest --seed 1 --out flores-1.jsonl
    python -m pipeline.evaluate alignment flores-1.jsonl

``--with-mt FILE`` adds ``a.translated`` from a file of machine translations line-parallel with SRC (e.g. the output
of ``python -m pipeline.evaluate translation --hyp-out``). Where no system output is at hand, ``--mt-standin`` writes a
*stand-in*: the reference line of each a-sentence, degraded word by word (drops, substitutions, local swaps) to the
chrF a news MT system reaches (``STANDIN_NOISE``). It is a stand-in for calibration, not a translation, and the
figures it gives are labelled so.

Each document: a run of 5-40 source lines; per side, independently, each line is dropped with ``drop`` probability,
neighbours are merged into one sentence with ``merge`` (a 1-2 or 2-1 link), neighbours swap places with ``swap``, and
``strays`` unrelated sentences (lines from far away in the set) are inserted. A sentence of one side links to every
sentence of the other that shares a source line; lines kept on one side only are unaligned.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Language of a test-set file, from the tokens its name carries (FLORES ``ind_Latn``, NTREX ``ref.ind``, ``test.id``).
LANGUAGE_TOKENS = {"ind": "id", "id": "id", "eng": "en", "en": "en"}
MIN_SENTENCES, MAX_SENTENCES = 5, 40
#: How two merged sentences are joined: translators write one sentence with a comma, a semicolon or "and".
JOINERS: dict[str, tuple[str, ...]] = {"id": (" ", "; ", ", dan "), "en": (" ", "; ", ", and ")}


@dataclass(frozen=True)
class Edits:
    """Per-side edit rates (probabilities per source line or per neighbouring pair) and strays per side."""

    drop: float = 0.1
    merge: float = 0.1
    swap: float = 0.06
    strays: int = 1


@dataclass(frozen=True)
class StandinNoise:
    """Word-level degradation of a reference that brings its sentence chrF near a real system's (about 0.6)."""

    drop: float = 0.12
    substitute: float = 0.17
    swap: float = 0.1


STANDIN_NOISE = StandinNoise()


@dataclass
class Sentence:
    """An edited sentence and the source lines it holds (two for a merge, one of a far-away line for a stray)."""

    text: str
    lines: tuple[int, ...]
    translated: str | None = None
    stray: bool = False


@dataclass
class ParallelSet:
    a: list[str]
    b: list[str]
    a_lang: str
    b_lang: str
    mt: list[str] | None = None
    vocabulary: list[str] = field(default_factory=list)


def language_of(path: Path) -> str:
    """The language a test-set file name names (``ind_Latn.devtest`` → ``id``); ValueError when it names none."""
    tokens = path.name.lower().replace("_", ".").replace("-", ".").split(".")
    found = {LANGUAGE_TOKENS[t] for t in tokens if t in LANGUAGE_TOKENS}
    if len(found) != 1:
        raise ValueError(f"cannot tell the language of {path.name}: pass --langs")
    return found.pop()


def degrade(text: str, rng: random.Random, vocabulary: Sequence[str], noise: StandinNoise = STANDIN_NOISE) -> str:
    """The MT stand-in of one reference sentence: words dropped, substituted by random words of the set, swapped."""
    words: list[str] = []
    for word in text.split():
        roll = rng.random()
        if roll < noise.drop:
            continue
        words.append(rng.choice(vocabulary) if roll < noise.drop + noise.substitute and vocabulary else word)
    for k in range(len(words) - 1):
        if rng.random() < noise.swap:
            words[k], words[k + 1] = words[k + 1], words[k]
    return " ".join(words) or text


def _edit_side(
    texts: Sequence[str],
    lines: range,
    mt: Sequence[str] | None,
    strays: Sequence[int],
    lang: str,
    edits: Edits,
    rng: random.Random,
    protected: set[int],
) -> list[Sentence]:
    """One side of a document: drops, merges (never of a line in ``protected``), swaps, then the strays."""

    def sentence(line: int) -> Sentence:
        return Sentence(texts[line], (line,), mt[line] if mt else None)

    kept = [sentence(k) for k in lines if rng.random() >= edits.drop]
    merged: list[Sentence] = []
    for current in kept:
        previous = merged[-1] if merged else None
        mergeable = (
            previous is not None
            and len(previous.lines) == 1
            and previous.lines[0] + 1 == current.lines[0]
            and not protected & {previous.lines[0], current.lines[0]}
        )
        if previous is not None and mergeable and rng.random() < edits.merge:
            joiner = rng.choice(JOINERS[lang])
            head = previous.text.rstrip(".") if joiner != " " else previous.text
            translated = f"{previous.translated} {current.translated}" if previous.translated else None
            merged[-1] = Sentence(head + joiner + current.text, (*previous.lines, *current.lines), translated)
        else:
            merged.append(current)
    k = 0
    while k < len(merged) - 1:
        if rng.random() < edits.swap:
            merged[k], merged[k + 1] = merged[k + 1], merged[k]
            k += 1  # a swapped sentence is not swapped again: a neighbour moves one place
        k += 1
    for line in strays:
        stray = sentence(line)
        stray.stray = True
        merged.insert(rng.randint(0, len(merged)), stray)
    return merged


def _merged_lines(side: Sequence[Sentence]) -> set[int]:
    return {line for s in side if len(s.lines) > 1 for line in s.lines}


def gold_links(a: Sequence[Sentence], b: Sequence[Sentence]) -> list[list[list[int]]]:
    """Links between the sentences of the two sides that hold a common source line (strays hold none)."""
    links = []
    for i, left in enumerate(a):
        if left.stray:
            continue
        for j, right in enumerate(b):
            if not right.stray and set(left.lines) & set(right.lines):
                links.append((i, j))
    by_a: dict[int, list[int]] = {}
    for i, j in links:
        by_a.setdefault(i, []).append(j)
    groups: dict[tuple[int, ...], list[int]] = {}
    for i, js in by_a.items():
        groups.setdefault(tuple(js), []).append(i)
    return sorted([[sorted(is_), list(js)] for js, is_ in groups.items()])


def _stray_lines(total: int, run: range, count: int, rng: random.Random) -> list[int]:
    """Lines far from the document's run: a sentence from another story."""
    far = [k for k in range(total) if k < run.start - MAX_SENTENCES or k >= run.stop + MAX_SENTENCES]
    return rng.sample(far, min(count, len(far)))


def build_document(test_set: ParallelSet, run: range, edits: Edits, rng: random.Random) -> dict:
    """One edited document pair (the evaluator's JSON Lines record) from the source lines ``run``."""
    total = len(test_set.a)
    a = _edit_side(
        test_set.a, run, test_set.mt, _stray_lines(total, run, edits.strays, rng), test_set.a_lang, edits, rng, set()
    )
    b = _edit_side(
        test_set.b,
        run,
        None,
        _stray_lines(total, run, edits.strays, rng),
        test_set.b_lang,
        edits,
        rng,
        _merged_lines(a),
    )
    a_side: dict = {"lang": test_set.a_lang, "sentences": [s.text for s in a]}
    if test_set.mt is not None:
        a_side["translated"] = [s.translated or "" for s in a]
    return {
        "a": a_side,
        "b": {"lang": test_set.b_lang, "sentences": [s.text for s in b]},
        "links": gold_links(a, b),
        "source_lines": [run.start, run.stop],
    }


def runs(total: int, rng: random.Random) -> list[range]:
    """Consecutive runs of 5-40 lines covering the set once (a seed moves every boundary)."""
    out, start = [], rng.randint(0, MIN_SENTENCES)
    while start + MIN_SENTENCES <= total:
        length = rng.randint(MIN_SENTENCES, MAX_SENTENCES)
        out.append(range(start, min(start + length, total)))
        start += length
    return out


def build_set(test_set: ParallelSet, seed: int, edits: Edits = Edits(), limit: int = 0) -> list[dict]:
    rng = random.Random(seed)
    documents = [build_document(test_set, run, edits, rng) for run in runs(len(test_set.a), rng)]
    return documents[:limit] if limit else documents


def standin_mt(b_lines: Sequence[str], seed: int) -> list[str]:
    """The degraded-reference stand-in for a machine translation of every a-line (see the module docstring)."""
    rng = random.Random(f"standin-{seed}")
    vocabulary = sorted({word for line in b_lines for word in line.split()})
    return [degrade(line, rng, vocabulary) for line in b_lines]


def _read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def load_test_set(src: Path, tgt: Path, langs: Sequence[str] | None, mt_file: Path | None) -> ParallelSet:
    a, b = _read(src), _read(tgt)
    if len(a) != len(b):
        raise ValueError(f"{src} has {len(a)} lines and {tgt} {len(b)}: the files must be line-parallel")
    a_lang, b_lang = langs if langs else (language_of(src), language_of(tgt))
    mt = _read(mt_file) if mt_file else None
    if mt is not None and len(mt) != len(a):
        raise ValueError(f"{mt_file} has {len(mt)} lines for {len(a)} source lines")
    return ParallelSet(a, b, a_lang, b_lang, mt)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.evaluate alignment-set", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--pairs", nargs=2, type=Path, required=True, metavar=("SRC", "TGT"), help="line-parallel")
    parser.add_argument("--out", type=Path, required=True, help="JSON Lines for `evaluate alignment`")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--langs", nargs=2, metavar=("A", "B"), help="languages of SRC and TGT (default: file names)")
    mt = parser.add_mutually_exclusive_group()
    mt.add_argument("--with-mt", type=Path, help="machine translation of SRC into TGT's language, line-parallel")
    mt.add_argument("--mt-standin", action="store_true", help="degraded references as a stand-in MT (calibration)")
    parser.add_argument("--limit", type=int, default=0, help="at most N documents")
    for name, default in (("drop", 0.1), ("merge", 0.1), ("swap", 0.06)):
        parser.add_argument(f"--{name}", type=float, default=default, help=f"per-side rate (default {default})")
    parser.add_argument("--strays", type=int, default=1, help="stray sentences per side (default 1)")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    src, tgt = args.pairs
    try:
        test_set = load_test_set(src, tgt, args.langs, args.with_mt)
    except (OSError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.mt_standin:
        test_set.mt = standin_mt(test_set.b, args.seed)
    edits = Edits(args.drop, args.merge, args.swap, args.strays)
    documents = build_set(test_set, args.seed, edits, args.limit)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for document in documents:
            out.write(json.dumps(document, ensure_ascii=False) + "\n")
    links = sum(len(d["links"]) for d in documents)
    summary = {"documents": len(documents), "links": links, "seed": args.seed, "mt": _mt_kind(args)}
    print(json.dumps(summary, sort_keys=True))
    return 0


def _mt_kind(args: argparse.Namespace) -> str | None:
    return "standin" if args.mt_standin else str(args.with_mt) if args.with_mt else None
