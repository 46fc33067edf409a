#!/bin/bash
# Times `rkt run` of an echo app against `runc run` and plain `chroot` of the same busybox rootfs
# and prints the medians and the ratios: rkt on its own (a fresh JVM and framework per command)
# and rkt handing the command to a running `rkt daemon` (docs/daemon.md), which this script
# starts on a private socket (its first runs warm its JIT). Run as root from anywhere:
#   bench/run-vs-runc.sh [RUNS]        (RUNS defaults to $N or 15)
# Builds the distribution first when distribution/target/rkt is missing.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-${N:-15}}
rkt=$repo/distribution/target/rkt/bin/rkt
aci=$repo/distribution/target/rkt/images/busybox.aci

die() { echo "run-vs-runc: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run me as root (rkt, runc and chroot all need it)"
case $runs in ''|*[!0-9]*|0) die "RUNS must be a positive number, not '$runs'" ;; esac
command -v runc >/dev/null || die "runc is missing: apt-get install runc"
if [ ! -x "$rkt" ] || [ ! -f "$aci" ]; then
    echo "run-vs-runc: building the distribution (mvn -B -q package -DskipTests)"
    (cd "$repo" && mvn -B -q package -DskipTests)
fi

work=$(mktemp -d /var/tmp/rktj-bench.XXXXXX)
data=$work/rkt
rootfs=$work/aci/rootfs
bundle=$work/oci

daemon_pid=
cleanup() {
    if [ -n "$daemon_pid" ]; then
        kill "$daemon_pid" 2>/dev/null || true
        for ((i = 0; i < 150; i++)); do kill -0 "$daemon_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$daemon_pid" 2>/dev/null || true
    fi
    RKT_DAEMON=off "$rkt" --dir="$data" gc --grace-period=0s >/dev/null 2>&1 || true
    # Never delete through a mount that a pod left behind (a bind of /dev or /proc, say).
    if grep -q " $work" /proc/self/mountinfo; then
        echo "run-vs-runc: mounts remain under $work; not removing it:" >&2
        grep " $work" /proc/self/mountinfo | awk '{print "  " $5}' >&2
    else
        rm -rf --one-file-system "$work"
    fi
}
trap cleanup EXIT

# The rootfs: the demo image's own, so all three run the same busybox and files.
mkdir -p "$work/aci"
tar -xzf "$aci" -C "$work/aci"

# runc: the default spec with our rootfs, echo as the process and no terminal.
mkdir -p "$bundle"
(cd "$bundle" && runc spec)
sed -i -e 's|"terminal": true|"terminal": false|' \
       -e 's|^\([[:space:]]*\)"sh"$|\1"/bin/echo", "hi"|' \
       -e "s|\"path\": \"rootfs\"|\"path\": \"$rootfs\"|" "$bundle/config.json"

# rkt: import the image once, then run it by id so every run starts from the store.
export RKT_DAEMON=off
image=$("$rkt" --dir="$data" --insecure-options=image fetch "$aci" | tail -n 1)
case $image in sha512-*) ;; *) die "rkt fetch printed '$image', not an image id" ;; esac

now_us() {
    if [ -n "${EPOCHREALTIME:-}" ]; then
        local t=${EPOCHREALTIME/./}
        echo "${t#0}"
    else
        echo $(( $(date +%s%N) / 1000 ))
    fi
}

# time_runs NAME CMD...: runs CMD $runs times (after one warm-up), checks it prints "hi" and
# exits 0, and appends one line "NAME median min max" (milliseconds) to $work/results.
# A command word {i} is replaced by the run number (runc needs a fresh container id per run).
# WARM (default 1) is the number of warm-up runs.
time_runs() {
    local name=$1; shift
    local i start end out samples=() warm=${WARM:-1}
    for ((i = 1 - warm; i <= runs; i++)); do
        local cmd=("${@//\{i\}/$i}")
        start=$(now_us)
        out=$("${cmd[@]}" 2>&1) || die "$name failed (run $i): $out"
        end=$(now_us)
        [ "$out" = hi ] || die "$name printed '$out' instead of 'hi'"
        [ "$i" -le 0 ] || samples+=($((end - start)))
    done
    printf '%s\n' "${samples[@]}" | sort -n | awk -v name="$name" '
        { v[NR] = $1 }
        END {
            median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%s %.1f %.1f %.1f\n", name, median / 1000, v[1] / 1000, v[NR] / 1000
        }' >> "$work/results"
}

now_us >/dev/null
echo "run-vs-runc: $runs runs each (+1 warm-up); $(runc --version | head -1); $("$rkt" version 2>/dev/null | head -1)"
java_cmd=${JAVA_HOME:+$JAVA_HOME/bin/}java
echo "run-vs-runc: $("$java_cmd" -version 2>&1 | head -1)"

time_runs "rkt-run"  "$rkt" --dir="$data" --insecure-options=image run --stage1-name=fly "$image" --exec /bin/echo -- hi
time_runs "runc-run" runc run --bundle "$bundle" "rktj-bench-$$-{i}"
time_runs "chroot"   chroot "$rootfs" /bin/echo hi
time_runs "rkt-version" sh -c "'$rkt' version >/dev/null && echo hi"

# The same rkt commands handed to a daemon: no JVM per command.
export RKT_DAEMON_SOCKET=$work/daemon.sock
RKT_DAEMON=off "$rkt" --dir="$data" daemon --socket="$RKT_DAEMON_SOCKET" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
for ((i = 0; i < 600; i++)); do
    [ ! -S "$RKT_DAEMON_SOCKET" ] || break
    kill -0 "$daemon_pid" 2>/dev/null || die "rkt daemon ended: $(cat "$work/daemon.log")"
    sleep 0.1
done
[ -S "$RKT_DAEMON_SOCKET" ] || die "rkt daemon: no socket after 60 s"
unset RKT_DAEMON
WARM=20 time_runs "rkt-run-d" "$rkt" --dir="$data" --insecure-options=image run --stage1-name=fly "$image" --exec /bin/echo -- hi
WARM=20 time_runs "rkt-vers-d" sh -c "'$rkt' --dir='$data' version >/dev/null && echo hi"
export RKT_DAEMON=off

awk '
    { median[$1] = $2; line[NR] = $0 }
    END {
        printf "%-12s %10s %10s %10s\n", "command", "median ms", "min ms", "max ms"
        for (i = 1; i <= NR; i++) { split(line[i], f, " "); printf "%-12s %10s %10s %10s\n", f[1], f[2], f[3], f[4] }
        printf "\nrkt/runc          = %.2f\nrkt/chroot        = %.2f\n",
            median["rkt-run"] / median["runc-run"], median["rkt-run"] / median["chroot"]
        printf "rkt (daemon)/runc = %.2f\n", median["rkt-run-d"] / median["runc-run"]
    }' "$work/results"
