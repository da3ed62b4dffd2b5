"""Training job parsing and option resolution: validates every field, fills style-LoRA defaults by image count.
Pure stdlib so a malformed job is rejected before torch is imported; every default is overridable by the job."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import BAD_JOB, TrainError

MAX_IMAGES = 1000
MAX_SAMPLE_PROMPTS = 8

# Documented defaults (README "Training defaults"). Style LoRAs need far less capacity than
# subject/character LoRAs: attention-only rank 16 with alpha = rank (scale 1.0) and lr 1e-4 is
# the common diffusers/kohya starting point; ~100 steps per image lets 10 images converge
# without memorising them, clamped so tiny sets still learn and big sets stay under budget.
DEFAULT_RANK_SMALL_SET = 16
DEFAULT_RANK_LARGE_SET = 32  # 40+ images carry more variety than rank 16 can hold
LARGE_SET_IMAGES = 40
DEFAULT_LEARNING_RATE = 1e-4
STEPS_PER_IMAGE = 100
MIN_DEFAULT_STEPS = 400
MAX_DEFAULT_STEPS = 3000
DEFAULT_RESOLUTION = {"sd15": 512, "sdxl": 1024}
DEFAULT_SAMPLE_STEPS = 25
DEFAULT_SAMPLE_GUIDANCE = 7.0


@dataclass
class ImageSpec:
    path: str
    tags: list[str]


@dataclass
class Job:
    base_model: str
    images: list[ImageSpec]
    output: str
    trigger: str
    seed: int
    overrides: dict[str, Any] = field(default_factory=dict)


@dataclass
class TrainOptions:
    rank: int
    alpha: float
    learning_rate: float
    steps: int
    resolution: int
    batch_size: int
    gradient_checkpointing: bool | None  # None = decide from free GPU memory
    sample_every: int  # 0 = only at the end (when sample_prompts is non-empty)
    sample_prompts: list[str]
    sample_steps: int
    sample_guidance: float
    warmup_steps: int
    max_grad_norm: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _bad(message: str) -> TrainError:
    return TrainError(BAD_JOB, message)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) and math.isfinite(value)


def _int_in(job: dict, name: str, low: int, high: int) -> int | None:
    value = job.get(name)
    if value is None:
        return None
    if not _is_int(value) or not low <= value <= high:
        raise _bad(f"{name} must be an integer in [{low}, {high}]")
    return value


def _number_in(job: dict, name: str, low: float, high: float, *, low_open: bool = True) -> float | None:
    value = job.get(name)
    if value is None:
        return None
    ok = _is_number(value) and (value > low if low_open else value >= low) and value <= high
    if not ok:
        raise _bad(f"{name} must be a number in {'(' if low_open else '['}{low}, {high}]")
    return float(value)


def _non_empty_str(job: dict, name: str) -> str:
    value = job.get(name)
    if not isinstance(value, str) or not value.strip():
        raise _bad(f"{name} must be a non-empty string")
    return value.strip()


def _parse_images(raw: Any) -> list[ImageSpec]:
    if not isinstance(raw, list) or not raw:
        raise _bad("images must be a non-empty list")
    if len(raw) > MAX_IMAGES:
        raise _bad(f"at most {MAX_IMAGES} images per job")
    images = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("path"), str) or not item["path"]:
            raise _bad(f"images[{index}] must be an object with a non-empty path")
        tags = item.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
            raise _bad(f"images[{index}].tags must be a list of strings")
        images.append(ImageSpec(path=item["path"], tags=tags))
    return images


def parse_job(line: str) -> Job:
    """Parse one JSON job line; raises TrainError(bad_job) naming the first offending field."""
    try:
        job = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise _bad(f"job is not valid JSON: {error}") from error
    if not isinstance(job, dict):
        raise _bad("job must be a JSON object")
    base_model = _non_empty_str(job, "base_model")
    output = _non_empty_str(job, "output")
    if not output.endswith(".safetensors"):
        raise _bad("output must be a path ending in .safetensors")
    trigger = _non_empty_str(job, "trigger")
    if "," in trigger:
        raise _bad("trigger must not contain a comma (captions are comma-separated)")
    seed = job.get("seed")
    if not _is_int(seed) or not 0 <= seed < 2**63:
        raise _bad("seed must be an integer in [0, 2^63)")
    images = _parse_images(job.get("images"))
    overrides = {key: job[key] for key in OVERRIDABLE if job.get(key) is not None}
    _validate_overrides(overrides)
    return Job(base_model=base_model, images=images, output=output, trigger=trigger, seed=seed, overrides=overrides)


OVERRIDABLE = (
    "rank",
    "alpha",
    "learning_rate",
    "steps",
    "resolution",
    "batch_size",
    "gradient_checkpointing",
    "sample_every",
    "sample_prompts",
    "sample_steps",
    "sample_guidance",
)


def _validate_overrides(job: dict[str, Any]) -> None:
    _int_in(job, "rank", 1, 256)
    _number_in(job, "alpha", 0, 1024)
    _number_in(job, "learning_rate", 0, 1e-2)
    _int_in(job, "steps", 1, 100_000)
    resolution = _int_in(job, "resolution", 64, 2048)
    if resolution is not None and resolution % 8:
        raise _bad("resolution must be a multiple of 8")
    _int_in(job, "batch_size", 1, 64)
    if "gradient_checkpointing" in job and not isinstance(job["gradient_checkpointing"], bool):
        raise _bad("gradient_checkpointing must be a boolean")
    _int_in(job, "sample_every", 0, 100_000)
    _int_in(job, "sample_steps", 1, 150)
    _number_in(job, "sample_guidance", 0, 30, low_open=False)
    prompts = job.get("sample_prompts")
    if prompts is not None:
        if (
            not isinstance(prompts, list)
            or len(prompts) > MAX_SAMPLE_PROMPTS
            or not all(isinstance(prompt, str) and prompt.strip() for prompt in prompts)
        ):
            raise _bad(f"sample_prompts must be a list of at most {MAX_SAMPLE_PROMPTS} non-empty strings")


def default_steps(image_count: int) -> int:
    return min(MAX_DEFAULT_STEPS, max(MIN_DEFAULT_STEPS, STEPS_PER_IMAGE * image_count))


def resolve_options(job: Job, arch: str) -> TrainOptions:
    """Defaults for this architecture and image count, overridden field by field by the job."""
    given = job.overrides
    image_count = len(job.images)
    rank = given.get("rank", DEFAULT_RANK_LARGE_SET if image_count >= LARGE_SET_IMAGES else DEFAULT_RANK_SMALL_SET)
    steps = given.get("steps", default_steps(image_count))
    return TrainOptions(
        rank=rank,
        alpha=float(given.get("alpha", rank)),
        learning_rate=float(given.get("learning_rate", DEFAULT_LEARNING_RATE)),
        steps=steps,
        resolution=given.get("resolution", DEFAULT_RESOLUTION[arch]),
        batch_size=given.get("batch_size", 1),
        gradient_checkpointing=given.get("gradient_checkpointing"),
        sample_every=given.get("sample_every", 0),
        sample_prompts=[prompt.strip() for prompt in given.get("sample_prompts", [])],
        sample_steps=given.get("sample_steps", DEFAULT_SAMPLE_STEPS),
        sample_guidance=float(given.get("sample_guidance", DEFAULT_SAMPLE_GUIDANCE)),
        # A short warmup keeps the first Adam steps (with unreliable moment estimates) from
        # kicking the freshly initialised LoRA; 5% of the run, at most 50 steps.
        warmup_steps=min(50, steps // 20),
    )
