#!/bin/bash
# Compares the wall-clock time of shell commands side by side: ROUNDS rounds (after one warm-up
# round), each running every command once in a shuffled order, then the median (min-max) in ms
# of each. For A/B checks of one change, e.g. a launcher switch:
#   bench/ab.sh 15 "RKT_DAEMON=off distribution/target/rkt/bin/rkt version" \
#       "RKT_DAEMON=off RKT_JAVA_OPTS=-Drkt.launcher.template=off distribution/target/rkt/bin/rkt version"
# Each command runs through bash -c with its output discarded; a failing command stops the script.
set -euo pipefail
rounds=${1:?usage: bench/ab.sh ROUNDS COMMAND...}
shift
[ $# -gt 0 ] || { echo "usage: bench/ab.sh ROUNDS COMMAND..." >&2; exit 1; }
cmds=("$@")
declare -A samples
for ((i = 0; i <= rounds; i++)); do
    for c in $(shuf -i 0-$((${#cmds[@]} - 1))); do
        start=${EPOCHREALTIME/./}
        bash -c "${cmds[$c]}" >/dev/null 2>&1 || { echo "ab: failed: ${cmds[$c]}" >&2; exit 1; }
        end=${EPOCHREALTIME/./}
        [ "$i" -eq 0 ] || samples[$c]+="$(((end - start) / 1000)) "
    done
done
for ((c = 0; c < ${#cmds[@]}; c++)); do
    printf '%s ms  %s\n' "$(tr ' ' '\n' <<<"${samples[$c]}" | grep . | sort -n |
        awk '{ v[NR] = $1 } END { printf "%d (%d-%d)", v[int((NR + 1) / 2)], v[1], v[NR] }')" "${cmds[$c]}"
done
