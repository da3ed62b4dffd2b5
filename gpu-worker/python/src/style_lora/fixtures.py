"""Tiny random-weight SD 1.5 / SDXL pipelines for offline tests: same classes and folder layout as real ones.
Everything (weights and the tokenizer vocabulary) is generated locally from a seed; nothing touches the hub."""

from __future__ import annotations

import json
import string
import tempfile
from pathlib import Path

import style_lora  # noqa: F401  (forces hub-offline env before diffusers/transformers import)

import torch
from diffusers import (
    AutoencoderKL,
    DDIMScheduler,
    EulerDiscreteScheduler,
    StableDiffusionPipeline,
    StableDiffusionXLPipeline,
    UNet2DConditionModel,
)
from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection, CLIPTokenizer

ARCHES = ("sd15", "sdxl")
TEXT_HIDDEN = 32
TIME_EMBED_DIM = 8  # SDXL add_time_ids: 6 numbers, each embedded to this width


def write_tiny_vocabulary(folder: Path) -> Path:
    """Write vocab.json + merges.txt for a character-level CLIP BPE.

    Every printable ASCII character exists both as a word-internal token and as a word-final
    token ("a</w>"), so any prompt tokenizes without <unk> and different prompts give
    different ids — which is what lets tests see a caption change the conditioning.
    """
    folder.mkdir(parents=True, exist_ok=True)
    vocab: dict[str, int] = {"<|startoftext|>": 0, "<|endoftext|>": 1}
    for char in sorted(set(string.printable) - set(string.whitespace)):
        for token in (char, char + "</w>"):
            vocab[token] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=True), encoding="utf-8")
    # No merges: character-level BPE is enough to make prompts distinguishable.
    (folder / "merges.txt").write_text("#version: 0.2\n", encoding="utf-8")
    return folder


def _tiny_tokenizer() -> CLIPTokenizer:
    # Loaded through the ordinary file path (vocab.json + merges.txt) so the test tokenizer goes
    # through the same loading code as a real CLIP vocabulary.
    with tempfile.TemporaryDirectory() as scratch:
        return CLIPTokenizer.from_pretrained(write_tiny_vocabulary(Path(scratch)), model_max_length=77)


def _text_config(tokenizer: CLIPTokenizer) -> CLIPTextConfig:
    return CLIPTextConfig(
        vocab_size=len(tokenizer),
        hidden_size=TEXT_HIDDEN,
        intermediate_size=37,
        num_hidden_layers=2,
        num_attention_heads=4,
        max_position_embeddings=77,
        projection_dim=TEXT_HIDDEN,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )


def _tiny_unet(arch: str) -> UNet2DConditionModel:
    common = dict(
        sample_size=32,
        in_channels=4,
        out_channels=4,
        layers_per_block=1,
        block_out_channels=(32, 64),
        down_block_types=("CrossAttnDownBlock2D", "DownBlock2D"),
        up_block_types=("UpBlock2D", "CrossAttnUpBlock2D"),
        attention_head_dim=(2, 4),
        use_linear_projection=True,
    )
    if arch == "sd15":
        return UNet2DConditionModel(cross_attention_dim=TEXT_HIDDEN, **common)
    # SDXL: both encoders' hidden states are concatenated, and the pooled embedding plus
    # 6 time ids feed the "text_time" additional embedding.
    return UNet2DConditionModel(
        cross_attention_dim=2 * TEXT_HIDDEN,
        addition_embed_type="text_time",
        addition_time_embed_dim=TIME_EMBED_DIM,
        projection_class_embeddings_input_dim=6 * TIME_EMBED_DIM + TEXT_HIDDEN,
        **common,
    )


def _tiny_vae(arch: str) -> AutoencoderKL:
    return AutoencoderKL(
        in_channels=3,
        out_channels=3,
        latent_channels=4,
        block_out_channels=(32, 64),
        down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
        up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"),
        sample_size=64,
        scaling_factor=0.18215 if arch == "sd15" else 0.13025,
        force_upcast=False,
    )


def build_tiny_pipeline(arch: str, seed: int = 0):
    """Return an in-memory tiny pipeline of the real pipeline class for `arch`."""
    if arch not in ARCHES:
        raise ValueError(f"arch must be one of {ARCHES}, got {arch!r}")
    # One seed per component keeps each component's weights stable if another component changes shape.
    torch.manual_seed(seed)
    unet = _tiny_unet(arch)
    torch.manual_seed(seed + 1)
    vae = _tiny_vae(arch)
    tokenizer = _tiny_tokenizer()
    torch.manual_seed(seed + 2)
    text_encoder = CLIPTextModel(_text_config(tokenizer))
    betas = dict(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", num_train_timesteps=1000)
    if arch == "sd15":
        scheduler = DDIMScheduler(clip_sample=False, set_alpha_to_one=False, steps_offset=1, **betas)
        return StableDiffusionPipeline(
            vae=vae,
            text_encoder=text_encoder,
            tokenizer=tokenizer,
            unet=unet,
            scheduler=scheduler,
            safety_checker=None,
            feature_extractor=None,
            requires_safety_checker=False,
        )
    torch.manual_seed(seed + 3)
    text_encoder_2 = CLIPTextModelWithProjection(_text_config(tokenizer))
    scheduler = EulerDiscreteScheduler(timestep_spacing="leading", steps_offset=1, **betas)
    return StableDiffusionXLPipeline(
        vae=vae,
        text_encoder=text_encoder,
        text_encoder_2=text_encoder_2,
        tokenizer=tokenizer,
        tokenizer_2=_tiny_tokenizer(),
        unet=unet,
        scheduler=scheduler,
        force_zeros_for_empty_prompt=True,
        add_watermarker=False,
    )


def write_tiny_pipeline(arch: str, out_dir: str | Path, seed: int = 0) -> Path:
    """Save a tiny pipeline folder loadable with `<Pipeline>.from_pretrained(out_dir, local_files_only=True)`."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    build_tiny_pipeline(arch, seed).save_pretrained(out, safe_serialization=True)
    # transformers 5 saves only tokenizer.json; keep the plain BPE files too so older or slow
    # tokenizer loaders read the same vocabulary.
    for tokenizer_dir in ("tokenizer", "tokenizer_2"):
        if (out / tokenizer_dir).is_dir():
            write_tiny_vocabulary(out / tokenizer_dir)
    return out
