#!/usr/bin/env bash
# Installs what zoomtray needs to build, run and test on Debian or Ubuntu: the C headers for
# Fyne's GLFW driver, the desktop parts the tests use for real (Xvfb, gnome-keyring, D-Bus
# tools, Chromium, zbar, ImageMagick), the mingw cross-compiler, and Go itself (from the Go
# module proxy, pinned) when the machine's Go is missing or older than go.mod needs.
# Idempotent: a second run is a quick no-op. Run as root or with sudo available.
set -euo pipefail
cd "$(dirname "$0")/.."

GO_VERSION=1.26.8   # pinned; matches go.mod's go line
PKGS=(gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
  libxinerama-dev libxi-dev libxxf86vm-dev
  xvfb xdotool x11-utils imagemagick gnome-keyring libsecret-tools chromium xdg-utils
  zbar-tools dbus dbus-user-session python3-dbus curl unzip ca-certificates git
  gcc-mingw-w64-x86-64 xz-utils jq openssl xclip)

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
  arch=$(dpkg --print-architecture)
  dest="$HOME/.local/zoomtray-go"
  echo "setup: installing Go $GO_VERSION into $dest (from the Go module proxy)"
  mkdir -p "$dest"
  tmp=$(mktemp -d)
  curl -fsSL -o "$tmp/go.zip" "https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go${GO_VERSION}.linux-${arch}.zip"
  unzip -q "$tmp/go.zip" -d "$tmp"
  rm -rf "$dest/go" && mv "$tmp/golang.org/toolchain@v0.0.1-go${GO_VERSION}.linux-${arch}" "$dest/go"
  chmod +x "$dest/go/bin/"* "$dest/go/pkg/tool/"*/* 2>/dev/null || true
  rm -rf "$tmp"
  export PATH="$dest/go/bin:$PATH"
fi
go version
go mod download
