"""`python -m style_lora train`: one JSON job line on stdin, JSON event lines on stdout, logs on stderr.
Cheap checks (job fields, image files, base path) run before torch is imported; any failure ends in one error event + exit 1."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from ..lifetime import die_with_parent
from ..memory import is_out_of_memory
from ..stdio import claim_protocol_stdout, configure_logging
from .errors import BAD_JOB, BASE_MODEL_MISSING, INTERNAL, OUT_OF_MEMORY, TrainError
from .images import image_size
from .options import parse_job

log = logging.getLogger("style_lora.train")


def main() -> int:
    # A run takes minutes of GPU: it must not outlive a worker that was killed and replaced.
    die_with_parent()
    writer = claim_protocol_stdout()
    logging.basicConfig(stream=sys.stderr, level=logging.INFO)

    def fail(code: str, message: str) -> int:
        writer.emit({"event": "error", "code": code, "message": message})
        return 1

    try:
        line = sys.stdin.readline()
        if not line.strip():
            return fail(BAD_JOB, "expected one JSON job line on stdin")
        job = parse_job(line)
        sizes = [image_size(image.path) for image in job.images]
        if not Path(job.base_model).exists():
            return fail(BASE_MODEL_MISSING, f"base model {job.base_model} does not exist")
    except TrainError as error:
        return fail(error.code, error.message)

    configure_logging()
    try:
        from .loop import train  # torch/diffusers load only once the job is known to be sound

        train(job, writer.emit, sizes)
        return 0
    except TrainError as error:
        log.error("training failed: %s", error.message)
        return fail(error.code, error.message)
    except BaseException as error:  # noqa: BLE001 - the worker must always get a final event
        traceback.print_exc(file=sys.stderr)
        if is_out_of_memory(error):
            return fail(OUT_OF_MEMORY, f"out of GPU memory: {error}")
        if isinstance(error, KeyboardInterrupt):
            return fail(INTERNAL, "interrupted")
        return fail(INTERNAL, f"{type(error).__name__}: {error}")
