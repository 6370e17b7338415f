"""Regenerate ``pairs.jsonl`` from ``stories.py``: ``python tests/gold/dedup/build_pairs.py``.

Variants mimic what happens to ANTARA copy: a story republished under a new id with another
dateline/footer and a light edit, an English story updated with a new paragraph, and the same
event told by the other desk. Negatives are the other event of the same topic (hard) and
events of other topics. Deterministic: the same input gives the same file.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

from stories import EVENTS

HERE = Path(__file__).parent
FOOTER_ID = "\n\nPewarta: Fulan Sejahtera\nEditor: Siti Rahmawati\nCOPYRIGHT © ANTARA 2026"
UPDATE_EN = "\n\nThe authorities said further details would be announced later on {day}, {date}."


def article(event: dict, lang: str, number: int, *, body: str | None = None, hours: float = 0, mt: bool = True) -> dict:
    published = datetime.fromisoformat(event["date"]) + timedelta(hours=hours + (3 if lang == "en" else 0))
    if lang == "id":
        url = f"https://www.antaranews.com/berita/{5100000 + number}/{event['slug']}"
    else:
        url = f"https://en.antaranews.com/news/{415000 + number}/{event['slug']}"
    record = {
        "url": url,
        "lang": lang,
        "title": event[f"{lang}_title"],
        "body": body if body is not None else event[lang],
        "published_at": published.isoformat(),
    }
    if lang == "id" and mt and event.get("mt"):
        record["body_translated"] = event["mt"]
    return record


def republished_id(event: dict) -> str:
    """New dateline spelling, credits footer, one clause added to the first paragraph."""
    body = event["id"].replace("(ANTARA) - ", "(ANTARA News) - ", 1)
    first, _, rest = body.partition("\n\n")
    return f"{first.rstrip('.')}, menurut keterangan resmi.\n\n{rest}{FOOTER_ID}"


def updated_en(event: dict) -> str:
    date = datetime.fromisoformat(event["date"])
    return event["en"] + UPDATE_EN.format(day=date.strftime("%A"), date=date.strftime("%B %d"))


def pair(a: dict, b: dict, label: str, kind: str, note: str) -> dict:
    return {"a": a, "b": b, "label": label, "kind": kind, "note": note}


def build() -> list[dict]:
    rng = random.Random(20260512)
    pairs: list[dict] = []
    topics = [EVENTS[i : i + 2] for i in range(0, len(EVENTS), 2)]
    for n, event in enumerate(EVENTS):
        base_id, base_en = article(event, "id", n), article(event, "en", n)
        repub = article(event, "id", 500 + n, body=republished_id(event), hours=6)
        update = article(event, "en", 500 + n, body=updated_en(event), hours=4)
        pairs.append(pair(base_id, repub, "same_story", "near", "republished under a new id, edited"))
        pairs.append(pair(base_en, update, "same_story", "near", "English story updated with a paragraph"))
        pairs.append(pair(base_id, base_en, "same_story", "crosslingual", "ID and EN desks, same event"))
        if event.get("mt"):
            bare = article(event, "id", n, mt=False)
            pairs.append(pair(bare, base_en, "same_story", "crosslingual", "translation pending: anchors only"))
        else:
            pairs.append(pair(repub, base_en, "same_story", "crosslingual", "republished ID copy vs EN"))
    for first, second in topics:
        for lang in ("id", "en"):
            a = article(first, lang, EVENTS.index(first))
            b = article(second, lang, EVENTS.index(second))
            pairs.append(pair(a, b, "different", "near", "same topic, different event"))
        repub = article(first, "id", 500 + EVENTS.index(first), body=republished_id(first), hours=6)
        other = article(second, "id", EVENTS.index(second))
        pairs.append(pair(repub, other, "different", "near", "republished copy vs the topic's other event"))
        for x, y in ((first, second), (second, first)):
            # Publication dates are set within the window so only the content can tell the events apart.
            a = article(x, "id", EVENTS.index(x))
            b = article(y, "en", EVENTS.index(y))
            b["published_at"] = (datetime.fromisoformat(a["published_at"]) + timedelta(hours=5)).isoformat()
            pairs.append(pair(a, b, "different", "crosslingual", "same topic, different event, same day"))
    for _ in range(20):
        x, y = rng.sample(range(len(EVENTS)), 2)
        if x // 2 == y // 2:
            continue
        lang = rng.choice(("id", "en"))
        pairs.append(pair(article(EVENTS[x], lang, x), article(EVENTS[y], lang, y), "different", "near", "unrelated"))
        a, b = article(EVENTS[x], "id", x), article(EVENTS[y], "en", y)
        b["published_at"] = a["published_at"]
        pairs.append(pair(a, b, "different", "crosslingual", "unrelated, same day"))
    return pairs


def write_pairs(path: Path, pairs: list[dict]) -> None:
    """Write the pairs as JSON Lines and print how many there are of each kind and label."""
    with path.open("w", encoding="utf-8") as out:
        for record in pairs:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    counts: dict[tuple[str, str], int] = {}
    for record in pairs:
        counts[(record["kind"], record["label"])] = counts.get((record["kind"], record["label"]), 0) + 1
    print(counts)


def main() -> None:
    write_pairs(HERE / "pairs.jsonl", build())


if __name__ == "__main__":
    main()
