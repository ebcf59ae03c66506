#!/usr/bin/env bash
# Installs what the test suite needs beyond Java and Maven: Debian's Chromium and ChromeDriver for
# the browser test, and a Chinese font so that the test's screenshots show the Chinese labels.
# Idempotent; does nothing when they are present.
set -euo pipefail

have_font() { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
have_font || missing+=(fonts-wqy-microhei)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "[risk] the browser test needs Debian's ${missing[*]}; install them as root:" >&2
  echo "[risk]   apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "[risk] installing ${missing[*]} (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
command -v chromium >/dev/null && command -v chromedriver >/dev/null
