#!/usr/bin/env bash
# Builds zoomtray's packages into dist/ and checks them:
#   dist/zoomtray.tar.xz  the Linux archive made by `fyne package` (pinned in go.mod's tool
#                         line: fyne.io/tools/cmd/fyne v1.7.0), with FyneApp.toml's name, app
#                         ID and icon: usr/local/bin/zoomtray, the .desktop file, the icon,
#                         and a Makefile (`make user-install` or `sudo make install`); the
#                         window program usr/local/bin/zoomtray-window is added beside the
#                         agent, and to the Makefile's rules (the agent starts the window
#                         it finds next to its own executable);
#   dist/zoomtray.exe, dist/zoomtray-window.exe
#                         the Windows build, cross-compiled with mingw-w64 (cgo, Fyne's GL
#                         driver), checked for PE headers of x86-64 executables.
# The binaries are built with the flags of every other build (go build ./cmd/zoomtray), so
# Go's cache of the cgo GL driver is reused; -ldflags '-s -w' only strips at link time.
#   scripts/package.sh [linux] [windows]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(linux windows)
mkdir -p dist
fail() { echo "package: $*" >&2; exit 1; }

# linux builds the archive with the pinned fyne tool and checks what it holds.
linux() {
  local work; work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  go build -ldflags '-s -w' -o "$work/" ./cmd/zoomtray ./cmd/zoomtray-window
  rm -f zoomtray.tar.xz
  # fyne package reads FyneApp.toml and writes ./zoomtray.tar.xz; it also bumps the toml's
  # Build number, which a check must not do: the file is put back as it was.
  cp FyneApp.toml "$work/FyneApp.toml"
  go tool fyne package -os linux --exe "$work/zoomtray" || { cp "$work/FyneApp.toml" FyneApp.toml; return 1; }
  cp "$work/FyneApp.toml" FyneApp.toml
  add_window zoomtray.tar.xz "$work"
  mv zoomtray.tar.xz dist/zoomtray.tar.xz
  check_archive dist/zoomtray.tar.xz "$work"
}

# add_window puts the window program beside the agent in the archive fyne made (it
# packages one executable), and has the Makefile install and uninstall it with the agent.
add_window() {
  local archive=$1 work=$2 tree=$2/tree
  mkdir -p "$tree"
  tar -xJf "$archive" -C "$tree"
  install -m 0755 "$work/zoomtray-window" "$tree/usr/local/bin/zoomtray-window"
  sed -i -e 's#^\(\tinstall -Dm00755 usr/local/bin/\)$(Exec) \(.*\)/$(Exec)$#&\n\1zoomtray-window \2/zoomtray-window#' \
    -e 's#^\t-rm \(.*\)/bin/$(Exec)$#&\n\t-rm \1/bin/zoomtray-window#' "$tree/Makefile"
  tar -cJf "$archive" -C "$tree" usr Makefile
}

# check_archive lists the archive and checks the binary, the .desktop file and the icon.
check_archive() {
  local archive=$1 work=$2 list desktop
  list=$(tar -tJf "$archive")
  echo "$list" | sed 's/^/  /'
  for want in usr/local/bin/zoomtray usr/local/bin/zoomtray-window usr/local/share/applications/io.github.zoomtray.desktop \
    usr/local/share/pixmaps/io.github.zoomtray.png Makefile; do
    grep -qxF "$want" <<<"$list" || fail "$archive lacks $want"
  done
  desktop=$(tar -xJOf "$archive" usr/local/share/applications/io.github.zoomtray.desktop)
  for want in '^Type=Application$' '^Name=zoomtray$' '^Exec=zoomtray$' '^Icon=io.github.zoomtray$'; do
    grep -q "$want" <<<"$desktop" || fail "the .desktop file lacks $want"
  done
  tar -xJf "$archive" -C "$work" usr/local/share/pixmaps/io.github.zoomtray.png usr/local/bin/zoomtray
  [ "$(head -c 8 "$work/usr/local/share/pixmaps/io.github.zoomtray.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
    fail "the icon is not a PNG"
  [ "$(head -c 4 "$work/usr/local/bin/zoomtray" | od -An -tx1 | tr -d ' \n')" = 7f454c46 ] ||
    fail "the binary is not an ELF executable"
  # The Makefile installs the window beside the agent.
  mkdir -p "$work/unpacked" && tar -xJf "$archive" -C "$work/unpacked"
  make -s -C "$work/unpacked" user-install DESTDIR="$work/dest" HOME=/home/u >/dev/null
  for want in zoomtray zoomtray-window; do
    [ -x "$work/dest/home/u/.local/bin/$want" ] || fail "make user-install does not install $want"
  done
  echo "package: $archive ok ($(du -h "$archive" | cut -f1)): agent and window binaries, .desktop (Name, Exec, Icon), icon, Makefile installs both"
}

# windows cross-compiles the .exe with mingw-w64 and checks its PE header.
windows() {
  command -v x86_64-w64-mingw32-gcc >/dev/null || fail "x86_64-w64-mingw32-gcc is missing: run scripts/setup.sh"
  GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc \
    go build -ldflags '-s -w -H windowsgui' -o dist/ ./cmd/zoomtray ./cmd/zoomtray-window
  check_pe dist/zoomtray.exe
  check_pe dist/zoomtray-window.exe
}

# check_pe checks the DOS stub ("MZ"), the PE signature ("PE\0\0") at the offset in
# e_lfanew (0x3c), and the COFF machine type AMD64 (0x8664) right after it.
check_pe() {
  local exe=$1 off
  [ "$(head -c 2 "$exe")" = MZ ] || fail "$exe: no MZ header"
  off=$(od -An -tu4 -j 60 -N 4 --endian=little "$exe" | tr -d ' ')
  [ "$(od -An -tx1 -j "$off" -N 4 "$exe" | tr -d ' \n')" = 50450000 ] || fail "$exe: no PE signature at $off"
  [ "$(od -An -tx2 -j $((off + 4)) -N 2 --endian=little "$exe" | tr -d ' ')" = 8664 ] || fail "$exe: machine is not AMD64"
  echo "package: $exe ok ($(du -h "$exe" | cut -f1)): MZ, PE at $off, machine 0x8664 (x86-64)"
}

for t in "${targets[@]}"; do
  case $t in
    linux | windows) "$t" ;;
    *) fail "unknown target $t (linux, windows)" ;;
  esac
done
