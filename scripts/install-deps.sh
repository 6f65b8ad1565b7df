#!/bin/sh
# Installs the Debian packages Takamul needs that are missing, then the npm packages of the tests.
# usage: scripts/install-deps.sh run|test|bench|fuzz
# Uses sudo when not root. Installs nothing that is already there.
set -eu

purpose=${1:-run}

build_packages="gcc make pkg-config meson ninja-build libmicrohttpd-dev libjansson-dev libsodium-dev libsqlite3-dev libpango1.0-dev libcairo2-dev liboath-dev libqrencode-dev libxlsxwriter-dev libpq-dev fonts-noto-core john-data"
test_packages="libcmocka-dev clang clang-format chromium sqlite3 poppler-utils postgresql faketime systemd"
bench_packages="wrk nginx-light hyperfine postgresql postgresql-contrib python3"
fuzz_packages="libclang-rt-14-dev"

case "$purpose" in
  run) wanted="$build_packages" ;;
  test) wanted="$build_packages $test_packages" ;;
  bench) wanted="$build_packages $test_packages $bench_packages" ;;
  fuzz) wanted="$build_packages $test_packages $fuzz_packages" ;;
  *) echo "usage: $0 run|test|bench|fuzz" >&2; exit 2 ;;
esac

missing=""
for package in $wanted; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $package"
  fi
done

# Node.js and npm may come from elsewhere than Debian (their packages then conflict with Debian's npm):
# only ask Debian for them when the commands are missing.
if [ "$purpose" != run ]; then
  command -v node >/dev/null 2>&1 || missing="$missing nodejs"
  command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi

if [ -n "$missing" ]; then
  echo "Installing Debian packages:$missing"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing
fi

if [ "$purpose" != run ]; then
  here=$(cd "$(dirname "$0")/.." && pwd)
  if [ ! -d "$here/node_modules/playwright-core" ]; then
    echo "Installing the test tools from npm (playwright-core; it uses Debian's chromium, it downloads no browser)"
    (cd "$here" && npm ci --no-audit --no-fund)
  fi
fi
