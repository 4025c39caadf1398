#!/usr/bin/env bash
# wine-test.sh runs the Windows build's own tests on Linux, under Wine.
#
#   scripts/wine-test.sh [package ...]     (default: the packages below)
#   WINE_TEST_RUN=regexp scripts/wine-test.sh ./fixes   (only those tests)
#
# Each package's tests are compiled with GOOS=windows and run by Wine 8 in
# a throw-away prefix. Two gaps of Wine 8 stop Go programs, and are bridged
# here for the tests only (nothing of this reaches a release build):
#   - Go >= 1.22 needs bcryptprimitives.dll's ProcessPrng, which Wine 8
#     lacks: a stand-in DLL (scripts/wine/processprng.c) goes into the
#     prefix's system32.
#   - Wine 8 answers two calls Go's standard library makes with "not
#     supported" where Windows 10 succeeds: SIO_UDP_NETRESET on every UDP
#     socket (so the lab's DNS servers could not listen) and
#     FileDispositionInformationEx when deleting (so t.TempDir could not
#     clean up). The tests are built with -overlay copies of those two
#     standard-library files that accept Wine's answer; the script stops
#     if the copies no longer patch cleanly (a new Go).
# What Wine cannot judge: the wizard (its console garbles a full-screen
# TUI), Windows Terminal, the real $PROFILE, the Windows certificate store.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

packages=("$@")
if [ ${#packages[@]} -eq 0 ]; then
  packages=(./checks ./platform ./fixes ./report ./redact ./i18n ./termtext)
fi

wine=$(command -v wine64 || true)
[ -n "$wine" ] || [ ! -x /usr/lib/wine/wine64 ] || wine=/usr/lib/wine/wine64
if [ -z "$wine" ] || ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wine64 gcc-mingw-w64-x86-64) >/dev/null
    wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
  else
    echo "wine-test: needs wine64 and gcc-mingw-w64-x86-64 (Debian: apt-get install wine64 gcc-mingw-w64-x86-64)" >&2
    exit 2
  fi
fi

work=$(mktemp -d)
cleanup() {
  HOME="$work/home" WINEPREFIX="$work/prefix" "$(dirname "$wine")/wineserver" -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The prefix, and a home of its own: Wine links the prefix's Documents to
# $HOME's, and fixes under test write to Documents.
# (Only Wine gets that home: go keeps its own caches.)
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
mkdir -p "$work/home"
runwine() { HOME="$work/home" "$wine" "$@"; }
runwine wineboot -i >/dev/null 2>&1
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" \
  scripts/wine/processprng.c scripts/wine/bcryptprimitives.def
cp "$work/bcryptprimitives.dll" "$WINEPREFIX/drive_c/windows/system32/"

# The overlay: patched copies of two standard-library files.
goroot=$(go env GOROOT)
at="$goroot/src/internal/syscall/windows/at_windows.go"
fd="$goroot/src/net/fd_windows.go"
sed 's/^\t\tSTATUS_NOT_SUPPORTED: /\t\tSTATUS_NOT_SUPPORTED, NTStatus(0xC0000002): \/\/ Wine 8: STATUS_NOT_IMPLEMENTED\n\t\t/' "$at" >"$work/at_windows.go"
sed '/windows.SIO_UDP_NETRESET/{n;s/if err != nil {/if err != nil \&\& err != syscall.Errno(10045) { \/\/ Wine 8: WSAEOPNOTSUPP/}' "$fd" >"$work/fd_windows.go"
if ! grep -q 'NTStatus(0xC0000002)' "$work/at_windows.go" || ! grep -q 'Errno(10045)' "$work/fd_windows.go"; then
  echo "wine-test: this Go's standard library no longer matches the Wine patches; update scripts/wine-test.sh" >&2
  exit 2
fi
printf '{"Replace":{"%s":"%s","%s":"%s"}}\n' "$at" "$work/at_windows.go" "$fd" "$work/fd_windows.go" >"$work/overlay.json"

failed=()
for pkg in "${packages[@]}"; do
  name=$(basename "$pkg")
  exe="$work/$name.test.exe"
  if ! GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test -overlay "$work/overlay.json" -c -o "$exe" "$pkg"; then
    failed+=("$pkg (build)")
    continue
  fi
  [ -f "$exe" ] || { echo "ok   $pkg (no tests)"; continue; }
  start=$(date +%s)
  # Tests read testdata/ relative to their package, as under go test.
  if (cd "$root/$pkg" && runwine "$exe" -test.count=1 -test.timeout=10m ${WINE_TEST_RUN:+"-test.run=$WINE_TEST_RUN"} >"$work/$name.log" 2>&1); then
    echo "ok   $pkg under Wine ($(($(date +%s) - start)) s)"
  else
    echo "FAIL $pkg under Wine ($(($(date +%s) - start)) s):"
    grep -E -A4 "^\s*--- FAIL|^panic|^FAIL" "$work/$name.log" | head -n 120
    failed+=("$pkg")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "wine-test: failed: ${failed[*]}" >&2
  exit 1
fi
