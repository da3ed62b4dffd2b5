"""Write a diffusers SD 1.5 / SDXL pipeline as ONE original-format checkpoint (LDM / "CompVis" key layout).

This is the reverse of what diffusers' single-file loader converts (`loaders/single_file_utils.py`:
convert_ldm_unet_checkpoint, convert_ldm_vae_checkpoint, convert_ldm_clip_checkpoint,
convert_open_clip_checkpoint). It exists so the product's single-file path (`BASE_MODEL_PATH` = a
.safetensors file + a local config folder) can be proven offline with tiny random weights, the way
the operator's real checkpoints (e.g. `v1-5-pruned-emaonly.safetensors`) are laid out.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import style_lora  # noqa: F401  (forces hub-offline env before diffusers/transformers import)

import torch
from safetensors.torch import save_file

from .fixtures import build_tiny_pipeline

UNET_PREFIX = "model.diffusion_model."
VAE_PREFIX = "first_stage_model."
SD15_CLIP_PREFIX = "cond_stage_model.transformer."
SDXL_CLIP_PREFIX = "conditioner.embedders.0.transformer."
SDXL_OPEN_CLIP_PREFIX = "conditioner.embedders.1.model."
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".ckpt", ".pt", ".pth")
# The tiny SDXL's second text encoder is this wide (the fixture's first one is 32 wide); see
# build_single_file_pipeline for why the two widths must differ.
SDXL_OPEN_CLIP_HIDDEN = 64

_UNET_TOP_LEVEL = {
    "time_embedding.linear_1.": "time_embed.0.",
    "time_embedding.linear_2.": "time_embed.2.",
    "conv_in.": "input_blocks.0.0.",
    "conv_norm_out.": "out.0.",
    "conv_out.": "out.2.",
    # SDXL's micro-conditioning embedding ("text_time"); LDM calls it the label embedding.
    "add_embedding.linear_1.": "label_emb.0.0.",
    "add_embedding.linear_2.": "label_emb.0.2.",
}
# diffusers ResnetBlock2D names -> LDM ResBlock names (in_layers = GroupNorm, SiLU, Conv; out_layers
# = GroupNorm, SiLU, Dropout, Conv; emb_layers = SiLU, Linear).
_UNET_RESNET = {
    "norm1.": "in_layers.0.",
    "conv1.": "in_layers.2.",
    "norm2.": "out_layers.0.",
    "conv2.": "out_layers.3.",
    "time_emb_proj.": "emb_layers.1.",
    "conv_shortcut.": "skip_connection.",
}
_VAE_TOP_LEVEL = {"conv_norm_out.": "norm_out."}
_VAE_RESNET = {"conv_shortcut.": "nin_shortcut."}
_VAE_ATTENTION = {"group_norm.": "norm.", "to_q.": "q.", "to_k.": "k.", "to_v.": "v.", "to_out.0.": "proj_out."}
_OPEN_CLIP_LAYER = {
    "self_attn.out_proj.": "attn.out_proj.",
    "layer_norm1.": "ln_1.",
    "layer_norm2.": "ln_2.",
    "mlp.fc1.": "mlp.c_fc.",
    "mlp.fc2.": "mlp.c_proj.",
}


def _rename_head(rest: str, table: dict[str, str]) -> str | None:
    for diffusers_name, ldm_name in table.items():
        if rest.startswith(diffusers_name):
            return ldm_name + rest[len(diffusers_name) :]
    return None


def _unet_block_prefixes(config, keys: list[str]) -> list[tuple[str, str, bool]]:
    """(diffusers prefix, LDM prefix, is_resnet) for every block, in LDM's flat numbering.

    LDM numbers the UNet as flat `input_blocks` / `middle_block` / `output_blocks` lists: each
    down block contributes `layers_per_block` (resnet, attention) layers plus one downsampler
    layer (not the last block); each up block `layers_per_block + 1` layers, its upsampler sitting
    after the attention when there is one. convert_ldm_unet_checkpoint undoes exactly this.
    """
    per_block = config.layers_per_block
    if not isinstance(per_block, int):
        raise ValueError("per-block layers_per_block lists have no LDM single-file layout")
    blocks = len(config.block_out_channels)
    prefixes: list[tuple[str, str, bool]] = []
    for block in range(blocks):
        for layer in range(per_block):
            index = 1 + block * (per_block + 1) + layer
            prefixes.append((f"down_blocks.{block}.resnets.{layer}.", f"input_blocks.{index}.0.", True))
            prefixes.append((f"down_blocks.{block}.attentions.{layer}.", f"input_blocks.{index}.1.", False))
        if block < blocks - 1:
            index = 1 + block * (per_block + 1) + per_block
            prefixes.append((f"down_blocks.{block}.downsamplers.0.conv.", f"input_blocks.{index}.0.op.", False))
    prefixes += [
        ("mid_block.resnets.0.", "middle_block.0.", True),
        ("mid_block.attentions.0.", "middle_block.1.", False),
        ("mid_block.resnets.1.", "middle_block.2.", True),
    ]
    for block in range(blocks):
        has_attention = any(key.startswith(f"up_blocks.{block}.attentions.") for key in keys)
        for layer in range(per_block + 1):
            index = block * (per_block + 1) + layer
            prefixes.append((f"up_blocks.{block}.resnets.{layer}.", f"output_blocks.{index}.0.", True))
            prefixes.append((f"up_blocks.{block}.attentions.{layer}.", f"output_blocks.{index}.1.", False))
        if block < blocks - 1:
            index = block * (per_block + 1) + per_block
            slot = 2 if has_attention else 1
            prefixes.append((f"up_blocks.{block}.upsamplers.0.conv.", f"output_blocks.{index}.{slot}.conv.", False))
    return prefixes


def unet_to_ldm(unet) -> dict[str, torch.Tensor]:
    state = unet.state_dict()
    prefixes = _unet_block_prefixes(unet.config, list(state))
    converted: dict[str, torch.Tensor] = {}
    for key, tensor in state.items():
        name = _rename_head(key, _UNET_TOP_LEVEL)
        for diffusers_prefix, ldm_prefix, is_resnet in prefixes if name is None else ():
            if key.startswith(diffusers_prefix):
                rest = key[len(diffusers_prefix) :]
                # Inside transformer blocks the names (norm1, attn1.to_q, ...) are the same in both layouts.
                name = ldm_prefix + ((_rename_head(rest, _UNET_RESNET) or rest) if is_resnet else rest)
                break
        if name is None:
            # A silently dropped key would load as an uninitialised (meta) weight: refuse instead.
            raise ValueError(f"UNet weight {key} has no LDM name (not an SD 1.5/SDXL UNet layout)")
        converted[UNET_PREFIX + name] = tensor
    return converted


def vae_to_ldm(vae) -> dict[str, torch.Tensor]:
    up_blocks = len(vae.config.up_block_types)
    converted: dict[str, torch.Tensor] = {}
    for key, tensor in vae.state_dict().items():
        part, _, rest = key.partition(".")  # "encoder" | "decoder" | "quant_conv" | "post_quant_conv"
        name = None
        if part in ("encoder", "decoder"):
            fields = rest.split(".")
            if fields[0] in ("down_blocks", "up_blocks"):
                block = int(fields[1])
                # LDM numbers decoder up blocks from the lowest resolution: reversed order.
                ldm_block = f"down.{block}" if fields[0] == "down_blocks" else f"up.{up_blocks - 1 - block}"
                tail = ".".join(fields[4:])
                if fields[2] == "resnets":
                    name = f"{ldm_block}.block.{fields[3]}." + (_rename_head(tail, _VAE_RESNET) or tail)
                else:  # downsamplers.0.conv.* / upsamplers.0.conv.*
                    name = f"{ldm_block}.{'downsample' if fields[0] == 'down_blocks' else 'upsample'}.{tail}"
            elif fields[0] == "mid_block":
                tail = ".".join(fields[3:])
                if fields[1] == "resnets":
                    name = f"mid.block_{int(fields[2]) + 1}." + (_rename_head(tail, _VAE_RESNET) or tail)
                else:
                    name = "mid.attn_1." + (_rename_head(tail, _VAE_ATTENTION) or tail)
                    if tensor.ndim == 2:
                        # The original VAE attention uses 1x1 convolutions; real checkpoints store 4-D weights.
                        tensor = tensor[:, :, None, None]
            else:
                name = _rename_head(rest, _VAE_TOP_LEVEL) or rest
            name = f"{part}.{name}"
        else:
            name = key
        converted[VAE_PREFIX + name] = tensor
    return converted


def _text_model_keys(model) -> dict[str, torch.Tensor]:
    # transformers >= 5.6 flattened CLIPTextModel (no `text_model.` level); the original layout and
    # diffusers' converter both keep it, so normalise to the `text_model.` names.
    return {
        (key if key.startswith(("text_model.", "text_projection.")) else f"text_model.{key}"): tensor
        for key, tensor in model.state_dict().items()
    }


def clip_to_ldm(text_encoder, prefix: str) -> dict[str, torch.Tensor]:
    """OpenAI CLIP (SD 1.5's encoder, SDXL's first): the HF transformers names under a prefix."""
    return {prefix + key: tensor for key, tensor in _text_model_keys(text_encoder).items()}


def open_clip_to_ldm(text_encoder, prefix: str = SDXL_OPEN_CLIP_PREFIX) -> dict[str, torch.Tensor]:
    """SDXL's second encoder in OpenCLIP layout: fused q/k/v, `resblocks`, transposed projection."""
    state = _text_model_keys(text_encoder)
    converted: dict[str, torch.Tensor] = {}
    fused: dict[str, dict[str, torch.Tensor]] = {}
    layer_prefix = "text_model.encoder.layers."
    for key, tensor in state.items():
        if key.startswith(layer_prefix):
            index, _, rest = key[len(layer_prefix) :].partition(".")
            for projection in ("q", "k", "v"):
                head = f"self_attn.{projection}_proj."
                if rest.startswith(head):
                    fused.setdefault(f"{index}.{rest[len(head):]}", {})[projection] = tensor
                    break
            else:
                name = _rename_head(rest, _OPEN_CLIP_LAYER)
                if name is None:
                    raise ValueError(f"text encoder weight {key} has no OpenCLIP name")
                converted[f"transformer.resblocks.{index}.{name}"] = tensor
        elif key == "text_model.embeddings.token_embedding.weight":
            converted["token_embedding.weight"] = tensor
        elif key == "text_model.embeddings.position_embedding.weight":
            converted["positional_embedding"] = tensor
        elif key.startswith("text_model.final_layer_norm."):
            converted["ln_final." + key.rsplit(".", 1)[1]] = tensor
        elif key == "text_projection.weight":
            # OpenCLIP applies `x @ text_projection`; nn.Linear stores the transpose.
            converted["text_projection"] = tensor.T.contiguous()
        else:
            raise ValueError(f"text encoder weight {key} has no OpenCLIP name")
    for layer, parts in fused.items():
        index, kind = layer.split(".", 1)  # kind: "weight" | "bias"
        # nn.MultiheadAttention keeps q, k, v stacked in that order in one in_proj tensor.
        converted[f"transformer.resblocks.{index}.attn.in_proj_{kind}"] = torch.cat([parts[p] for p in "qkv"])
    return {prefix + key: tensor for key, tensor in converted.items()}


