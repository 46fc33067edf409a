#!/bin/bash
# README command 1: on a fresh Debian 12 machine, as root, installs what rktj needs, builds it and
# runs a demo pod from the busybox image the build makes.
set -euo pipefail

cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
    echo "demo.sh: run me as root (rkt mounts, chroots and locks pods in /var/lib/rkt)" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
grep -v '^#' scripts/debian-packages | xargs apt-get install -y --no-install-recommends

mvn -B -q package -DskipTests

rkt=distribution/target/rkt/bin/rkt
echo "+ $rkt --insecure-options=image run distribution/target/rkt/images/busybox.aci --exec /bin/echo -- \"hello from rktj\""
"$rkt" --insecure-options=image run distribution/target/rkt/images/busybox.aci --exec /bin/echo -- "hello from rktj"
"$rkt" list
