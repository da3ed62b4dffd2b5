#!/usr/bin/env bash
# Run ON THE DEVICE MACHINE (the `run` tool), from the repository root, with .data/device-wheels carried
# (bench/prepare-device-wheels.sh fills it here). Extra arguments go to gpu_bench.py (e.g. --only sd15).
# The machine has torch, transformers, accelerate, safetensors but no diffusers and no network: the
# carried wheels go into a private --target folder, ahead of the system site-packages on PYTHONPATH.
set -uo pipefail
OUT="${OUT:-$PWD/.data/gpu-bench-out}"   # $OUT is set by the device tool; its files come back
BUDGET="${BENCH_BUDGET_SECONDS:-480}"    # ~8 min of measuring inside the tool's 10-minute command limit
WHEELS=.data/device-wheels
SITE=/tmp/style-lora-site
mkdir -p "$OUT"
exec > >(tee "$OUT/log.txt") 2>&1        # the whole log comes back even if the command is cut off

nvidia-smi -L
ls "$WHEELS"/*.whl >/dev/null 2>&1 || { echo "no wheels in $WHEELS: run prepare-device-wheels.sh and carry .data/device-wheels"; exit 1; }
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$SITE" "$WHEELS"/*.whl || exit 1
export PYTHONPATH="$SITE:$PWD/gpu-worker/python/src"
export HF_HUB_OFFLINE=1 PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false
if ! python3 -c "import peft" 2>/dev/null; then
  # The pinned peft needs something this image lacks: measure with the image's own peft instead.
  echo "carried peft does not import here; using the machine's peft"
  rm -rf "$SITE"/peft "$SITE"/peft-*.dist-info
fi
python3 - <<'PY' || exit 1
import diffusers, peft, torch, transformers
print(f"torch {torch.__version__} (CUDA {torch.version.cuda}), diffusers {diffusers.__version__}, "
      f"peft {peft.__version__}, transformers {transformers.__version__}, GPU {torch.cuda.get_device_name(0)}")
PY
python3 gpu-worker/python/bench/gpu_bench.py --out "$OUT" --budget-seconds "$BUDGET" "$@"
status=$?
nvidia-smi --query-gpu=name,memory.used,memory.total,clocks.max.sm --format=csv || true
exit $status
