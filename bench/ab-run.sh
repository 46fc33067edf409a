#!/bin/bash
# Compares a fly `rkt run` of echo across distribution folders (copies of distribution/target/rkt
# from different builds) side by side: ROUNDS rounds after one warm-up round (WARMUP), each running every
# folder's bin/rkt once in a shuffled order, each with its own scratch data dir and an untimed
# `rkt gc --grace-period=0s` after the run (an exited pod keeps its mounts until gc). Prints the
# median (min-max) in ms per folder, then each further folder against the first, round by round
# (median difference; rounds it was faster in). As root:
#   bench/ab-run.sh 20 /tmp/rkt-before /tmp/rkt-after
# A copied folder trains its own class-data-sharing archive on its first command (bin/rkt).
# STAGE1=systemd runs the systemd flavor instead (with --net=host, as systemd-vs-nspawn.sh does);
# DAEMON=on hands each folder's runs and gcs to a `rkt daemon` of that folder, on a private socket:
#   STAGE1=systemd DAEMON=on bench/ab-run.sh 15 /tmp/rkt-before /tmp/rkt-after
# WARMUP=N runs N untimed rounds first (default 1), e.g. to time daemons whose JIT has settled.
# CPU=on prints the median CPU time (user+sys, of the run's processes, in the kernel's 10 ms ticks;
# with DAEMON=on only the client's) instead of the wall-clock time: on two cores, a change that
# saves CPU can hide in the wall-clock noise.
set -euo pipefail
rounds=${1:?usage: bench/ab-run.sh ROUNDS DIST...}
shift
[ $# -gt 0 ] || { echo "usage: bench/ab-run.sh ROUNDS DIST..." >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "ab-run: run me as root" >&2; exit 1; }
dists=("$@")
stage1=${STAGE1:-fly}
case $stage1 in fly) net=() ;; systemd) net=(--net=host) ;; *) echo "ab-run: STAGE1 is fly or systemd" >&2; exit 1 ;; esac
case ${DAEMON:-off} in on | off) ;; *) echo "ab-run: DAEMON is on or off" >&2; exit 1 ;; esac
case ${CPU:-off} in on | off) ;; *) echo "ab-run: CPU is on or off" >&2; exit 1 ;; esac
# The CPU time of the script's waited-for children so far (cutime + cstime), in ms.
clk_tck=$(getconf CLK_TCK)
children_cpu_ms() {
    local stat
    read -r stat < /proc/$$/stat
    # shellcheck disable=SC2086 # the fields after the command name, split on blanks
    set -- ${stat##*) }
    echo $(((${14} + ${15}) * 1000 / clk_tck))
}
work=$(mktemp -d /var/tmp/rktj-ab-run.XXXXXX)
# shellcheck source=bench/daemon.sh
. "$(dirname "$0")/daemon.sh"
DAEMONS=()
# The command for folder $1: bin/rkt on its own, or through its daemon.
rkt_of() {
    if [ "${DAEMON:-off}" = on ]; then
        RKT_DAEMON=auto RKT_DAEMON_SOCKET="$work/$1.sock" "${dists[$1]}/bin/rkt" --dir="$work/$1" "${@:2}"
    else
        RKT_DAEMON=off "${dists[$1]}/bin/rkt" --dir="$work/$1" "${@:2}"
    fi
}
cleanup() { clean_dists ab-run "$work" "${dists[@]}"; }
trap cleanup EXIT
expect='(^|\]: )hi'$'\r''?$'
declare -A samples images
for c in "${!dists[@]}"; do
    d=${dists[$c]}
    images[$c]=$(RKT_DAEMON=off "$d/bin/rkt" --dir="$work/$c" --insecure-options=image fetch "$d/images/busybox.aci" | tail -n 1)
    if [ "${DAEMON:-off}" = on ]; then
        start_daemon "$d/bin/rkt" "$work/$c" "$work/$c.sock" "$work/$c.daemon.log"
        DAEMONS+=("$DAEMON_PID")
    fi
done
warmup=${WARMUP:-1}
case $warmup in '' | *[!0-9]*) echo "ab-run: WARMUP is a number of rounds" >&2; exit 1 ;; esac
for ((i = 1 - warmup; i <= rounds; i++)); do
    for c in $(shuf -i 0-$((${#dists[@]} - 1))); do
        d=${dists[$c]}
        cpu_start=$(children_cpu_ms)
        start=${EPOCHREALTIME/./}
        out=$(rkt_of "$c" run --stage1-name="$stage1" "${net[@]}" "${images[$c]}" --exec /bin/echo -- hi 2>&1)
        end=${EPOCHREALTIME/./}
        cpu_end=$(children_cpu_ms)
        # fly prints the app's output as it is; systemd prefixes each line with the app's name (and
        # its console, a pseudo-terminal, ends it with a carriage return)
        [[ $out =~ $expect ]] || { echo "ab-run: $d printed '$out'" >&2; exit 1; }
        rkt_of "$c" gc --grace-period=0s >/dev/null 2>&1
        if [ "${CPU:-off}" = on ]; then
            [ "$i" -le 0 ] || samples[$c]+="$((cpu_end - cpu_start)) "
        else
            [ "$i" -le 0 ] || samples[$c]+="$(((end - start) / 1000)) "
        fi
    done
done
for c in "${!dists[@]}"; do
    printf '%s ms%s  %s\n' "$(tr ' ' '\n' <<<"${samples[$c]}" | grep . | sort -n |
        awk '{ v[NR] = $1 } END { printf "%d (%d-%d)", v[int((NR + 1) / 2)], v[1], v[NR] }')" \
        "$([ "${CPU:-off}" = on ] && echo ' cpu')" "${dists[$c]}"
done
# Each further folder against the first, round by round: the median of the differences and how
# many rounds it was faster in. The machine's speed drifts (here by tens of percent within minutes);
# both folders of a round see the same drift, so the paired differences show a change of a few ms
# that the spread of the medians above hides.
read -ra first <<<"${samples[0]}"
for ((c = 1; c < ${#dists[@]}; c++)); do
    read -ra other <<<"${samples[$c]}"
    for k in "${!first[@]}"; do
        echo $((other[k] - first[k]))
    done | sort -n | awk -v name="${dists[$c]}" -v base="${dists[0]}" '
        { v[NR] = $1; if ($1 < 0) faster++ }
        END { printf "%+d ms median per round, faster in %d of %d rounds: %s against %s\n", v[int((NR + 1) / 2)], faster, NR, name, base }'
done
