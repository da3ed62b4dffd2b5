"""GPU benchmark of the diffusers engine: full-size SD 1.5 / SDXL with random weights through the product's code.
Writes results.json and results.md to --out after every section, so a run cut short still reports what it had.

    PYTHONPATH=gpu-worker/python/src python gpu-worker/python/bench/gpu_bench.py --out DIR [--only sd15] [--budget-seconds 480]
    ... --smoke        same code paths on CPU with the package's tiny fixtures (the pytest smoke test)
    ... --build-only   build the full-size architectures on CPU, count parameters, one small forward
                       (--load-check: also save the folder and load it with load_base_model)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import platform
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the bench_* modules beside this file

import style_lora  # noqa: E402,F401  (hub-offline env before diffusers/transformers import)
import torch  # noqa: E402

from bench_models import count_only, load_check, write_base  # noqa: E402
from bench_report import goals, render_markdown  # noqa: E402
from bench_sections import (  # noqa: E402
    GUIDANCE, BenchError, Settings, compiled_section, derive_adapter, eager_section, free_memory, train_section,
)

ARCHES = ("sd15", "sdxl")
SECTIONS = ("build", "train", "serve_eager", "adapter_switch", "serve_compiled")
# Rough H100 seconds per section (model build and save included): a section is skipped when less
# budget is left, so the run ends with results written instead of being killed mid-way.
ESTIMATE_S = {
    "sd15": {"build": 40, "train": 45, "serve_eager": 40, "serve_compiled": 150},
    "sdxl": {"build": 90, "train": 90, "serve_eager": 90, "serve_compiled": 240},
}


def settings_for(arch: str, args) -> Settings:
    if args.smoke:
        # Tiny fixtures at 64 px: seconds on two CPU cores, every code path still taken.
        return Settings(side=64, steps=2, images=1, train_steps=2, train_warmup=1, train_images=10,
                        train_resolution=64, switches=2)
    images = args.images or (5 if arch == "sd15" else 3)
    return Settings(side=512 if arch == "sd15" else 1024, steps=args.steps, images=images,
                    train_steps=15 if arch == "sd15" else 12, train_warmup=5 if arch == "sd15" else 4,
                    train_images=10, train_resolution=None, switches=6)


def use_eager_backend_for_smoke() -> None:
    """CPU smoke runs trace with dynamo's "eager" backend: guards, graphs and recompiles are the same,
    only Inductor's C++ code generation (minutes on two cores) is left out."""
    import style_lora.base_model as base_model

    def compile_unet(pipe) -> None:
        pipe.unet.compile(fullgraph=False, dynamic=False, backend="eager")

    base_model.compile_unet = compile_unet  # Server imports it from the module at construction time


