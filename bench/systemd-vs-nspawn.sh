#!/bin/bash
# Times `rkt run --stage1-name=systemd` of an echo app against a raw `systemd-nspawn --boot` of an
# equivalent minimal tree (the host's /usr bound read-only, os-release, a machine-id, and systemd
# set up as in the flavor's stage1 tree: its own unit directory only, no generators; both on the
# host's network, so rkt runs with --net=host) whose systemd runs one oneshot unit that echoes and
# exits, side by side, and prints the medians and the ratio (the issue's target: within 1.3x of
# the raw boot). A fourth row, raw-stock, boots the same tree with systemd's defaults (every unit
# file and generator of the host's /usr), as a plain `systemd-nspawn --boot` of it would. The commands are interleaved, one
# of each per round, and rkt's pods are collected after each run. Run as root from anywhere:
#   bench/systemd-vs-nspawn.sh [RUNS]        (RUNS defaults to $N or 10)
# SETUPS=on times raw boots only, one per setup of the pod's systemd: raw-nspawn (the flavor's),
# raw-nogen (the host's units, no generators), raw-masked (the host's units, its generators masked,
# the flavor's setup before), raw-stock (systemd's defaults).
# TIMELINE=on then records one more run of rkt-daemon and of raw-nspawn under
#   perf record -a -e sched:sched_process_exec,sched:sched_process_fork,sched:sched_process_exit
# (Debian package linux-perf) and prints each as a timeline: which process started, forked or
# ended when, in ms from the command's start. That is where each phase of a pod's time goes.
# CPU=on then records ten more runs of rkt-daemon and ten of raw-nspawn, each batch under
#   perf record -a -F 1999
# and prints the CPU time per run of each process name (systemd-nspawn, runc, the pod's systemd,
# rkt-stage1, the daemon's threads, ...; "swapper" is a core's idle time), from the samples.
# Builds the distribution first when distribution/target/rkt is missing.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-${N:-10}}
rkt=$repo/distribution/target/rkt/bin/rkt
aci=$repo/distribution/target/rkt/images/busybox.aci

die() { echo "systemd-vs-nspawn: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run me as root (rkt and systemd-nspawn need it)"
case $runs in ''|*[!0-9]*|0) die "RUNS must be a positive number, not '$runs'" ;; esac
command -v systemd-nspawn >/dev/null || die "systemd-nspawn is missing: apt-get install systemd-container"
command -v runc >/dev/null || die "runc is missing: apt-get install runc"
if [ ! -x "$rkt" ] || [ ! -f "$aci" ]; then
    echo "systemd-vs-nspawn: building the distribution (mvn -B -q package -DskipTests)"
    (cd "$repo" && mvn -B -q package -DskipTests)
fi

work=$(mktemp -d /var/tmp/rktj-bench.XXXXXX)
data=$work/rkt
tree=$work/nspawn

# shellcheck source=bench/daemon.sh
. "$repo/bench/daemon.sh"
# shellcheck source=bench/rounds.sh
. "$repo/bench/rounds.sh"
cleanup() { clean_scratch systemd-vs-nspawn "$rkt" "$data" "$work"; }
trap cleanup EXIT

mkdir -p /run/systemd/nspawn
# The raw tree: what the systemd flavor's stage1 tree has, with one oneshot unit instead of an app.
mkdir -p "$tree"/{usr,etc/systemd/system,proc,sys,dev,run,tmp,var}
for d in bin sbin lib lib64; do
    [ -L "/$d" ] && ln -s "$(readlink "/$d")" "$tree/$d"
done
cp -L /etc/os-release "$tree/etc/os-release"
# a machine ID from the start, as the pod has its UUID (else the first boot writes one)
tr -d - </proc/sys/kernel/random/uuid > "$tree/etc/machine-id"
# As the systemd flavor's stage1 tree does: the only units are the tree's own, with links to the
# host's units of a pod's end (Stage1Tree.HOST_UNITS), and systemd gets the flavor's environment
# (Stage1Tree.SYSTEMD_ENVIRONMENT: that unit directory only, no generators). raw-stock boots the
# same tree with systemd's defaults instead: every unit of the host's /usr, every generator.
for u in shutdown.target umount.target final.target halt.target systemd-halt.service poweroff.target \
    systemd-poweroff.service exit.target systemd-exit.service reboot.target systemd-reboot.service; do
    [ -f "/usr/lib/systemd/system/$u" ] && ln -sf "/usr/lib/systemd/system/$u" "$tree/etc/systemd/system/$u"
