#!/bin/bash
# Start-up cost of bin/rkt with and without its class-data-sharing archive: `rkt version`,
# the two variants interleaved so that the machine's drift hits both alike. Medians in ms.
#   bench/startup.sh [RUNS]        (default 15; JAVA_HOME picks the JDK as for bin/rkt)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
rkt=distribution/target/rkt/bin/rkt
[ -x "$rkt" ] || mvn -B -q package -DskipTests
"$rkt" version >/dev/null   # trains the archive for this JDK if it is missing

cds=(); nocds=()
for ((i = 0; i < runs; i++)); do
    s=$EPOCHREALTIME; "$rkt" version >/dev/null; e=$EPOCHREALTIME
    cds+=("$(awk -v s="$s" -v e="$e" 'BEGIN {print (e - s) * 1000}')")
    s=$EPOCHREALTIME; RKT_CDS=off "$rkt" version >/dev/null; e=$EPOCHREALTIME
    nocds+=("$(awk -v s="$s" -v e="$e" 'BEGIN {print (e - s) * 1000}')")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]}'; }
echo "startup: $runs runs each, rkt version, median ms"
echo "with CDS archive     $(median "${cds[@]}")"
echo "without (RKT_CDS=off) $(median "${nocds[@]}")"
