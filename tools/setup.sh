#!/usr/bin/env bash
# Installs what junheng needs (Debian 12 packages), builds it, and runs the
# main job on the bundled sample county: `junheng run` on the baseline
# scenario, writing out/sample-baseline/.
set -euo pipefail
cd "$(dirname "$0")/.."

./tools/install-deps.sh

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
./build/junheng validate scenarios/baseline.yaml
./build/junheng run scenarios/baseline.yaml -o out/sample-baseline
echo "Outputs written to out/sample-baseline/: report.html (open it first), results.xlsx (for Excel), summary.json, metrics.csv, schools.csv, students.csv, metrics_wide.csv, results.gpkg and schools.shp / assignments.shp (with their .qml styles, for QGIS)"
