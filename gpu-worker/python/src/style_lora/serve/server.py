"""`python -m style_lora serve`: load the base once, then answer JSON-line requests in order, one at a time.
stdout carries only protocol lines; a bad request never stops the server; EOF on stdin exits 0."""

from __future__ import annotations

import argparse
import base64
import io
import logging
import os
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from ..memory import free_accelerator_memory, is_out_of_memory
from ..stdio import ProtocolWriter, claim_protocol_stdout, configure_logging
from .protocol import (
    INTERNAL,
    OUT_OF_MEMORY,
    Request,
    RequestError,
    error_response,
    parse_request,
    success_response,
)

log = logging.getLogger("style_lora.serve")

LCM_ADAPTER = "lcm"
T = TypeVar("T")


class OutOfMemory(Exception):
    pass


def retry_once_on_oom(run: Callable[[], T], release: Callable[[], None]) -> T:
    """Run; on CUDA OOM release memory and run once more; a second OOM raises OutOfMemory."""
    try:
        return run()
    except Exception as error:  # noqa: BLE001 - filtered just below
        if not is_out_of_memory(error):
            raise
        log.warning("out of memory, freeing and retrying once: %s", error)
    # Retried outside the except block so the failed attempt's traceback (and the tensors its
    # frames hold) is already released.
    release()
    try:
        return run()
    except Exception as error:  # noqa: BLE001
        if is_out_of_memory(error):
            raise OutOfMemory(str(error)) from error
        raise


def encode_png(image) -> str:
    buffer = io.BytesIO()
    # Low zlib effort: the TypeScript side signs and stores the bytes; encode time is latency.
    image.save(buffer, format="PNG", compress_level=1)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _ms(seconds: float) -> float:
    return round(seconds * 1000.0, 2)


class Server:
    def __init__(self, base, max_adapters: int, lcm_lora: str | None = None):
        from diffusers import LCMScheduler

        from ..base_model import compile_unet
        from .adapters import AdapterCache

        self.base = base
        self.pipe = base.pipe
        hotswap = base.compile_after_first_adapter
        self.adapters = AdapterCache(
            self.pipe, max_adapters, hotswap=hotswap, on_first_load=(lambda: compile_unet(self.pipe)) if hotswap else None
        )
        self.default_scheduler = self.pipe.scheduler
        self.lcm_scheduler = None
        if lcm_lora:
            if hotswap:
                raise ValueError("--lcm-lora cannot be combined with a compiled UNet (hot-swap keeps one slot)")
            self.adapters.load_pinned(lcm_lora, LCM_ADAPTER)
            self.lcm_scheduler = LCMScheduler.from_config(self.default_scheduler.config)
            self.adapters.activate(None)  # loaded but inactive until a fast request asks for it

    def handle_line(self, line: str) -> dict[str, Any]:
        request_id = None
        try:
            request = parse_request(line)
            request_id = request.id
            if request.fast and self.lcm_scheduler is None:
                raise RequestError("bad_request", "fast mode needs the server started with --lcm-lora", request_id)
            return self._generate(request)
        except RequestError as error:
            return error_response(error.request_id or request_id, error.code, error.message)
        except OutOfMemory as error:
            return error_response(request_id, OUT_OF_MEMORY, f"out of GPU memory after one retry: {error}")
        except Exception as error:  # noqa: BLE001 - one broken request must not stop the server
            traceback.print_exc(file=sys.stderr)
            return error_response(request_id, INTERNAL, f"{type(error).__name__}: {error}")

    def _generate(self, request: Request) -> dict[str, Any]:
        import torch

        started = time.perf_counter()
        extra = (LCM_ADAPTER,) if request.fast else ()
        steps, guidance = request.effective_steps_and_guidance()

        def activate() -> bool:
            return self.adapters.activate(request.adapter, extra)

        def release() -> None:
            self.adapters.evict_all_except(request.adapter)
            free_accelerator_memory()

        cached = retry_once_on_oom(activate, release)
        adapter_done = time.perf_counter()

        def infer():
            self.pipe.scheduler = self.lcm_scheduler if request.fast else self.default_scheduler
            # A CPU generator gives the same noise for a seed on every device and every run.
            generator = torch.Generator("cpu").manual_seed(request.seed)
            return self.pipe(
                prompt=request.prompt,
                negative_prompt=request.negative,
                num_inference_steps=steps,
                guidance_scale=guidance,
                width=request.width,
                height=request.height,
                generator=generator,
            ).images[0]

        image = retry_once_on_oom(infer, release)
        inference_done = time.perf_counter()
        png = encode_png(image)
        finished = time.perf_counter()
        timings = {
            "adapter_ms": _ms(adapter_done - started),
            "inference_ms": _ms(inference_done - adapter_done),
            "encode_ms": _ms(finished - inference_done),
            "total_ms": _ms(finished - started),
        }
        return success_response(request.id, png, timings, cached)


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m style_lora serve")
    parser.add_argument("--base", required=True, help="diffusers folder or single-file checkpoint")
    parser.add_argument(
        "--config", "--base-config", dest="config", default=None, help="local config folder for a single-file checkpoint"
    )
    parser.add_argument("--max-adapters", type=int, default=8, help="style adapters kept resident (LRU)")
    parser.add_argument("--lcm-lora", default=None, help="LCM-LoRA .safetensors enabling fast requests")
    parser.add_argument(
        "--compile",
        action="store_true",
        default=os.environ.get("STYLE_LORA_COMPILE") == "1",
        help="torch.compile the UNet; adapters are then hot-swapped into one slot (also $STYLE_LORA_COMPILE=1)",
    )
    parser.add_argument("--max-rank", type=int, default=64, help="largest adapter rank accepted with --compile")
    args = parser.parse_args(argv)
    if args.max_adapters < 1:
        parser.error("--max-adapters must be at least 1")

    writer: ProtocolWriter = claim_protocol_stdout()
    if not os.path.exists(args.base):  # answer before paying for the torch import
        writer.emit({"event": "error", "code": "base_model_missing", "message": f"base model {args.base} does not exist"})
        return 1
    configure_logging()
    started = time.perf_counter()
    try:
        from ..base_model import BaseModelError, load_base_model

        try:
            base = load_base_model(
                args.base, config=args.config, compile_unet=args.compile, hotswap_rank=args.max_rank
            )
        except BaseModelError as error:
            writer.emit({"event": "error", "code": "base_model_missing", "message": str(error)})
            return 1
        server = Server(base, args.max_adapters, args.lcm_lora)
    except Exception as error:  # noqa: BLE001 - the supervisor needs a line, not just a dead pipe
        traceback.print_exc(file=sys.stderr)
        writer.emit({"event": "error", "code": INTERNAL, "message": f"{type(error).__name__}: {error}"})
        return 1
    writer.emit(
        {
            "event": "ready",
            "arch": base.arch,
            "device": base.device.type,
            "load_seconds": round(time.perf_counter() - started, 3),
        }
    )
    while True:
        line = sys.stdin.readline()
        if not line:
            return 0  # EOF: the supervisor closed our stdin, a clean shutdown
        if line.strip():
            writer.emit(server.handle_line(line))
