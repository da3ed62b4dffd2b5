"""The GPU benchmark's --smoke run: every section of bench/gpu_bench.py on CPU with the tiny fixtures.
Keeps the prepared device script runnable: a broken import or code path fails here, not on the GPU machine."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

from conftest import child_env

BENCH = Path(__file__).resolve().parents[1] / "bench" / "gpu_bench.py"
SECTIONS = ("build", "train", "serve_eager", "adapter_switch", "serve_compiled")
# Numbers each section must report (finite): the ones the Markdown table and the goals read.
REQUIRED = {
    "train": ("seconds_per_step", "peak_memory_gib_steps", "projected_style_seconds", "final_loss"),
    "serve_eager": ("seconds_per_image", "seconds_per_image_lora", "load_seconds"),
    "adapter_switch": ("first_time_ms", "cached_ms"),
    "serve_compiled": ("seconds_per_image_lora", "compile_and_first_image_seconds", "hotswap_ms",
                       "recompiles_on_switch"),
}


def _numbers(value, path=""):
    """Every number in a JSON tree, with its path (booleans are flags, not measurements)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _numbers(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _numbers(item, f"{path}[{index}]")
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield path, value


def test_smoke_run_reports_every_section_with_finite_numbers(tmp_path):
    out = tmp_path / "bench-out"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--smoke", "--out", str(out)],
        capture_output=True, text=True, env=child_env(), timeout=240,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["meta"]["smoke"] is True and results["meta"]["skipped"] == []
    for arch in ("sd15", "sdxl"):
        sections = results["sections"][arch]
        assert set(SECTIONS) <= set(sections), f"{arch}: {sorted(sections)}"
        for name in SECTIONS:
            assert "error" not in sections[name] and "skipped" not in sections[name], (arch, name, sections[name])
        for name, keys in REQUIRED.items():
            for key in keys:
                assert key in sections[name], (arch, name, key)
        for path, value in _numbers(sections):
            assert math.isfinite(value), f"{arch}{path} = {value}"
        # The compiled server hot-swaps adapters into one slot: switching must not recompile.
        assert sections["serve_compiled"]["recompiles_on_switch"] == 0
        assert sections["adapter_switch"]["cached_ms"] < sections["adapter_switch"]["first_time_ms"]
    markdown = (out / "results.md").read_text(encoding="utf-8")
    assert "| SD 1.5 64², 2 steps: s/image, torch.compile + LoRA hot swap |" in markdown
    assert "| SDXL: adapter switch (eager LRU), first load / cached, ms |" in markdown
