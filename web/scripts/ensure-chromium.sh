#!/usr/bin/env bash
# Installs Debian's Chromium and the CJK fonts the browser tests need, once: does nothing when both
# are there already. The browser tests drive /usr/bin/chromium with playwright-core (no browser download).
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

# A font covering Chinese (no `grep -q` in a pipe: under pipefail its early exit fails the pipe).
have_fonts() { [ -n "$(fc-list ':lang=zh' family 2>/dev/null)" ]; }

if [ -x "$CHROMIUM" ] && have_fonts; then
  echo "==> chromium and CJK fonts present ($("$CHROMIUM" --version 2>/dev/null | tail -1 || echo "$CHROMIUM"))"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: $CHROMIUM or fonts-noto-cjk missing and not root: install them with 'apt-get install -y chromium fonts-noto-cjk'" >&2
    exit 1
  fi
fi

echo "==> installing chromium and fonts-noto-cjk from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk fontconfig
"$CHROMIUM" --version
