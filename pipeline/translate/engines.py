"""Translation engines behind one interface: transformers (reference) and CTranslate2 (fast).

Both take token ids from the model's own Hugging Face tokenizer and return detokenised strings, so
segmentation, batching and caching are engine-agnostic. A model is resolved to a local directory once (the
hub snapshot or a local path), which also yields its revision: the hub commit hash, or a short SHA-256 of the
weights file for local models. CTranslate2 models are converted once from that directory and cached under
``<data_dir>/models``. A model that cannot be loaded raises :class:`ModelUnavailable` with the reason.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pipeline.config import Settings

log = logging.getLogger(__name__)

WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
HUB_FILES = ["*.json", "*.spm", "*.model", "*.txt", "*.safetensors", "pytorch_model.bin"]
COMMIT_DIR = re.compile(r"^[0-9a-f]{40}$")
# CTranslate2 precision per device: int8 on CPU (fast, 4x smaller), float16 on GPU.
CT2_COMPUTE_TYPE = {"cpu": "int8", "cuda": "float16"}
CUT_WARNING = "%d translation(s) reached the %d-token output limit and may be incomplete"
OOM_MARKERS = ("out of memory", "CUDA_ERROR_OUT_OF_MEMORY", "CUBLAS_STATUS_ALLOC_FAILED")


class ModelUnavailable(RuntimeError):
    """The configured model could not be resolved or loaded (no network, bad path, broken files)."""


def is_out_of_memory(exc: BaseException) -> bool:
    """True for torch's OutOfMemoryError and the RuntimeErrors CUDA/CTranslate2 raise when memory runs out."""
    import torch

    return isinstance(exc, torch.OutOfMemoryError) or any(marker in str(exc) for marker in OOM_MARKERS)


@dataclass(frozen=True)
class ResolvedModel:
    """A model as configured (``name``: hub id or path) and where its files are, with their revision."""

    name: str
    directory: Path
    revision: str

    @property
    def key(self) -> str:
        return f"{self.name}@{self.revision}"


def resolve_model(name: str, local_files_only: bool) -> ResolvedModel:
    """Find or download the model's files; raises :class:`ModelUnavailable` with the reason."""
    path = Path(name).expanduser()
    try:
        if path.is_dir():
            return ResolvedModel(name, path.resolve(), weights_digest(path))
        if path.is_absolute() or name.startswith((".", "~")):
            raise ModelUnavailable(f"model directory {name} does not exist")
        from huggingface_hub import snapshot_download

        directory = Path(snapshot_download(name, allow_patterns=HUB_FILES, local_files_only=local_files_only))
    except ModelUnavailable:
        raise
    except Exception as exc:  # hub/network/filesystem errors all mean the same thing here
        raise ModelUnavailable(f"cannot fetch {name}: {type(exc).__name__}: {exc}") from exc
    revision = directory.name if COMMIT_DIR.match(directory.name) else weights_digest(directory)
    return ResolvedModel(name, directory, revision)


def weights_digest(directory: Path) -> str:
    """Short SHA-256 of the first weights file found: the revision of a model that has no hub commit."""
    for file_name in WEIGHT_FILES:
        weights = directory / file_name
        if weights.is_file():
            digest = hashlib.sha256()
            with weights.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            return digest.hexdigest()[:12]
    raise ModelUnavailable(f"no weights ({' or '.join(WEIGHT_FILES)}) in {directory}")


def resolve_device(requested: str, engine: str) -> str:
    """``auto`` means the GPU when the engine can see one."""
    if requested != "auto":
        return requested
    if engine == "ctranslate2":
        import ctranslate2

        return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


class Engine(Protocol):
    """What the translation driver needs from an engine."""

    engine: str  # "transformers" | "ctranslate2"
    model: ResolvedModel
    device: str
    max_input_tokens: int  # the model's hard limit on source length (incl. </s>)
    max_output_tokens: int

    def encode(self, texts: list[str]) -> list[list[int]]: ...
    def translate(
        self, batch: list[list[int]], *, beam_size: int, max_new_tokens: int, min_new_tokens: int = 0
    ) -> list[str]: ...


