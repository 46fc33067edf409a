#!/usr/bin/env bash
# Fetch + render of one multi-layer image (>= 100 MB) from a loopback docker-registry:
# `rkt fetch docker://` against `podman pull` and against `skopeo copy` + `umoci unpack`; rkt both
# on its own (a JVM per command) and handing the fetch to a `rkt daemon` (docs/daemon.md).
# Usage (as root): bench/pull-vs-podman.sh [RUNS]   (default 3; N=... works too)
set -euo pipefail

RUNS=${1:-${N:-3}}
HERE=$(cd "$(dirname "$0")/.." && pwd)
RKT=$HERE/distribution/target/rkt/bin/rkt
[ -x "$RKT" ] || (cd "$HERE" && mvn -B -q package -DskipTests)
for tool in docker-registry skopeo umoci podman python3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done

SCRATCH=$(mktemp -d /var/tmp/rktj-pull-bench.XXXXXX)
REGISTRY_PID=
# shellcheck source=bench/daemon.sh
. "$HERE/bench/daemon.sh"
cleanup() {
    stop_daemon
    if [ -n "$REGISTRY_PID" ]; then
        kill "$REGISTRY_PID" 2>/dev/null || true
        wait "$REGISTRY_PID" 2>/dev/null || true
    fi
    rm -rf --one-file-system "$SCRATCH"
}
trap cleanup EXIT

# 1. The image: 4 layers of 1500 files each (8-64 KiB, half random, half text), ~110 MB compressed.
LAYOUT=$SCRATCH/layout
umoci init --layout "$LAYOUT" >/dev/null
umoci new --image "$LAYOUT:big" >/dev/null
for layer in 1 2 3 4; do
    umoci unpack --image "$LAYOUT:big" "$SCRATCH/work" >/dev/null
    python3 - "$SCRATCH/work/rootfs/layer$layer" "$layer" <<'PY'
