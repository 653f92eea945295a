#!/usr/bin/env bash
# Runs a command inside a throwaway desktop session like a user's: its own D-Bus session
# bus, an unlocked gnome-keyring (Secret Service), an Xvfb display, a scratch HOME and XDG
# directories, and a BROWSER that loads URLs in headless Chromium.
# Usage: scripts/testenv.sh CMD [ARGS...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

if [ -z "${ZOOMTRAY_TESTENV_INNER:-}" ]; then
  export ZOOMTRAY_TESTENV_INNER=1
  exec dbus-run-session -- "$0" "$@"
fi

scratch=$(mktemp -d /tmp/zoomtray-testenv.XXXXXX)
cleanup() {
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  [ -n "${keyring_pid:-}" ] && kill "$keyring_pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

# Keep the Go caches of the real user: the scratch HOME must not force cold builds.
export GOCACHE=${GOCACHE:-$(go env GOCACHE)} GOMODCACHE=${GOMODCACHE:-$(go env GOMODCACHE)} GOPATH=${GOPATH:-$(go env GOPATH)}
export ZOOMTRAY_TESTENV_SCRATCH=$scratch
export HOME=$scratch/home XDG_CONFIG_HOME=$scratch/home/.config XDG_CACHE_HOME=$scratch/home/.cache \
  XDG_DATA_HOME=$scratch/home/.local/share XDG_STATE_HOME=$scratch/home/.local/state \
  XDG_RUNTIME_DIR=$scratch/run
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME"
mkdir -m 0700 -p "$XDG_RUNTIME_DIR"

# 1. The keyring: started unlocked before any client call, so nothing prompts.
eval "$(printf '%s' 'zoomtray-test' | gnome-keyring-daemon --unlock --components=secrets)"
keyring_pid=${GNOME_KEYRING_PID:-}
for _ in $(seq 1 200); do busctl --user status org.freedesktop.secrets >/dev/null 2>&1 && break; sleep 0.05; done
busctl --user status org.freedesktop.secrets >/dev/null 2>&1 || { echo "testenv: gnome-keyring did not start" >&2; exit 1; }
export ZOOMTRAY_TEST_KEYRING=1

# 2. The display: Xvfb picks a free display number itself (-displayfd), so concurrent
# sessions never share one. -noreset: by default an X server resets when its last client
# disconnects and refuses connections while it does (about 1 in 100 back-to-back
# xdpyinfo calls failed with "unable to open display"), so a window opened just as the
# tests' last X client closed failed with "X11: Failed to open display". A user's desktop
# session always has clients, so it never resets under the app.
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$scratch/display" >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 1 200); do [ -s "$scratch/display" ] && break; sleep 0.05; done
[ -s "$scratch/display" ] || { echo "testenv: Xvfb did not start" >&2; exit 1; }
export DISPLAY=":$(head -1 "$scratch/display")"
xdpyinfo >/dev/null 2>&1 || { echo "testenv: Xvfb at $DISPLAY does not answer" >&2; exit 1; }
export ZOOMTRAY_TEST_DISPLAY=1 LANG=en_US.UTF-8

# 3. The browser: pkg/browser runs xdg-open, which honours $BROWSER.
# With a display, xdg-open asks the MIME defaults before $BROWSER (and Debian's
# chromium.desktop cannot run as root without --no-sandbox), so make the shim the desktop's
# default browser, as a user's desktop has one configured.
export BROWSER=$here/browser-shim ZOOMTRAY_TEST_BROWSER=1
mkdir -p "$XDG_DATA_HOME/applications"
cat > "$XDG_DATA_HOME/applications/zoomtray-test-browser.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=zoomtray test browser
Exec=$BROWSER %u
MimeType=x-scheme-handler/http;x-scheme-handler/https;text/html;
DESKTOP
printf '[Default Applications]\nx-scheme-handler/http=zoomtray-test-browser.desktop\nx-scheme-handler/https=zoomtray-test-browser.desktop\ntext/html=zoomtray-test-browser.desktop\n' \
  > "$XDG_DATA_HOME/applications/defaults.list"
cp "$XDG_DATA_HOME/applications/defaults.list" "$XDG_CONFIG_HOME/mimeapps.list"

"$@"
