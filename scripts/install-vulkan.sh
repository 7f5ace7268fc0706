#!/usr/bin/env bash
# Installs a software Vulkan driver that Dawn (the npm package webgpu) accepts, for the webgpu backend's tests on a
# machine without a GPU (idempotent): Mesa's lavapipe >= 25 from Debian bookworm-backports (bookworm's own Mesa 22.3
# lacks features Dawn requires) and the Vulkan loader. A machine with a GPU needs its vendor's Vulkan driver instead.
set -euo pipefail
if ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1 && ldconfig -p | grep -q 'libvulkan.so.1 '; then
  echo "Vulkan loader and lavapipe already installed"
  exit 0
fi
SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
. /etc/os-release
if [ "${VERSION_CODENAME:-}" = bookworm ]; then
  backports=/etc/apt/sources.list.d/int2int-bookworm-backports.sources
  [ -f "$backports" ] || printf '%s\n' 'Types: deb' 'URIs: http://deb.debian.org/debian' \
    'Suites: bookworm-backports' 'Components: main' \
    'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' | $SUDO tee "$backports" >/dev/null
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y libvulkan1 mesa-vulkan-drivers/bookworm-backports \
    libdrm2/bookworm-backports libdrm-amdgpu1/bookworm-backports libdrm-common/bookworm-backports
else
  # a newer Debian or Ubuntu ships Mesa >= 25 itself
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y libvulkan1 mesa-vulkan-drivers
fi
