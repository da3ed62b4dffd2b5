"""The `serve` command as a subprocess: ready line, then one in-order JSON answer per request line.
Covers adapter hot-swap and LRU, unknown/invalid adapters, malformed JSON, bad parameters, fast mode and EOF."""

from __future__ import annotations

import base64
import io
import json
import select
import shutil
import subprocess
import sys
import threading

import pytest
from conftest import child_env
from PIL import Image

from style_lora.serve.protocol import RequestError, parse_request
from style_lora.serve.server import OutOfMemory, retry_once_on_oom


def _request(request_id: str, adapter, **changes) -> str:
    request = {
        "id": request_id,
        "adapter": None if adapter is None else str(adapter),
        "prompt": "zqxstyle, a harbour at dusk",
        "negative": "blurry",
        "seed": 42,
        "steps": 2,
        "guidance": 5.0,
        "width": 64,
        "height": 64,
    }
    request.update(changes)
    return json.dumps(request)


@pytest.fixture(scope="module")
def session(tiny_bases, sd15_adapters, tmp_path_factory):
    """Run one server over a scripted conversation; return its ready line, answers and exit code."""
    root = tmp_path_factory.mktemp("serve")
    adapter_a, adapter_b = sd15_adapters["a"], sd15_adapters["b"]
    adapter_c = shutil.copy(adapter_a, root / "c.safetensors")  # same weights, a distinct cache entry
    garbage = root / "garbage.safetensors"
    garbage.write_bytes(b"\x00" * 64)
    lines = [
        _request("base-1", None),
        _request("a-1", adapter_a),
        _request("b-1", adapter_b),
        _request("a-2", adapter_a),
        _request("missing", root / "nope.safetensors"),
        "{this is not json",
        _request("bad-width", adapter_a, width=100),
        _request("bad-steps", adapter_a, steps=0),
        _request("bad-guidance", adapter_a, guidance=31),
        json.dumps({"id": "no-prompt", "adapter": None, "seed": 1, "steps": 2, "guidance": 1, "width": 64, "height": 64}),
        _request("garbage", garbage),
        _request("c-1", adapter_c),  # capacity 2: evicts b (least recently used)
        _request("b-2", adapter_b),  # b reloaded, not cached
        _request("base-2", None),
        _request("fast-a", adapter_a, fast=True, steps=25, guidance=7.0),
        _request("wide", adapter_a, width=128, height=64),
    ]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "style_lora",
            "serve",
            "--base",
            str(tiny_bases["sd15"]),
            "--max-adapters",
            "2",
            "--lcm-lora",
            str(adapter_b),  # any UNet LoRA exercises the fast-mode plumbing
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    # Stderr is drained in the background so a chatty server can never block on a full pipe.
    stderr_chunks: list[str] = []
    drain = threading.Thread(target=lambda: stderr_chunks.append(process.stderr.read()), daemon=True)
    drain.start()

    def read_line() -> dict:
        ready, _, _ = select.select([process.stdout], [], [], 120)
        assert ready, "server did not answer within 120 s"
        return json.loads(process.stdout.readline())

    try:
        # Lock-step, as the TypeScript supervisor drives it: one request, wait for its answer.
        ready_line = read_line()
        answers = []
        for line in lines:
            process.stdin.write(line + "\n")
            process.stdin.flush()
            answers.append(read_line())
        process.stdin.close()  # EOF: the server must exit 0 on its own
        rc = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    drain.join(timeout=10)
    return {"rc": rc, "ready": ready_line, "answers": answers, "stderr": "".join(stderr_chunks)}


def _by_id(session) -> dict:
    return {answer["id"]: answer for answer in session["answers"] if answer["id"] is not None}


def _png(answer) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(answer["png"])))


def test_ready_then_one_answer_per_request_in_order_and_clean_exit(session):
    assert session["rc"] == 0, session["stderr"][-3000:]
    ready = session["ready"]
    assert ready["event"] == "ready" and ready["arch"] == "sd15" and ready["device"] == "cpu"
    assert ready["load_seconds"] >= 0
    ids = [answer["id"] for answer in session["answers"]]
    assert ids == [
        "base-1", "a-1", "b-1", "a-2", "missing", None, "bad-width", "bad-steps", "bad-guidance",
        "no-prompt", "garbage", "c-1", "b-2", "base-2", "fast-a", "wide",
    ]


