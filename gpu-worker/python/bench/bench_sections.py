"""The measured sections: LoRA training, eager serving, adapter switching, compiled serving with hot swap.
Each drives the product's own code (Trainer, load_base_model, Server, AdapterCache) and returns plain numbers."""

from __future__ import annotations

import gc
import json
import logging
import random
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import style_lora  # noqa: F401  (hub-offline env before diffusers/transformers import)

import torch
from PIL import Image, ImageDraw
from style_lora.base_model import load_base_model
from style_lora.serve.server import Server
from style_lora.train.loop import Trainer
from style_lora.train.options import default_steps, parse_job

TRIGGER = "zqxstyle"
PROMPT = f"{TRIGGER}, a lighthouse on a cliff at dusk, ink and watercolour"
NEGATIVE = "blurry, low quality"
GUIDANCE = 7.5  # classifier-free guidance on: every step runs the UNet on a batch of two, as in production
GIB = 2**30


class BenchError(Exception):
    pass


@dataclass
class Settings:
    """What a run measures with: full-size GPU values, or tiny CPU values for --smoke."""

    side: int  # square image side for inference
    steps: int  # inference steps per image
    images: int  # timed images per setting (after warm-up)
    train_steps: int  # timed training steps (the first `train_warmup` are not counted)
    train_warmup: int
    train_images: int
    train_resolution: int | None  # None = the package's default for the architecture
    switches: int  # cached switches timed


def cuda() -> bool:
    return torch.cuda.is_available()


def sync() -> None:
    if cuda():
        torch.cuda.synchronize()


def median(values: list[float]) -> float:
    if not values:
        raise BenchError("no samples to take a median of")
    return float(statistics.median(values))


def free_memory() -> None:
    gc.collect()
    if cuda():
        torch.cuda.empty_cache()


# --- training ------------------------------------------------------------------------------------
def paint_images(folder: Path, count: int, side: int, seed: int) -> list[dict]:
    """Synthetic artworks (palette, strokes, a circle) in square, 4:3 and 3:4 shapes, like uploads."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    shapes = [(side, side), (side * 4 // 3, side), (side, side * 4 // 3)]
    tags = ["ink", "watercolour", "bold lines", "pastel", "texture", "night", "flowers", "city"]
    images = []
    for index in range(count):
        width, height = shapes[index % len(shapes)]
        palette = [tuple(rng.randrange(256) for _ in range(3)) for _ in range(4)]
        image = Image.new("RGB", (width, height), palette[0])
        draw = ImageDraw.Draw(image)
        for _ in range(16):
            points = [(rng.randrange(width), rng.randrange(height)) for _ in range(2)]
            draw.line(points, fill=rng.choice(palette[1:]), width=rng.randrange(2, max(3, side // 40)))
        radius = min(width, height) // 4
        cx, cy = rng.randrange(width), rng.randrange(height)
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=palette[1], width=max(3, side // 100))
        path = folder / f"art-{index}.png"
        image.save(path)
        images.append({"path": str(path), "tags": tags[index % 5 : index % 5 + 3]})
    return images


def train_section(base_dir: Path, work: Path, settings: Settings, seed: int = 7) -> dict:
    """One training job through the product's Trainer with its defaults; every step timed.

    The step count is overridden (a full run is default_steps(n)), nothing else: rank, alpha,
    resolution and gradient checkpointing are what the package picks for this GPU.
    """
    images = paint_images(work / "images", settings.train_images, settings.train_resolution or 512, seed)
    output = work / "style-a.safetensors"
    job = {"base_model": str(base_dir), "images": images, "output": str(output), "trigger": TRIGGER,
           "seed": seed, "steps": settings.train_steps}
    if settings.train_resolution:
        job["resolution"] = settings.train_resolution
    events: list[dict] = []
    trainer = Trainer(parse_job(json.dumps(job)), events.append)
    step_seconds: list[float] = []
    peak_before_steps = [0]
    inner_step = trainer._step  # not a public hook: wrapped only to time it (loss.item() syncs)

    def timed_step(batch):
        if not step_seconds and cuda():
            # Peak over the steps alone, apart from the peak of loading and latent caching.
            peak_before_steps[0] = torch.cuda.max_memory_allocated()
            torch.cuda.reset_peak_memory_stats()
        started = time.perf_counter()
        loss = inner_step(batch)
        step_seconds.append(time.perf_counter() - started)
        return loss

    trainer._step = timed_step
    if cuda():
        torch.cuda.reset_peak_memory_stats()
    started = time.perf_counter()
    done = trainer.run()
    total = time.perf_counter() - started
    peak_steps = torch.cuda.max_memory_allocated() if cuda() else 0
    options = trainer.options
    counted = step_seconds[settings.train_warmup :] or step_seconds
    per_step = median(counted)
    overhead = total - sum(step_seconds)  # load, latent caching, optimizer setup, adapter save
    full_steps = default_steps(settings.train_images)
    del trainer
    free_memory()
    return {
        "adapter": str(output),
        "images": settings.train_images,
        "rank": options.rank,
        "alpha": options.alpha,
        "resolution": options.resolution,
        "batch_size": options.batch_size,
        "gradient_checkpointing": bool(options.gradient_checkpointing),
        "steps_run": len(step_seconds),
        "steps_timed": len(counted),
        "seconds_per_step": per_step,
        "seconds_per_step_min": min(counted),
        "peak_memory_gib_steps": peak_steps / GIB,
        "peak_memory_gib_run": max(peak_steps, peak_before_steps[0]) / GIB,
        "setup_and_save_seconds": overhead,
        "final_loss": float(done["final_loss"]),
        "default_steps": full_steps,
        "projected_style_seconds": overhead + full_steps * per_step,
    }


def derive_adapter(source: Path, target: Path, seed: int) -> Path:
    """A second style: the trained adapter's tensors with fresh noise, same keys, rank and metadata."""
    from safetensors import safe_open
    from safetensors.torch import save_file

    generator = torch.Generator().manual_seed(seed)
    with safe_open(str(source), framework="pt") as handle:
        metadata = handle.metadata()
        tensors = {key: handle.get_tensor(key) for key in handle.keys()}
    changed = {key: value + 0.02 * torch.randn(value.shape, generator=generator, dtype=value.dtype)
               for key, value in tensors.items()}
    save_file(changed, str(target), metadata=metadata)
    return target


