#!/usr/bin/env bash
# Installs Debian packages the project needs when they are missing: ensure-system-packages.sh CMD=PACKAGE ...
# Each argument names a file or command to look for and the package that provides it.
set -euo pipefail
missing=()
for pair in "$@"; do
    probe=${pair%%=*}
    package=${pair#*=}
    if [[ "$probe" == /* ]]; then
        compgen -G "$probe" >/dev/null || missing+=("$package")
    else
        command -v "$probe" >/dev/null 2>&1 || missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "Missing system packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
