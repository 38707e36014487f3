#!/usr/bin/env bash
# Installs the Debian 12 packages junheng builds, tests and runs with.
# As root it runs apt-get; otherwise it prints the exact apt-get line and
# fails, so nothing half-installs. libopenmpi-dev and openmpi-bin are only
# for the optional junheng-mpi (README, "Sweeps"); the build skips it without them.
set -euo pipefail
PACKAGES="build-essential cmake pkg-config python3 libopenmpi-dev openmpi-bin libgsl-dev libproj-dev proj-data libshp-dev libyaml-dev libjansson-dev libcmocka-dev libgdal-dev libxlsxwriter-dev gdal-bin chromium fonts-wqy-zenhei"
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y $missing
else
    echo "junheng needs these Debian packages:$missing" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y$missing" >&2
    exit 1
fi
