"""Long-lived inference server: one base pipeline, an LRU of hot-swapped style adapters, JSON lines over stdio.
`protocol` is stdlib-only (request validation and error codes); `adapters` and `server` need torch/diffusers."""