# --- serving -------------------------------------------------------------------------------------
def _request(server: Server, request_id: str, adapter: Path | None, settings: Settings, seed: int) -> dict:
    line = json.dumps({"id": request_id, "adapter": str(adapter) if adapter else None, "prompt": PROMPT,
                       "negative": NEGATIVE, "seed": seed, "steps": settings.steps, "guidance": GUIDANCE,
                       "width": settings.side, "height": settings.side})
    response = server.handle_line(line)
    if not response.get("ok"):
        raise BenchError(f"request {request_id} failed: {response.get('error')}")
    return {**response["timings"], "adapter_cached": response["adapter_cached"]}


def _timed_images(server, label, adapter, settings) -> list[dict]:
    return [_request(server, f"{label}-{index}", adapter, settings, seed=index) for index in range(settings.images)]


def _seconds(answers: list[dict], key: str = "inference_ms") -> float:
    return median([answer[key] / 1000.0 for answer in answers])


def _peak_reset() -> None:
    if cuda():
        torch.cuda.reset_peak_memory_stats()


def _peak_gib() -> float:
    return torch.cuda.max_memory_allocated() / GIB if cuda() else 0.0


def _pipeline_facts(pipe) -> dict:
    processors = {type(processor).__name__ for processor in pipe.unet.attn_processors.values()}
    weight = pipe.unet.conv_in.weight
    return {
        "attention_processors": sorted(processors),
        "unet_channels_last": bool(weight.is_contiguous(memory_format=torch.channels_last)) and weight.dim() == 4,
        "dtype": str(pipe.unet.dtype).replace("torch.", ""),
        "unet_evaluations_per_image": len(pipe.scheduler.timesteps),
    }


def eager_section(base_dir: Path, adapters: tuple[Path, Path], settings: Settings) -> dict:
    """Seconds per image without compile, base and with a style LoRA, then adapter switch times."""
    started = time.perf_counter()
    base = load_base_model(base_dir)
    load_seconds = time.perf_counter() - started
    server = Server(base, max_adapters=8)
    first, second = adapters
    _request(server, "warmup-base", None, settings, seed=99)
    _peak_reset()
    plain = _timed_images(server, "base", None, settings)
    peak_plain = _peak_gib()
    facts = _pipeline_facts(server.pipe)
    warm_lora = _request(server, "warmup-lora", first, settings, seed=99)  # first adapter load, untimed image
    styled = _timed_images(server, "lora", first, settings)
    switch = _switch_times(server, adapters, settings.switches)
    result = {
        "load_seconds": load_seconds,
        "seconds_per_image": _seconds(plain),
        "seconds_per_image_total": _seconds(plain, "total_ms"),
        "seconds_per_image_lora": _seconds(styled),
        "peak_memory_gib": peak_plain,
        "first_adapter_load_ms": warm_lora["adapter_ms"],
        **facts,
        "switch": switch,
    }
    del server, base
    free_memory()
    return result