def test_successful_answers_carry_png_and_timings(session):
    answers = _by_id(session)
    for request_id in ("base-1", "a-1", "b-1", "a-2", "c-1", "b-2", "base-2", "fast-a"):
        answer = answers[request_id]
        assert answer["ok"] is True, answer
        assert set(answer["timings"]) == {"adapter_ms", "inference_ms", "encode_ms", "total_ms"}
        assert answer["timings"]["total_ms"] >= answer["timings"]["inference_ms"] >= 0
        image = _png(answer)
        assert image.format == "PNG" and image.size == (64, 64)
    assert _png(answers["wide"]).size == (128, 64)


def test_adapter_switching_is_cached_and_deterministic(session):
    answers = _by_id(session)
    assert answers["a-1"]["adapter_cached"] is False
    assert answers["b-1"]["adapter_cached"] is False
    assert answers["a-2"]["adapter_cached"] is True
    assert answers["a-1"]["png"] == answers["a-2"]["png"]
    assert answers["a-1"]["png"] != answers["b-1"]["png"]
    assert answers["a-1"]["png"] != answers["base-1"]["png"]
    # Same weights under another path are loaded separately and render the same image.
    assert answers["c-1"]["adapter_cached"] is False and answers["c-1"]["png"] == answers["a-1"]["png"]
    # LRU with capacity 2: loading c evicted b, so b is read again — and renders as before.
    assert answers["b-2"]["adapter_cached"] is False and answers["b-2"]["png"] == answers["b-1"]["png"]
    # adapter null after styles were loaded is the plain base model again.
    assert answers["base-2"]["png"] == answers["base-1"]["png"]


def test_fast_mode_combines_lcm_lora(session):
    fast = _by_id(session)["fast-a"]
    assert fast["ok"] is True and fast["png"] != _by_id(session)["a-1"]["png"]


def test_errors_are_reported_and_serving_continues(session):
    answers = session["answers"]
    by_id = _by_id(session)
    assert by_id["missing"]["ok"] is False and by_id["missing"]["error"]["code"] == "adapter_not_found"
    invalid_json = [answer for answer in answers if answer["id"] is None]
    assert len(invalid_json) == 1 and invalid_json[0]["error"]["code"] == "invalid_json"
    for request_id in ("bad-width", "bad-steps", "bad-guidance", "no-prompt"):
        assert by_id[request_id]["ok"] is False and by_id[request_id]["error"]["code"] == "bad_request"
    assert by_id["garbage"]["error"]["code"] == "adapter_invalid"
    assert all(answer["error"]["message"] for answer in answers if not answer["ok"])


def test_missing_base_model_fails_at_start(tmp_path):
    process = subprocess.run(
        [sys.executable, "-m", "style_lora", "serve", "--base", str(tmp_path / "none")],
        input="",
        capture_output=True,
        text=True,
        env=child_env(),
        timeout=120,
    )
    assert process.returncode == 1
    assert json.loads(process.stdout)["code"] == "base_model_missing"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"width": 2056}, "width"),
        ({"height": 60}, "height"),
        ({"steps": 151}, "steps"),
        ({"guidance": -0.5}, "guidance"),
        ({"seed": 1.5}, "seed"),
        ({"adapter": 3}, "adapter"),
        ({"fast": "yes"}, "fast"),
        ({"prompt": None}, "prompt"),
    ],
)
def test_request_validation(changes, message):
    raw = json.loads(_request("r", None))
    raw.update(changes)
    with pytest.raises(RequestError) as raised:
        parse_request(json.dumps(raw))
    assert raised.value.code == "bad_request" and message in raised.value.message
    assert raised.value.request_id == "r"


def test_fast_requests_are_clamped_to_lcm_range():
    request = parse_request(_request("r", None, fast=True, steps=30, guidance=8.0))
    assert request.effective_steps_and_guidance() == (8, 2.0)
    plain = parse_request(_request("r", None, steps=30, guidance=8.0))
    assert plain.effective_steps_and_guidance() == (30, 8.0)


class FakeOutOfMemoryError(RuntimeError):
    pass


def test_oom_frees_and_retries_once_then_reports():
    calls, released = [], []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return "image"

    assert retry_once_on_oom(flaky, lambda: released.append(1)) == "image"
    assert len(calls) == 2 and released == [1]

    def always():
        raise FakeOutOfMemoryError("CUDA out of memory")

    with pytest.raises(OutOfMemory):
        retry_once_on_oom(always, lambda: None)

    def other():
        raise ValueError("not memory")

    with pytest.raises(ValueError):
        retry_once_on_oom(other, lambda: None)
