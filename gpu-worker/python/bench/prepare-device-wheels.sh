#!/usr/bin/env bash
# Run HERE (not on the device), from anywhere: copies the pure-Python wheels the GPU machine lacks or
# has at another version (diffusers: missing there; peft: pinned by pyproject.toml) from the project's
# wheel cache into .data/device-wheels/, an ignored folder that the device tool's `carry` brings along.
# The wheel cache is filled by `npm run python:setup` (scripts/services/python.mjs).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/style-license/wheels"
DEST="$ROOT/.data/device-wheels"
# The versions pinned in gpu-worker/python/pyproject.toml.
PYPROJECT="$ROOT/gpu-worker/python/pyproject.toml"
pin() { sed -n "s/^ *\"$1==\([^\"]*\)\",*$/\1/p" "$PYPROJECT"; }
WHEELS=("diffusers-$(pin diffusers)-py3-none-any.whl" "peft-$(pin peft)-py3-none-any.whl")
if ! git -C "$ROOT" check-ignore -q "$DEST"; then
  echo "$DEST is not ignored by git: it must not travel as a tracked file" >&2
  exit 1
fi
rm -rf "$DEST"
mkdir -p "$DEST"
for wheel in "${WHEELS[@]}"; do
  if [[ ! -f "$CACHE/$wheel" ]]; then
    echo "missing $CACHE/$wheel: run 'npm run python:setup' first (it fills the wheel cache)" >&2
    exit 1
  fi
  cp "$CACHE/$wheel" "$DEST/"
done
ls -l "$DEST"
