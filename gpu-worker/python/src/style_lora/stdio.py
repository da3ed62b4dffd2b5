"""Protocol output for the CLI commands: one JSON object per line on the real stdout, everything else on stderr.
claim_protocol_stdout() must run before heavy imports so stray library prints can never corrupt the protocol."""

from __future__ import annotations

import json
import logging
import math
import os
import sys
import threading
from typing import Any, TextIO


class ProtocolWriter:
    """Writes whole JSON lines atomically (a lock, one write, one flush) so a reader never sees half a line."""

    def __init__(self, stream: TextIO):
        self._stream = stream
        self._lock = threading.Lock()

    def emit(self, message: dict[str, Any]) -> None:
        line = json.dumps(_finite(message), separators=(",", ":"), allow_nan=False)
        with self._lock:
            self._stream.write(line + "\n")
            self._stream.flush()


def _finite(value: Any) -> Any:
    # JSON has no NaN/Infinity; a diverged loss must still produce a parseable line.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def claim_protocol_stdout() -> ProtocolWriter:
    """Keep a private handle on the real stdout and point fd 1 and sys.stdout at stderr.

    Redirecting the file descriptor (not only sys.stdout) also catches C extensions and
    subprocesses that print, which would otherwise interleave with protocol lines.
    """
    sys.stdout.flush()
    protocol_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    stream = os.fdopen(protocol_fd, "w", buffering=1, encoding="utf-8", newline="\n")
    return ProtocolWriter(stream)


def configure_logging() -> None:
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Library chatter (deprecations, "some weights not used") is noise for an operator reading worker logs.
    for noisy in ("diffusers", "transformers", "peft", "accelerate", "urllib3", "PIL"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    try:
        import diffusers.utils.logging as diffusers_logging
        import transformers.utils.logging as transformers_logging

        diffusers_logging.set_verbosity_error()
        transformers_logging.set_verbosity_error()
        diffusers_logging.disable_progress_bar()
    except Exception:  # logging setup must never be the reason a job fails
        pass
