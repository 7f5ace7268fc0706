#!/usr/bin/env bash
# Installs what the VS Code extension e2e test needs (idempotent): Debian's Chromium, and code-server 4.100.3 in .cache/.
# code-server from npm needs three offline workarounds (see the e2e recipes): gssapi headers, a seeded ripgrep cache, npm_config_yes.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
VERSION=4.100.3
RIPGREP_PACKAGE=1.15.11 # the @vscode/ripgrep version pinned by code-server's lib/vscode/npm-shrinkwrap.json
CACHE="$ROOT/.cache/code-server-$VERSION"
BIN="$CACHE/node_modules/.bin/code-server"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/rg ] || missing+=(ripgrep)
[ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${missing[@]}"
fi

export XDG_CONFIG_HOME="$CACHE/xdg/config" XDG_DATA_HOME="$CACHE/xdg/data" XDG_CACHE_HOME="$CACHE/xdg/cache" # code-server writes there, even for --version
if [ -x "$BIN" ] && "$BIN" --version | grep -q "^$VERSION "; then
  echo "code-server $VERSION already installed in $CACHE"
  exit 0
fi

rm -rf "$CACHE"
mkdir -p "$CACHE/tmp"
# @vscode/ripgrep's postinstall would download rg from GitHub: it first looks in $TMPDIR/vscode-ripgrep-cache-<version>/
RG_CACHE="$CACHE/tmp/vscode-ripgrep-cache-$RIPGREP_PACKAGE"
mkdir -p "$RG_CACHE" "$CACHE/tmp/rg"
cp /usr/bin/rg "$CACHE/tmp/rg/rg"
tar czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$CACHE/tmp/rg" rg
echo '{"name":"int2int-code-server","private":true}' > "$CACHE/package.json"
# node-pty's install runs `npx node-gyp` (npm_config_yes); as root, code-server's postinstall wants --unsafe-perm
(cd "$CACHE" && TMPDIR="$CACHE/tmp" npm_config_yes=true npm install --no-audit --no-fund --unsafe-perm \
  --foreground-scripts "code-server@$VERSION")
"$BIN" --version
