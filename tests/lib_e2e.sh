# lib_e2e.sh: what the end-to-end tests share; a test sources it with
#   . "$(dirname "$0")/lib_e2e.sh"
# (not a test itself: ctest runs tests/e2e_*.sh only).
#
# e2e_begin NAME [TOOL...]   $JH must name the junheng binary and every TOOL
#                            be installed (exit 1 naming it otherwise); makes
#                            the scratch folder $T (/tmp/jh_e2e_NAME.XXXXXX,
#                            removed at exit unless KEEP is set); fails=0
# fail MESSAGE...            prints FAIL: MESSAGE and counts it in $fails
# ogr ARGS...                ogr2ogr ARGS, its messages in $T/ogr.log; on
#                            failure prints the command and the log, exit 1
# scenario NAME SCHOOLS VILLAGES [DATA LINE...]
#                            writes $T/NAME.yaml: those layers with
#                            projections.csv and teachers.csv (TEACHERS= for
#                            another), data.crs EPSG:4547 (none with NOCRS=1),
#                            the extra data lines, horizon 2025 to
#                            ${HORIZON_END:-2029}, `standard: $STANDARD` when
#                            set, and catchment assignment
# variant NAME FILE IV...    writes FILE (a path) from the scenario $B: named
#                            NAME, with the interventions IV... (YAML flow
#                            maps) placed before $B's teachers: block

e2e_begin() {
    JH=${JH:?JH must name the junheng binary}
    local name=$1 tool
    shift
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "$tool not installed"; exit 1; }
    done
    T=$(mktemp -d "/tmp/jh_e2e_$name.XXXXXX")
    trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
    fails=0
}

fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

ogr() { ogr2ogr "$@" 2>>"$T/ogr.log" || { echo "ogr2ogr $*"; cat "$T/ogr.log"; exit 1; }; }

scenario() {
    local name=$1 schools=$2 villages=$3
    shift 3
    {
        echo "name: $name"
        echo "data:"
        echo "  schools: $schools"
        echo "  villages: $villages"
        echo "  projections: projections.csv"
        echo "  teachers: ${TEACHERS:-teachers.csv}"
        [ -n "${NOCRS:-}" ] || echo "  crs: EPSG:4547"
        for l in "$@"; do echo "  $l"; done
        echo "horizon: {start: 2025, end: ${HORIZON_END:-2029}}"
        [ -z "${STANDARD:-}" ] || echo "standard: $STANDARD"
        echo "assignment: catchment"
    } >"$T/$name.yaml"
}

variant() {
    local name=$1 file=$2
    shift 2
    { sed "s|^name: baseline|name: \"$name\"|; /^teachers:/,\$d" "$B"
      echo "interventions:"
      for iv in "$@"; do echo "  - $iv"; done
      sed -n '/^teachers:/,$p' "$B"; } >"$file"
}
