#!/bin/sh
# Install Debian's Chromium (and a font) for tests/test_browser.py: Playwright drives /usr/bin/chromium;
# never `playwright install`, which downloads another browser. Idempotent and quiet: does nothing when
# /usr/bin/chromium is already there, and prints apt's output only if the install fails.
#   sh scripts/install_chromium.sh
set -eu
[ -x /usr/bin/chromium ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install_chromium: run as root or install sudo" >&2; exit 1; }
    SUDO="sudo"
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && \
       $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "install_chromium: apt-get failed" >&2
    exit 1
fi
[ -x /usr/bin/chromium ] || { echo "install_chromium: /usr/bin/chromium still missing" >&2; exit 1; }
