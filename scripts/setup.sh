#!/usr/bin/env bash
# Set up Accord in ./.venv on a fresh Debian machine: the system packages (a C compiler and the
# Python headers, because durable-rules builds from source; pango and harfbuzz-subset for
# WeasyPrint's PDF; Debian's chromium and a font for the browser tests), then the package with
# its test tools. Safe to run again: it installs only what is missing. `.ci/run` calls it too.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive PIP_DISABLE_PIP_VERSION_CHECK=1
PY=${PYTHON:-python3}

# Briefs: WeasyPrint needs pango and harfbuzz-subset (PDF); the browser tests drive Debian's
# chromium at /usr/bin/chromium (playwright never downloads a browser); the page tests read PDFs
# as pictures with pdftoppm (poppler-utils).
BRIEF_PKGS="chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils"
BUILD_PKGS="build-essential python3-dev python3-venv"

has_headers() {
  "$PY" -c 'import os, sys, sysconfig; sys.exit(0 if os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")) else 1)'
}
has_venv() {
  [ -x .venv/bin/python ] || "$PY" -c 'import ensurepip, venv' >/dev/null 2>&1
}

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in $BRIEF_PKGS; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing="$missing $pkg"
  done
fi
if ! command -v gcc >/dev/null 2>&1 || ! has_headers || ! has_venv; then
  missing="$missing $BUILD_PKGS"
fi

if [ -n "$missing" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: no apt-get here; install these yourself if the tests need them:$missing" >&2
  elif [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
    echo "setup: not root and no sudo; install these yourself:$missing" >&2
  else
    echo "setup: installing system packages:$missing" >&2
    log=$(mktemp)
    # shellcheck disable=SC2086  # the package list is meant to split into words
    if ! { $SUDO apt-get update -y -qq && $SUDO apt-get install -y -qq --no-install-recommends $missing; } >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "setup: apt-get failed (above)" >&2
      exit 1
    fi
    rm -f "$log"
  fi
fi

[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e '.[test]'
echo "setup: Accord is installed in .venv ($(.venv/bin/accord --version))" >&2