class _HFTokenizerMixin:
    tokenizer: Any

    def encode(self, texts: list[str]) -> list[list[int]]:
        """Token ids with the model's special tokens (Marian appends ``</s>``), never truncated."""
        return self.tokenizer(texts, add_special_tokens=True, truncation=False, verbose=False)["input_ids"]


def _load_tokenizer(directory: Path) -> Any:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(directory, local_files_only=True)


class TransformersEngine(_HFTokenizerMixin):
    """The reference engine: tokenizer → ``model.generate`` → ``batch_decode`` (transformers 5 has no pipeline)."""

    engine = "transformers"

    def __init__(self, model: ResolvedModel, device: str = "cpu", threads: int = 0) -> None:
        import torch
        from transformers import AutoModelForSeq2SeqLM

        if threads > 0:
            torch.set_num_threads(threads)
        self.model, self.device = model, device
        self.tokenizer = _load_tokenizer(model.directory)
        self.network = AutoModelForSeq2SeqLM.from_pretrained(model.directory, local_files_only=True).to(device).eval()
        positions = getattr(self.network.config, "max_position_embeddings", None) or 512
        self.max_input_tokens = self.max_output_tokens = int(positions)
        # We always pass max_new_tokens; a configured max_length (512 on OPUS-MT) would only add a warning.
        self.network.generation_config.max_length = None
        self.eos_id, self.pad_id = self.tokenizer.eos_token_id, self.tokenizer.pad_token_id

    def translate(
        self, batch: list[list[int]], *, beam_size: int, max_new_tokens: int, min_new_tokens: int = 0
    ) -> list[str]:
        import torch

        padded = self.tokenizer.pad({"input_ids": batch}, return_tensors="pt").to(self.device)
        with torch.inference_mode():
            output = self.network.generate(
                **padded,
                num_beams=beam_size,
                do_sample=False,
                max_new_tokens=max_new_tokens,
                min_new_tokens=min_new_tokens,
            )
        self._warn_if_cut(output, max_new_tokens, min_new_tokens)
        return self.tokenizer.batch_decode(output, skip_special_tokens=True)

    def _warn_if_cut(self, output: Any, max_new_tokens: int, min_new_tokens: int) -> None:
        """A hypothesis that reached the length limit without ``</s>`` was cut: say so (never silently)."""
        if min_new_tokens >= max_new_tokens or output.shape[1] <= max_new_tokens:
            return
        cut = int(((output[:, -1] != self.eos_id) & (output[:, -1] != self.pad_id)).sum())
        if cut:
            log.warning(CUT_WARNING, cut, max_new_tokens)


class CTranslate2Engine(_HFTokenizerMixin):
    """The fast engine: the same model converted once to CTranslate2 (int8 on CPU, float16 on GPU)."""

    engine = "ctranslate2"

    def __init__(
        self, model: ResolvedModel, models_dir: Path, device: str = "cpu", threads: int = 0, compute_type: str = "auto"
    ) -> None:
        import ctranslate2

        self.model, self.device = model, device
        self.compute_type = CT2_COMPUTE_TYPE[device] if compute_type == "auto" else compute_type
        self.tokenizer = _load_tokenizer(model.directory)
        converted = convert_to_ctranslate2(model, models_dir, self.compute_type)
        self.translator = ctranslate2.Translator(
            str(converted), device=device, compute_type=self.compute_type, inter_threads=1, intra_threads=threads
        )
        config = _read_json(model.directory / "config.json")
        self.max_input_tokens = self.max_output_tokens = int(config.get("max_position_embeddings") or 512)

    def translate(
        self, batch: list[list[int]], *, beam_size: int, max_new_tokens: int, min_new_tokens: int = 0
    ) -> list[str]:
        # CTranslate2 adds no special tokens itself: the ids already end with </s> (see encode).
        source = [self.tokenizer.convert_ids_to_tokens(ids) for ids in batch]
        results = self.translator.translate_batch(
            source,
            beam_size=beam_size,
            max_input_length=0,  # 0 = no limit: never truncate silently (inputs are bounded upstream)
            max_decoding_length=max_new_tokens,
            min_decoding_length=min_new_tokens,
        )
        hypotheses = [result.hypotheses[0] for result in results]
        cut = sum(len(tokens) >= max_new_tokens for tokens in hypotheses) if min_new_tokens < max_new_tokens else 0
        if cut:
            log.warning(CUT_WARNING, cut, max_new_tokens)
        return [
            self.tokenizer.decode(self.tokenizer.convert_tokens_to_ids(tokens), skip_special_tokens=True)
            for tokens in hypotheses
        ]


