#!/usr/bin/env bash
# Install warledger and everything it needs into ./.venv (idempotent; safe to re-run).
# Python packages come from PyPI, front-end files from npm; nothing is fetched at run time.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"

# front-end libraries for the dashboard (copied into the package; never loaded from a CDN)
if [ -f package.json ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --silent --no-audit --no-fund
    node scripts/copy_vendor.mjs
  else
    echo "install: npm not found; the dashboard map needs it (apt-get install npm)" >&2
    exit 1
  fi
fi

# the offline gazetteer index, built once from the packaged GeoNames data
if .venv/bin/warledger gazetteer --help >/dev/null 2>&1; then
  .venv/bin/warledger gazetteer build --if-missing
fi
