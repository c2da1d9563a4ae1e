#!/usr/bin/env bash
# Installs everything duckwire needs on a Debian 12 machine: Debian packages, the pinned DuckDB
# tarballs from npm (verified against their registry integrity hashes) and the npm test clients.
# Idempotent: when everything is present it only checks and returns.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

debian_packages=(
  build-essential cmake ninja-build ccache pkg-config
  clang libclang-rt-14-dev
  libboost1.81-dev libboost-json1.81-dev libssl-dev libcli11-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libpq-dev postgresql-15
  tzdata
  openssl curl
  chromium
  python3-pytest python3-websockets python3-psycopg2 python3-psycopg python3-asyncpg python3-sqlalchemy
  python3-dev python3-pybind11 pybind11-dev
  postgresql-client
  postgresql-15 libpostgresql-jdbc-java openjdk-17-jdk-headless
)

missing=()
for p in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Node.js may come from another source (it bundles npm); install Debian's only when none is present.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# name@version  integrity  file-inside-tarball  destination
fetch_pinned() {
  local spec=$1 integrity=$2 member=$3 dest=$4
  [ -f "$dest" ] && return 0
  local tmp
  tmp=$(mktemp -d)
  echo "bootstrap: fetching $spec"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null)
  local tarball
  tarball=$(ls "$tmp"/*.tgz)
  local actual
  actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
  if [ "$actual" != "$integrity" ]; then
    echo "bootstrap: integrity mismatch for $spec: got $actual" >&2
    rm -rf "$tmp"
    exit 1
  fi
  mkdir -p "$(dirname "$dest")"
  tar -xzf "$tarball" -C "$tmp" "$member"
  mv "$tmp/$member" "$dest"
  rm -rf "$tmp"
}

fetch_pinned "@duckdb/node-bindings-linux-x64@1.5.6-r.1" \
  "sha512-IXcrZJE6kEqM0Z4wwdVnGBHX/frOS33VPNAwDXQ/Q+Fs84b058Qe94chrCCIcNJlG8Y3UHIUU4eBeCQxW5mN1Q==" \
  package/libduckdb.so third_party/duckdb/lib/libduckdb.so
fetch_pinned "duckdb@1.4.4" \
  "sha512-hEJJ5hyVF0VLj3dmOLpsWrQR0b3d4Ykqtygm6iUXjHJDDnSqg/USKxcb5qvNrOhFYPgktayU6dXCtgPqcmmpog==" \
  package/src/duckdb/src/include/duckdb.h third_party/duckdb/include/duckdb.h

# JavaScript test clients, pinned by tests/integration/node/package-lock.json.
if [ -f tests/integration/node/package-lock.json ]; then
  stamp=tests/integration/node/node_modules/.installed-lock
  if [ ! -f "$stamp" ] || ! cmp -s "$stamp" tests/integration/node/package-lock.json; then
    echo "bootstrap: installing npm test clients"
    (cd tests/integration/node && npm ci --silent --no-audit --no-fund)
    cp tests/integration/node/package-lock.json "$stamp"
  fi
fi
