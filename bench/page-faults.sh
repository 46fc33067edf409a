#!/bin/bash
# What fresh memory costs here, per page: faulted in one page at a time, populated by the kernel
# in bulk, and as transparent huge pages (the reason for lib/librktj-prefault.so; bench/README.md).
#   bench/page-faults.sh [PAGES]      (default 25600 pages = 100 MiB per way; needs gcc)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v gcc >/dev/null || { echo "page-faults: gcc is missing: apt-get install gcc" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -std=gnu11 -O2 -Wall -Wextra -o "$work/page-faults" "$here/page-faults.c"
for i in 1 2 3; do
    echo "run $i:"
    "$work/page-faults" "${1:-25600}"
done
