#!/usr/bin/env bash
# Installs what the test suite needs beyond Java and Maven: Debian's Chromium and ChromeDriver for
# the browser test. Idempotent; does nothing when they are present.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "[risk] the browser test needs Debian's chromium and chromium-driver; install them as root:" >&2
  echo "[risk]   apt-get update && apt-get install -y chromium chromium-driver" >&2
  exit 1
fi
echo "[risk] installing chromium and chromium-driver (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
command -v chromium >/dev/null && command -v chromedriver >/dev/null
