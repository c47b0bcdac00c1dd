#!/usr/bin/env bash
# Set up Accord in ./.venv on a fresh machine: a C compiler and Python headers (durable-rules
# builds from source), then the package with its test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1
PY=${PYTHON:-python3}

has_headers() {
  "$PY" -c 'import os, sys, sysconfig; sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")) else 1)'
}
if ! command -v gcc >/dev/null 2>&1 || ! has_headers; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -y >/dev/null
    $SUDO apt-get install -y --no-install-recommends build-essential python3-dev python3-venv >/dev/null
  else
    echo "setup: need a C compiler and the Python headers to build durable-rules" >&2
  fi
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e '.[test]'
echo "setup: Accord is installed in .venv ($(.venv/bin/accord --version))" >&2
