"""Regenerate ``hard_pairs.jsonl`` from ``hard_stories.py``: ``python tests/gold/dedup/build_hard_pairs.py``.

The pairs the easy set lacks (issue #13): *edited translations* — each edition keeps a different ~70 % of
the sentences, one adjacent pair merged, paragraphs regrouped — with and without a machine translation of
the Indonesian side (the English sentences of the sentences the Indonesian side kept stand in for it);
*same topic, different story* (two floods, two court hearings of one case, two vaccination drives); and
*same-day wire updates* (opening vs closing rupiah, morning vs evening weather alert) that share the
template, the analyst and most words, but not the figures. Deterministic: the same input gives the same file.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

from build_pairs import write_pairs
from hard_stories import HARD_EVENTS

HERE = Path(__file__).parent
#: Share of the sentences each edition keeps in an edited translation.
KEEP = 0.7
#: Edited translations per event: (with a machine translation?, seed offset).
POSITIVE_VARIANTS = ((False, 0), (False, 1), (True, 2))


def kept_indices(rng: random.Random, count: int) -> list[int]:
    return sorted(rng.sample(range(count), max(3, round(count * KEEP))))


def edited(rng: random.Random, sentences: list[str]) -> str:
    """Merge one adjacent pair of sentences and regroup into paragraphs of one to three sentences."""
    sents = list(sentences)
    if len(sents) > 3:
        at = rng.randrange(len(sents) - 1)
        sents[at : at + 2] = [sents[at] + " " + sents[at + 1]]
    paragraphs, current = [], []
    for sentence in sents:
        current.append(sentence)
        if len(current) >= rng.choice((1, 2, 3)):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


def article(event: dict, lang: str, number: int, body: str, hours: float, mt: str | None = None) -> dict:
    published = datetime.fromisoformat(event["date"]) + timedelta(hours=hours)
    if lang == "id":
        url = f"https://www.antaranews.com/berita/{5200000 + number}/{event['slug']}"
    else:
        url = f"https://en.antaranews.com/news/{425000 + number}/{event['slug']}"
    record = {
        "url": url,
        "lang": lang,
        "title": "",
        "body": f"{event['city']} (ANTARA) - {body}",
        "published_at": published.isoformat(),
    }
    if mt:
        record["body_translated"] = mt
    return record


def edition_pair(event: dict, number: int, seed: int, with_mt: bool) -> tuple[dict, dict]:
    """An Indonesian article and its edited English version, each keeping a different ~70 % of the sentences."""
    rng = random.Random(f"{event['slug']}/{seed}")
    keep_id, keep_en = kept_indices(rng, len(event["id"])), kept_indices(rng, len(event["en"]))
    mt = " ".join(event["en"][i] for i in keep_id) if with_mt else None
    id_side = article(event, "id", number, edited(rng, [event["id"][i] for i in keep_id]), 0, mt)
    en_side = article(event, "en", number, edited(rng, [event["en"][i] for i in keep_en]), 1 + rng.random() * 5)
    return id_side, en_side


def pair(a: dict, b: dict, label: str, kind: str, note: str) -> dict:
    return {"a": a, "b": b, "label": label, "kind": kind, "note": note}


def build() -> list[dict]:
    pairs: list[dict] = []
    for n, event in enumerate(HARD_EVENTS):
        for with_mt, seed in POSITIVE_VARIANTS:
            a, b = edition_pair(event, 10 * n + seed, seed, with_mt)
            note = "edited translation, machine translation given" if with_mt else "edited translation, no MT"
            pairs.append(pair(a, b, "same_story", "crosslingual", note))
        full = article(event, "id", 10 * n + 7, " ".join(event["id"]), 0)
        trimmed, _ = edition_pair(event, 10 * n + 5, 5, False)
        pairs.append(pair(full, trimmed, "same_story", "near", "the full story and a trimmed, regrouped copy"))
    by_topic: dict[str, list[tuple[int, dict]]] = {}
    for n, event in enumerate(HARD_EVENTS):
        by_topic.setdefault(event["topic"], []).append((n, event))
    for (n, first), (m, second) in by_topic.values():
        kind_note = "same-day wire update" if first.get("wire") else "same topic, different story"
        for (i, x), (j, y) in (((n, first), (m, second)), ((m, second), (n, first))):
            for with_mt, seed in ((False, 0), (True, 2)):
                a, _ = edition_pair(x, 10 * i + seed, seed, with_mt)
                _, b = edition_pair(y, 10 * j + seed, seed, False)
                # Published within hours of each other, so only the content can tell the stories apart.
                b["published_at"] = (datetime.fromisoformat(a["published_at"]) + timedelta(hours=3)).isoformat()
                mt_note = ", machine translation given" if with_mt else ", no MT"
                pairs.append(pair(a, b, "different", "crosslingual", kind_note + mt_note))
            a, _ = edition_pair(x, 10 * i, 0, False)
            b, _ = edition_pair(y, 10 * j + 1, 1, False)
            pairs.append(pair(a, b, "different", "near", kind_note))
    return pairs


def main() -> None:
    write_pairs(HERE / "hard_pairs.jsonl", build())


if __name__ == "__main__":
    main()
