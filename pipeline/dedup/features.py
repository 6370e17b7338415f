"""Per-article dedup features: everything the linker compares, computed once and stored in the index.

They are computed where the CPU is plentiful — a backfill's worker processes, after translation — and handed to the
single-writer load as a run file (:class:`FeatureRecord` JSON Lines, no pickle). Each record carries a
:func:`feature_stamp` of what it was computed from (key, language, date, body, translation, this module's version):
the load recomputes any feature that is missing or whose stamp no longer matches its article.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel

from pipeline.dedup import signatures
from pipeline.dedup.anchors import anchors_of_stripped, number_tokens
from pipeline.dedup.lexicon import bridge_tokens, number_bridge_tokens
from pipeline.dedup.normalise import normalise_body, normalised, shingles, word_list, words
from pipeline.models import Article, TranslationStatus

#: Word n-gram size of the near-duplicate shingles (doc §7.2: 5-shingles keep different stories below J 0.01).
SHINGLE_SIZE = 5
#: Function words dropped before the machine-translation similarity, so it measures shared content.
STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        word_list("""the a an and or but of to in on at for with from by as is are was were be been being has have had
        it its this that these those he she they we you his her their our said says will would can could also not
        which who whom than then there after before over into about more most such other some any all one two
        three on up out new""")
    ),
    "id": frozenset(
        word_list("""yang dan di ke dari ini itu dengan untuk pada dalam tidak akan juga ada oleh atau karena
        bahwa telah sudah masih lebih para serta agar kata ujar tutur katanya ia dia mereka kami kita saat
        sebagai tersebut hingga secara namun sementara bisa dapat harus menjadi yakni yaitu satu dua tiga baru""")
    ),
}
MIN_CONTENT_WORD = 3
#: Bump when :func:`article_features` changes what it computes: every precomputed record becomes stale.
FEATURES_VERSION = "1"


@dataclass(slots=True)
class DocumentFeatures:
    """One article as the index sees it (a row of ``dedup_documents`` plus its band keys)."""

    key: str
    lang: str
    published_ts: int | None
    content_hash: str
    shingle_count: int
    signature: np.ndarray
    anchors: frozenset[str]
    #: Lexicon words and cognate keys (:mod:`pipeline.dedup.lexicon`), stored with the anchors under their prefixes.
    bridge: frozenset[str] = frozenset()
    #: MinHash of the content words of the article's text in each language (original or DONE translation).
    text_signatures: dict[str, np.ndarray] = field(default_factory=dict)
    story_id: str | None = None
    is_canonical: bool = True
    #: :func:`feature_stamp` of the article the features were computed from (empty for stored index rows).
    stamp: str = ""
    #: The LSH band keys, once computed (32 hashes per article: computed once, in the worker when precomputed).
    known_band_keys: list[int] | None = None

    @property
    def band_keys(self) -> list[int]:
        if self.known_band_keys is None:
            self.known_band_keys = signatures.band_keys(self.signature, self.lang)
        return self.known_band_keys


def content_words(text: str, lang: str) -> set[str]:
    stop = STOPWORDS.get(lang, frozenset())
    return {w for w in words(normalise_body(text)) if len(w) >= MIN_CONTENT_WORD and not w.isdigit() and w not in stop}


def content_words_of_normalised(normalised: str, lang: str) -> set[str]:
    stop = STOPWORDS.get(lang, frozenset())
    return {w for w in words(normalised) if len(w) >= MIN_CONTENT_WORD and not w.isdigit() and w not in stop}


def translated_text(article: Article) -> tuple[str, str] | None:
    """(language, text) of the article's DONE translation, if it has one."""
    translation = article.translation
    if translation and translation.status == TranslationStatus.DONE and translation.body:
        return translation.target_lang, translation.body
    return None


def article_features(article: Article) -> DocumentFeatures:
    """Compute every signal of one article (boilerplate is stripped once; ~1 ms for a 250-word body)."""
    body = normalised(article.body)  # remembered: the extract stage's content hash computed it in this process
    stripped, folded = body.stripped, body.folded
    anchors = anchors_of_stripped(stripped)
    grams = shingles(words(folded), SHINGLE_SIZE)
    texts = {article.lang: signatures.signature(content_words_of_normalised(folded, article.lang), words=True)}
    if translated := translated_text(article):
        lang, text = translated
        texts[lang] = signatures.signature(content_words(text, lang), words=True)
    signature = signatures.signature(grams)
    return DocumentFeatures(
        key=article.key,
        lang=article.lang,
        published_ts=int(article.published_at.timestamp()) if article.published_at else None,
        content_hash=body.content_hash,
        shingle_count=len(grams),
        signature=signature,
        anchors=frozenset(anchors),
        bridge=frozenset(bridge_tokens(stripped, article.lang) | number_bridge_tokens(number_tokens(anchors))),
        text_signatures=texts,
        stamp=feature_stamp(article),
        known_band_keys=signatures.band_keys(signature, article.lang),  # here, not in the single-writer load
    )


def feature_stamp(article: Article) -> str:
    """What the features of ``article`` depend on, hashed: equal stamps mean equal features."""
    translation = translated_text(article)
    parts = (
        FEATURES_VERSION,
        article.key,
        article.lang,
        str(int(article.published_at.timestamp())) if article.published_at else "",
        article.body,
        *(translation or ("", "")),
    )
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def _pack(sig: np.ndarray) -> str:
    return base64.b64encode(sig.astype("<u4").tobytes()).decode("ascii")


def _unpack(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<u4").astype(np.uint32)


class FeatureRecord(BaseModel):
    """One article's precomputed features as a JSON Lines record (full 32-bit signatures, so band keys are exact)."""

    key: str
    lang: str
    published_ts: int | None
    content_hash: str
    shingle_count: int
    signature: str
    anchors: list[str]
    bridge: list[str]
    text_signatures: dict[str, str]
    stamp: str
    band_keys: list[int]

    @classmethod
    def of(cls, doc: DocumentFeatures) -> FeatureRecord:
        return cls(
            key=doc.key,
            lang=doc.lang,
            published_ts=doc.published_ts,
            content_hash=doc.content_hash,
            shingle_count=doc.shingle_count,
            signature=_pack(doc.signature),
            anchors=sorted(doc.anchors),
            bridge=sorted(doc.bridge),
            text_signatures={lang: _pack(sig) for lang, sig in sorted(doc.text_signatures.items())},
            stamp=doc.stamp,
            band_keys=doc.band_keys,
        )

    def features(self) -> DocumentFeatures:
        return DocumentFeatures(
            key=self.key,
            lang=self.lang,
            published_ts=self.published_ts,
            content_hash=self.content_hash,
            shingle_count=self.shingle_count,
            signature=_unpack(self.signature),
            anchors=frozenset(self.anchors),
            bridge=frozenset(self.bridge),
            text_signatures={lang: _unpack(sig) for lang, sig in self.text_signatures.items()},
            stamp=self.stamp,
            known_band_keys=list(self.band_keys),
        )
