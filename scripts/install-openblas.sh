#!/usr/bin/env bash
# Installs Debian/Ubuntu's static pthread OpenBLAS (idempotent): what int2int-native's build from source and its
# prebuilt (npm run make-prebuilt -w native) link in. Users of the prebuilt addon (x86-64 Linux) need none of it.
set -euo pipefail
if ls /usr/lib/*-linux-gnu/openblas-pthread/libopenblas.a >/dev/null 2>&1; then
  echo "OpenBLAS (static) already installed"
  exit 0
fi
SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y libopenblas-pthread-dev