def _detect_arch(pipe) -> str:
    return "sdxl" if getattr(pipe, "text_encoder_2", None) is not None else "sd15"


def to_original_state_dict(pipe) -> dict[str, torch.Tensor]:
    """Every weight of an SD 1.5 / SDXL pipeline under its original single-file checkpoint name."""
    state = {**unet_to_ldm(pipe.unet), **vae_to_ldm(pipe.vae)}
    if _detect_arch(pipe) == "sdxl":
        state.update(clip_to_ldm(pipe.text_encoder, SDXL_CLIP_PREFIX))
        state.update(open_clip_to_ldm(pipe.text_encoder_2))
    else:
        state.update(clip_to_ldm(pipe.text_encoder, SD15_CLIP_PREFIX))
    return {key: tensor.detach().to("cpu").contiguous() for key, tensor in state.items()}


def write_single_file(pipe, path: str | Path) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_file(to_original_state_dict(pipe), str(out), metadata={"format": "pt"})
    return out


def write_config_folder(diffusers_folder: str | Path, folder: str | Path) -> Path:
    """The diffusers folder a single file needs beside it: a copy of `diffusers_folder` without its
    weights (model_index.json, component configs, scheduler, tokenizers)."""
    out = Path(folder)
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(diffusers_folder, out, ignore=shutil.ignore_patterns(*(f"*{s}" for s in WEIGHT_SUFFIXES)))
    return out


