#!/usr/bin/env bash
# Proves the release archives (.ci/run calls this): builds them with
# scripts/release-snapshot.sh into a temporary folder, then checks what the
# README promises — one archive per platform below, a zip for Windows, each
# with the binary for its platform, the READMEs and every docs/ page they
# link to, a SHA-256 file that verifies them all, and a binary for this
# machine that prints the stamped version. With GoReleaser on the PATH it
# also validates .goreleaser.yaml with `goreleaser check`.
set -euo pipefail
cd "$(dirname "$0")/.."

# The platforms the README offers downloads for. Changing the targets in
# .goreleaser.yaml means changing this list, and the README, too.
platforms="linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64"

fail() { echo "release-check: $*" >&2; exit 1; }

if command -v goreleaser >/dev/null 2>&1; then
  goreleaser check
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dist=$tmp/dist
bash scripts/release-snapshot.sh "$dist" >/dev/null
meta=$(cat "$dist/metadata.json")
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p" <<<"$meta"; }
project=$(field project_name)
version=$(field version)

# What every archive holds besides the binary: the READMEs, a LICENSE if
# there is one, and each docs/ file a README links to, so the links work
# in the unpacked folder.
want_files=$(
  {
    ls README*.md LICENSE* 2>/dev/null || true
    grep -ohE '\]\(docs/[^)#]+' README*.md | sed 's/^](//'
  } | sort -u
)

count=0
for p in $platforms; do
  os=${p%/*} arch=${p#*/}
  name=${project}_${version}_${os}_${arch}
  exe=$project
  into=$tmp/unpacked
  rm -rf "$into" && mkdir "$into"
  if [ "$os" = windows ]; then
    exe+=.exe
    archive=$dist/$name.zip
    [ -f "$archive" ] || fail "no $name.zip"
    unzip -q "$archive" -d "$into"
  else
    archive=$dist/$name.tar.gz
    [ -f "$archive" ] || fail "no $name.tar.gz"
    tar -xzf "$archive" -C "$into"
  fi
  count=$((count + 1))
  [ "$(ls "$into")" = "$name" ] || fail "$archive does not unpack into one folder $name"
  for f in $exe $want_files; do
    [ -f "$into/$name/$f" ] || fail "$archive lacks $f"
  done
  # The binary is for its platform, built as .goreleaser.yaml says, and stamped.
  info=$(go version -m "$into/$name/$exe")
  for setting in "GOOS=$os" "GOARCH=$arch" CGO_ENABLED=0 -trimpath=true; do
    grep -qE "^\s+build\s+$setting\$" <<<"$info" || fail "$exe in $archive: not built with $setting"
  done
  grep -qaF -- "$version" "$into/$name/$exe" || fail "$exe in $archive: version $version not stamped"
  if [ "$os/$arch" = "$(go env GOHOSTOS)/$(go env GOHOSTARCH)" ]; then
    said=$("$into/$name/$exe" --version)
    grep -qF -- "$version" <<<"$said" || fail "$exe --version printed: $said (wanted $version in it)"
    echo "release-check: $exe --version: $said"
  fi
done

# Nothing else was built, and the checksums cover exactly the archives.
archives=$(cd "$dist" && ls -1 -- *.tar.gz *.zip 2>/dev/null | sort)
[ "$(wc -l <<<"$archives")" -eq "$count" ] || fail "archives other than the $count platforms': $archives"
sums=$(ls "$dist"/*checksums.txt)
[ "$(awk '{print $2}' "$sums" | sort)" = "$archives" ] || fail "$(basename "$sums") does not list exactly the archives"
(cd "$dist" && sha256sum --quiet --check "$(basename "$sums")") || fail "checksums do not match"
echo "release-check: $count archives of $project $version and $(basename "$sums") are as promised"
