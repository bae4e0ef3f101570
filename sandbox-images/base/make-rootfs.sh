#!/usr/bin/env bash
# Makes the sandbox base root file system (Debian bookworm, minbase) in $1 with debootstrap.
# Offline-friendly: only Debian's package mirror is needed, never a container registry.
set -euo pipefail
target=$1
mirror=${ARBITER_DEBIAN_MIRROR:-http://deb.debian.org/debian}
debootstrap --variant=minbase bookworm "$target" "$mirror" >&2
cat > "$target/etc/apt/sources.list" <<SRC
deb $mirror bookworm main
deb $mirror bookworm-updates main
SRC
# Keep the image small: no package lists, caches, docs or logs.
rm -rf "$target"/var/lib/apt/lists/* "$target"/var/cache/apt/*.bin "$target"/var/cache/apt/archives/*.deb \
       "$target"/usr/share/doc/* "$target"/usr/share/man/* "$target"/var/log/*