def build_single_file_pipeline(arch: str, seed: int = 0):
    """The fixture's tiny pipeline, in a shape diffusers' single-file loader can tell apart.

    SD 1.5: exactly the fixture's pipeline. SDXL: the fixture's, with the second (OpenCLIP) text
    encoder twice as wide. diffusers picks which checkpoint keys feed `text_encoder_2` by comparing
    the width of `conditioner.embedders.0`'s position embedding with the model's own (real SDXL:
    768 vs 1280); with the fixture's two equally wide encoders it would load the first encoder's
    weights into the second. The UNet's cross-attention and pooled-embedding widths follow.
    """
    pipe = build_tiny_pipeline(arch, seed)
    if arch != "sdxl":
        return pipe
    from diffusers import StableDiffusionXLPipeline, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModelWithProjection

    first = pipe.text_encoder.config.hidden_size
    unet_config = dict(pipe.unet.config)
    unet_config.update(
        cross_attention_dim=first + SDXL_OPEN_CLIP_HIDDEN,
        projection_class_embeddings_input_dim=6 * unet_config["addition_time_embed_dim"] + SDXL_OPEN_CLIP_HIDDEN,
    )
    torch.manual_seed(seed)
    unet = UNet2DConditionModel.from_config(unet_config)
    text_config = pipe.text_encoder_2.config.to_dict()
    text_config.update(hidden_size=SDXL_OPEN_CLIP_HIDDEN, projection_dim=SDXL_OPEN_CLIP_HIDDEN)
    torch.manual_seed(seed + 3)
    text_encoder_2 = CLIPTextModelWithProjection(CLIPTextConfig(**text_config))
    components = {**pipe.components, "unet": unet, "text_encoder_2": text_encoder_2}
    return StableDiffusionXLPipeline(**components, force_zeros_for_empty_prompt=True, add_watermarker=False)


def write_tiny_single_file(arch: str, out_dir: str | Path, seed: int = 0) -> dict[str, Path]:
    """Write `model.safetensors` (the whole pipeline, original layout), `config/` (what
    `--base-config` / STYLE_LORA_BASE_CONFIG point at; no weights, so every weight provably comes
    from the file) and `diffusers/` (the same pipeline as a normal folder, for comparisons)."""
    from .fixtures import write_tiny_vocabulary

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pipe = build_single_file_pipeline(arch, seed)
    paths = {"path": out / "model.safetensors", "config": out / "config", "folder": out / "diffusers"}
    write_single_file(pipe, paths["path"])
    if paths["folder"].exists():
        shutil.rmtree(paths["folder"])
    pipe.save_pretrained(paths["folder"], safe_serialization=True)
    # As in fixtures.write_tiny_pipeline: keep the plain BPE files beside tokenizer.json.
    for tokenizer_dir in ("tokenizer", "tokenizer_2"):
        if (paths["folder"] / tokenizer_dir).is_dir():
            write_tiny_vocabulary(paths["folder"] / tokenizer_dir)
    write_config_folder(paths["folder"], paths["config"])
    return paths