done
cat > "$tree/etc/systemd/system/echo.service" <<'EOF'
[Unit]
Description=echo
DefaultDependencies=no
SuccessAction=exit
[Service]
Type=oneshot
ExecStart=/bin/echo hi
StandardOutput=tty
TTYPath=/dev/console
EOF

export RKT_DAEMON=off
image=$("$rkt" --dir="$data" --insecure-options=image fetch "$aci" | tail -n 1)
case $image in sha512-*) ;; *) die "rkt fetch printed '$image', not an image id" ;; esac

# The commands, one function each, and the output each must print.
rkt_systemd() { RKT_DAEMON=off "$rkt" --dir="$data" --insecure-options=image run --stage1-name=systemd --net=host "$image" --exec /bin/echo -- hi; }
rkt_daemon()  { RKT_DAEMON=auto RKT_DAEMON_SOCKET=$socket "$rkt" --dir="$data" --insecure-options=image run --stage1-name=systemd --net=host "$image" --exec /bin/echo -- hi; }
# boot TREE [NSPAWN-OPTION...]: a raw boot of TREE. As rkt-stage1 does: a mount namespace of its
# own with a tmpfs for nspawn's scratch files.
boot() {
    local dir=$1
    shift
    unshare -m --propagation slave sh -c 'mount -t tmpfs tmpfs /run/systemd/nspawn && exec systemd-nspawn --quiet \
        --register=no --keep-unit --boot "$@" systemd.show_status=0 systemd.log_target=null systemd.unit=echo.service' \
        sh --directory="$dir" --bind-ro=/usr "$@"
}
no_generators=(--setenv=SYSTEMD_GENERATOR_PATH= --setenv=SYSTEMD_ENVIRONMENT_GENERATOR_PATH=)
raw_nspawn()  { boot "$tree" --setenv=SYSTEMD_UNIT_PATH=/etc/systemd/system "${no_generators[@]}"; }
raw_stock()   { boot "$tree"; }
# SETUPS=on only: the host's units without generators, and the tree with the host's generators
# masked (links to /dev/null, as the flavor did before it set SYSTEMD_GENERATOR_PATH)
raw_nogen()   { boot "$tree" "${no_generators[@]}"; }
raw_masked()  { boot "$masked"; }
# After each rkt run (untimed), so that no exited pod's state is around for the next command.
rkt_gc()      { RKT_DAEMON=auto RKT_DAEMON_SOCKET=$socket "$rkt" --dir="$data" gc --grace-period=0s >/dev/null 2>&1; }
names=(rkt-systemd rkt-daemon raw-nspawn raw-stock)
funcs=(rkt_systemd rkt_daemon raw_nspawn raw_stock)
expect=('\] busybox\[[0-9]+\]: hi' '\] busybox\[[0-9]+\]: hi' '(^|[[:space:]])hi' '(^|[[:space:]])hi')
if [ "${SETUPS:-off}" = on ]; then
    # Raw boots only, one per setup of the pod's systemd.
    masked=$work/nspawn-masked
    cp -a "$tree" "$masked"
    for dir in /usr/lib/systemd/system-generators /usr/lib/systemd/system-environment-generators; do
        [ -d "$dir" ] || continue
        mkdir -p "$masked/etc/systemd/${dir##*/}"
        for g in "$dir"/*; do
            [ -e "$g" ] && ln -sf /dev/null "$masked/etc/systemd/${dir##*/}/${g##*/}"
        done
    done
    names=(raw-nspawn raw-nogen raw-masked raw-stock)
    funcs=(raw_nspawn raw_nogen raw_masked raw_stock)
    expect=('(^|[[:space:]])hi' '(^|[[:space:]])hi' '(^|[[:space:]])hi' '(^|[[:space:]])hi')
fi

output_ok() { [[ $2 =~ ${expect[$1]} ]]; }
after_run() { case ${names[$1]} in rkt-*) rkt_gc || die "rkt gc failed" ;; esac; }

if [ "${TIMELINE:-off}" = on ] || [ "${CPU:-off}" = on ]; then
    command -v perf >/dev/null || die "perf is missing: apt-get install linux-perf"
fi

