#!/usr/bin/env bash
# Installs OpenBLAS from Debian/Ubuntu (idempotent), for int2int-native's fast backend; run it before `npm ci`.
# Without it, int2int installs and runs on its pure-npm wasm backend.
set -euo pipefail
if ls /usr/lib/*-linux-gnu/openblas-pthread/libopenblas.so.0 >/dev/null 2>&1; then
  echo "OpenBLAS already installed"
  exit 0
fi
SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y libopenblas0-pthread
