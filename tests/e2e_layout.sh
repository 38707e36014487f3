#!/usr/bin/env bash
# The layout of the library (README, Layout): one folder per stage of the data
# flow, includes one way only, no source file past what a reader holds in mind.
#   rank: engine/ root (county.h, scenario.h, errors) 0, models/ 1,
#         engine/input 2, engine/travel 3, engine/sim 4, engine/optimise 5, engine/output 6
# A file may include headers of its own rank or below, never above; within a
# room the include graph must have no cycle either (checked by tsort).
set -euo pipefail
src=${JH_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$src"
rank_of() {
    case "$1" in
    engine/input/*) echo 2 ;; engine/travel/*) echo 3 ;; engine/sim/*) echo 4 ;;
    engine/optimise/*) echo 5 ;; engine/output/*) echo 6 ;; models/*) echo 1 ;;
    engine/*/*) echo 99 ;; engine/*) echo 0 ;; *) echo 99 ;;
    esac
}
# where an included name resolves: the including file's folder first, then
# the include path (engine/, models/)
resolve() {
    local from_dir=$1 name=$2
    for d in "$from_dir" engine models; do
        [ -f "$d/$name" ] && { echo "$d/$name" | sed 's|^\./||'; return; }
    done
    echo ""
}
fail=0
edges=$(mktemp); trap 'rm -f "$edges"' EXIT
while IFS= read -r f; do
    r=$(rank_of "$f")
    if [ "$r" = 99 ]; then echo "layout: $f is not in a room of the data flow"; fail=1; continue; fi
    while IFS= read -r inc; do
        target=$(resolve "$(dirname "$f")" "$inc")
        [ -n "$target" ] || continue     # a library header found elsewhere
        tr=$(rank_of "$target")
        if [ "$tr" -gt "$r" ]; then
            echo "layout: $f includes $target: a later stage of the data flow"; fail=1
        fi
        [ "$target" != "$f" ] && echo "$f $target" >> "$edges"
    done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
done < <(find engine models -name '*.[ch]' | sort)
while IFS= read -r f; do
    lines=$(wc -l < "$f")
    if [ "$lines" -gt 1200 ]; then echo "layout: $f has $lines lines (at most 1200)"; fail=1; fi
done < <(find engine models tools -name '*.[ch]' | sort)
sort -u "$edges" > "$edges.mod"
if ! tsort "$edges.mod" >/dev/null 2>"$edges.err"; then
    echo "layout: include cycle:"; cat "$edges.err"; fail=1
fi
rm -f "$edges.mod" "$edges.err"
[ "$fail" = 0 ] && echo "layout: $(find engine models -name '*.[ch]' | wc -l) files, includes one way, none over 1200 lines"
exit "$fail"
