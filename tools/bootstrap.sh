#!/usr/bin/env bash
# Sets gridapp up on a Debian or Ubuntu machine: the system libraries Qt needs, CJK
# fonts for screens and PDFs, poppler for reading PDFs back, PostgreSQL for the hub tests, then the project's own
# virtual environment in .venv with gridapp and its test tools installed.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  fonts-wqy-microhei fonts-wqy-zenhei fonts-arphic-uming  # sans; sans fallback with CJK Ext A; Ext B (Ming)
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libx11-6 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  poppler-utils
  postgresql  # the tests start a throw-away server for the street hub on PostgreSQL
)
PYTHON=${PYTHON:-python3}

missing=()
if command -v dpkg >/dev/null 2>&1; then
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  "$PYTHON" -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null 2>&1; then SUDO=(sudo); else SUDO=(false); fi
  echo "gridapp: installing system packages: ${missing[*]}" >&2
  if ! { "${SUDO[@]}" apt-get update -q && \
         DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; } >&2; then
    echo "gridapp: could not install ${missing[*]}; install them with apt-get as root" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >&2
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]' >&2