class Run:
    def __init__(self, args):
        self.args = args
        self.out = Path(args.out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.started = time.monotonic()
        self.deadline = self.started + args.budget_seconds
        self.results: dict = {"meta": self._meta(), "goals": goals(), "sections": {}}

    def _meta(self) -> dict:
        import diffusers
        import peft
        import transformers
        from style_lora.base_model import pick_device, pick_dtype

        device = pick_device()
        args = self.args
        return {
            "started_at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "smoke": args.smoke,
            "device": device.type,
            "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
            "cpu": platform.processor() or platform.machine(),
            "dtype": str(pick_dtype(device)).replace("torch.", ""),
            "python": platform.python_version(),
            "torch": torch.__version__,
            "cuda": torch.version.cuda,
            "diffusers": diffusers.__version__,
            "transformers": transformers.__version__,
            "peft": peft.__version__,
            "budget_seconds": args.budget_seconds,
            "steps": settings_for("sd15", args).steps,
            "guidance": GUIDANCE,
            "sides": {arch: settings_for(arch, args).side for arch in ARCHES},
            "images": {arch: settings_for(arch, args).images for arch in ARCHES},
            "skipped": [],
        }

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def write(self) -> None:
        self.results["meta"]["elapsed_seconds"] = round(time.monotonic() - self.started, 1)
        text = json.dumps(_finite(self.results), indent=2, allow_nan=False)
        (self.out / "results.json").write_text(text + "\n", encoding="utf-8")
        (self.out / "results.md").write_text(render_markdown(self.results), encoding="utf-8")

    def section(self, arch: str, name: str, work) -> dict | None:
        """Run one section unless the budget is short; record its result or its error, then write."""
        store = self.results["sections"].setdefault(arch, {})
        estimate = 0 if self.args.smoke else ESTIMATE_S[arch].get(name, 30)
        if self.remaining() < estimate:
            store[name] = {"skipped": f"budget: {self.remaining():.0f} s left, needs ~{estimate} s"}
            self.results["meta"]["skipped"].append(f"{arch}.{name}")
            self.write()
            return None
        log(f"{arch}: {name} ({self.remaining():.0f} s of budget left)")
        started = time.monotonic()
        try:
            result = work()
        except Exception as error:  # noqa: BLE001 - one failed section must not lose the others
            traceback.print_exc()
            store[name] = {"error": f"{type(error).__name__}: {error}"[:2000]}
            free_memory()
            self.write()
            return None
        result["section_seconds"] = time.monotonic() - started
        store[name] = result
        self.write()
        log(f"{arch}: {name} done in {result['section_seconds']:.1f} s")
        return result


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN; the smoke test then fails on the missing number
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def log(message: str) -> None:
    print(f"[gpu_bench] {message}", file=sys.stderr, flush=True)


def bench_arch(run: Run, arch: str, wanted: set[str], work_root: Path) -> None:
    args, settings = run.args, settings_for(arch, run.args)
    work = work_root / arch
    base_dir = work / "base"
    build = run.section(arch, "build", lambda: write_base(
        arch, base_dir, tiny=args.smoke, device="cuda" if torch.cuda.is_available() else "cpu",
        save_dtype=torch.bfloat16 if torch.cuda.is_available() else torch.float32))
    if build is None or wanted <= {"build"}:
        return
    # Serving needs two style adapters: the first from the product's own training, the second derived from it.
    trained = run.section(arch, "train", lambda: train_section(base_dir, work / "train", settings))
    if trained is None:
        return
    adapters = (Path(trained["adapter"]), derive_adapter(Path(trained["adapter"]), work / "style-b.safetensors", seed=11))
    if "serve_eager" in wanted or "adapter_switch" in wanted:
        eager = run.section(arch, "serve_eager", lambda: eager_section(base_dir, adapters, settings))
        if eager is not None:
            run.results["sections"][arch]["adapter_switch"] = eager.pop("switch")
            run.write()
    if "serve_compiled" in wanted:
        # A no-adapter request on a compiled server recompiles (peft's disable flag is guarded): worth
        # its cost on SD 1.5 only when it leaves the later architectures their estimated time.
        later = [other for other in _arches(args) if ARCHES.index(other) > ARCHES.index(arch)]
        reserve = ESTIMATE_S[arch]["serve_compiled"] + sum(ESTIMATE_S[other][name] for other in later
                                                            for name in ESTIMATE_S[other])
        with_base = arch == "sd15" and (args.smoke or run.remaining() - reserve > 60)
        run.section(arch, "serve_compiled", lambda: compiled_section(
            base_dir, adapters, settings, args.max_rank, include_base_request=with_base))
    shutil.rmtree(base_dir, ignore_errors=True)  # SDXL's folder is ~7 GB; the disk is shared


def build_only(args) -> int:
    """CPU check of the full-size configs: parameter counts and one small UNet forward per architecture."""
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    results = {}
    for arch in _arches(args):
        with tempfile.TemporaryDirectory() as scratch:
            log(f"{arch}: building full size on CPU (fp32)")
            results[arch] = count_only(arch, Path(scratch))
            if args.load_check:
                log(f"{arch}: writing the folder (bf16) and loading it with load_base_model on CPU")
                results[arch]["load_check"] = load_check(arch, Path(scratch))
        (out / "build-only.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(json.dumps({arch: results[arch]}))
    return 0


def _arches(args) -> list[str]:
    tokens = set(args.only.split(",")) if args.only else set()
    chosen = [arch for arch in ARCHES if arch in tokens] or list(ARCHES)
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="folder for results.json and results.md")
    parser.add_argument("--smoke", action="store_true", help="tiny fixtures on CPU: the same code paths, seconds")
    parser.add_argument("--build-only", action="store_true", help="full-size builds on CPU: parameter counts only")
    parser.add_argument("--load-check", action="store_true", help="with --build-only: also save the folder and "
                        "load it with load_base_model (SD 1.5 needs ~6 GB RAM, SDXL ~20 GB)")
    parser.add_argument("--only", default="", help=f"comma list of {', '.join(ARCHES + SECTIONS)} (default: all); "
                        "serving sections still build and train first, for the adapters")
    parser.add_argument("--budget-seconds", type=float, default=480.0, help="skip sections once this runs low")
    parser.add_argument("--steps", type=int, default=25, help="inference steps per image")
    parser.add_argument("--images", type=int, default=0, help="timed images per setting (default 5 SD 1.5, 3 SDXL)")
    parser.add_argument("--max-rank", type=int, default=64, help="hot-swap slot rank, as serve --max-rank")
    parser.add_argument("--work", default=None, help="scratch folder for the model folders (default: a temp dir)")
    args = parser.parse_args(argv)
    tokens = {token for token in args.only.split(",") if token}
    unknown = tokens - set(ARCHES) - set(SECTIONS)
    if unknown:
        parser.error(f"--only: unknown {sorted(unknown)}")
    if args.build_only:
        return build_only(args)
    if args.smoke:
        # Tiny models gain nothing from threads, and on a busy shared machine OpenMP workers spin-wait.
        torch.set_num_threads(1)
        use_eager_backend_for_smoke()
    elif not torch.cuda.is_available():
        parser.error("no CUDA device: use --smoke (tiny CPU run) or --build-only")
    wanted = (tokens & set(SECTIONS)) or set(SECTIONS)
    run = Run(args)
    run.write()
    work_root = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="style-lora-bench-"))
    try:
        for arch in _arches(args):
            bench_arch(run, arch, wanted, work_root)
    finally:
        if not args.work:
            shutil.rmtree(work_root, ignore_errors=True)
        run.write()
    log(f"done in {time.monotonic() - run.started:.0f} s: {run.out / 'results.json'}")
    print((run.out / "results.md").read_text(encoding="utf-8"))
    failed = [f"{arch}.{name}" for arch, sections in run.results["sections"].items()
              for name, section in sections.items() if isinstance(section, dict) and "error" in section]
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        log(f"failed: {error}")
        sys.exit(1)
