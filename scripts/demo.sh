#!/usr/bin/env bash
# Quick start: set up, index the bundled corpus with the default model, run one search.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/wrsearch index
.venv/bin/wrsearch search "哪些事项涉及水处理"
