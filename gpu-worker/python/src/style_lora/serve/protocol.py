"""Serve protocol: request validation and response shapes (one JSON object per line, answered in order).
Validation is strict and total: any request that reaches the pipeline has every field present and in range."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

INVALID_JSON = "invalid_json"
BAD_REQUEST = "bad_request"
ADAPTER_NOT_FOUND = "adapter_not_found"
ADAPTER_INVALID = "adapter_invalid"
OUT_OF_MEMORY = "out_of_memory"
INTERNAL = "internal"

MIN_SIDE, MAX_SIDE = 64, 2048
MIN_STEPS, MAX_STEPS = 1, 150
MIN_GUIDANCE, MAX_GUIDANCE = 0.0, 30.0
MAX_PROMPT_CHARS = 4000
# LCM-LoRA is distilled for a handful of steps at low guidance; outside this it produces mush.
FAST_STEPS = (4, 8)
FAST_GUIDANCE = (1.0, 2.0)


class RequestError(Exception):
    def __init__(self, code: str, message: str, request_id: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.request_id = request_id


@dataclass(frozen=True)
class Request:
    id: str
    adapter: str | None
    prompt: str
    negative: str | None
    seed: int
    steps: int
    guidance: float
    width: int
    height: int
    fast: bool = False

    def effective_steps_and_guidance(self) -> tuple[int, float]:
        """Fast (LCM) requests are clamped into the range the distilled adapter works in."""
        if not self.fast:
            return self.steps, self.guidance
        steps = min(max(self.steps, FAST_STEPS[0]), FAST_STEPS[1])
        guidance = min(max(self.guidance, FAST_GUIDANCE[0]), FAST_GUIDANCE[1])
        return steps, guidance


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_request(line: str) -> Request:
    try:
        raw = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise RequestError(INVALID_JSON, f"request is not valid JSON: {error.msg}") from error
    if not isinstance(raw, dict):
        raise RequestError(INVALID_JSON, "request must be a JSON object")
    request_id = raw.get("id")
    if not isinstance(request_id, str) or not request_id:
        raise RequestError(BAD_REQUEST, "id must be a non-empty string")

    def bad(message: str) -> RequestError:
        return RequestError(BAD_REQUEST, message, request_id)

    for name in ("adapter", "prompt", "seed", "steps", "guidance", "width", "height"):
        if name not in raw:
            raise bad(f"missing field {name}")
    adapter = raw["adapter"]
    if adapter is not None and (not isinstance(adapter, str) or not adapter):
        raise bad("adapter must be a path string or null")
    prompt = raw["prompt"]
    if not isinstance(prompt, str) or len(prompt) > MAX_PROMPT_CHARS:
        raise bad(f"prompt must be a string of at most {MAX_PROMPT_CHARS} characters")
    negative = raw.get("negative")
    if negative is not None and (not isinstance(negative, str) or len(negative) > MAX_PROMPT_CHARS):
        raise bad(f"negative must be a string of at most {MAX_PROMPT_CHARS} characters")
    seed = raw["seed"]
    if not _is_int(seed) or not 0 <= seed < 2**63:
        raise bad("seed must be an integer in [0, 2^63)")
    steps = raw["steps"]
    if not _is_int(steps) or not MIN_STEPS <= steps <= MAX_STEPS:
        raise bad(f"steps must be an integer in [{MIN_STEPS}, {MAX_STEPS}]")
    guidance = raw["guidance"]
    if (
        isinstance(guidance, bool)
        or not isinstance(guidance, (int, float))
        or not math.isfinite(guidance)
        or not MIN_GUIDANCE <= guidance <= MAX_GUIDANCE
    ):
        raise bad(f"guidance must be a number in [{MIN_GUIDANCE:g}, {MAX_GUIDANCE:g}]")
    for name in ("width", "height"):
        value = raw[name]
        if not _is_int(value) or not MIN_SIDE <= value <= MAX_SIDE or value % 8:
            raise bad(f"{name} must be a multiple of 8 in [{MIN_SIDE}, {MAX_SIDE}]")
    fast = raw.get("fast", False)
    if not isinstance(fast, bool):
        raise bad("fast must be a boolean")
    return Request(
        id=request_id,
        adapter=adapter,
        prompt=prompt,
        negative=negative or None,
        seed=seed,
        steps=steps,
        guidance=float(guidance),
        width=raw["width"],
        height=raw["height"],
        fast=fast,
    )


def error_response(request_id: str | None, code: str, message: str) -> dict[str, Any]:
    return {"id": request_id, "ok": False, "error": {"code": code, "message": message}}


def success_response(request_id: str, png_base64: str, timings: dict[str, float], adapter_cached: bool) -> dict:
    return {"id": request_id, "ok": True, "png": png_base64, "timings": timings, "adapter_cached": adapter_cached}
