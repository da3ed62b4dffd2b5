"""The LoRA training loop: peft LoRA on the UNet attention projections, everything else frozen, noise-prediction MSE.
Deterministic for a seed on CPU (python Random for data, a CPU torch Generator for noise); emits JSON-able events."""

from __future__ import annotations

import logging
import math
import os
import random
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import style_lora  # noqa: F401  (forces hub-offline env before diffusers/transformers import)

import numpy as np
import torch
import torch.nn.functional as F
from diffusers import DDPMScheduler
from diffusers.training_utils import cast_training_params
from diffusers.utils import convert_state_dict_to_diffusers
from peft import LoraConfig
from peft.utils import get_peft_model_state_dict

from ..base_model import BaseModel, BaseModelError, load_base_model
from .buckets import Bucket, Fitted, batch_stream, bucket_step, fit_to_bucket, make_buckets, nearest_bucket
from .captions import build_caption, clean_tags
from .errors import BASE_MODEL_MISSING, INTERNAL, TrainError
from .images import image_size, open_rgb
from .options import Job, TrainOptions, resolve_options

log = logging.getLogger("style_lora.train")

Emit = Callable[[dict[str, Any]], None]

LORA_TARGET_MODULES = ["to_k", "to_q", "to_v", "to_out.0"]
# Below this much free GPU memory at start, trade ~25% speed for activation memory.
CHECKPOINTING_FREE_BYTES = {"sd15": 12 * 2**30, "sdxl": 24 * 2**30}
PROGRESS_INTERVAL_S = 0.5  # at most ~2 progress lines per second
FINAL_LOSS_WINDOW = 20  # single-step losses swing with the sampled timestep; report a mean


@dataclass
class Example:
    latent_mean: torch.Tensor  # (C, h, w) fp32, unscaled VAE posterior mean
    latent_std: torch.Tensor
    tags: list[str]
    original_size: tuple[int, int]  # (height, width) before resizing: SDXL micro-conditioning
    crop_top_left: tuple[int, int]
    bucket: Bucket


def add_style_lora(unet: torch.nn.Module, rank: int, alpha: float, seed: int) -> None:
    """Attach the trainable LoRA to the UNet's attention projections; seeded so its init is reproducible."""
    torch.manual_seed(seed)
    unet.add_adapter(
        LoraConfig(r=rank, lora_alpha=alpha, init_lora_weights="gaussian", target_modules=LORA_TARGET_MODULES)
    )


def lora_state_dict(unet: torch.nn.Module) -> dict[str, torch.Tensor]:
    """The UNet LoRA weights in diffusers naming, as stored by save_lora_weights (without the "unet." prefix)."""
    state = convert_state_dict_to_diffusers(get_peft_model_state_dict(unet))
    return {key: value.detach().to("cpu", torch.float32).contiguous() for key, value in state.items()}


def model_pixel_multiple(pipe) -> int:
    """Image sides must divide by the VAE factor times the UNet's total downsampling."""
    vae_factor = 2 ** (len(pipe.vae.config.block_out_channels) - 1)
    unet_factor = 2 ** (len(pipe.unet.config.block_out_channels) - 1)
    return vae_factor * unet_factor


def _tokenize(tokenizer, captions: list[str], device: torch.device) -> torch.Tensor:
    return tokenizer(
        captions, padding="max_length", max_length=tokenizer.model_max_length, truncation=True, return_tensors="pt"
    ).input_ids.to(device)


@torch.no_grad()
def encode_captions(base: BaseModel, captions: list[str]) -> tuple[torch.Tensor, torch.Tensor | None]:
    """Text conditioning exactly as the pipeline builds it at inference (so training matches serving)."""
    pipe = base.pipe
    if base.arch == "sd15":
        return pipe.text_encoder(_tokenize(pipe.tokenizer, captions, base.device))[0], None
    # SDXL: penultimate hidden states of both encoders side by side; pooled output of the second.
    first = pipe.text_encoder(_tokenize(pipe.tokenizer, captions, base.device), output_hidden_states=True)
    second = pipe.text_encoder_2(_tokenize(pipe.tokenizer_2, captions, base.device), output_hidden_states=True)
    embeds = torch.cat([first.hidden_states[-2], second.hidden_states[-2]], dim=-1)
    return embeds, second.text_embeds


