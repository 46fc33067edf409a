#!/bin/bash
# Times `rkt run` of an echo app against `runc run` and plain `chroot` of the same busybox rootfs
# and prints the medians and the ratios: rkt on its own (a fresh JVM and framework per command)
# and rkt handing the command to a running `rkt daemon` (docs/daemon.md), which this script
# starts on a private socket (its first runs warm its JIT). The commands are interleaved, one
# of each per round, so that a drift in the machine's speed reaches all of them alike.
# Run as root from anywhere:
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

# shellcheck source=bench/daemon.sh
. "$repo/bench/daemon.sh"
# shellcheck source=bench/rounds.sh
. "$repo/bench/rounds.sh"
cleanup() { clean_scratch run-vs-runc "$rkt" "$data" "$work"; }
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

# The commands, one function each; $1 is the run number (runc needs a fresh container id per run).
# RKT_DAEMON=off: on its own, a fresh JVM and framework per command; the -d commands go to the
# daemon on its private socket.
rkt_run()     { RKT_DAEMON=off "$rkt" --dir="$data" --insecure-options=image run --stage1-name=fly "$image" --exec /bin/echo -- hi; }
runc_run()    { runc run --bundle "$bundle" "rktj-bench-$$-$1"; }
chroot_run()  { chroot "$rootfs" /bin/echo hi; }
rkt_version() { RKT_DAEMON=off "$rkt" version >/dev/null && echo hi; }
rkt_run_d()   { RKT_DAEMON=auto RKT_DAEMON_SOCKET=$socket "$rkt" --dir="$data" --insecure-options=image run --stage1-name=fly "$image" --exec /bin/echo -- hi; }
rkt_vers_d()  { RKT_DAEMON=auto RKT_DAEMON_SOCKET=$socket "$rkt" --dir="$data" version >/dev/null && echo hi; }
# After each rkt run (untimed): an exited pod keeps its mounts until gc, and every command here,
# runc included, reads the host's mount table; gc keeps the table the same for all of them.
rkt_gc()      { RKT_DAEMON=auto RKT_DAEMON_SOCKET=$socket "$rkt" --dir="$data" gc --grace-period=0s >/dev/null 2>&1; }
names=(rkt-run runc-run chroot rkt-version rkt-run-d rkt-vers-d)
funcs=(rkt_run runc_run chroot_run rkt_version rkt_run_d rkt_vers_d)

output_ok() { [ "$2" = hi ]; }
after_run() { case ${names[$1]} in rkt-run|rkt-run-d) rkt_gc || die "rkt gc failed" ;; esac; }

now_us >/dev/null
echo "run-vs-runc: $runs runs each, interleaved; $(runc --version | head -1); $(RKT_DAEMON=off "$rkt" version 2>/dev/null | head -1)"
java_cmd=${JAVA_HOME:+$JAVA_HOME/bin/}java
echo "run-vs-runc: $("$java_cmd" -version 2>&1 | head -1)"

socket=$work/daemon.sock
start_daemon "$rkt" "$data" "$socket" "$work/daemon.log"
# Warm-ups: one of each command on its own, twenty through the daemon (its JIT warms up).
for k in 0 1 2 3; do time_one "$k" 0; done
for ((i = 0; i < 20; i++)); do time_one 4 0; time_one 5 0; done
run_rounds "$runs"
write_medians

awk '
    { median[$1] = $2; line[NR] = $0 }
    END {
        printf "%-12s %10s %10s %10s\n", "command", "median ms", "min ms", "max ms"
        for (i = 1; i <= NR; i++) { split(line[i], f, " "); printf "%-12s %10s %10s %10s\n", f[1], f[2], f[3], f[4] }
        printf "\nrkt/runc          = %.2f\nrkt/chroot        = %.2f\n",
            median["rkt-run"] / median["runc-run"], median["rkt-run"] / median["chroot"]
        printf "rkt (daemon)/runc = %.2f\n", median["rkt-run-d"] / median["runc-run"]
    }' "$work/results"
