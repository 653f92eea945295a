#!/usr/bin/env bash
# Writes a PNG of every screen of zoomtray, light and dark, to docs/screenshots/ (or DIR):
# first run, sign-in, home, recordings, settings, the kiosk before and after sign-in, and
# the tray menu. (Not yet: a download in progress, and a notification, which needs a
# notification server on the test desktop.) ZOOMTRAY_SHOTS_THEMES="light" limits the
# themes. It runs the real binary in demo mode (the built-in
# fake Zoom) inside scripts/testenv.sh (Xvfb, D-Bus, keyring, scratch HOME), with a
# window manager and a panel that hosts the tray when xfce4-panel and openbox are
# installed. Each screen is taken once the window's own text dump (ZOOMTRAY_UI_DUMP) says
# it shows that screen; a screen that does not appear within 20 s fails the script, so CI
# notices. The same screens are checked for layout by the golden files of the ui tests.
# Each screen is shot at 880×640 (the window's default) and at 560×420 (the smallest
# window people use): NAME-THEME.png and NAME-THEME-small.png.
# Usage: scripts/screenshots.sh [DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
if [ -z "${ZOOMTRAY_TESTENV_INNER:-}" ]; then
  exec "$here/testenv.sh" "$0" "$@"
fi
out=$(cd "$root" && mkdir -p "${1:-docs/screenshots}" && cd "${1:-docs/screenshots}" && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

echo "screenshots: building zoomtray" >&2
(cd "$root" && go build -o "$work/" ./cmd/zoomtray ./cmd/zoomctl)
bin=$work/zoomtray

# A desktop like a user's: openbox draws title bars, xfce4-panel hosts the tray icon.
desktop=0
if command -v openbox >/dev/null && command -v xfce4-panel >/dev/null; then
  openbox >/dev/null 2>&1 & pids+=($!)
  xfce4-panel >/dev/null 2>&1 & pids+=($!)
  desktop=1
fi

# wait_for FILE PATTERN: waits until FILE (the window's dump) has a line matching PATTERN.
wait_for() {
  for _ in $(seq 1 400); do
    grep -qE "$2" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "screenshots: the window never showed /$2/; its last dump:" >&2
  cat "$1" >&2 2>/dev/null || true
  echo "screenshots: the end of the agent's log:" >&2
  tail -n 15 "$XDG_STATE_HOME"/*/zoomtray.log >&2 2>/dev/null || true
  return 1
}

# window_id: the zoomtray window, once it is viewable.
window_id() {
  local id
  for _ in $(seq 1 400); do
    id=$(xdotool search --onlyvisible --name '^zoomtray$' 2>/dev/null | head -1 || true)
    [ -n "$id" ] && { echo "$id"; return 0; }
    sleep 0.05
  done
  echo "screenshots: no zoomtray window appeared" >&2
  return 1
}

# settle: lets Fyne draw the last change (it paints on its next frame, 60 a second).
settle() { sleep 0.5; }

# shoot NAME: the window at its normal size and at 560×420, then back.
shoot() {
  local id; id=$(window_id)
  xdotool windowsize "$id" 880 640; settle
  import -window "$id" "$out/$1-$theme.png"
  xdotool windowsize "$id" 560 420; settle
  import -window "$id" "$out/$1-$theme-small.png"
  xdotool windowsize "$id" 880 640; settle
  echo "screenshots: $1-$theme" >&2
}

# start_agent ARGS...: runs zoomtray with ARGS, its window's dump in $dump.
start_agent() {
  dump=$work/dump-$RANDOM
  ZOOMTRAY_UI_DUMP=$dump "$bin" "$@" >"$work/agent.log" 2>&1 &
  agent=$!
  pids+=("$agent")
}

stop_agent() {
  kill "$agent" 2>/dev/null || true
  wait "$agent" 2>/dev/null || true
  # The window is the agent's child and goes with it; wait until it has.
  for _ in $(seq 1 200); do
    xdotool search --onlyvisible --name '^zoomtray$' >/dev/null 2>&1 || break
    sleep 0.05
  done
}

# tray_menu: the panel's tray icon, right-clicked: the real menu the desktop draws from
# the agent's dbusmenu. The panel puts the first tray item near the top right corner.
tray_menu() {
  xdotool mousemove "${ZOOMTRAY_SHOTS_TRAY_X:-1155}" "${ZOOMTRAY_SHOTS_TRAY_Y:-12}" click 3
  sleep 1
  import -window root "$work/tray.png"
  convert "$work/tray.png" -crop 560x420+720+0 +repage "$out/tray-menu-$theme.png"
  xdotool key Escape
  echo "screenshots: tray-menu-$theme" >&2
}

for theme in ${ZOOMTRAY_SHOTS_THEMES:-light dark}; do
  export FYNE_THEME=$theme

  # First run: no Zoom app configured, in a namespace of its own.
  start_agent --namespace zoomtray-shots --open-window
  wait_for "$dump" '^screen: first_run'
  # The window carries zoomtray's icon for the taskbar and the window switcher.
  xprop -id "$(window_id)" _NET_WM_ICON | grep -q '=' || { echo "screenshots: the window has no _NET_WM_ICON" >&2; exit 1; }
  shoot first-run
  # "Try the demo" (the second button of the bar at the bottom) must land in the demo's
  # sign-in window, which writes the same dump: the demo agent inherits the environment.
  id=$(window_id)
  eval "$(xdotool getwindowgeometry --shell "$id")"
  xdotool mousemove --window "$id" 160 $((HEIGHT - 72)) click 1
  wait_for "$dump" '^screen: sign_in'
  "$work/zoomctl" --namespace zoomtray-demo quit >/dev/null
  wait "$agent" 2>/dev/null || true
  for _ in $(seq 1 200); do
    xdotool search --onlyvisible --name '^zoomtray$' >/dev/null 2>&1 || break
    sleep 0.05
  done

  # Sign-in: the demo, signed out. Wait for the QR code's user code.
  start_agent --demo --open-window --token-store memory
  wait_for "$dump" '^screen: sign_in'
  wait_for "$dump" '^Code expires in'
  shoot sign-in
  stop_agent

  # Signed in: a fake user who approves at once, once the browser opens Zoom's page. The
  # browser button has the focus, as for a user who presses Space.
  start_agent --demo --open-window --token-store memory --demo-auto-approve alex@example.com
  wait_for "$dump" '^Opens '
  id=$(window_id)
  xdotool key --window "$id" space
  wait_for "$dump" '^screen: main'
  wait_for "$dump" '^\[New meeting\]'
  shoot home
  id=$(window_id)
  xdotool windowactivate --sync "$id" 2>/dev/null || xdotool windowfocus "$id"
  xdotool key --window "$id" alt+2
  wait_for "$dump" '^tab: Recordings'
  wait_for "$dump" '^\[Download\]'
  shoot recordings
  xdotool key --window "$id" alt+3
  wait_for "$dump" '^tab: Settings'
  shoot settings
  if [ "$desktop" = 1 ]; then tray_menu; fi
  stop_agent

  # Kiosk: full screen, before and after sign-in (the fake user approves once the phone
  # page is opened; in the kiosk that is the QR code's link, which the script opens as a
  # phone would).
  start_agent --demo --kiosk --open-window --token-store memory
  wait_for "$dump" '^screen: kiosk_signed_out'
  wait_for "$dump" '^New code in'
  settle
  import -window root "$out/kiosk-signed-out-$theme.png"
  echo "screenshots: kiosk-signed-out-$theme" >&2
  stop_agent
  start_agent --demo --kiosk --open-window --token-store memory --demo-auto-approve alex@example.com
  wait_for "$dump" '^New code in'
  settle
  import -window root "$work/kiosk-qr.png"
  phone_url=$(zbarimg -q --raw "$work/kiosk-qr.png" | head -1)
  curl -fsS -o /dev/null "$phone_url"
  wait_for "$dump" '^screen: kiosk_signed_in'
  wait_for "$dump" '^\[New meeting\]'
  settle
  import -window root "$out/kiosk-signed-in-$theme.png"
  echo "screenshots: kiosk-signed-in-$theme" >&2
  stop_agent
done
echo "screenshots: written to $out" >&2
