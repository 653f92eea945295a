#!/usr/bin/env bash
# Installs what zoomtray needs to build, run and test on Debian or Ubuntu: the C headers for
# Fyne's GLFW driver, the desktop parts the tests use for real (Xvfb, gnome-keyring, D-Bus
# tools, Chromium, zbar, ImageMagick, and openbox with xfce4-panel for the screenshot gallery), the mingw cross-compiler, and Go itself (from the Go
# module proxy the machine's Go uses, pinned) when the machine's Go is missing or older than go.mod needs.
# Idempotent: a second run is a quick no-op. Run as root or with sudo available.
set -euo pipefail
cd "$(dirname "$0")/.."

GO_VERSION=1.26.8   # pinned; matches go.mod's go line
PKGS=(gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
  libxinerama-dev libxi-dev libxxf86vm-dev
  xvfb xdotool x11-utils imagemagick gnome-keyring libsecret-tools chromium xdg-utils
  zbar-tools dbus dbus-user-session python3-dbus curl unzip ca-certificates git
  gcc-mingw-w64-x86-64 xz-utils jq openssl xclip xfce4-panel openbox xfce4-notifyd)

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_ apt-get update -qq
  sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

have_go() {
  command -v go >/dev/null 2>&1 || return 1
  local v; v=$(go env GOVERSION 2>/dev/null | sed 's/^go//')
  [ "$(printf '%s\n%s\n' "$GO_VERSION" "$v" | sort -V | head -1)" = "$GO_VERSION" ]
}
if ! have_go; then
  for d in /usr/local/go/bin "$HOME/.local/zoomtray-go/go/bin"; do
    [ -x "$d/go" ] && export PATH="$d:$PATH"
  done
fi
if ! have_go; then
  # Bootstrap: any Go from the distribution (Debian's golang-go is older than go.mod needs)
  # fetches the pinned toolchain as the module golang.org/toolchain, through whatever module
  # proxy that Go is set up for (GOPROXY): no download host is named here.
  command -v go >/dev/null 2>&1 || sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends golang-go >/dev/null
  # Outside this repository: go.mod's go line is newer than the bootstrap Go understands.
  tmp=$(mktemp -d)
  arch=$(cd "$tmp" && go env GOARCH)
  dest="$HOME/.local/zoomtray-go"
  mod="golang.org/toolchain@v0.0.1-go${GO_VERSION}.linux-${arch}"
  echo "setup: installing Go $GO_VERSION into $dest (module $mod)"
  dir=$(cd "$tmp" && GO111MODULE=on GOFLAGS=-mod=mod GOPATH="$tmp/gopath" go mod download -json "$mod" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  if [ -z "$dir" ] || [ ! -f "$dir/bin/go" ]; then echo "setup: could not fetch $mod" >&2; exit 1; fi
  mkdir -p "$dest"
  rm -rf "$dest/go" && cp -r "$dir" "$dest/go"
  chmod -R u+w "$dest/go"
  # Module zips do not keep file modes: make the tools executable again.
  chmod +x "$dest/go/bin/"* "$dest/go/pkg/tool/"*/*
  chmod -R u+w "$tmp" && rm -rf "$tmp"
  export PATH="$dest/go/bin:$PATH"
  have_go || { echo "setup: $dest/go/bin/go is not Go $GO_VERSION" >&2; exit 1; }
fi
go version
go mod download
