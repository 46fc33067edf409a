#!/bin/bash
# The resident size of a `rkt daemon` (docs/daemon.md) as it serves fly runs: after start, after
# RUNS runs, and after a second batch and a gc each. Run as root:
#   bench/daemon-memory.sh [RUNS]      (RUNS defaults to $N or 100)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-${N:-100}}
rkt=$repo/distribution/target/rkt/bin/rkt
aci=$repo/distribution/target/rkt/images/busybox.aci
[ "$(id -u)" -eq 0 ] || { echo "daemon-memory: run me as root" >&2; exit 1; }
[ -x "$rkt" ] || (cd "$repo" && mvn -B -q package -DskipTests)

work=$(mktemp -d /var/tmp/rktj-bench.XXXXXX)
# shellcheck source=bench/daemon.sh
. "$repo/bench/daemon.sh"
cleanup() { clean_scratch daemon-memory "$rkt" "$work/rkt" "$work"; }
trap cleanup EXIT

start_daemon "$rkt" "$work/rkt" "$work/daemon.sock" "$work/daemon.log"
export RKT_DAEMON_SOCKET=$work/daemon.sock
rss() { awk '/^VmRSS/ {print $2 " kB"}' "/proc/$DAEMON_PID/status"; }
image=$("$rkt" --dir="$work/rkt" --insecure-options=image fetch "$aci" | tail -n 1)
echo "after start:                  $(rss)"
batch() {
    local i
    for ((i = 0; i < runs; i++)); do
        "$rkt" --dir="$work/rkt" run --stage1-name=fly "$image" --exec /bin/true
    done
}
batch
echo "after $runs fly runs:          $(rss)"
"$rkt" --dir="$work/rkt" gc --grace-period=0s >/dev/null 2>&1
batch
"$rkt" --dir="$work/rkt" gc --grace-period=0s >/dev/null 2>&1
echo "after $((2 * runs)) runs and two gcs: $(rss)"
