#!/bin/bash
# Times what a `rkt run` served by the daemon spends before the pod's supervisor starts: from the
# exec of lib/rkt-connect (bin/rkt found the daemon's socket) to the exec of the flavor's
# supervisor (rkt-stage1 pod), i.e. the client's request and the daemon's whole preparation of
# the pod. Each distribution folder (copies of distribution/target/rkt from different builds) gets
# its own daemon and data dir; the runs alternate between the folders, round by round, under one
#   perf record -a -e sched:sched_process_exec
# (Debian package linux-perf), and the script prints the median (min-max) per folder. As root:
#   bench/handoff.sh 20 /tmp/rkt-before /tmp/rkt-after
# WARMUP=N untimed rounds first (default 20: the daemons' JIT settles). The systemd flavor, with
# --net=host; each pod is collected (untimed) after its run.
set -euo pipefail
rounds=${1:?usage: bench/handoff.sh ROUNDS DIST...}
shift
[ $# -gt 0 ] || { echo "usage: bench/handoff.sh ROUNDS DIST..." >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "handoff: run me as root" >&2; exit 1; }
command -v perf >/dev/null || { echo "handoff: perf is missing: apt-get install linux-perf" >&2; exit 1; }
case $rounds in '' | *[!0-9]* | 0) echo "handoff: ROUNDS must be a positive number" >&2; exit 1 ;; esac
dists=()
for d in "$@"; do
    dists+=("$(cd "$d" && pwd -P)")
done
work=$(mktemp -d /var/tmp/rktj-handoff.XXXXXX)
# shellcheck source=bench/daemon.sh
. "$(dirname "$0")/daemon.sh"
DAEMONS=()
cleanup() { clean_dists handoff "$work" "${dists[@]}"; }
trap cleanup EXIT
images=()
for c in "${!dists[@]}"; do
    d=${dists[$c]}
    images[c]=$(RKT_DAEMON=off "$d/bin/rkt" --dir="$work/$c" --insecure-options=image fetch "$d/images/busybox.aci" | tail -n 1)
    start_daemon "$d/bin/rkt" "$work/$c" "$work/$c.sock" "$work/$c.daemon.log"
    DAEMONS+=("$DAEMON_PID")
done
# one_run C: a run through folder C's daemon, then its gc
one_run() {
    local c=$1
    RKT_DAEMON=auto RKT_DAEMON_SOCKET="$work/$c.sock" "${dists[$c]}/bin/rkt" --dir="$work/$c" --insecure-options=image \
        run --stage1-name=systemd --net=host "${images[c]}" --exec /bin/echo -- hi >/dev/null
    RKT_DAEMON=auto RKT_DAEMON_SOCKET="$work/$c.sock" "${dists[$c]}/bin/rkt" --dir="$work/$c" gc --grace-period=0s >/dev/null 2>&1
}
for ((i = 0; i < ${WARMUP:-20}; i++)); do
    for c in "${!dists[@]}"; do one_run "$c"; done
done
export work
perf record -q -a -e sched:sched_process_exec -o "$work/perf.data" -- bash -c "
    dists=(${dists[*]}); images=(${images[*]})
    $(declare -f one_run)
    for ((i = 0; i < $rounds; i++)); do
        for c in \$(shuf -i 0-$((${#dists[@]} - 1))); do one_run \"\$c\"; done
    done" >/dev/null 2>&1
# pairs each rkt-connect exec with the next supervisor exec, by the folder in the client's path
perf script -i "$work/perf.data" -F time,trace 2>/dev/null | awk -v list="${dists[*]}" '
    BEGIN { n = split(list, d, " ") }
    {
        t = $1 + 0
        for (f = 2; f <= NF; f++) if ($f ~ /^filename=/) file = substr($f, 10)
        if (file ~ /\/lib\/rkt-connect$/) { for (k = 1; k <= n; k++) if (index(file, d[k] "/") == 1) { who = k; at = t } }
        else if (who && file ~ /\/pods\/run\/.*\/rkt-stage1$/) { v[who] = v[who] " " (t - at) * 1000; who = 0 }
    }
    END { for (k = 1; k <= n; k++) print k, v[k] }' | while read -r k values; do
    tr ' ' '\n' <<<"$values" | grep . | sort -n |
        awk -v name="${dists[$((k - 1))]}" '{ v[NR] = $1 } END { printf "%.1f (%.1f-%.1f) ms  %s (%d runs)\n", v[int((NR + 1) / 2)], v[1], v[NR], name, NR }'
done
