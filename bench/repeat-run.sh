#!/bin/bash
# Runs RUNS pods of the systemd flavor (an echo app, --net=host) through a `rkt daemon` of DIST,
# one after the other, each collected after its run, and counts the runs that did not print the
# app's line (each such run's first error line is printed). A check for rare failures: races
# between the pod's systemd and the creation of its apps showed up here as 1 run in 40. As root:
#   bench/repeat-run.sh [RUNS] [DIST]     (RUNS: 100; DIST: distribution/target/rkt)
# Exits 1 when a run failed.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-100}
dist=${2:-$repo/distribution/target/rkt}
[ "$(id -u)" -eq 0 ] || { echo "repeat-run: run me as root" >&2; exit 1; }
case $runs in ''|*[!0-9]*|0) echo "repeat-run: RUNS must be a positive number" >&2; exit 1 ;; esac
work=$(mktemp -d /var/tmp/rktj-repeat.XXXXXX)
# shellcheck source=bench/daemon.sh
. "$repo/bench/daemon.sh"
cleanup() { clean_scratch repeat-run "$dist/bin/rkt" "$work/data" "$work"; }
trap cleanup EXIT
start_daemon "$dist/bin/rkt" "$work/data" "$work/daemon.sock" "$work/daemon.log"
image=$(RKT_DAEMON=off "$dist/bin/rkt" --dir="$work/data" --insecure-options=image fetch "$dist/images/busybox.aci" | tail -n 1)
rkt() { RKT_DAEMON=auto RKT_DAEMON_SOCKET="$work/daemon.sock" "$dist/bin/rkt" --dir="$work/data" "$@"; }
failed=0
for ((i = 1; i <= runs; i++)); do
    out=$(rkt run --stage1-name=systemd --net=host "$image" --exec /bin/echo -- hi 2>&1 </dev/null) || true
    if ! [[ $out =~ busybox\[[0-9]+\]:\ hi ]]; then
        failed=$((failed + 1))
        echo "run $i: $(grep -m 1 -i 'error\|rkt:' <<<"$out" || head -n 1 <<<"$out")"
    fi
    rkt gc --grace-period=0s >/dev/null 2>&1
done
echo "repeat-run: $failed of $runs runs failed ($dist)"
[ "$failed" -eq 0 ]
