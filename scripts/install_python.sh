#!/usr/bin/env bash
# Installs duckwire's Python packages (duckwire, riffq) for Debian's /usr/bin/python3: the staged
# build/python packages and DuckDB's library beside the extension module (which finds it through its
# $ORIGIN run path). Target: $1, default the site directory /usr/bin/python3 reads local packages from.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
site=${1:-$(/usr/bin/python3 -c 'import sys; print(next(p for p in sys.path if p.startswith("/usr/local/lib/python3") and p.endswith("dist-packages")))')}
staged="$build_dir/python"
if ! ls "$staged"/duckwire/_duckwire*.so >/dev/null 2>&1; then
  echo "install_python: no built module under $staged: run make python first" >&2
  exit 1
fi
mkdir -p "$site"
for package in duckwire riffq; do
  rm -rf "${site:?}/$package"
  cp -r "$staged/$package" "$site/$package"
  find "$site/$package" -name __pycache__ -prune -exec rm -rf {} +
done
cp "$root/third_party/duckdb/lib/libduckdb.so" "$site/duckwire/"
echo "installed duckwire and riffq into $site"
