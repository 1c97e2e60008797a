#!/usr/bin/env bash
# Installs the Debian packages the test suite needs beyond Java and Maven: chromium (the report's
# browser test) and jupyter-nbconvert, python3-pandas, python3-matplotlib, python3-ipykernel
# (the results notebook, executed headless), python3-torch (the numerics probe's Python reference:
# probe inputs checked bit for bit, reproducible exports). Idempotent: installs only what is missing.
set -euo pipefail
packages=(chromium jupyter-nbconvert python3-pandas python3-matplotlib python3-ipykernel python3-torch)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "test dependencies present: ${packages[*]}"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: missing Debian packages ${missing[*]} and no apt-get here; install them (or their equivalents:" \
    "chromium at /usr/bin/chromium, jupyter-nbconvert at /usr/bin/jupyter-nbconvert with pandas and matplotlib)" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "error: missing Debian packages ${missing[*]}; run this script as root (or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${missing[@]}"
