#!/usr/bin/env bash
# Peak memory and speed of the CLI on one long text: builds text files of 1, 5 and 30 MB from
# the BBC articles (articles one after another, a blank line between them: a year of news in
# one file), runs `entity-lens analyze --jobs 1` on each under GNU time and prints peak RSS and
# words/second (per wall second and per CPU second: on a shared machine, compare the latter),
# beside the same measure on the separate small articles (the peer).
#
#   tools/scale/bench_memory.sh [BBC_DIR] [SIZES_MB...]
#
# BBC_DIR defaults to ../shared/data/bbc-news (described in its README.md); sizes default to
# "1 5 30". Needs GNU time at /usr/bin/time (Debian package `time`). Builds the CLI in release
# into $CARGO_TARGET_DIR (default target/). A benchmark, not a test: it prints, it asserts
# nothing.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
bbc="${1:-$root/../shared/data/bbc-news}"
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 5 30)
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install time" >&2; exit 1; }
[ -d "$bbc" ] || { echo "no BBC folder at $bbc" >&2; exit 1; }

target="${CARGO_TARGET_DIR:-$root/target}"
(cd "$root" && nice cargo build --release --quiet -p entity-lens-cli)
cli="$target/release/entity-lens"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# All articles in a stable order, one after another, blank lines between them.
find "$bbc" -name '*.txt' ! -name 'README*' | sort >"$work/list"
while read -r f; do cat "$f"; printf '\n\n'; done <"$work/list" >"$work/all.txt"

# run LABEL PATHS...: peak RSS (MB), seconds, words/s of one `analyze` run.
run() {
    local label="$1"
    shift
    local words
    words=$(cat "$@" | wc -w)
    local bytes
    bytes=$(cat "$@" | wc -c)
    /usr/bin/time -v "$cli" analyze --jobs 1 "$@" >/dev/null 2>"$work/time" || {
        echo "$label: the CLI failed:" >&2
        tail -5 "$work/time" >&2
        return
    }
    local rss_kb secs cpu
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
    # CPU seconds (user + system): on a shared machine, wall time measures the neighbours.
    cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$work/time")
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time" |
        awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    awk -v l="$label" -v b="$bytes" -v w="$words" -v r="$rss_kb" -v s="$secs" -v c="$cpu" 'BEGIN {
        printf "%-24s %5.1f MB %8d words  peak RSS %7.1f MB  %6.1f s %7.0f words/s  %6.1f s cpu %7.0f words/cpu-s\n",
            l, b / 1e6, w, r / 1024, s, w / s, c, (c > 0 ? w / c : 0) }'
}

leads=("" "Monday: " "Tuesday: " "Wednesday: " "Thursday: " "Friday: " "Saturday: " "Sunday: ")
echo "entity-lens analyze --jobs 1 (release), $(nproc) cores, $(date -u +%FT%TZ)"
# The peer: separate articles of ordinary size (the first 300 of the list).
mapfile -t small < <(head -300 "$work/list")
run "300 separate articles" "${small[@]}"
for mb in "${sizes[@]}"; do
    want=$((mb * 1000 * 1000))
    : >"$work/long.txt"
    # Each round of the stories opens its lines with its own word: cleanup drops exact repeats
    # of a line (a copied block), and would keep one round only.
    round=0
    while [ "$(stat -c %s "$work/long.txt")" -lt "$want" ]; do
        sed -e "/./s/^/${leads[round % ${#leads[@]}]}/" "$work/all.txt" >>"$work/long.txt"
        round=$((round + 1))
    done
    head -c "$want" "$work/long.txt" >"$work/long-$mb.txt"
    # end on a whole line
    sed -i '$ d' "$work/long-$mb.txt"
    run "one text of $mb MB" "$work/long-$mb.txt"
    rm -f "$work/long-$mb.txt"
done