import os, random, sys
root, seed = sys.argv[1], int(sys.argv[2])
rnd = random.Random(seed)
words = [bytes(rnd.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(2, 9))) for _ in range(5000)]
for d in range(30):
    os.makedirs(f"{root}/d{d}", exist_ok=True)
    for f in range(50):
        size = rnd.randint(8 << 10, 64 << 10)
        with open(f"{root}/d{d}/f{f}", "wb") as out:
            if f % 2:
                out.write(os.urandom(size))
            else:
                text = b" ".join(rnd.choice(words) for _ in range(size // 5))
                out.write(text[:size])
PY
    umoci repack --image "$LAYOUT:big" "$SCRATCH/work" >/dev/null
    rm -rf "$SCRATCH/work"
done
umoci config --image "$LAYOUT:big" --config.cmd /bin/true >/dev/null
SIZE=$(du -sb "$LAYOUT/blobs" | cut -f1)

# 2. The registry, on a free loopback port, storing in the scratch folder.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$SCRATCH/registry.yml" <<YML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $SCRATCH/registry
http:
  addr: 127.0.0.1:$PORT
YML
docker-registry serve "$SCRATCH/registry.yml" >"$SCRATCH/registry.log" 2>&1 &
REGISTRY_PID=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/v2/" >/dev/null 2>&1 && break; sleep 0.1; done
skopeo copy -q --dest-tls-verify=false "oci:$LAYOUT:big" "docker://127.0.0.1:$PORT/bench/big:1"
REF=127.0.0.1:$PORT/bench/big:1

# 3. Each contender starts from an empty store every run, so every byte is fetched and unpacked.
export RKT_DAEMON=off
rkt_pull() {
    "$RKT" --dir="$SCRATCH/rkt" --insecure-options=http,image fetch "docker://$REF" >/dev/null
}
# The daemon keeps its store: emptied between runs through the daemon itself (image rm, image gc).
SOCKET=$SCRATCH/daemon.sock
start_daemon "$RKT" "$SCRATCH/rktd" "$SOCKET" "$SCRATCH/daemon.log"
rktd() { env -u RKT_DAEMON RKT_DAEMON_SOCKET="$SOCKET" "$RKT" --dir="$SCRATCH/rktd" "$@"; }
rkt_daemon_pull() { rktd --insecure-options=http,image fetch "docker://$REF" >/dev/null; }
rkt_daemon_reset() {
    local ids
    ids=$(rktd image list --no-legend --fields=id --full)
    # their "N image(s) successfully removed" lines are left out; errors still show
    [ -z "$ids" ] || rktd image rm $ids 2>&1 >/dev/null | { grep -v 'successfully removed' >&2 || true; }
    rktd image gc --grace-period=0s 2>&1 >/dev/null | { grep -v 'successfully removed' >&2 || true; }
    if [ -d "$SCRATCH/rktd/cas" ] && [ -n "$(find "$SCRATCH/rktd/cas" -type f -size +1M | head -1)" ]; then
        echo "bench: the daemon's store still holds large files after image gc" >&2
        exit 1
    fi
}
rkt_daemon_pull && rkt_daemon_reset # warms the daemon's JIT
rkt_reset() { rm -rf --one-file-system "$SCRATCH/rkt"; }
podman_pull() {
    podman --root "$SCRATCH/podman" --runroot "$SCRATCH/podman-run" pull -q --tls-verify=false "$REF" >/dev/null
}
podman_reset() {
    podman --root "$SCRATCH/podman" --runroot "$SCRATCH/podman-run" system reset -f >/dev/null 2>&1 || true
    rm -rf --one-file-system "$SCRATCH/podman" "$SCRATCH/podman-run"
}
skopeo_umoci() {
    skopeo copy -q --src-tls-verify=false "docker://$REF" "oci:$SCRATCH/copy:big" >/dev/null
    umoci unpack --image "$SCRATCH/copy:big" "$SCRATCH/bundle" >/dev/null
}
skopeo_umoci_reset() { rm -rf --one-file-system "$SCRATCH/copy" "$SCRATCH/bundle"; }

declare -A TIMES
measure() {
    local name=$1 run=$2 reset=$3
    "$reset"; sync
    local t0=$EPOCHREALTIME
    "$run"
    local t1=$EPOCHREALTIME
    TIMES[$name]+="$(python3 -c "print(round(($t1 - $t0) * 1000))") "
    "$reset"
}
for i in $(seq "$RUNS"); do
    measure rkt-fetch rkt_pull rkt_reset
    measure rkt-daemon rkt_daemon_pull rkt_daemon_reset
    measure podman-pull podman_pull podman_reset
    measure skopeo+umoci skopeo_umoci skopeo_umoci_reset
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "image: 4 layers, $((SIZE / 1000000)) MB of blobs in the layout; $RUNS runs each, empty store each run"
printf '%-14s %8s %8s %8s\n' row median min max
declare -A MED
for name in rkt-fetch rkt-daemon podman-pull skopeo+umoci; do
    m=$(echo "${TIMES[$name]}" | median)
    MED[$name]=$m
    printf '%-14s %8s %8s %8s\n' "$name" "$m" "$(echo "${TIMES[$name]}" | tr ' ' '\n' | grep -v '^$' | sort -n | head -1)" \
        "$(echo "${TIMES[$name]}" | tr ' ' '\n' | grep -v '^$' | sort -n | tail -1)"
done
python3 -c "print('rkt/podman %.2f   rkt/(skopeo+umoci) %.2f' % (${MED[rkt-fetch]} / ${MED[podman-pull]}, ${MED[rkt-fetch]} / ${MED[skopeo+umoci]}))"
python3 -c "print('rkt (daemon)/podman %.2f   rkt (daemon)/(skopeo+umoci) %.2f' % (${MED[rkt-daemon]} / ${MED[podman-pull]}, ${MED[rkt-daemon]} / ${MED[skopeo+umoci]}))"
