#!/bin/bash
# Builds the demo ACI rktj.io/busybox from Debian's busybox-static: /bin/busybox, a symlink per
# applet, /etc/passwd and /etc/group with root and user (1000:1000). The tar is sorted, owned by
# root and dated at the epoch, so the same busybox always gives the same image id.
# Usage: make-busybox-aci.sh OUTPUT.aci
set -euo pipefail

out=${1:?usage: make-busybox-aci.sh OUTPUT.aci}
busybox=${BUSYBOX:-/bin/busybox}

if [ ! -x "$busybox" ] || ! "$busybox" --list >/dev/null 2>&1; then
    echo "make-busybox-aci: $busybox is missing: install the Debian package busybox-static (apt-get install busybox-static)" >&2
    exit 1
fi
if ldd "$busybox" >/dev/null 2>&1; then
    echo "make-busybox-aci: $busybox is dynamically linked: install the Debian package busybox-static" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
mkdir -p "$rootfs"/{bin,etc,dev,proc,sys,tmp,root,home/user,var,run}
chmod 1777 "$rootfs/tmp"
cp "$busybox" "$rootfs/bin/busybox"
chmod 755 "$rootfs/bin/busybox"
for applet in $("$busybox" --list); do
    [ "$applet" = busybox ] || ln -s busybox "$rootfs/bin/$applet"
done
ln -s bin "$rootfs/sbin"
mkdir -p "$rootfs/usr"
ln -s ../bin "$rootfs/usr/bin"
ln -s ../bin "$rootfs/usr/sbin"

cat > "$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
user:x:1000:1000:user:/home/user:/bin/sh
PASSWD
cat > "$rootfs/etc/group" <<'GROUP'
root:x:0:
user:x:1000:
GROUP

cat > "$work/manifest" <<'MANIFEST'
{
  "acKind": "ImageManifest",
  "acVersion": "0.8.11",
  "name": "rktj.io/busybox",
  "labels": [
    {"name": "version", "value": "latest"},
    {"name": "os", "value": "linux"},
    {"name": "arch", "value": "amd64"}
  ],
  "app": {
    "exec": ["/bin/sh"],
    "user": "0",
    "group": "0"
  },
  "annotations": [
    {"name": "description", "value": "busybox-static demo image built by rktj"}
  ]
}
MANIFEST

mkdir -p "$(dirname "$out")"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
    -C "$work" -cf - manifest rootfs | gzip -n -9 > "$out.tmp"
mv "$out.tmp" "$out"
echo "make-busybox-aci: wrote $out ($("$busybox" --list | wc -l) applets)"
