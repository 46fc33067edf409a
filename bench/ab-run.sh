#!/bin/bash
# Compares a fly `rkt run` of echo across distribution folders (copies of distribution/target/rkt
# from different builds) side by side: ROUNDS rounds after one warm-up round, each running every
# folder's bin/rkt once in a shuffled order, each with its own scratch data dir and an untimed
# `rkt gc --grace-period=0s` after the run (an exited pod keeps its mounts until gc). Prints the
# median (min-max) in ms per folder. As root:
#   bench/ab-run.sh 20 /tmp/rkt-before /tmp/rkt-after
# A copied folder trains its own class-data-sharing archive on its first command (bin/rkt).
set -euo pipefail
rounds=${1:?usage: bench/ab-run.sh ROUNDS DIST...}
shift
[ $# -gt 0 ] || { echo "usage: bench/ab-run.sh ROUNDS DIST..." >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "ab-run: run me as root" >&2; exit 1; }
dists=("$@")
work=$(mktemp -d /var/tmp/rktj-ab-run.XXXXXX)
cleanup() {
    local c
    for c in "${!dists[@]}"; do
        RKT_DAEMON=off "${dists[$c]}/bin/rkt" --dir="$work/$c" gc --grace-period=0s >/dev/null 2>&1 || true
    done
    if grep -q " $work" /proc/self/mountinfo; then
        echo "ab-run: mounts remain under $work; not removing it" >&2
    else
        rm -rf --one-file-system "$work"
    fi
}
trap cleanup EXIT
declare -A samples images
for c in "${!dists[@]}"; do
    d=${dists[$c]}
    images[$c]=$(RKT_DAEMON=off "$d/bin/rkt" --dir="$work/$c" --insecure-options=image fetch "$d/images/busybox.aci" | tail -n 1)
done
for ((i = 0; i <= rounds; i++)); do
    for c in $(shuf -i 0-$((${#dists[@]} - 1))); do
        d=${dists[$c]}
        start=${EPOCHREALTIME/./}
        out=$(RKT_DAEMON=off "$d/bin/rkt" --dir="$work/$c" run --stage1-name=fly "${images[$c]}" --exec /bin/echo -- hi 2>&1)
        end=${EPOCHREALTIME/./}
        [ "$out" = hi ] || { echo "ab-run: $d printed '$out'" >&2; exit 1; }
        RKT_DAEMON=off "$d/bin/rkt" --dir="$work/$c" gc --grace-period=0s >/dev/null 2>&1
        [ "$i" -eq 0 ] || samples[$c]+="$(((end - start) / 1000)) "
    done
done
for c in "${!dists[@]}"; do
    printf '%s ms  %s\n' "$(tr ' ' '\n' <<<"${samples[$c]}" | grep . | sort -n |
        awk '{ v[NR] = $1 } END { printf "%d (%d-%d)", v[int((NR + 1) / 2)], v[1], v[NR] }')" "${dists[$c]}"
done
