#!/usr/bin/env bash
# Installs Debian's Chromium and the CJK fonts the browser tests need, once: does nothing when both
# are there already. The browser tests drive /usr/bin/chromium with playwright-core (no browser download).
# Where it cannot install them (not root, no sudo, no package mirror) it says so and lets the run go on:
# the browser tests then skip themselves with a notice. In CI (CI=true) a failed install fails the run.
set -euo pipefail

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"

# A font covering Chinese (no `grep -q` in a pipe: under pipefail its early exit fails the pipe).
have_fonts() { [ -n "$(fc-list ':lang=zh' family 2>/dev/null)" ]; }

if [ -x "$CHROMIUM" ] && have_fonts; then
  echo "==> chromium and CJK fonts present ($("$CHROMIUM" --version 2>/dev/null | tail -1 || echo "$CHROMIUM"))"
  exit 0
fi

cannot_install() {
  if [ "${CI:-}" = "true" ]; then
    echo "error: $1; CI must run the browser tests" >&2
    exit 1
  fi
  echo "NOTICE: $1 — the browser tests will be SKIPPED (install with 'apt-get install -y chromium fonts-noto-cjk')" >&2
  exit 0
}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    cannot_install "$CHROMIUM or fonts-noto-cjk missing and not root (nor passwordless sudo)"
  fi
fi
command -v apt-get >/dev/null 2>&1 || cannot_install "$CHROMIUM or fonts-noto-cjk missing and no apt-get here"

echo "==> installing chromium and fonts-noto-cjk from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk fontconfig; }; then
  cannot_install "apt-get could not install chromium and fonts-noto-cjk"
fi
"$CHROMIUM" --version
