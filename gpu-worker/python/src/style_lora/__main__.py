"""Command-line entry: `python -m style_lora tiny|train|serve` (run with PYTHONPATH=gpu-worker/python/src).
Each command keeps stdout for JSON protocol lines only; human-readable logs go to stderr."""

from __future__ import annotations

import argparse
import sys

import style_lora  # noqa: F401  (hub-offline env first)


def _tiny(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m style_lora tiny", description="write a tiny random pipeline")
    parser.add_argument("--arch", choices=("sd15", "sdxl"), required=True)
    parser.add_argument("--out", required=True, help="folder to write the diffusers pipeline into")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--single-file",
        action="store_true",
        help="write DIR/model.safetensors (original checkpoint layout), DIR/config (its weight-free config"
        " folder) and DIR/diffusers (the same pipeline as a folder) instead of a folder at DIR",
    )
    args = parser.parse_args(argv)
    from .stdio import claim_protocol_stdout, configure_logging

    writer = claim_protocol_stdout()
    configure_logging()
    if args.single_file:
        from .single_file import write_tiny_single_file

        paths = write_tiny_single_file(args.arch, args.out, args.seed)
        writer.emit({"event": "done", "arch": args.arch, **{key: str(value) for key, value in paths.items()}})
        return 0
    from .fixtures import write_tiny_pipeline

    out = write_tiny_pipeline(args.arch, args.out, args.seed)
    writer.emit({"event": "done", "arch": args.arch, "path": str(out)})
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"tiny", "train", "serve"}
    if not argv or argv[0] not in commands:
        print("usage: python -m style_lora {tiny,train,serve} [options]", file=sys.stderr)
        return 2
    command, rest = argv[0], argv[1:]
    if command == "tiny":
        return _tiny(rest)
    if command == "train":
        from .train.cli import main as train_main

        if rest:
            print("train takes no arguments: it reads one JSON job line on stdin", file=sys.stderr)
            return 2
        return train_main()
    from .serve.server import run as serve_run

    return serve_run(rest)


if __name__ == "__main__":
    sys.exit(main())