@torch.no_grad()
def cache_latents(base: BaseModel, prepared: Iterable[tuple[Fitted, list[str], tuple[int, int]]]) -> list[Example]:
    """Encode each bucket-sized image once; training samples the posterior from the cached mean/std.

    `prepared` yields (fitted image, tags, original (height, width)); it is consumed lazily so only
    one decoded image is held at a time.
    """
    vae = base.pipe.vae
    original_dtype = vae.dtype
    # SDXL's VAE overflows in fp16 (force_upcast); bf16 and fp32 are safe as loaded.
    upcast = original_dtype == torch.float16 and getattr(vae.config, "force_upcast", False)
    if upcast:
        vae.to(torch.float32)
    examples = []
    try:
        for fitted, tags, original_size in prepared:
            pixels = torch.from_numpy(np.asarray(fitted.image, dtype=np.float32) / 127.5 - 1.0)
            pixels = pixels.permute(2, 0, 1).unsqueeze(0).to(base.device, vae.dtype)
            posterior = vae.encode(pixels).latent_dist
            examples.append(
                Example(
                    latent_mean=posterior.mean[0].float(),
                    latent_std=posterior.std[0].float(),
                    tags=tags,
                    original_size=original_size,
                    crop_top_left=(fitted.crop_top, fitted.crop_left),
                    bucket=fitted.bucket,
                )
            )
    finally:
        if upcast:
            vae.to(original_dtype)
    return examples


def _use_gradient_checkpointing(base: BaseModel, options: TrainOptions) -> bool:
    if base.device.type != "cuda":
        return False  # CPU runs are tests and tiny models: memory is not the constraint there
    if options.gradient_checkpointing is not None:
        return options.gradient_checkpointing
    free_bytes, _total = torch.cuda.mem_get_info(base.device)
    return free_bytes < CHECKPOINTING_FREE_BYTES[base.arch]


def _autocast(base: BaseModel):
    if base.device.type == "cuda" and base.dtype != torch.float32:
        return torch.autocast("cuda", dtype=base.dtype)
    return nullcontext()


