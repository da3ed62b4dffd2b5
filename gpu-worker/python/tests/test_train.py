"""End-to-end LoRA training on tiny SD 1.5 and SDXL pipelines (in-process, CPU, a few steps).
Checks loss, that the LoRA moved from its seeded initialisation, reproducibility and diffusers loading."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from conftest import TRIGGER, is_finite, make_job
from safetensors.torch import load_file

from style_lora.base_model import pipeline_class_for
from style_lora.train.loop import add_style_lora, lora_state_dict, train
from style_lora.train.options import parse_job

STEPS = {"sd15": 4, "sdxl": 3}
SEED = 11


@pytest.fixture(scope="module", params=["sd15", "sdxl"])
def trained(request, tiny_bases, training_images, tmp_path_factory):
    arch = request.param
    root = tmp_path_factory.mktemp(f"train-{arch}")
    runs = []
    for name in ("first", "second"):
        events: list[dict] = []
        output = root / f"{name}.safetensors"
        job = make_job(tiny_bases[arch], training_images, output, SEED, steps=STEPS[arch], rank=4)
        train(parse_job(json.dumps(job)), events.append)
        runs.append({"output": output, "events": events})
    return {"arch": arch, "base": tiny_bases[arch], "runs": runs}


def test_events_and_finite_loss(trained):
    events = trained["runs"][0]["events"]
    kinds = [event["event"] for event in events]
    assert kinds[0] == "started" and kinds[-1] == "done" and "progress" in kinds
    started, done = events[0], events[-1]
    assert started["arch"] == trained["arch"] and started["device"] == "cpu" and started["images"] == 10
    shapes = [tuple(bucket) for bucket in started["buckets"]]
    assert any(w > h for w, h in shapes) and any(h > w for w, h in shapes) and (64, 64) in shapes
    progress = [event for event in events if event["event"] == "progress"]
    assert progress[-1]["step"] == STEPS[trained["arch"]]
    assert all(is_finite(event["loss"]) for event in progress)
    assert is_finite(done["final_loss"]) and done["steps"] == STEPS[trained["arch"]]


def test_lora_weights_changed_from_initialisation(trained):
    from diffusers import UNet2DConditionModel

    unet = UNet2DConditionModel.from_pretrained(trained["base"] / "unet", local_files_only=True)
    add_style_lora(unet, rank=4, alpha=4, seed=SEED)
    initial = {f"unet.{key}": value for key, value in lora_state_dict(unet).items()}
    saved = load_file(trained["runs"][0]["output"])
    assert set(saved) == set(initial) and len(saved) > 0
    assert all(key.endswith(("lora.down.weight", "lora.up.weight")) for key in saved)
    unchanged = [key for key in saved if torch.equal(saved[key], initial[key])]
    assert unchanged == []


def test_same_seed_gives_identical_adapter(trained):
    first, second = (load_file(run["output"]) for run in trained["runs"])
    assert set(first) == set(second)
    assert all(torch.equal(first[key], second[key]) for key in first)


def _render(pipe, seed: int) -> np.ndarray:
    generator = torch.Generator("cpu").manual_seed(seed)
    result = pipe(
        prompt=f"{TRIGGER}, ink, flowers",
        num_inference_steps=2,
        width=64,
        height=64,
        generator=generator,
        output_type="np",
    )
    return result.images[0]


def test_adapter_loads_and_changes_the_output(trained):
    pipe = pipeline_class_for(trained["arch"]).from_pretrained(str(trained["base"]), local_files_only=True)
    pipe.set_progress_bar_config(disable=True)
    base_image = _render(pipe, seed=3)
    assert np.array_equal(base_image, _render(pipe, seed=3))

    pipe.load_lora_weights(str(trained["runs"][0]["output"]), adapter_name="style")
    styled = _render(pipe, seed=3)
    assert np.array_equal(styled, _render(pipe, seed=3))
    assert not np.array_equal(styled, base_image)
    # The change must survive 8-bit quantisation, i.e. be visible in a served PNG.
    assert not np.array_equal((styled * 255).round(), (base_image * 255).round())
