"""A tiny, memorising MarianMT model with a real MarianTokenizer, built offline in a few seconds.

Tests need a model with the exact file layout and code path of the OPUS-MT checkpoints (SentencePiece
``source.spm``/``target.spm`` plus a joint Marian ``vocab.json``) but no download. Trained for a few hundred
steps on a handful of pairs, it reproduces them exactly, so tests can assert real translations.
"""

from __future__ import annotations

import json
from pathlib import Path

import sentencepiece as spm
import torch
from transformers import MarianConfig, MarianMTModel, MarianTokenizer

ID_EN_PAIRS: list[tuple[str, str]] = [
    (
        "Presiden Joko Widodo meresmikan bendungan baru di Jawa Tengah.",
        "President Joko Widodo inaugurated a new dam in Central Java.",
    ),
    ("Bank Indonesia mempertahankan suku bunga acuan.", "Bank Indonesia kept its benchmark interest rate unchanged."),
    ("Gempa bumi mengguncang Sulawesi pada Senin pagi.", "An earthquake shook Sulawesi on Monday morning."),
    ("Harga beras naik di pasar tradisional Jakarta.", "Rice prices rose in traditional markets in Jakarta."),
    ("Pemerintah akan membangun jalan tol baru.", "The government will build a new toll road."),
    ("Tim nasional menang dua gol tanpa balas.", "The national team won two goals to nil."),
    ("Kementerian Kesehatan melaporkan kasus baru.", "The Health Ministry reported new cases."),
    ("Banjir melanda beberapa desa di Kalimantan.", "Floods hit several villages in Kalimantan."),
]
EN_ID_PAIRS: list[tuple[str, str]] = [(target, source) for source, target in ID_EN_PAIRS]

MAX_POSITIONS = 128
SPECIAL_PIECES = ("<unk>", "<s>", "</s>")


def _train_sentencepiece(out_dir: Path, side: str, lines: list[str]) -> None:
    """Train one unigram SentencePiece model in memory and store it under Marian's file name."""
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_prefix=str(out_dir / side),
        vocab_size=120,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,  # a tiny corpus cannot fill a fixed vocabulary
        bos_id=-1,
        eos_id=-1,
        unk_id=0,
        pad_id=-1,
        minloglevel=2,
        num_threads=1,  # determinism
    )
    (out_dir / f"{side}.model").replace(out_dir / f"{side}.spm")
    (out_dir / f"{side}.vocab").unlink()


def _write_joint_vocab(out_dir: Path) -> dict[str, int]:
    """Marian convention: ``</s>`` = 0, ``<unk>`` = 1, the pieces of both sides, ``<pad>`` last."""
    pieces: list[str] = []
    for side in ("source", "target"):
        processor = spm.SentencePieceProcessor(model_file=str(out_dir / f"{side}.spm"))
        for index in range(processor.get_piece_size()):
            piece = processor.id_to_piece(index)
            if piece not in SPECIAL_PIECES and piece not in pieces:
                pieces.append(piece)
    vocab = {"</s>": 0, "<unk>": 1, **{piece: index + 2 for index, piece in enumerate(pieces)}}
    vocab["<pad>"] = len(vocab)
    (out_dir / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    return vocab


def build_tiny_marian(
    out_dir: Path, pairs: list[tuple[str, str]], source_lang: str, target_lang: str, train_steps: int = 300
) -> Path:
    """Build, train and save a tiny MarianMT model + tokenizer that memorises ``pairs``; returns ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(0)
    _train_sentencepiece(out_dir, "source", [source for source, _ in pairs] * 5)
    _train_sentencepiece(out_dir, "target", [target for _, target in pairs] * 5)
    vocab = _write_joint_vocab(out_dir)
    pad_id = vocab["<pad>"]
    tokenizer = MarianTokenizer(
        str(out_dir / "source.spm"),
        str(out_dir / "target.spm"),
        str(out_dir / "vocab.json"),
        source_lang=source_lang,
        target_lang=target_lang,
        model_max_length=MAX_POSITIONS,
    )
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        d_model=32,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
        max_position_embeddings=MAX_POSITIONS,
        pad_token_id=pad_id,
        eos_token_id=0,
        decoder_start_token_id=pad_id,
        forced_eos_token_id=0,
        share_encoder_decoder_embeddings=True,
    )
    model = MarianMTModel(config)
    _zero_padding_embedding(model, pad_id)
    if train_steps:
        _memorise(model, tokenizer, pairs, pad_id, train_steps)
    model.eval()
    model.generation_config.num_beams = 1
    model.generation_config.max_length = 64
    model.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    return out_dir


def _zero_padding_embedding(model: MarianMTModel, pad_id: int) -> None:
    """Real OPUS-MT checkpoints have an all-zero ``<pad>`` embedding, and the decoder starts from it.

    CTranslate2 relies on that (``start_from_zero_embedding``); random initialisation does not give it, and
    the two engines would then disagree. The row is shared with the output layer, so training moves it: this
    is applied after every step too.
    """
    with torch.no_grad():
        model.get_input_embeddings().weight[pad_id].zero_()


def _memorise(
    model: MarianMTModel, tokenizer: MarianTokenizer, pairs: list[tuple[str, str]], pad_id: int, steps: int
) -> None:
    """Full-batch AdamW until the model reproduces the training pairs exactly (lr 5e-3: at 300 steps both
    directions memorise all 8 pairs and CTranslate2 int8 agrees with transformers at beam 1, 2 and 4)."""
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-3)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # tiny matrices: more threads only add contention (2.5 s vs 50 s on a busy 2-core box)
    try:
        _train(model, tokenizer, pairs, pad_id, steps, optimizer)
    finally:
        torch.set_num_threads(threads)


def _train(
    model: MarianMTModel,
    tokenizer: MarianTokenizer,
    pairs: list[tuple[str, str]],
    pad_id: int,
    steps: int,
    optimizer: torch.optim.Optimizer,
) -> None:
    batch = tokenizer(
        [source for source, _ in pairs], text_target=[target for _, target in pairs], padding=True, return_tensors="pt"
    )
    batch["labels"][batch["labels"] == pad_id] = -100
    model.train()
    for _ in range(steps):
        model(**batch).loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        _zero_padding_embedding(model, pad_id)
