"""Translate a run's articles: segment, look up the cache, batch every direction's sentences, re-assemble.

Sentences from all articles of a direction are translated together (deduplicated, sorted by length, in
token-bounded batches), so a model is loaded once per task and short sentences never wait behind padding.
Failures are contained: an unusable model leaves its direction PENDING, a sentence that cannot be
translated (or a batch past the deadline) fails only the articles that contain it.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from pipeline.config import Settings
from pipeline.models import Article, Translation, TranslationStatus
from pipeline.translate.cache import TranslationCache
from pipeline.translate.engines import Engine, EnginePool, ModelUnavailable, is_out_of_memory
from pipeline.translate.quality import check_translation
from pipeline.translate.segment import Plan, normalise, plan_text

log = logging.getLogger(__name__)

MAX_ARTICLE_CHARS = 200_000  # ~30,000 words: anything longer is not a news article
OUTPUT_LENGTH_FACTOR = 2  # target budget per source token (+ OUTPUT_LENGTH_SLACK), capped by the model
OUTPUT_LENGTH_SLACK = 16


@dataclass
class TranslateReport:
    """Figures for the task log; ``sentences`` counts distinct source sentences, ``tokens`` those translated."""

    articles: int = 0
    done: int = 0
    pending: int = 0
    failed: int = 0
    sentences: int = 0
    translated: int = 0
    cache_hits: int = 0
    tokens: int = 0
    oom_retries: int = 0
    seconds: float = 0.0
    model_keys: dict[str, str] = field(default_factory=dict)  # "id-en" -> "name@revision"
    engines: dict[str, str] = field(default_factory=dict)  # "id-en" -> "ctranslate2 on cpu"

    @property
    def sentences_per_s(self) -> float:
        return self.translated / self.seconds if self.seconds else 0.0

    def model_dump(self) -> dict[str, Any]:
        return {**asdict(self), "sentences_per_s": round(self.sentences_per_s, 2)}

    def summary(self) -> str:
        return (
            f"translated {self.done}/{self.articles} articles ({self.pending} pending, {self.failed} failed); "
            f"{self.sentences} sentences, {self.cache_hits} from cache, {self.translated} translated "
            f"({self.tokens} tokens) in {self.seconds:.1f}s = {self.sentences_per_s:.1f} sentences/s"
        )


@dataclass
class _Job:
    """One article being translated: its plans, or the reason it failed."""

    article: Article
    title: Plan | None = None
    body: Plan | None = None
    error: str | None = None

    @property
    def sources(self) -> list[str]:
        return [normalise(piece) for plan in (self.title, self.body) if plan for piece in plan.sources]


def translate_articles(
    articles: list[Article],
    settings: Settings,
    cache: TranslationCache | None = None,
    *,
    engines: EnginePool | None = None,
    timeout_s: float | None = None,
) -> TranslateReport:
    """Set ``article.translation`` on every article; never raises for a bad article or an unavailable model.

    ``timeout_s`` bounds the whole call: batches not started by then fail their articles with a timeout reason
    (finished sentences are cached, so a retry resumes where this call stopped).
    """
    started = time.perf_counter()
    report = TranslateReport(articles=len(articles))
    if not settings.translate:
        for article in articles:
            _set(article, TranslationStatus.PENDING, error="translation disabled (ANTARA_TRANSLATE=false)")
    else:
        pool = engines or EnginePool(settings)
        deadline = started + timeout_s if timeout_s else None
        for (source_lang, target_lang), group in _by_direction(articles).items():
            try:
                engine = pool.get(source_lang, target_lang)
            except ModelUnavailable as exc:
                for article in group:
                    _set(article, TranslationStatus.PENDING, error=str(exc))
                continue
            report.model_keys[f"{source_lang}-{target_lang}"] = engine.model.key
            report.engines[f"{source_lang}-{target_lang}"] = f"{engine.engine} on {engine.device}"
            _Direction(engine, settings, cache, report, deadline).run(group, source_lang, target_lang)
    for article in articles:
        status = article.translation.status if article.translation else TranslationStatus.FAILED
        setattr(report, status.value, getattr(report, status.value) + 1)
    report.seconds = time.perf_counter() - started
    log.info(report.summary())
    return report


def translate_texts(
    texts: list[str],
    source_lang: str,
    target_lang: str,
    engine: Engine,
    settings: Settings,
    cache: TranslationCache | None = None,
) -> tuple[list[str | None], TranslateReport]:
    """Translate plain texts (segmented and batched like articles); ``None`` where a text could not be."""
    started = time.perf_counter()
    report = TranslateReport(articles=len(texts))
    direction = _Direction(engine, settings, cache, report, deadline=None)
    plans: list[Plan | None] = []
    for text in texts:
        try:
            plans.append(plan_text(text, source_lang, target_lang, direction.count_tokens, direction.limit))
        except Exception as exc:
            log.warning("cannot segment %r: %s", text[:60], exc)
            plans.append(None)
    sources = list(dict.fromkeys(normalise(piece) for plan in plans if plan for piece in plan.sources))
    translations = direction.lookup_cache(sources)
    direction.translate_missing(sources, translations)
    outputs = [_render_if_complete(plan, translations) for plan in plans]
    report.done = sum(output is not None for output in outputs)
    report.failed = len(outputs) - report.done
    report.seconds = time.perf_counter() - started
    return outputs, report


def _render_if_complete(plan: Plan | None, translations: dict[str, str]) -> str | None:
    if plan is None or any(normalise(piece) not in translations for piece in plan.sources):
        return None
    return plan.render(translations)


def _by_direction(articles: list[Article]) -> dict[tuple[str, str], list[Article]]:
    groups: dict[tuple[str, str], list[Article]] = defaultdict(list)
    for article in articles:
        groups[article.lang, article.other_lang].append(article)
    return groups


def _set(article: Article, status: TranslationStatus, **fields: Any) -> None:
    article.translation = Translation(target_lang=article.other_lang, status=status, **fields)


class _Direction:
    """Translation of one direction's articles with one engine."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        cache: TranslationCache | None,
        report: TranslateReport,
        deadline: float | None,
    ) -> None:
        self.engine, self.settings, self.cache, self.report, self.deadline = engine, settings, cache, report, deadline
        self.limit = min(settings.mt_max_input_tokens, engine.max_input_tokens)
        self.batch_tokens = settings.mt_batch_tokens
        self._token_counts: dict[str, int] = {}

    def run(self, articles: list[Article], source_lang: str, target_lang: str) -> None:
        jobs = [self._plan(article, source_lang, target_lang) for article in articles]
        sources = list(dict.fromkeys(source for job in jobs if not job.error for source in job.sources))
        translations = self.lookup_cache(sources)
        failures = self.translate_missing(sources, translations)
        for job in jobs:
            self._finish(job, translations, failures)

    def count_tokens(self, text: str) -> int:
        if text not in self._token_counts:
            self._token_counts[text] = len(self.engine.encode([normalise(text)])[0])
        return self._token_counts[text]

    def _plan(self, article: Article, source_lang: str, target_lang: str) -> _Job:
        job = _Job(article)
        if len(article.body) > MAX_ARTICLE_CHARS:
            job.error = f"body too long to translate ({len(article.body)} characters > {MAX_ARTICLE_CHARS})"
            return job
        try:
            job.title = plan_text(article.title, source_lang, target_lang, self.count_tokens, self.limit)
            job.body = plan_text(article.body, source_lang, target_lang, self.count_tokens, self.limit)
        except Exception as exc:  # undecodable or pathological text fails this article only
            job.error = f"cannot segment text: {type(exc).__name__}: {exc}"
        return job

    def lookup_cache(self, sources: list[str]) -> dict[str, str]:
        self.report.sentences += len(sources)
        if self.cache is None or not sources:
            return {}
        try:
            hits = self.cache.get_many(self.engine.model.key, sources)
        except Exception as exc:  # a broken cache costs speed, not translations
            log.warning("translation cache lookup failed, translating everything: %s", exc)
            return {}
        self.report.cache_hits += len(hits)
        return dict(hits)

    def translate_missing(self, sources: list[str], translations: dict[str, str]) -> dict[str, str]:
        """Translate the sources not in ``translations`` into it; returns ``source -> reason`` for failures."""
        todo = [source for source in sources if source not in translations]
        failures: dict[str, str] = {}
        encoded = self._encode(todo, failures)
        ordered = sorted(encoded, key=lambda source: len(encoded[source]))
        fresh: dict[str, str] = {}
        position = 0
        while position < len(ordered):
            if self.deadline and time.perf_counter() > self.deadline:
                failures.update(dict.fromkeys(ordered[position:], "timed out before this text was translated"))
                log.error("translation deadline passed with %d sentences left", len(ordered) - position)
                break
            batch = self._next_batch(ordered, position, encoded)
            done = self._translate_batch(batch, encoded, fresh, failures)
            position += done
        translations.update(fresh)
        self._store(fresh)
        return failures

    def _encode(self, todo: list[str], failures: dict[str, str]) -> dict[str, list[int]]:
        try:
            return dict(zip(todo, self.engine.encode(todo), strict=True))
        except Exception:  # find the culprit(s): one bad sentence must not fail the others
            encoded: dict[str, list[int]] = {}
            for source in todo:
                try:
                    encoded[source] = self.engine.encode([source])[0]
                except Exception as exc:
                    failures[source] = f"cannot tokenize: {type(exc).__name__}: {exc}"
            return encoded

    def _next_batch(self, ordered: list[str], position: int, encoded: dict[str, list[int]]) -> list[str]:
        """As many sentences as fit ``batch_tokens`` once padded to the longest (sorted, so the last)."""
        end = position + 1
        while end < len(ordered) and (end - position + 1) * len(encoded[ordered[end]]) <= self.batch_tokens:
            end += 1
        return ordered[position:end]

    def _translate_batch(
        self, batch: list[str], encoded: dict[str, list[int]], fresh: dict[str, str], failures: dict[str, str]
    ) -> int:
        """Translate one batch; returns how many sentences were consumed (fewer after an out-of-memory error)."""
        ids = [encoded[source] for source in batch]
        try:
            outputs = self.engine.translate(
                ids, beam_size=self.settings.mt_beam_size, max_new_tokens=self._output_budget(ids)
            )
        except Exception as exc:
            if is_out_of_memory(exc) and len(batch) > 1:
                self.batch_tokens = max(1, self.batch_tokens // 2)
                self.report.oom_retries += 1
                log.warning("out of memory on %d sentences; batch budget now %d tokens", len(batch), self.batch_tokens)
                return 0
            if len(batch) > 1:  # isolate the sentence that breaks the batch
                log.warning("batch of %d failed (%s); retrying sentence by sentence", len(batch), exc)
                return sum(self._translate_batch([source], encoded, fresh, failures) for source in batch)
            failures[batch[0]] = f"translation failed: {type(exc).__name__}: {exc}"
            log.error("cannot translate %r: %s", batch[0][:60], exc)
            return 1
        fresh.update(zip(batch, outputs, strict=True))
        self.report.translated += len(batch)
        self.report.tokens += sum(len(sentence_ids) for sentence_ids in ids)
        return len(batch)

    def _output_budget(self, ids: list[list[int]]) -> int:
        longest = max(len(sentence_ids) for sentence_ids in ids)
        return min(self.engine.max_output_tokens, OUTPUT_LENGTH_FACTOR * longest + OUTPUT_LENGTH_SLACK)

    def _store(self, fresh: dict[str, str]) -> None:
        if self.cache is None or not fresh:
            return
        try:
            self.cache.put_many(self.engine.model.key, fresh)
        except Exception as exc:
            log.warning("could not store %d translations in the cache: %s", len(fresh), exc)

    def _finish(self, job: _Job, translations: dict[str, str], failures: dict[str, str]) -> None:
        provenance = {
            "model": self.engine.model.name,
            "engine": self.engine.engine,
            "revision": self.engine.model.revision,
        }
        if job.error is None:
            missing = [source for source in job.sources if source not in translations]
            if missing:
                job.error = failures.get(missing[0], "not translated") + f" ({len(missing)} sentence(s) missing)"
        if job.error is not None or job.title is None or job.body is None:
            log.warning("translation of %s failed: %s", job.article.key, job.error)
            _set(job.article, TranslationStatus.FAILED, error=job.error, **provenance)
            return
        title, body = job.title.render(translations), job.body.render(translations)
        flags = [flag.value for flag in check_translation(job.article.body, body)]
        _set(job.article, TranslationStatus.DONE, title=title, body=body, flags=flags, **provenance)
