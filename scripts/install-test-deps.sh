#!/usr/bin/env bash
# Installs what the browser test needs beyond Java and Maven: Debian's Chromium and ChromeDriver,
# and a Chinese font so that the test's screenshots show the Chinese labels. As root it installs
# what is missing (apt-get; CI runs as root). As another user it installs nothing: it says what the
# browser test would need, which then skips itself, and the rest of the suite runs. Idempotent.
set -euo pipefail

have_font() { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
have_font || missing+=(fonts-wqy-microhei)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
  if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    echo "[risk] no Chinese font: the browser test's screenshots will show boxes for Chinese labels (apt-get install fonts-wqy-microhei as root)" >&2
  else
    echo "[risk] the browser test will be skipped (no ${missing[*]}); to run it: sudo apt-get install -y ${missing[*]}, or run ./risk test as root" >&2
  fi
  exit 0
fi
echo "[risk] installing ${missing[*]} (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
command -v chromium >/dev/null && command -v chromedriver >/dev/null
