#!/usr/bin/env bash
# Debian packages the tests use: espeak-ng (a second, different voice for test audio), sox, ffmpeg
# libraries for PyAV, chromium + chromium-driver for the browser test. Installs only what is missing.
set -euo pipefail
need=()
command -v espeak-ng >/dev/null || need+=(espeak-ng)
command -v sox >/dev/null || need+=(sox)
command -v chromium >/dev/null || need+=(chromium chromium-driver)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "warning: missing system packages: ${need[*]} (install them with apt-get; tests that need them are skipped)" >&2
  exit 0
fi
echo "installing system packages: ${need[*]}" >&2
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
