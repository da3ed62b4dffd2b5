"""Unit tests for the pure-Python parts of training: buckets, captions, job parsing and option defaults."""

from __future__ import annotations

import json
import random

import pytest
from PIL import Image

from style_lora.train.buckets import batch_stream, bucket_step, fit_to_bucket, make_buckets, nearest_bucket
from style_lora.train.captions import build_caption, clean_tags
from style_lora.train.errors import BAD_JOB, TrainError
from style_lora.train.options import default_steps, parse_job, resolve_options


@pytest.mark.parametrize("resolution", [64, 128, 512, 1024])
def test_buckets_are_step_multiples_near_target_area(resolution):
    step = bucket_step(resolution)
    assert step == (64 if resolution >= 256 else 8)
    buckets = make_buckets(resolution, step)
    assert (resolution, resolution) in buckets
    for width, height in buckets:
        assert width % step == 0 and height % step == 0
        assert 0.85 * resolution**2 <= width * height <= resolution**2
        assert max(width / height, height / width) <= 4.0


@pytest.mark.parametrize("resolution", [64, 512, 1024])
def test_wide_image_gets_wide_bucket_not_square(resolution):
    buckets = make_buckets(resolution, bucket_step(resolution))
    width, height = nearest_bucket(2000, 1000, buckets)
    assert width / height >= 1.5
    tall_w, tall_h = nearest_bucket(1000, 2000, buckets)
    assert (tall_w, tall_h) == (height, width)
    assert nearest_bucket(777, 777, buckets) == (resolution, resolution)


def test_fit_covers_bucket_and_crops_only_the_remainder():
    image = Image.new("RGB", (2000, 1000), "white")
    buckets = make_buckets(512, 64)
    bucket = nearest_bucket(*image.size, buckets)
    fitted = fit_to_bucket(image, bucket)
    assert fitted.image.size == bucket
    # Covering a 2:1 image into a ~1.67:1 bucket crops a sliver of the width, never half of it.
    assert fitted.crop_top == 0
    assert fitted.crop_left < 0.15 * image.width * (bucket[1] / image.height)


def test_model_multiple_raises_the_step():
    assert bucket_step(128, model_multiple=64) == 64
    assert bucket_step(64, model_multiple=4) == 8


def test_batches_share_a_bucket_and_are_seeded():
    bucket_of = [(64, 64), (80, 48), (64, 64), (80, 48), (64, 64), (48, 80)]
    first = batch_stream(bucket_of, 2, random.Random(3))
    second = batch_stream(bucket_of, 2, random.Random(3))
    seen = set()
    for _ in range(8):
        batch = next(first)
        assert batch == next(second)
        assert len({bucket_of[index] for index in batch}) == 1
        seen.update(batch)
    assert seen == set(range(len(bucket_of)))


def test_caption_trigger_first_tags_shuffled_deterministically():
    tags = clean_tags(["ink", " bold  lines ", "", "ink", "Zqx", "a,b"], "zqx")
    assert tags == ["ink", "bold lines", "a b"]
    captions = [build_caption("zqx", tags, random.Random(5)) for _ in range(2)]
    assert captions[0] == captions[1]
    rng = random.Random(5)
    many = {build_caption("zqx", tags, rng) for _ in range(30)}
    assert len(many) > 1
    assert all(caption.startswith("zqx, ") for caption in many)
    assert all(sorted(caption.split(", ")[1:]) == sorted(tags) for caption in many)


def _job(**changes):
    job = {
        "base_model": "/models/sd",
        "images": [{"path": f"/img/{i}.png", "tags": ["x"]} for i in range(10)],
        "output": "/out/a.safetensors",
        "trigger": "zqx",
        "seed": 1,
    }
    job.update(changes)
    return json.dumps({key: value for key, value in job.items() if value is not ...})


def test_defaults_scale_with_image_count_and_arch():
    options = resolve_options(parse_job(_job()), "sd15")
    assert (options.rank, options.alpha, options.learning_rate) == (16, 16.0, 1e-4)
    assert options.steps == 1000 and options.resolution == 512
    assert resolve_options(parse_job(_job()), "sdxl").resolution == 1024
    assert default_steps(1) == 400 and default_steps(100) == 3000
    big = parse_job(_job(images=[{"path": f"/{i}.png", "tags": []} for i in range(60)]))
    assert resolve_options(big, "sd15").rank == 32


def test_every_default_is_overridable():
    job = parse_job(_job(rank=4, alpha=2, learning_rate=3e-4, steps=7, resolution=256, batch_size=2,
                         gradient_checkpointing=True, sample_every=3, sample_prompts=["p"], sample_steps=5))
    options = resolve_options(job, "sdxl")
    assert (options.rank, options.alpha, options.learning_rate, options.steps) == (4, 2.0, 3e-4, 7)
    assert (options.resolution, options.batch_size, options.gradient_checkpointing) == (256, 2, True)
    assert (options.sample_every, options.sample_prompts, options.sample_steps) == (3, ["p"], 5)


@pytest.mark.parametrize(
    "changes",
    [
        {"images": []},
        {"images": ...},
        {"base_model": ...},
        {"output": "/out/a.bin"},
        {"trigger": ""},
        {"trigger": "a,b"},
        {"seed": -1},
        {"seed": "1"},
        {"steps": 0},
        {"rank": 0},
        {"resolution": 100},
        {"learning_rate": 0},
        {"gradient_checkpointing": "yes"},
        {"sample_prompts": [""]},
        {"images": [{"path": "/a.png", "tags": "x"}]},
    ],
)
def test_bad_jobs_are_rejected(changes):
    with pytest.raises(TrainError) as raised:
        parse_job(_job(**changes))
    assert raised.value.code == BAD_JOB


def test_non_json_job_is_bad():
    with pytest.raises(TrainError):
        parse_job("{nope")
