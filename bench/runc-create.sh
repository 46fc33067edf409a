#!/bin/bash
# Times `runc create` alone, on the host, for the config.json that stage2-runc writes for a
# systemd pod's app and for runc's own default spec, side by side, and `runc run` of that
# default spec for reference (the run-vs-runc.sh row). It shows how much of an app's start in a
# pod is runc's own fixed cost (its Go start-up, twice: `runc create` and `runc init`) and how
# much comes from the config rkt writes (seccomp, the cgroup mount, masked paths, ...).
# The commands are interleaved, one of each per round; each created container is deleted
# (untimed) right after. Run as root from anywhere:
#   bench/runc-create.sh [RUNS]        (RUNS defaults to $N or 15)
# Builds the distribution first when distribution/target/rkt is missing.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-${N:-15}}
rkt=$repo/distribution/target/rkt/bin/rkt
aci=$repo/distribution/target/rkt/images/busybox.aci

die() { echo "runc-create: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run me as root (runc needs it)"
case $runs in ''|*[!0-9]*|0) die "RUNS must be a positive number, not '$runs'" ;; esac
command -v runc >/dev/null || die "runc is missing: apt-get install runc"
command -v systemd-nspawn >/dev/null || die "systemd-nspawn is missing: apt-get install systemd-container"
if [ ! -x "$rkt" ] || [ ! -f "$aci" ]; then
    echo "runc-create: building the distribution (mvn -B -q package -DskipTests)"
    (cd "$repo" && mvn -B -q package -DskipTests)
fi

work=$(mktemp -d /var/tmp/rktj-bench.XXXXXX)
data=$work/rkt
rootfs=$work/aci/rootfs
cgroup=rktj-bench-$$

# shellcheck source=bench/daemon.sh
. "$repo/bench/daemon.sh"
# shellcheck source=bench/rounds.sh
. "$repo/bench/rounds.sh"
cleanup() {
    local id uuid dir
    for id in $(runc list -q 2>/dev/null | grep "^rktj-bench-$$-" || true); do
        runc delete -f "$id" >/dev/null 2>&1 || true
    done
    for dir in /sys/fs/cgroup/*/"$cgroup" /sys/fs/cgroup/"$cgroup"; do
        [ ! -d "$dir" ] || rmdir "$dir" 2>/dev/null || true
    done
    # the pod the config came from, should the script end before it stopped it
    for uuid in $(ls "$data/pods/run" 2>/dev/null); do
        RKT_DAEMON=off "$rkt" --dir="$data" stop --force "$uuid" >/dev/null 2>&1 || true
    done
    wait 2>/dev/null || true
    clean_scratch runc-create "$rkt" "$data" "$work"
}
trap cleanup EXIT

mkdir -p "$work/aci"
tar -xzf "$aci" -C "$work/aci"

# rkt's config: the one stage2-runc wrote for the app of a running systemd pod, taken from the
# pod, with the app's command, its rootfs, the files it binds and its cgroup moved to the host.
export RKT_DAEMON=off
"$rkt" --dir="$data" --insecure-options=image run --net=host "$aci" --exec /bin/sh -- -c "sleep 120" \
    >"$work/pod.log" 2>&1 &
config=
for ((i = 0; i < 600; i++)); do
    config=$(find "$data/pods/run" -path '*/stage1/rootfs/opt/stage2/*/config.json' 2>/dev/null | head -n 1) || true
    [ -z "$config" ] || break
    sleep 0.1
done
[ -n "$config" ] || die "no pod wrote a config.json in 60 s: $(cat "$work/pod.log")"
sleep 1 # the keeper wrote it whole before runc read it; a second more is plenty
app_dir=${config%/config.json}
app=${app_dir##*/}
mkdir -p "$work/rkt-app"
find "$app_dir" -maxdepth 1 -type f -exec cp {} "$work/rkt-app/" \;
pod=${config#"$data/pods/run/"}
"$rkt" --dir="$data" stop --force "${pod%%/*}" >/dev/null 2>&1 || true
wait || true
"$rkt" --dir="$data" gc --grace-period=0s >/dev/null 2>&1 || true
sed -i -e 's|"args" : \[ [^]]* \]|"args" : [ "/bin/echo", "hi" ]|' \
       -e "s|\"path\" : \"rootfs\"|\"path\" : \"$rootfs\"|" \
       -e "s|\"/opt/stage2/$app/|\"$work/rkt-app/|g" \
       -e "s|\"cgroupsPath\" : \"[^\"]*\"|\"cgroupsPath\" : \"/$cgroup/app\"|" "$work/rkt-app/config.json"
grep -q '"/bin/echo", "hi"' "$work/rkt-app/config.json" || die "could not set the app's command in $work/rkt-app/config.json"

# runc's default spec: our rootfs, echo as the process, no terminal (as run-vs-runc.sh).
mkdir -p "$work/spec"
(cd "$work/spec" && runc spec)
sed -i -e 's|"terminal": true|"terminal": false|' \
       -e 's|^\([[:space:]]*\)"sh"$|\1"/bin/echo", "hi"|' \
       -e "s|\"path\": \"rootfs\"|\"path\": \"$rootfs\"|" "$work/spec/config.json"

# A created container keeps the stdio it was given until it starts: not the pipe that
# time_one reads. runc's own errors go to a file and are printed when it fails.
create()      { runc create --bundle "$1" "$2" </dev/null >/dev/null 2>"$work/create.err" || { cat "$work/create.err"; return 1; }; }
create_rkt()  { create "$work/rkt-app" "rktj-bench-$$-rkt-$1"; }
create_spec() { create "$work/spec" "rktj-bench-$$-spec-$1"; }
run_spec()    { runc run --bundle "$work/spec" "rktj-bench-$$-run-$1"; }
names=(create-rkt create-spec run-spec)
funcs=(create_rkt create_spec run_spec)
output_ok() { case ${names[$1]} in run-spec) [ "$2" = hi ] ;; *) [ -z "$2" ] ;; esac; }
after_run() {
    local id
    for id in $(runc list -q | grep "^rktj-bench-$$-" || true); do
        runc delete -f "$id" >/dev/null 2>&1 || die "runc delete -f $id failed"
    done
}

echo "runc-create: $runs runs each, interleaved; $(runc --version | head -1)"
time_one 0 0
time_one 1 0
time_one 2 0
run_rounds "$runs"
: > "$work/results"
write_medians
printf '%-12s %10s %10s %10s\n' command "median ms" "min ms" "max ms"
while read -r name median min max; do
    printf '%-12s %10s %10s %10s\n' "$name" "$median" "$min" "$max"
done < "$work/results"
