"""Load the operator's base Stable Diffusion pipeline (SD 1.5 or SDXL family) from a local path, hub disabled.
A folder with model_index.json or a single .safetensors/.ckpt file; cuda+bf16 when present, otherwise cpu+fp32."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import style_lora  # noqa: F401  (forces hub-offline env before diffusers/transformers import)

import torch
from diffusers import StableDiffusionPipeline, StableDiffusionXLPipeline

from .memory import is_out_of_memory

log = logging.getLogger("style_lora.base_model")

SINGLE_FILE_SUFFIXES = (".safetensors", ".ckpt", ".pt", ".pth")
# A key only SDXL-family single-file checkpoints carry (the second, OpenCLIP text encoder).
SDXL_SINGLE_FILE_PREFIX = "conditioner.embedders.1."
CONFIG_ENV = "STYLE_LORA_BASE_CONFIG"
DEVICE_ENV = "STYLE_LORA_DEVICE"


class BaseModelError(Exception):
    """The base model path is missing, unreadable or not an SD 1.5/SDXL pipeline."""


@dataclass
class BaseModel:
    pipe: Any  # StableDiffusionPipeline | StableDiffusionXLPipeline
    arch: str  # "sd15" | "sdxl"
    device: torch.device
    dtype: torch.dtype
    path: Path
    # Serving with torch.compile: hot-swap is prepared and the UNet is compiled by the adapter
    # cache right after the first adapter is loaded (peft refuses to prepare a compiled model).
    compile_after_first_adapter: bool = False

    @property
    def pipeline_class(self):
        return pipeline_class_for(self.arch)


def pipeline_class_for(arch: str):
    return StableDiffusionXLPipeline if arch == "sdxl" else StableDiffusionPipeline


def pick_device() -> torch.device:
    forced = os.environ.get(DEVICE_ENV, "").strip().lower()
    if forced:
        return torch.device(forced)
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def pick_dtype(device: torch.device) -> torch.dtype:
    if device.type != "cuda":
        # Half precision on CPU is slow and numerically poor; fp32 keeps CPU runs exact and reproducible.
        return torch.float32
    # bf16 has fp32's range, so SDXL's VAE and long training runs do not overflow the way fp16 can.
    return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16


def _arch_from_class_name(class_name: str) -> str | None:
    if "XL" in class_name:
        return "sdxl"
    if class_name.startswith("StableDiffusion"):
        return "sd15"
    return None


def detect_folder_arch(folder: Path) -> str:
    """SD 1.5 vs SDXL for a diffusers folder: the UNet config decides, model_index names the fallback."""
    unet_config = folder / "unet" / "config.json"
    if unet_config.is_file():
        config = json.loads(unet_config.read_text(encoding="utf-8"))
        # "text_time" is SDXL's micro-conditioning (pooled text + size/crop ids); SD 1.x/2.x have none.
        return "sdxl" if config.get("addition_embed_type") == "text_time" else "sd15"
    index = json.loads((folder / "model_index.json").read_text(encoding="utf-8"))
    arch = _arch_from_class_name(str(index.get("_class_name", "")))
    if arch is None:
        raise BaseModelError(f"{folder} is not a Stable Diffusion 1.5/SDXL pipeline ({index.get('_class_name')})")
    return arch


def _single_file_keys(path: Path) -> list[str]:
    if path.suffix == ".safetensors":
        from safetensors import safe_open

        # Reads only the header: no tensor data is loaded to decide the architecture.
        with safe_open(str(path), framework="pt") as handle:
            return list(handle.keys())
    checkpoint = torch.load(str(path), map_location="cpu", mmap=True, weights_only=True)
    state = checkpoint.get("state_dict", checkpoint) if isinstance(checkpoint, dict) else {}
    return list(state.keys())


def detect_single_file_arch(path: Path, config: Path | None) -> str:
    if config is not None and (config / "model_index.json").is_file():
        return detect_folder_arch(config)
    keys = _single_file_keys(path)
    return "sdxl" if any(key.startswith(SDXL_SINGLE_FILE_PREFIX) for key in keys) else "sd15"


def resolve_config(config: str | Path | None) -> Path | None:
    value = config if config is not None else os.environ.get(CONFIG_ENV) or None
    if value is None:
        return None
    folder = Path(value)
    if not folder.is_dir():
        raise BaseModelError(f"single-file config folder {folder} does not exist")
    return folder


def _require_all_weights(pipe, source: Path) -> None:
    """diffusers' single-file loader leaves weights the checkpoint lacks on the meta device (no data)
    instead of failing, so a checkpoint that does not match its config folder would only break at
    `.to(device)` with a bare NotImplementedError. Name the component instead."""
    for name, component in pipe.components.items():
        if isinstance(component, torch.nn.Module):
            missing = [key for key, param in component.named_parameters() if param.device.type == "meta"]
            if missing:
                raise BaseModelError(
                    f"{source} does not match the config folder's {name}: {len(missing)} weights missing"
                    f" (e.g. {missing[0]})"
                )


def _safety_kwargs(arch: str) -> dict[str, Any]:
    # The platform signs and tracks every image itself; there is no NSFW classifier shipped with
    # the base model folder, and loading one would need the hub.
    if arch == "sd15":
        return {"safety_checker": None, "feature_extractor": None, "requires_safety_checker": False}
    return {}


def load_base_model(
    path: str | Path,
    *,
    config: str | Path | None = None,
    device: torch.device | None = None,
    compile_unet: bool = False,
    hotswap_rank: int = 64,
) -> BaseModel:
    """Load the base pipeline once, placed and tuned for the device.

    `config` (or $STYLE_LORA_BASE_CONFIG) is a local diffusers-format folder of component configs,
    needed for a single-file checkpoint because the hub default configs cannot be fetched.
    `compile_unet` is for the inference server only (adapters are then hot-swapped, never stacked).
    """
    source = Path(path)
    if not source.exists():
        raise BaseModelError(f"base model {source} does not exist")
    device = device or pick_device()
    dtype = pick_dtype(device)
    try:
        if source.is_dir():
            if not (source / "model_index.json").is_file():
                raise BaseModelError(f"{source} has no model_index.json (not a diffusers pipeline folder)")
            arch = detect_folder_arch(source)
            pipe = pipeline_class_for(arch).from_pretrained(
                str(source), dtype=dtype, local_files_only=True, **_safety_kwargs(arch)
            )
        elif source.suffix.lower() in SINGLE_FILE_SUFFIXES:
            config_dir = resolve_config(config)
            if config_dir is None:
                # Without `config` diffusers guesses a hub repo from the checkpoint's keys and looks it
                # up (a cache-dependent result offline, and an error advising HF_HUB_OFFLINE=0).
                raise BaseModelError(
                    f"{source} is a single-file checkpoint: it needs a local diffusers config folder of the same"
                    f" architecture (serve --base-config, or set {CONFIG_ENV})"
                )
            arch = detect_single_file_arch(source, config_dir)
            kwargs: dict[str, Any] = {"dtype": dtype, "local_files_only": True, **_safety_kwargs(arch)}
            pipe = pipeline_class_for(arch).from_single_file(str(source), config=str(config_dir), **kwargs)
            _require_all_weights(pipe, source)
        else:
            raise BaseModelError(f"{source} is neither a diffusers folder nor a {'/'.join(SINGLE_FILE_SUFFIXES)} file")
    except BaseModelError:
        raise
    except Exception as error:  # noqa: BLE001 - diffusers raises many types for a bad checkpoint
        if is_out_of_memory(error):
            raise
        raise BaseModelError(f"cannot load base model {source}: {error}") from error

    pipe.to(device)
    pipe.set_progress_bar_config(disable=True)
    if getattr(pipe, "safety_checker", None) is not None:
        pipe.safety_checker = None
    if device.type == "cuda":
        # torch 2 attention (SDPA / flash) is diffusers' default processor; channels_last lets cuDNN
        # pick its fastest NHWC convolution kernels for the UNet and VAE.
        pipe.unet.to(memory_format=torch.channels_last)
        pipe.vae.to(memory_format=torch.channels_last)
    if compile_unet:
        # LoRA weights are then padded to `hotswap_rank` and replaced in place, so switching styles
        # reuses one compiled graph instead of recompiling per adapter.
        pipe.enable_lora_hotswap(target_rank=hotswap_rank)
    log.info("loaded %s base %s on %s (%s)", arch, source, device, dtype)
    return BaseModel(
        pipe=pipe, arch=arch, device=device, dtype=dtype, path=source, compile_after_first_adapter=compile_unet
    )


def compile_unet(pipe) -> None:
    """Compile the UNet in place (lazy: the graph is traced on the next forward)."""
    pipe.unet.compile(fullgraph=False, dynamic=False)