def _read_json(path: Path) -> dict[str, Any]:
    import json

    return json.loads(path.read_text(encoding="utf-8"))


def converted_dir(model: ResolvedModel, models_dir: Path, quantization: str) -> Path:
    """Cache location of a converted model: one per (model, revision, precision)."""
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(model.name).name if Path(model.name).is_dir() else model.name)
    return models_dir / f"{slug.strip('_')}-{model.revision[:12]}-ct2-{quantization}"


def convert_to_ctranslate2(model: ResolvedModel, models_dir: Path, quantization: str) -> Path:
    """Convert once and cache; an interrupted conversion never leaves a half-written model behind."""
    target = converted_dir(model, models_dir, quantization)
    if (target / "model.bin").is_file():
        return target
    from ctranslate2.converters import TransformersConverter

    models_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".converting-") as scratch:
        output = Path(scratch) / "model"
        TransformersConverter(str(model.directory)).convert(str(output), quantization=quantization, force=True)
        try:
            output.rename(target)
        except OSError:  # another process finished first: keep theirs
            if not (target / "model.bin").is_file():
                raise
    seconds = time.perf_counter() - started
    log.info("converted %s to CTranslate2 %s in %.1fs: %s", model.key, quantization, seconds, target)
    return target


def load_engine(kind: str, model: ResolvedModel, settings: Settings) -> Engine:
    """Build the configured engine for one resolved model; raises :class:`ModelUnavailable` with the reason."""
    device = resolve_device(settings.mt_device, kind)
    try:
        if kind == "ctranslate2":
            models_dir = settings.resolved_data_dir / "models"
            return CTranslate2Engine(model, models_dir, device, settings.mt_threads, settings.mt_compute_type)
        return TransformersEngine(model, device, settings.mt_threads)
    except Exception as exc:  # broken or incompatible files: the direction waits, the run goes on
        raise ModelUnavailable(f"cannot load {model.name} with {kind}: {type(exc).__name__}: {exc}") from exc


class EnginePool:
    """Loads each direction's engine once per task and remembers failures, so a bad model is reported once."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._engines: dict[tuple[str, str], Engine | ModelUnavailable] = {}

    def get(self, source_lang: str, target_lang: str) -> Engine:
        """The engine for one direction; raises :class:`ModelUnavailable` (the same one on every call)."""
        direction = (source_lang, target_lang)
        if direction not in self._engines:
            self._engines[direction] = self._load(source_lang, target_lang)
        engine = self._engines[direction]
        if isinstance(engine, ModelUnavailable):
            raise engine
        return engine

    def _load(self, source_lang: str, target_lang: str) -> Engine | ModelUnavailable:
        name = self.settings.mt_model(source_lang, target_lang)
        started = time.perf_counter()
        try:
            model = resolve_model(name, self.settings.mt_local_files_only)
            engine = load_engine(self.settings.mt_engine, model, self.settings)
        except ModelUnavailable as exc:
            log.error("translation %s→%s unavailable: %s", source_lang, target_lang, exc)
            return exc
        log.info(
            "loaded %s (%s on %s) for %s→%s in %.1fs",
            engine.model.key,
            engine.engine,
            engine.device,
            source_lang,
            target_lang,
            time.perf_counter() - started,
        )
        return engine

    def register(self, source_lang: str, target_lang: str, engine: Engine) -> None:
        """Use an already loaded engine for one direction (shared between pools, or wrapped for tests)."""
        self._engines[source_lang, target_lang] = engine

    def close(self) -> None:
        """Drop loaded models (frees memory between tasks in a long-lived worker)."""
        self._engines.clear()
