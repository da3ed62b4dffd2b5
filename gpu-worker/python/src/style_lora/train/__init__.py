"""LoRA style training: job validation (stdlib only), options, buckets, captions and the torch training loop.
Importing this package is cheap; only `loop` pulls in torch/diffusers, so bad jobs are rejected in milliseconds."""
