"""Full-size Stable Diffusion 1.5 and SDXL architectures with random weights, written as diffusers folders.
Random weights cost the same compute as real ones; the configs below are the published model configs."""

from __future__ import annotations

import gc
import time
from pathlib import Path

import style_lora  # noqa: F401  (hub-offline env before diffusers/transformers import)

import torch
from diffusers import (
    AutoencoderKL,
    EulerDiscreteScheduler,
    PNDMScheduler,
    StableDiffusionPipeline,
    StableDiffusionXLPipeline,
    UNet2DConditionModel,
)
from style_lora.fixtures import write_tiny_pipeline, write_tiny_vocabulary
from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection, CLIPTokenizer

CLIP_VOCAB_SIZE = 49408  # the real CLIP BPE vocabulary: sets the token-embedding size (parameter count)
BETAS = dict(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear", num_train_timesteps=1000)

# runwayml/stable-diffusion-v1-5 unet/config.json (859.5M parameters).
SD15_UNET = dict(
    sample_size=64,
    in_channels=4,
    out_channels=4,
    layers_per_block=2,
    block_out_channels=(320, 640, 1280, 1280),
    down_block_types=("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"),
    up_block_types=("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"),
    cross_attention_dim=768,
    attention_head_dim=8,
    norm_num_groups=32,
    act_fn="silu",
)

# stabilityai/stable-diffusion-xl-base-1.0 unet/config.json (2.57B parameters): no attention at the
# highest resolution, 2 and 10 transformer layers per block below it, "text_time" micro-conditioning
# (pooled 1280-d text embedding + 6 size/crop ids embedded to 256 each: 1280 + 6*256 = 2816).
SDXL_UNET = dict(
    sample_size=128,
    in_channels=4,
    out_channels=4,
    layers_per_block=2,
    block_out_channels=(320, 640, 1280),
    down_block_types=("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
    up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
    transformer_layers_per_block=(1, 2, 10),
    attention_head_dim=(5, 10, 20),
    cross_attention_dim=2048,
    use_linear_projection=True,
    addition_embed_type="text_time",
    addition_time_embed_dim=256,
    projection_class_embeddings_input_dim=2816,
    norm_num_groups=32,
    act_fn="silu",
)

# The KL autoencoder shared by SD 1.x and SDXL (83.7M parameters); only sample size and scaling differ.
VAE = dict(
    in_channels=3,
    out_channels=3,
    latent_channels=4,
    layers_per_block=2,
    block_out_channels=(128, 256, 512, 512),
    down_block_types=("DownEncoderBlock2D",) * 4,
    up_block_types=("UpDecoderBlock2D",) * 4,
    norm_num_groups=32,
    act_fn="silu",
)
VAE_BY_ARCH = {
    "sd15": dict(sample_size=512, scaling_factor=0.18215),
    # SDXL's VAE overflows in fp16; the real config asks for an fp32 upcast (only applied to fp16).
    "sdxl": dict(sample_size=1024, scaling_factor=0.13025, force_upcast=True),
}

# OpenAI CLIP ViT-L/14 text tower (123M): SD 1.5's encoder and SDXL's first encoder.
CLIP_L = dict(hidden_size=768, intermediate_size=3072, num_hidden_layers=12, num_attention_heads=12,
              projection_dim=768, hidden_act="quick_gelu")
# OpenCLIP ViT-bigG/14 text tower with projection (695M): SDXL's second encoder.
CLIP_BIGG = dict(hidden_size=1280, intermediate_size=5120, num_hidden_layers=32, num_attention_heads=20,
                 projection_dim=1280, hidden_act="gelu")


def _tokenizer(scratch: Path) -> CLIPTokenizer:
    # No CLIP vocabulary can be downloaded: the package's character-level vocabulary tokenizes any
    # prompt into 77 ids, which is all the text encoder's compute depends on.
    return CLIPTokenizer.from_pretrained(write_tiny_vocabulary(scratch), model_max_length=77)


def _text_config(tokenizer: CLIPTokenizer, tower: dict) -> CLIPTextConfig:
    return CLIPTextConfig(
        vocab_size=CLIP_VOCAB_SIZE,
        max_position_embeddings=77,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,  # pooling finds this id, so it must match the tokenizer
        pad_token_id=tokenizer.pad_token_id,
        **tower,
    )


def build_full_pipeline(arch: str, scratch: Path, seed: int = 0):
    """The full-size pipeline of `arch` with random weights, on torch's current default device, fp32."""
    torch.manual_seed(seed)
    tokenizer = _tokenizer(scratch / "vocab-1")
    unet = UNet2DConditionModel(**(SD15_UNET if arch == "sd15" else SDXL_UNET))
    vae = AutoencoderKL(**VAE, **VAE_BY_ARCH[arch])
    text_encoder = CLIPTextModel(_text_config(tokenizer, CLIP_L))
    if arch == "sd15":
        # The real SD 1.5 default scheduler (PLMS): 25 steps run 26 UNet evaluations.
        with torch.device("cpu"):  # schedulers turn their tables into numpy: never build them on a GPU
            scheduler = PNDMScheduler(skip_prk_steps=True, steps_offset=1, set_alpha_to_one=False, **BETAS)
        return StableDiffusionPipeline(
            vae=vae, text_encoder=text_encoder, tokenizer=tokenizer, unet=unet, scheduler=scheduler,
            safety_checker=None, feature_extractor=None, requires_safety_checker=False,
        )
    tokenizer_2 = _tokenizer(scratch / "vocab-2")
    text_encoder_2 = CLIPTextModelWithProjection(_text_config(tokenizer_2, CLIP_BIGG))
    with torch.device("cpu"):
        scheduler = EulerDiscreteScheduler(timestep_spacing="leading", steps_offset=1, interpolation_type="linear", **BETAS)
    return StableDiffusionXLPipeline(
        vae=vae, text_encoder=text_encoder, text_encoder_2=text_encoder_2, tokenizer=tokenizer,
        tokenizer_2=tokenizer_2, unet=unet, scheduler=scheduler, force_zeros_for_empty_prompt=True,
        add_watermarker=False,
    )


def parameter_counts(pipe) -> dict[str, int]:
    counts = {}
    for name in ("unet", "vae", "text_encoder", "text_encoder_2"):
        module = getattr(pipe, name, None)
        if module is not None:
            counts[name] = sum(param.numel() for param in module.parameters())
    counts["total"] = sum(counts.values())
    return counts


def _free() -> None:
    gc.collect()
    if torch.cuda.is_available():
        torch.cuda.empty_cache()


def write_base(arch: str, out_dir: Path, *, tiny: bool, device: str, save_dtype: torch.dtype) -> dict:
    """Write the base pipeline folder the product loads with `load_base_model`; return build facts.

    Tiny (smoke) bases are the package's own test fixtures. Full-size bases are built on `device`
    (random init of billions of weights is seconds on a GPU) and saved in `save_dtype`, so the
    folder is as large as a real bf16 checkpoint and loading it costs what loading one costs.
    """
    started = time.perf_counter()
    if tiny:
        write_tiny_pipeline(arch, out_dir, seed=0)
        return {"kind": "tiny fixture", "seconds": time.perf_counter() - started}
    with torch.device(device):
        pipe = build_full_pipeline(arch, out_dir.parent / f".{arch}-vocab")
    built = time.perf_counter()
    counts = parameter_counts(pipe)
    pipe.to(device="cpu", dtype=save_dtype)
    pipe.save_pretrained(out_dir, safe_serialization=True)
    # transformers 5 writes only tokenizer.json; keep the plain BPE files as the fixtures do.
    for folder in ("tokenizer", "tokenizer_2"):
        if (out_dir / folder).is_dir():
            write_tiny_vocabulary(out_dir / folder)
    del pipe
    _free()
    return {
        "kind": "full-size, random weights",
        "parameters": counts,
        "build_seconds": built - started,
        "save_seconds": time.perf_counter() - built,
        "seconds": time.perf_counter() - started,
        "saved_dtype": str(save_dtype).replace("torch.", ""),
    }


@torch.no_grad()
def small_forward_is_finite(pipe, arch: str) -> bool:
    """One UNet step on a 16x16 latent and a VAE decode of it: random weights must not give NaN/inf."""
    generator = torch.Generator().manual_seed(0)
    latent = torch.randn(1, 4, 16, 16, generator=generator)
    ids = pipe.tokenizer(["a lighthouse at dusk"], padding="max_length", max_length=77, return_tensors="pt").input_ids
    embeds = pipe.text_encoder(ids, output_hidden_states=True).hidden_states[-2]
    added = None
    if arch == "sdxl":
        second = pipe.text_encoder_2(ids, output_hidden_states=True)
        embeds = torch.cat([embeds, second.hidden_states[-2]], dim=-1)
        added = {"text_embeds": second.text_embeds, "time_ids": torch.tensor([[128.0, 128, 0, 0, 128, 128]])}
    noise = pipe.unet(latent, torch.tensor([500]), embeds, added_cond_kwargs=added).sample
    image = pipe.vae.decode(noise / pipe.vae.config.scaling_factor).sample
    return bool(torch.isfinite(noise).all() and torch.isfinite(image).all())


def count_only(arch: str, scratch: Path) -> dict:
    """Build full-size on CPU in fp32, count parameters, run one small forward, free: checks the
    configs without a GPU."""
    started = time.perf_counter()
    with torch.device("cpu"):
        pipe = build_full_pipeline(arch, scratch)
    built = time.perf_counter() - started
    counts = parameter_counts(pipe)
    finite = small_forward_is_finite(pipe, arch)
    del pipe
    _free()
    return {"kind": "full-size, random weights (build only)", "parameters": counts, "build_seconds": built,
            "small_forward_finite": finite, "seconds": time.perf_counter() - started}


def load_check(arch: str, scratch: Path) -> dict:
    """Write the full-size folder (bf16) and load it with the product's load_base_model on CPU."""
    from style_lora.base_model import load_base_model

    folder = scratch / "base"
    facts = write_base(arch, folder, tiny=False, device="cpu", save_dtype=torch.bfloat16)
    started = time.perf_counter()
    base = load_base_model(folder, device=torch.device("cpu"))
    loaded = {"detected_arch": base.arch, "load_seconds": time.perf_counter() - started,
              "loaded_parameters": parameter_counts(base.pipe)}
    del base
    _free()
    return {**facts, **loaded}
