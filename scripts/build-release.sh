#!/usr/bin/env bash
# Builds the release archive for one target (default: this machine's) and writes its uri and
# sha256 into the krew manifest.
#
#   scripts/build-release.sh [--target TRIPLE] [--binary PATH] [--manifest FILE] [--out DIR]
#
#   --target    a Rust target triple (default: the host's); linux release archives are built
#               for *-unknown-linux-musl (static): rustup target add x86_64-unknown-linux-musl
#   --binary    package this already built executable instead of running cargo (tests use it)
#   --manifest  the manifest to update (default: krew-manifest.yaml)
#   --out       where archives go (default: target/release-archives)
#
# The archive, kubectl-svcx-vVERSION-TRIPLE.tar.gz, holds the executable and LICENSE at its
# root. Other platforms' entries keep their values: a release pipeline runs this script once per
# platform, on a runner that can build it, and uploads the archives to the GitHub release
# vVERSION, whose download URLs are the manifest's uris.
set -euo pipefail
cd "$(dirname "$0")/.."

target="" binary="" manifest="krew-manifest.yaml" out="target/release-archives"
while [ $# -gt 0 ]; do
  case "$1" in
    --target) target="$2"; shift 2 ;;
    --binary) binary="$2"; shift 2 ;;
    --manifest) manifest="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "error: unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done

host=$(rustc -vV | sed -n 's/^host: //p')
target=${target:-$host}
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
repository=$(sed -n 's/^repository = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)

# Rust target -> krew's os/arch (Go's GOOS/GOARCH names).
case "$target" in
  x86_64-unknown-linux-*) os=linux arch=amd64 ;;
  aarch64-unknown-linux-*) os=linux arch=arm64 ;;
  x86_64-apple-darwin) os=darwin arch=amd64 ;;
  aarch64-apple-darwin) os=darwin arch=arm64 ;;
  x86_64-pc-windows-*) os=windows arch=amd64 ;;
  *) echo "error: the manifest has no platform for target $target" >&2; exit 2 ;;
esac
exe=kubectl-svcx
[ "$os" = windows ] && exe=kubectl-svcx.exe
case "$target" in
  *-linux-gnu*) echo "warning: $target links glibc dynamically; release archives use" \
    "--target ${target%%-*}-unknown-linux-musl (static)" >&2 ;;
esac

if [ -z "$binary" ]; then
  if [ "$target" = "$host" ]; then
    cargo build --release --locked
    binary="target/release/$exe"
  else
    cargo build --release --locked --target "$target"
    binary="target/$target/release/$exe"
  fi
fi
[ -f "$binary" ] || { echo "error: no executable at $binary" >&2; exit 2; }

archive="kubectl-svcx-v$version-$target.tar.gz"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$binary" "$stage/$exe"
cp LICENSE "$stage/LICENSE"
mkdir -p "$out"
tar -C "$stage" -czf "$out/$archive" "$exe" LICENSE

if command -v sha256sum >/dev/null; then
  sha=$(sha256sum "$out/$archive" | cut -d ' ' -f 1)
else
  sha=$(shasum -a 256 "$out/$archive" | cut -d ' ' -f 1)
fi
uri="$repository/releases/download/v$version/$archive"

# Rewrite spec.version and this platform's uri/sha256; the manifest's layout (selector first,
# then uri and sha256) is what the awk program relies on, and it fails if it finds no entry.
updated="$stage/manifest.yaml"
awk -v os="$os" -v arch="$arch" -v uri="$uri" -v sha="$sha" -v version="v$version" '
  /^  version: / { print "  version: " version; next }
  /^  - selector:/ { cur_os = ""; cur_arch = "" }
  /^        os: / { cur_os = $2 }
  /^        arch: / { cur_arch = $2 }
  cur_os == os && cur_arch == arch && /^    uri: / { print "    uri: " uri; u = 1; next }
  cur_os == os && cur_arch == arch && /^    sha256: / { print "    sha256: \"" sha "\""; s = 1; next }
  { print }
  END { if (!u || !s) exit 3 }
' "$manifest" > "$updated" || {
  echo "error: $manifest has no platform entry for os=$os arch=$arch" >&2
  exit 2
}
cp "$updated" "$manifest"

echo "$out/$archive"
echo "  os=$os arch=$arch sha256=$sha" >&2
echo "  $manifest: uri and sha256 of $os/$arch updated" >&2
