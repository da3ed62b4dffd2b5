"""The `train` command as the TypeScript worker runs it: a subprocess, one job line in, event lines out.
Bad jobs fail fast with one error event, exit code 1 and no adapter file; a good job streams started→progress→done."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import make_job, run_cli
from PIL import Image


@pytest.mark.parametrize(
    "mutate, code",
    [
        (lambda job, tmp: job.pop("trigger"), "bad_job"),
        (lambda job, tmp: job.update(images=[]), "bad_job"),
        (lambda job, tmp: job.update(steps=0), "bad_job"),
        (lambda job, tmp: job.update(base_model=str(tmp / "no-such-model")), "base_model_missing"),
        (lambda job, tmp: job["images"].append({"path": str(tmp / "missing.png"), "tags": []}), "image_unreadable"),
        (
            lambda job, tmp: job["images"].append(
                {"path": str((tmp / "junk.png").write_bytes(b"not an image") and tmp / "junk.png"), "tags": []}
            ),
            "image_unreadable",
        ),
    ],
    ids=["missing-trigger", "no-images", "zero-steps", "missing-base", "missing-image", "corrupt-image"],
)
def test_bad_job_reports_error_and_writes_nothing(mutate, code, tmp_path, tiny_bases, training_images):
    output = tmp_path / "out" / "style.safetensors"
    job = make_job(tiny_bases["sd15"], [dict(image) for image in training_images[:2]], output, seed=1)
    mutate(job, tmp_path)
    rc, lines, stderr = run_cli(["train"], json.dumps(job) + "\n", timeout=60)
    assert rc == 1, stderr
    assert len(lines) == 1 and lines[0]["event"] == "error", lines
    assert lines[0]["code"] == code and lines[0]["message"]
    assert not output.exists()


def test_malformed_and_empty_stdin_are_bad_jobs():
    for stdin in ("{not json\n", ""):
        rc, lines, _ = run_cli(["train"], stdin, timeout=60)
        assert rc == 1 and lines == [{"event": "error", "code": "bad_job", "message": lines[0]["message"]}]


def test_training_events_in_order_with_samples(tmp_path, tiny_bases, training_images):
    output = tmp_path / "styles" / "v1.safetensors"
    job = make_job(
        tiny_bases["sd15"],
        training_images,
        output,
        seed=5,
        steps=3,
        sample_every=2,
        sample_prompts=["a quiet harbour"],
        sample_steps=2,
    )
    rc, lines, stderr = run_cli(["train"], json.dumps(job) + "\n")
    assert rc == 0, stderr
    kinds = [line["event"] for line in lines]
    assert kinds[0] == "started" and kinds[-1] == "done"
    assert kinds.count("started") == 1 and "error" not in kinds
    assert set(kinds[1:-1]) <= {"progress", "sample"} and "progress" in kinds

    started, done = lines[0], lines[-1]
    assert started["steps"] == 3 and started["images"] == 10 and started["arch"] == "sd15"
    assert started["options"]["rank"] == 16 and started["options"]["resolution"] == 64
    steps = [line["step"] for line in lines if line["event"] == "progress"]
    assert steps == sorted(steps) and steps[-1] == 3
    assert all(line["steps"] == 3 and line["eta_seconds"] >= 0 for line in lines if line["event"] == "progress")

    samples = [line for line in lines if line["event"] == "sample"]
    assert [sample["step"] for sample in samples] == [2, 3]
    for sample in samples:
        path = Path(sample["path"])
        assert path.parent == output.parent and sample["prompt"].startswith("zqxstyle")
        with Image.open(path) as image:
            assert image.format == "PNG" and image.size == (64, 64)

    assert done["adapter"] == str(output) and output.is_file() and done["steps"] == 3
    assert done["final_loss"] > 0 and done["seconds"] > 0
    # Nothing but protocol lines on stdout (parsed above); logs went to stderr.
    assert "loaded sd15 base" in stderr
