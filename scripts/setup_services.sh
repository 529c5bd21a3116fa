#!/usr/bin/env bash
# Installs what the test suite needs from Debian packages, only when it is missing:
#   postgresql       the server binaries (initdb, pg_ctl) for the throwaway test clusters
#   chromium         headless browser for the dashboard tests (driven by Playwright)
#   fonts-noto-core  Arabic glyphs for the dashboard screenshots
# Idempotent: a second run installs nothing and does not touch apt.
set -euo pipefail

missing=()
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && ! command -v initdb >/dev/null; then
    missing+=(postgresql)
fi
if ! command -v chromium >/dev/null; then
    missing+=(chromium)
fi
if ! dpkg-query -W -f='${Status}' fonts-noto-core 2>/dev/null | grep -q "install ok installed"; then
    missing+=(fonts-noto-core)
fi

if ((${#missing[@]} == 0)); then
    echo "setup_services: postgresql, chromium and fonts-noto-core already installed"
    exit 0
fi

sudo=""
if [ "$(id -u)" != "0" ]; then
    sudo="sudo"
fi
echo "setup_services: installing ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
echo "setup_services: done"
