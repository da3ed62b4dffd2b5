"""Style License GPU engine: LoRA style training and inference on diffusers, driven by JSON lines.
Importing this package forces Hugging Face hub access off, so no code path can reach the network."""

import os

# Set before diffusers/transformers are imported anywhere in the process: they read these at import time.
for _name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE", "DIFFUSERS_OFFLINE"):
    os.environ[_name] = "1"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

__version__ = "0.1.0"
