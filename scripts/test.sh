#!/bin/bash
# README command 2: the whole suite (unit, in-framework and functional tests) with the JDK of
# $JAVA_HOME, or the default java when it is unset. Functional tests drive bin/rkt as root.
set -euo pipefail

cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
    echo "test.sh: run me as root (the functional tests run pods)" >&2
    exit 1
fi
if [ -n "${JAVA_HOME:-}" ] && [ ! -x "$JAVA_HOME/bin/java" ]; then
    echo "test.sh: JAVA_HOME=$JAVA_HOME has no bin/java" >&2
    exit 1
fi

echo "test.sh: $("${JAVA_HOME:+$JAVA_HOME/bin/}java" -version 2>&1 | head -1)"
exec mvn -B verify "$@"
