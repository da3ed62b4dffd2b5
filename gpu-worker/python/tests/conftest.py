"""Shared fixtures: tiny SD 1.5/SDXL pipelines and painted training images, built once per test session.
Adapters trained here are reused by the serve tests so each expensive step runs once."""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
SRC = Path(__file__).resolve().parents[1] / "src"

from PIL import Image, ImageDraw  # noqa: E402

# (width, height) cycle: square, 2:1, 1:2, 4:3, 2:3 — the buckets must keep these shapes.
ASPECTS = [(96, 96), (128, 64), (64, 128), (96, 72), (72, 108)]
TRIGGER = "zqxstyle"


def paint(path: Path, seed: int, size: tuple[int, int]) -> Path:
    """A distinct palette and stroke pattern per seed, so images (and styles) differ measurably."""
    rng = random.Random(seed)
    width, height = size
    palette = [tuple(rng.randrange(256) for _ in range(3)) for _ in range(4)]
    image = Image.new("RGB", size, palette[0])
    draw = ImageDraw.Draw(image)
    for _ in range(12):
        points = [(rng.randrange(width), rng.randrange(height)) for _ in range(2)]
        draw.line(points, fill=rng.choice(palette[1:]), width=rng.randrange(2, 7))
    radius = min(width, height) // 4
    cx, cy = rng.randrange(width), rng.randrange(height)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), outline=palette[1], width=3)
    image.save(path)
    return path


def make_job(base: Path, images: list[dict], output: Path, seed: int, **overrides) -> dict:
    job = {
        "base_model": str(base),
        "images": images,
        "output": str(output),
        "trigger": TRIGGER,
        "seed": seed,
        "resolution": 64,
        "steps": 4,
        "learning_rate": 5e-3,  # large on purpose: a few steps must change 8-bit outputs
    }
    job.update(overrides)
    return job


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(SRC)
    env["HF_HUB_OFFLINE"] = "1"
    return env


def run_cli(args: list[str], stdin: str, timeout: float = 180) -> tuple[int, list[dict], str]:
    """Run `python -m style_lora ...`; return (exit code, parsed stdout lines, stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "style_lora", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=timeout,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return done.returncode, lines, done.stderr


@pytest.fixture(scope="session")
def tiny_bases(tmp_path_factory) -> dict[str, Path]:
    from style_lora.fixtures import write_tiny_pipeline

    root = tmp_path_factory.mktemp("bases")
    return {arch: write_tiny_pipeline(arch, root / arch, seed=0) for arch in ("sd15", "sdxl")}


@pytest.fixture(scope="session")
def training_images(tmp_path_factory) -> list[dict]:
    root = tmp_path_factory.mktemp("images")
    tags = ["ink", "watercolor", "bold lines", "pastel", "texture", "night", "flowers", "city"]
    images = []
    for index in range(10):
        path = paint(root / f"art-{index}.png", seed=index, size=ASPECTS[index % len(ASPECTS)])
        images.append({"path": str(path), "tags": tags[index % 3 : index % 3 + 3]})
    return images


@pytest.fixture(scope="session")
def sd15_adapters(tiny_bases, training_images, tmp_path_factory) -> dict[str, Path]:
    """Two different style adapters (different seeds and halves of the set) for serve tests."""
    from style_lora.train.loop import train
    from style_lora.train.options import parse_job

    root = tmp_path_factory.mktemp("adapters")
    adapters = {}
    for name, seed, images in (("a", 1, training_images[:5]), ("b", 2, training_images[5:])):
        output = root / f"{name}.safetensors"
        train(parse_job(json.dumps(make_job(tiny_bases["sd15"], images, output, seed))), lambda event: None)
        adapters[name] = output
    return adapters


def is_finite(value) -> bool:
    return isinstance(value, float) and math.isfinite(value)