def _timed_activate(server: Server, path: Path) -> tuple[float, bool]:
    sync()
    started = time.perf_counter()
    cached = server.adapters.activate(str(path))
    sync()
    return (time.perf_counter() - started) * 1000.0, cached


def _switch_times(server: Server, adapters: tuple[Path, Path], switches: int) -> dict:
    """The AdapterCache's own activate(): first load of a second style, then cached switches back and forth."""
    first, second = adapters
    server.adapters.activate(str(first))
    first_time_ms, first_cached = _timed_activate(server, second)
    cached_ms = []
    for index in range(switches):
        elapsed, cached = _timed_activate(server, first if index % 2 == 0 else second)
        if not cached:
            raise BenchError("a resident adapter was reloaded: the LRU did not keep it")
        cached_ms.append(elapsed)
    if first_cached:
        raise BenchError("the second adapter was reported cached on its first load")
    return {"first_time_ms": first_time_ms, "cached_ms": median(cached_ms), "cached_samples": len(cached_ms)}


class CompileWatch:
    """Counts dynamo compilations (graphs and frames converted) and keeps the recompile reasons it logs."""

    def __init__(self) -> None:
        import torch._dynamo
        import torch._logging

        torch._dynamo.reset()  # a previous architecture's graphs would count as recompiles of this one
        torch._logging.set_logs(recompiles=True)
        self.reasons: list[str] = []
        watch = self

        class _Keep(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                watch.reasons.append(record.getMessage()[:500])

        logging.getLogger("torch._dynamo.guards.__recompiles").addHandler(_Keep())

    @staticmethod
    def snapshot() -> dict:
        from torch._dynamo.utils import counters

        return {"graphs": counters["stats"]["unique_graphs"], "frames": counters["frames"]["total"]}

    def since(self, before: dict) -> dict:
        now = self.snapshot()
        return {"graphs": now["graphs"] - before["graphs"], "frames": now["frames"] - before["frames"]}


def compiled_section(base_dir: Path, adapters: tuple[Path, Path], settings: Settings, max_rank: int,
                     include_base_request: bool) -> dict:
    """The server's --compile path: compile after the first adapter, then hot swap; counts recompiles."""
    watch = CompileWatch()
    first, second = adapters
    started = time.perf_counter()
    base = load_base_model(base_dir, compile_unet=True, hotswap_rank=max_rank)
    load_seconds = time.perf_counter() - started
    server = Server(base, max_adapters=8)
    before_compile = watch.snapshot()
    started = time.perf_counter()
    _request(server, "compile", first, settings, seed=99)  # loads the slot, compiles, renders
    compile_seconds = time.perf_counter() - started
    compiled = watch.since(before_compile)
    _request(server, "warmup-2", first, settings, seed=98)
    after_warmup = watch.snapshot()
    reasons_before = len(watch.reasons)
    _peak_reset()
    styled = _timed_images(server, "lora", first, settings)
    steady = watch.since(after_warmup)
    before_switch = watch.snapshot()
    swaps = [
        _request(server, "swap-b", second, settings, seed=1),
        _request(server, "swap-a", first, settings, seed=2),
        _request(server, "swap-b2", second, settings, seed=3),
    ]
    on_switch = watch.since(before_switch)
    result = {
        "load_seconds": load_seconds,
        "hotswap_rank": max_rank,
        "compile_and_first_image_seconds": compile_seconds,
        "compiled_graphs_first_image": compiled["graphs"],
        "seconds_per_image_lora": _seconds(styled),
        "seconds_per_image_lora_total": _seconds(styled, "total_ms"),
        "seconds_per_image_after_swap": median([answer["inference_ms"] / 1000.0 for answer in swaps]),
        "peak_memory_gib": _peak_gib(),
        "hotswap_ms": median([answer["adapter_ms"] for answer in swaps]),
        "hotswap_samples": len(swaps),
        "recompiles_steady": steady["graphs"],
        "recompiles_on_switch": on_switch["graphs"],
        "frames_recompiled_on_switch": on_switch["frames"],
    }
    if include_base_request:
        # adapter null on a compiled server: the LoRA layers are disabled, which dynamo guards on.
        before_base = watch.snapshot()
        started = time.perf_counter()
        _request(server, "base-first", None, settings, seed=4)
        result["base_request_first_seconds"] = time.perf_counter() - started
        result["recompiles_on_base_request"] = watch.since(before_base)["graphs"]
        result["seconds_per_image_base_after"] = _request(server, "base-2", None, settings, seed=5)["inference_ms"] / 1000
    result["recompile_reasons"] = watch.reasons[reasons_before:][:5]
    del server, base
    torch._dynamo.reset()  # dynamo's caches hold the compiled UNet (and its GPU weights) otherwise
    free_memory()
    return result
