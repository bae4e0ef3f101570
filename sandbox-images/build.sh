#!/usr/bin/env bash
# Builds the sandbox images without any container registry:
#   1. base: a Debian bookworm minbase root file system made by debootstrap, `docker import`ed;
#   2. one image per runtime folder, `docker build` FROM that local base (with shared/ in its build context).
# Every tag carries a content hash of the folders it is made from, so unchanged images are not rebuilt.
# Usage: sandbox-images/build.sh [runtime ...]    (default: every folder with a runtime.yaml)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here"
export LC_ALL=C

# Content hash of the given folders; dev.arbiter.sandbox.image.ImageTags computes the same value.
content_hash() {
  find "$@" -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12
}

# The engine's arbiter-sandbox tags, listed once (one call instead of one per image: this runs before every command).
known_tags=$(docker image ls --format '{{.Repository}}:{{.Tag}}' 'arbiter-sandbox/*' 2>/dev/null || true)
image_exists() { grep -qxF "$1" <<<"$known_tags" || docker image inspect "$1" >/dev/null 2>&1; }

base_tag="arbiter-sandbox/base:$(content_hash base)"
if image_exists "$base_tag"; then
  echo "sandbox base $base_tag is up to date"
else
  echo "building sandbox base $base_tag with debootstrap (a few minutes, once)"
  command -v debootstrap >/dev/null || { echo "debootstrap is missing: install it (apt-get install debootstrap)" >&2; exit 1; }
  rootfs=$(mktemp -d /tmp/arbiter-rootfs.XXXXXX)
  trap 'rm -rf "$rootfs"' EXIT
  base/make-rootfs.sh "$rootfs"
  tar -C "$rootfs" -c . | docker import --change 'CMD ["/bin/bash"]' - "$base_tag" >/dev/null
  rm -rf "$rootfs"
  trap - EXIT
fi

runtimes=("$@")
if [ ${#runtimes[@]} -eq 0 ]; then
  for d in */; do [ -f "$d/runtime.yaml" ] && runtimes+=("${d%/}"); done
fi

for rt in "${runtimes[@]}"; do
  [ -f "$rt/Dockerfile" ] || { echo "unknown runtime '$rt': no $here/$rt/Dockerfile" >&2; exit 1; }
  tag="arbiter-sandbox/$rt:$(content_hash base shared "$rt")"
  if image_exists "$tag"; then
    echo "sandbox $rt $tag is up to date"
    continue
  fi
  echo "building sandbox $rt $tag"
  # The build context is a copy of the folder, plus npm packages packed with the machine's npm when the runtime
  # lists some (npm-packages.txt); downloads stay out of the folder, so they do not change its content hash.
  context=$(mktemp -d /tmp/arbiter-context-$rt.XXXXXX)
  cp -r "$rt"/. "$context"/
  # Files more than one runtime builds from (the C supervisor of the compiled runtimes) live once, in shared/.
  cp -r shared "$context"/shared
  mkdir -p "$context/npm"
  if [ -f "$rt/npm-packages.txt" ]; then
    command -v npm >/dev/null || { echo "npm is missing (needed for $rt/npm-packages.txt): install Node.js and npm" >&2; exit 1; }
    (cd "$context/npm" && xargs npm pack --silent < "$here/$rt/npm-packages.txt" >/dev/null)
  fi
  log=$(mktemp /tmp/arbiter-build-$rt.XXXXXX.log)
  if ! docker build --build-arg "BASE=$base_tag" --label dev.arbiter.runtime="$rt" -t "$tag" "$context" >"$log" 2>&1; then
    tail -30 "$log" >&2
    echo "building sandbox $rt failed; full log: $log" >&2
    exit 1
  fi
  rm -rf "$log" "$context"
  # Drop this runtime's tags older than a day so stale images do not pile up; younger ones may belong to another
  # checkout of the project (a worktree, a branch under test) building on the same engine.
  now=$(date +%s)
  for old in $(docker images "arbiter-sandbox/$rt" --format '{{.Repository}}:{{.Tag}}' | grep -vx "$tag"); do
    created=$(date -d "$(docker image inspect -f '{{.Created}}' "$old" 2>/dev/null)" +%s 2>/dev/null || echo "$now")
    [ $((now - created)) -gt 86400 ] && docker rmi "$old" >/dev/null 2>&1 || true
  done
done