# cpu_of K: ten runs of command K under perf record -a, then ms of CPU per run by process name.
cpu_of() {
    local k=$1
    echo
    echo "CPU per run of ${names[$k]} (10 runs, perf record -a -F 1999), ms by process name:"
    export rkt data socket image tree # for the command's function in perf's bash
    # no gc between the runs (it would be counted): a systemd pod's mounts end with it, and the
    # exited pods are collected after the recording
    perf record -q -a -F 1999 -o "$work/perf-cpu.data" -- bash -c "$(declare -f boot "${funcs[$k]}"); \
        $(declare -p no_generators); for i in 0 1 2 3 4 5 6 7 8 9; do ${funcs[$k]} \$i >/dev/null 2>&1; done" \
        >/dev/null 2>&1 </dev/null || die "perf record of ${names[$k]} failed"
    after_run "$k"
    perf script -i "$work/perf-cpu.data" -F comm 2>/dev/null | sed 's/^ *//' | sort | uniq -c | sort -rn |
        awk '$1 >= 20 { n = $1; $1 = ""; printf "%8.1f  %s\n", n / 1999 * 1000 / 10, substr($0, 2) }'
}

# timeline K: one run of command K under perf, printed as events in ms from its start.
timeline() {
    local k=$1
    echo
    echo "timeline of ${names[$k]}:"
    export rkt data socket image tree # for the command's function in perf's bash
    perf record -q -a -e sched:sched_process_exec -e sched:sched_process_fork -e sched:sched_process_exit \
        -o "$work/perf.data" -- bash -c "$(declare -f boot "${funcs[$k]}"); $(declare -p no_generators); ${funcs[$k]} 0" \
        >/dev/null 2>&1 </dev/null ||
        die "perf record of ${names[$k]} failed"
    after_run "$k"
    # one line per exec, per fork of a new process (not a thread) and per process's end
    perf script -i "$work/perf.data" -F comm,pid,time,event,trace 2>/dev/null | awk '
        NR == 1 { t0 = $3 + 0 }
        /group_dead=false/ { next }
        {
            event = $4; sub(/^sched:sched_process_/, "", event); sub(/:$/, "", event)
            what = $0; sub(/.*sched_process_[a-z]+: /, "", what); gsub(/ prio=[0-9]+/, "", what)
            printf "%8.1f  %-16s %-5s %s\n", ($3 - t0) * 1000, $1, event, substr(what, 1, 110)
        }' | grep -v "fork .*child_comm=\(runc\|runc:\[2:INIT\]\) " || true
}

if [ "${SETUPS:-off}" = on ]; then
    echo "systemd-vs-nspawn: SETUPS=on, $runs runs each, interleaved (+1 warm-up); $(systemd-nspawn --version | head -1)"
    for k in "${!names[@]}"; do time_one "$k" 0; done
    run_rounds "$runs"
    write_medians
    awk '{ printf "%-16s %10s %10s %10s\n", $1, $2, $3, $4 }' "$work/results"
    exit 0
fi

# rkt handing its commands to a daemon (docs/daemon.md), started on a private socket.
socket=$work/daemon.sock
start_daemon "$rkt" "$data" "$socket" "$work/daemon.log"

echo "systemd-vs-nspawn: $runs runs each, interleaved (+1 warm-up, 10 for the daemon); $(systemd-nspawn --version | head -1); $(runc --version | head -1)"
time_one 0 0; time_one 2 0; time_one 3 0
for ((i = 0; i < 10; i++)); do time_one 1 0; done
run_rounds "$runs"
write_medians

awk '
    { median[$1] = $2; line[NR] = $0 }
    END {
        printf "%-16s %10s %10s %10s\n", "command", "median ms", "min ms", "max ms"
        for (i = 1; i <= NR; i++) { split(line[i], f, " "); printf "%-16s %10s %10s %10s\n", f[1], f[2], f[3], f[4] }
        rkt = median["rkt-systemd"]; raw = median["raw-nspawn"]; daemon = median["rkt-daemon"]
        stock = median["raw-stock"]
        printf "\nrkt run (systemd) / raw systemd-nspawn --boot          = %.2f (target 1.30)\n", rkt / raw
        printf "rkt run (systemd, daemon) / raw systemd-nspawn --boot = %.2f (target 1.30)\n", daemon / raw
        printf "rkt run (systemd, daemon) / raw-stock (systemd defaults) = %.2f\n", daemon / stock
    }' "$work/results"

if [ "${TIMELINE:-off}" = on ]; then
    timeline 1
    timeline 2
fi
if [ "${CPU:-off}" = on ]; then
    cpu_of 1
    cpu_of 2
fi
