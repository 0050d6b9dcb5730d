#!/usr/bin/env bash
# Proves that DJL's engine start-up and a training step open no network socket: runs OfflineProbe under
# strace and fails on any connect or send to an AF_INET/AF_INET6 address. (The JDK's networking classes
# open and close a few unconnected sockets at start-up to probe IPv6 and SO_REUSEPORT support; those
# send nothing and are not counted.) A self-test first shows that the
# detector does catch a (loopback) connection, so this check can fail.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/bin/common.sh"
JAVA="${MAKEMORE_JAVA:-$(mm_java_bin)}"
log="$(mktemp)"; trap 'rm -f "$log"' EXIT

inet_calls() { grep -E '(connect|sendto|sendmsg)\(.*sa_family=AF_INET6?[,}]' "$1" || true; }
trace() { strace -f -qq -e trace=connect,sendto,sendmsg -o "$log" "$@"; }

# 1. the detector sees a loopback connection attempt (port 9 'discard'; refused is fine)
trace /usr/bin/python3 -c 'import socket; s=socket.socket(); s.settimeout(1)
try: s.connect(("127.0.0.1", 9))
except OSError: pass' || true
if [ -z "$(inet_calls "$log")" ]; then echo "detector self-test failed: a loopback connect was not seen"; exit 1; fi

# 2. DJL start-up + one backward pass, with the project's offline settings
trace "$JAVA" "${JVM_FLAGS[@]}" -cp "$LIB_CP" "$ROOT/tools/OfflineProbe.java"
calls="$(inet_calls "$log")"
if [ -n "$calls" ]; then echo "network activity from the DJL probe:"; echo "$calls"; exit 1; fi
echo "no connection or packet to an AF_INET/AF_INET6 address from the JVM (DJL_OFFLINE=$DJL_OFFLINE, OPT_OUT_TRACKING=$OPT_OUT_TRACKING)"
