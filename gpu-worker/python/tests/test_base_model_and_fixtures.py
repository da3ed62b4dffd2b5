"""Base-model loading (arch detection, device/dtype, errors) and the tiny offline pipeline fixtures."""

from __future__ import annotations

import json

import pytest
import torch
from conftest import run_cli
from safetensors.torch import save_file

from style_lora.base_model import (
    BaseModelError,
    detect_folder_arch,
    detect_single_file_arch,
    load_base_model,
    pick_dtype,
)


def test_tiny_pipelines_load_offline_with_their_real_classes(tiny_bases):
    from diffusers import StableDiffusionPipeline, StableDiffusionXLPipeline

    for arch, cls in (("sd15", StableDiffusionPipeline), ("sdxl", StableDiffusionXLPipeline)):
        index = json.loads((tiny_bases[arch] / "model_index.json").read_text())
        assert index["_class_name"] == cls.__name__
        pipe = cls.from_pretrained(str(tiny_bases[arch]), local_files_only=True)
        assert pipe.tokenizer.model_max_length == 77
        assert (tiny_bases[arch] / "tokenizer" / "vocab.json").is_file()
        assert (tiny_bases[arch] / "tokenizer" / "merges.txt").is_file()
        first, second = (pipe.tokenizer(text).input_ids for text in ("ink on paper", "oil on canvas"))
        assert first != second and pipe.tokenizer.unk_token_id not in first[1:-1]


def test_arch_detection_and_cpu_defaults(tiny_bases):
    assert detect_folder_arch(tiny_bases["sd15"]) == "sd15"
    assert detect_folder_arch(tiny_bases["sdxl"]) == "sdxl"
    base = load_base_model(tiny_bases["sdxl"])
    assert base.arch == "sdxl" and base.device.type == "cpu" and base.dtype == torch.float32
    assert base.pipe.unet.dtype == torch.float32
    sd15 = load_base_model(tiny_bases["sd15"])
    assert getattr(sd15.pipe, "safety_checker", None) is None
    assert pick_dtype(torch.device("cpu")) == torch.float32


def test_missing_and_unusable_base_models(tmp_path):
    with pytest.raises(BaseModelError, match="does not exist"):
        load_base_model(tmp_path / "missing")
    with pytest.raises(BaseModelError, match="model_index.json"):
        load_base_model(tmp_path)
    (tmp_path / "notes.txt").write_text("hi")
    with pytest.raises(BaseModelError):
        load_base_model(tmp_path / "notes.txt")


def test_single_file_arch_from_checkpoint_keys(tmp_path, tiny_bases):
    sd15 = tmp_path / "sd15.safetensors"
    save_file({"cond_stage_model.transformer.text_model.final_layer_norm.weight": torch.zeros(2)}, str(sd15))
    sdxl = tmp_path / "sdxl.safetensors"
    save_file({"conditioner.embedders.1.model.ln_final.weight": torch.zeros(2)}, str(sdxl))
    assert detect_single_file_arch(sd15, None) == "sd15"
    assert detect_single_file_arch(sdxl, None) == "sdxl"
    # Without a local config folder the hub default configs would be needed: a clear error, no download.
    with pytest.raises(BaseModelError, match="STYLE_LORA_BASE_CONFIG"):
        load_base_model(sd15)
    # With a config folder the loader gets further, and a checkpoint missing weights is still a
    # BaseModelError (never a raw diffusers exception).
    with pytest.raises(BaseModelError):
        load_base_model(sd15, config=tiny_bases["sd15"])


def test_tiny_cli_writes_a_loadable_pipeline(tmp_path):
    rc, lines, stderr = run_cli(["tiny", "--arch", "sdxl", "--out", str(tmp_path / "xl"), "--seed", "3"], "")
    assert rc == 0, stderr
    assert lines == [{"event": "done", "arch": "sdxl", "path": str(tmp_path / "xl")}]
    assert detect_folder_arch(tmp_path / "xl") == "sdxl"