class Trainer:
    """One training run. Construct, then call run(); events go to `emit`."""

    def __init__(self, job: Job, emit: Emit, sizes: list[tuple[int, int]] | None = None):
        self.job = job
        self.emit = emit
        self.output = Path(job.output).resolve()
        self.sizes = sizes

    # --- setup -----------------------------------------------------------------------------
    def _load(self) -> None:
        # Decode every image before the (slow) model load: an unreadable file fails the job at once.
        if self.sizes is None:
            self.sizes = [image_size(image.path) for image in self.job.images]
        try:
            self.base = load_base_model(self.job.base_model)
        except BaseModelError as error:
            raise TrainError(BASE_MODEL_MISSING, str(error)) from error
        self.options = resolve_options(self.job, self.base.arch)
        self.options.gradient_checkpointing = _use_gradient_checkpointing(self.base, self.options)
        step = bucket_step(self.options.resolution, model_pixel_multiple(self.base.pipe))
        self.buckets = make_buckets(self.options.resolution, step)
        self.bucket_of = [nearest_bucket(width, height, self.buckets) for width, height in self.sizes]

    def _prepare_model(self) -> None:
        pipe, options = self.base.pipe, self.options
        for module in (pipe.unet, pipe.vae, pipe.text_encoder, getattr(pipe, "text_encoder_2", None)):
            if module is not None:
                module.requires_grad_(False)
        add_style_lora(pipe.unet, options.rank, options.alpha, self.job.seed)
        if self.base.dtype != torch.float32:
            # Frozen weights stay bf16/fp16 for speed; the trained LoRA weights stay fp32 so small
            # Adam updates are not rounded away.
            cast_training_params(pipe.unet, dtype=torch.float32)
        if options.gradient_checkpointing:
            pipe.unet.enable_gradient_checkpointing()
        self.params = [param for param in pipe.unet.parameters() if param.requires_grad]
        self.optimizer = torch.optim.AdamW(
            self.params,
            lr=options.learning_rate,
            weight_decay=1e-2,
            **({"fused": True} if self.base.device.type == "cuda" else {}),
        )
        warmup = options.warmup_steps
        self.lr_schedule = torch.optim.lr_scheduler.LambdaLR(
            self.optimizer, lambda step: min(1.0, (step + 1) / warmup) if warmup else 1.0
        )
        # fp16 gradients underflow without loss scaling; bf16 and fp32 need none.
        self.scaler = torch.amp.GradScaler("cuda") if self.base.dtype == torch.float16 else None
        self.noise_scheduler = DDPMScheduler.from_config(pipe.scheduler.config)

    def _prepare_data(self) -> None:
        prepared = (
            (fit_to_bucket(open_rgb(image.path), bucket), clean_tags(image.tags, self.job.trigger), (height, width))
            for image, (width, height), bucket in zip(self.job.images, self.sizes, self.bucket_of)
        )
        self.examples = cache_latents(self.base, prepared)

    # --- one step ----------------------------------------------------------------------------
    def _step(self, batch: list[int]) -> float:
        base, pipe = self.base, self.base.pipe
        examples = [self.examples[index] for index in batch]
        captions = [build_caption(self.job.trigger, example.tags, self.rng) for example in examples]
        prompt_embeds, pooled = encode_captions(base, captions)

        mean = torch.stack([example.latent_mean for example in examples])
        std = torch.stack([example.latent_std for example in examples])
        # All randomness from one CPU generator: identical streams on any device, so CPU runs
        # reproduce bit for bit and GPU runs draw the same noise.
        eps = torch.randn(mean.shape, generator=self.generator).to(base.device)
        latents = (mean + std * eps) * pipe.vae.config.scaling_factor
        noise = torch.randn(latents.shape, generator=self.generator).to(base.device)
        timesteps = torch.randint(
            0, self.noise_scheduler.config.num_train_timesteps, (len(batch),), generator=self.generator
        ).to(base.device)
        noisy = self.noise_scheduler.add_noise(latents, noise, timesteps)
        prediction_type = self.noise_scheduler.config.prediction_type
        if prediction_type == "epsilon":
            target = noise
        elif prediction_type == "v_prediction":
            target = self.noise_scheduler.get_velocity(latents, noise, timesteps)
        else:  # "sample"
            target = latents

        added = None
        if base.arch == "sdxl":
            time_ids = [
                [*example.original_size, *example.crop_top_left, example.bucket[1], example.bucket[0]]
                for example in examples
            ]
            added = {
                "text_embeds": pooled,
                "time_ids": torch.tensor(time_ids, dtype=prompt_embeds.dtype, device=base.device),
            }
        with _autocast(base):
            prediction = pipe.unet(noisy, timesteps, prompt_embeds, added_cond_kwargs=added).sample
        loss = F.mse_loss(prediction.float(), target.float())

        if self.scaler is not None:
            self.scaler.scale(loss).backward()
            self.scaler.unscale_(self.optimizer)
            torch.nn.utils.clip_grad_norm_(self.params, self.options.max_grad_norm)
            self.scaler.step(self.optimizer)
            self.scaler.update()
        else:
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.params, self.options.max_grad_norm)
            self.optimizer.step()
        self.lr_schedule.step()
        self.optimizer.zero_grad(set_to_none=True)
        return loss.item()

    # --- samples and saving ------------------------------------------------------------------
    def _render_samples(self, step: int) -> None:
        options, pipe = self.options, self.base.pipe
        side = options.resolution // 8 * 8
        pipe.unet.eval()
        try:
            for index, prompt in enumerate(options.sample_prompts):
                if self.job.trigger.lower() not in prompt.lower():
                    prompt = f"{self.job.trigger}, {prompt}"
                generator = torch.Generator("cpu").manual_seed(self.job.seed + index)
                with _autocast(self.base), torch.no_grad():
                    image = pipe(
                        prompt=prompt,
                        num_inference_steps=options.sample_steps,
                        guidance_scale=options.sample_guidance,
                        width=side,
                        height=side,
                        generator=generator,
                    ).images[0]
                path = self.output.with_name(f"{self.output.stem}.sample-{step:06d}-{index}.png")
                image.save(path, format="PNG")
                self.emit({"event": "sample", "step": step, "path": str(path), "prompt": prompt})
        finally:
            pipe.unet.train()

    def _save_adapter(self) -> None:
        unet = self.base.pipe.unet
        # Write into a scratch folder beside the target, then rename: the adapter path either holds
        # a complete file or nothing.
        with tempfile.TemporaryDirectory(dir=self.output.parent, prefix=".style-lora-") as scratch:
            self.base.pipeline_class.save_lora_weights(
                scratch,
                unet_lora_layers=lora_state_dict(unet),
                weight_name=self.output.name,
                unet_lora_adapter_metadata=unet.peft_config["default"].to_dict(),
            )
            written = Path(scratch) / self.output.name
            # The scratch file is private (0600); the adapter is read by other worker processes.
            umask = os.umask(0)
            os.umask(umask)
            written.chmod(0o666 & ~umask)
            os.replace(written, self.output)

    # --- run -----------------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        started_at = time.monotonic()
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self._load()
        options = self.options
        self.emit(
            {
                "event": "started",
                "steps": options.steps,
                "images": len(self.job.images),
                "buckets": [list(bucket) for bucket in sorted(set(self.bucket_of))],
                "device": self.base.device.type,
                "arch": self.base.arch,
                "options": options.to_dict(),
            }
        )
        self.rng = random.Random(self.job.seed)
        self.generator = torch.Generator("cpu").manual_seed(self.job.seed)
        self._prepare_model()
        self._prepare_data()
        self.base.pipe.unet.train()

        batches = batch_stream([example.bucket for example in self.examples], options.batch_size, self.rng)
        losses: list[float] = []
        pending: list[float] = []
        loop_started = time.monotonic()
        last_report = -math.inf
        for step in range(1, options.steps + 1):
            loss = self._step(next(batches))
            if not math.isfinite(loss):
                raise TrainError(INTERNAL, f"loss became {loss} at step {step}; try a lower learning_rate")
            losses.append(loss)
            pending.append(loss)
            now = time.monotonic()
            if now - last_report >= PROGRESS_INTERVAL_S or step == options.steps:
                per_step = (now - loop_started) / step
                self.emit(
                    {
                        "event": "progress",
                        "step": step,
                        "steps": options.steps,
                        "loss": sum(pending) / len(pending),
                        "eta_seconds": round(per_step * (options.steps - step), 3),
                    }
                )
                pending.clear()
                last_report = now
            if options.sample_prompts and options.sample_every and step % options.sample_every == 0:
                if step != options.steps:  # the final samples are rendered after saving
                    self._render_samples(step)

        if options.sample_prompts:
            self._render_samples(options.steps)
        # Saving is the last thing that can fail, so a failed job never leaves an adapter behind.
        self._save_adapter()
        window = losses[-FINAL_LOSS_WINDOW:]
        done = {
            "event": "done",
            "adapter": str(self.output),
            "steps": options.steps,
            "seconds": round(time.monotonic() - started_at, 3),
            "final_loss": sum(window) / len(window),
        }
        self.emit(done)
        return done


def train(job: Job, emit: Emit, sizes: list[tuple[int, int]] | None = None) -> dict[str, Any]:
    """Run one training job; `sizes` (upright width, height per image) skips re-validating the images."""
    return Trainer(job, emit, sizes).run()
