"""The error codes the train command reports in its final `error` event (stable, parsed by the TypeScript worker).
Every failure that is the job's fault maps to bad_job/image_unreadable/base_model_missing before training."""

from __future__ import annotations

BAD_JOB = "bad_job"
BASE_MODEL_MISSING = "base_model_missing"
IMAGE_UNREADABLE = "image_unreadable"
OUT_OF_MEMORY = "out_of_memory"
INTERNAL = "internal"


class TrainError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

