"""Out-of-memory detection and release shared by training and serving.
Imports torch lazily so stdlib-only callers (job validation) stay fast."""

from __future__ import annotations

import gc
import sys


def is_out_of_memory(error: BaseException) -> bool:
    """CUDA OOM surfaces as torch.cuda.OutOfMemoryError or as a RuntimeError mentioning it."""
    if type(error).__name__ == "OutOfMemoryError":
        return True
    return isinstance(error, RuntimeError) and "out of memory" in str(error).lower()


def free_accelerator_memory() -> None:
    gc.collect()
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_available():
        torch.cuda.empty_cache()
