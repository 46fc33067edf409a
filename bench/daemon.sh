# Sourced by the benchmarks: starts and stops a private `rkt daemon` (docs/daemon.md).
#   start_daemon RKT DATA_DIR SOCKET LOG    sets DAEMON_PID; fails if no socket after 60 s
#   stop_daemon                             SIGTERM, then SIGKILL after 15 s
#   clean_scratch NAME RKT DATA WORK        stop_daemon, `rkt gc` of DATA's pods, and WORK removed,
#                                           unless a mount is left under it (then listed)
#   clean_dists NAME WORK DIST...           for scripts that compare distribution folders, each
#                                           with its data dir WORK/INDEX: stops the daemons whose
#                                           pids are in the array DAEMONS, collects each folder's
#                                           pods, and removes WORK unless a mount is left under it

DAEMON_PID=

start_daemon() {
    local rkt=$1 data=$2 socket=$3 log=$4 i
    RKT_DAEMON=off "$rkt" --dir="$data" daemon --socket="$socket" >"$log" 2>&1 &
    DAEMON_PID=$!
    for ((i = 0; i < 600; i++)); do
        [ ! -S "$socket" ] || return 0
        if ! kill -0 "$DAEMON_PID" 2>/dev/null; then
            echo "bench: rkt daemon ended: $(cat "$log")" >&2
            return 1
        fi
        sleep 0.1
    done
    echo "bench: rkt daemon: no socket after 60 s" >&2
    return 1
}

stop_daemon() {
    local i
    [ -n "$DAEMON_PID" ] || return 0
    kill "$DAEMON_PID" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
        kill -0 "$DAEMON_PID" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$DAEMON_PID" 2>/dev/null || true
    DAEMON_PID=
}

clean_scratch() {
    local name=$1 rkt=$2 data=$3 work=$4
    stop_daemon
    RKT_DAEMON=off "$rkt" --dir="$data" gc --grace-period=0s >/dev/null 2>&1 || true
    # Never delete through a mount that a pod left behind (a bind of /dev or /proc, say).
    if grep -q " $work" /proc/self/mountinfo; then
        echo "$name: mounts remain under $work; not removing it:" >&2
        grep " $work" /proc/self/mountinfo | awk '{print "  " $5}' >&2
    else
        rm -rf --one-file-system "$work"
    fi
}

clean_dists() {
    local name=$1 work=$2 c
    shift 2
    local dists=("$@")
    for c in "${DAEMONS[@]}"; do
        DAEMON_PID=$c stop_daemon
    done
    for c in "${!dists[@]}"; do
        RKT_DAEMON=off "${dists[$c]}/bin/rkt" --dir="$work/$c" gc --grace-period=0s >/dev/null 2>&1 || true
    done
    if grep -q " $work" /proc/self/mountinfo; then
        echo "$name: mounts remain under $work; not removing it" >&2
    else
        rm -rf --one-file-system "$work"
    fi
}
