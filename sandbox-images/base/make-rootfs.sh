#!/usr/bin/env bash
# Makes the sandbox base root file system (Debian bookworm, minbase) in $1 with debootstrap.
# Only Debian's package archive is needed, never a container registry. The archive is the one this machine's apt
# already uses (or ARBITER_DEBIAN_MIRROR), so mirrors and proxies set up for apt apply here too.
set -euo pipefail
target=$1

apt_mirror() {
  local uri
  uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)
  if [ -z "$uri" ]; then
    uri=$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
          | awk '{for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):/) {print $i; exit}}' | grep -v security | head -1 || true)
  fi
  echo "$uri"
}

mirror=${ARBITER_DEBIAN_MIRROR:-$(apt_mirror)}
if [ -z "$mirror" ]; then
  echo "no Debian archive found in /etc/apt: set ARBITER_DEBIAN_MIRROR to a Debian mirror URL" >&2
  exit 1
fi
debootstrap --variant=minbase bookworm "$target" "$mirror" >&2
cat > "$target/etc/apt/sources.list" <<SRC
deb $mirror bookworm main
deb $mirror bookworm-updates main
SRC
# Keep the image small: no package lists, caches, docs or logs.
rm -rf "$target"/var/lib/apt/lists/* "$target"/var/cache/apt/*.bin "$target"/var/cache/apt/archives/*.deb \
       "$target"/usr/share/doc/* "$target"/usr/share/man/* "$target"/var/log/*
