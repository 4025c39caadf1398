#!/usr/bin/env bash
# Builds the archives that .goreleaser.yaml describes, with plain go build:
# the targets, env, flags, ldflags, names and files are read from that file,
# so the two cannot drift. CI runs this (through release-check.sh) instead
# of GoReleaser itself, whose install alone downloads 1.9 GB of modules and
# compiles for minutes. Like `goreleaser release --snapshot`, the version is
# the last tag's patch + 1, -SNAPSHOT-<commit>.
#
#   scripts/release-snapshot.sh [OUTDIR]     (default dist/, which must be empty)
#
# It reads only the part of GoReleaser's YAML that .goreleaser.yaml uses, and
# stops on anything else ({{ }} it does not know, a format it does not make).
set -euo pipefail
cd "$(dirname "$0")/.."
cfg=.goreleaser.yaml

die() { echo "release-snapshot: $*" >&2; exit 1; }

# section NAME: the lines of a top-level section (NAME: up to the next top-level key).
section() { awk -v s="$1:" '$0 == s { on = 1; next } /^[^ #]/ { on = 0 } on' "$cfg"; }
# list NAME KEY: the items of the first KEY in section NAME, written either
# "KEY: [a, b]" or as "- a" lines under "KEY:". Quotes around items go.
list() {
  section "$1" | awk -v k="$2" '
    on && /^ *- / { sub(/^ *- /, ""); gsub(/^"|"$/, ""); print; next }
    on { exit }
    $0 ~ "^ *(- )?" k ":" {
      v = $0; sub("^[^:]*: *", "", v)
      if (v ~ /^\[/) { gsub(/[][ "]/, "", v); n = split(v, a, ","); for (i = 1; i <= n; i++) print a[i]; exit }
      on = 1
    }'
}
# scalar NAME KEY: the value of the first KEY in section NAME (NAME "" for top level).
scalar() {
  if [ -z "$1" ]; then grep "^$2:" "$cfg"; else section "$1"; fi |
    sed -n "s/^ *\(- \)\{0,1\}$2: *//p" | head -n1 | sed 's/^"\(.*\)"$/\1/'
}

[ "$(scalar '' version)" = 2 ] || die "$cfg is not GoReleaser's version: 2"
project=$(scalar '' project_name)
binary=$(scalar builds binary)
main=$(scalar builds main)
mapfile -t goos < <(list builds goos)
mapfile -t goarch < <(list builds goarch)
mapfile -t envs < <(list builds env)
mapfile -t flags < <(list builds flags)
mapfile -t ldflags < <(list builds ldflags)
mapfile -t files < <(list archives files)
mapfile -t formats < <(list archives formats)
archive_name=$(scalar archives name_template)
sums_name=$(scalar checksum name_template)
snapshot_version=$(scalar snapshot version_template)
[ -n "$project" ] && [ -n "$binary" ] && [ ${#goos[@]} -gt 0 ] && [ ${#goarch[@]} -gt 0 ] ||
  die "$cfg: project_name, builds' binary, goos or goarch missing"
[ "${formats[*]}" = tar.gz ] || die "$cfg: archives' formats is not [tar.gz]"
# Windows gets a zip: the formats line right after "- goos: windows".
section archives | grep -A1 -- '- goos: windows' | grep -q 'formats: \[zip\]' ||
  die "$cfg: no zip override for windows"
[ "$(scalar archives wrap_in_directory)" = true ] || die "$cfg: archives are not wrapped in a folder"
[ "$(scalar checksum algorithm)" = sha256 ] || die "$cfg: checksums are not sha256"

commit=$(git rev-parse HEAD)
short=$(git rev-parse --short HEAD)
commit_ts=$(git log -1 --format=%ct)
tag=$(git describe --tags --abbrev=0 --match 'v[0-9]*' 2>/dev/null || echo v0.0.0)
IFS=. read -r major minor patch <<<"${tag#v}"
patch=${patch%%[-+]*}
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# render TEMPLATE: fills in the {{ }} that .goreleaser.yaml uses; any other stops the build.
render() {
  local s=$1
  s=${s//'{{ '/'{{'}
  s=${s//' }}'/'}}'}
  s=${s//'{{incpatch .Version}}'/"$major.$minor.$((patch + 1))"}
  s=${s//'{{.ShortCommit}}'/$short}
  s=${s//'{{.Version}}'/$version}
  s=${s//'{{.Commit}}'/$commit}
  s=${s//'{{.Date}}'/$date}
  s=${s//'{{.CommitTimestamp}}'/$commit_ts}
  s=${s//'{{.ProjectName}}'/$project}
  s=${s//'{{.Os}}'/${os:-}}
  s=${s//'{{.Arch}}'/${arch:-}}
  case $s in *'{{'*) die "unknown template in: $1" ;; esac
  printf '%s\n' "$s"
}

version=
version=$(render "$snapshot_version")
ld=$(render "${ldflags[*]}")
mtime=$(render "$(scalar builds mod_timestamp)")

out=${1:-dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
[ -z "$(ls -A "$out")" ] || die "$out is not empty"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

shopt -s nullglob
for os in "${goos[@]}"; do
  for arch in "${goarch[@]}"; do
    name=$(render "$archive_name")
    exe=$binary
    [ "$os" = windows ] && exe+=.exe
    mkdir "$stage/$name"
    env "${envs[@]}" GOOS="$os" GOARCH="$arch" go build "${flags[@]}" -ldflags="$ld" -o "$stage/$name/$exe" "./${main:-.}"
    [ -z "$mtime" ] || touch -d "@$mtime" "$stage/$name/$exe"
    for glob in "${files[@]}"; do
      for f in $glob; do cp --parents -p "$f" "$stage/$name/"; done
    done
    if [ "$os" = windows ]; then
      (cd "$stage" && zip -qrX "$out/$name.zip" "$name")
    else
      tar -C "$stage" --owner=0 --group=0 --numeric-owner -czf "$out/$name.tar.gz" "$name"
    fi
  done
done
shopt -u nullglob

sums=$(render "$sums_name")
(cd "$out" && sha256sum -- *.tar.gz *.zip >"$sums")
printf '{"project_name":"%s","version":"%s","commit":"%s","date":"%s"}\n' \
  "$project" "$version" "$commit" "$date" >"$out/metadata.json"
echo "release-snapshot: $project $version into $out:"
(cd "$out" && ls -1)
