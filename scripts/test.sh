#!/usr/bin/env bash
# Set up everything the tests need, then run the whole suite (arguments go to pytest):
# .venv with the test, sentence-transformers and onnx extras, and Debian's chromium and
# chromium-driver for the browser tests (installed when missing and this is root on Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; }; then
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk > /dev/null
  else
    echo "note: no chromium/chromium-driver and no root apt-get: the browser tests will be skipped" >&2
  fi
fi
bash scripts/setup.sh test,st,onnx
.venv/bin/python -m pytest "$@"
