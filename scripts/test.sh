#!/usr/bin/env bash
# Set up with the test and sentence-transformers extras, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test,st
.venv/bin/python -m pytest "$@"
