#!/usr/bin/env bash
# Writes a PNG of every screen of zoomtray, light and dark, to docs/screenshots/ (or DIR):
# first run, sign-in, home, recordings, a download in progress, settings, the kiosk before
# and after sign-in, the tray menu, a meeting notification, and the reminder window
# (ZOOMTRAY_SHOTS_ONLY=reminder takes only that one). ZOOMTRAY_SHOTS_THEMES="light"
# limits the themes. It runs the real binary in demo mode (the built-in
# fake Zoom) inside scripts/testenv.sh (Xvfb, D-Bus, keyring, scratch HOME), with a
# window manager and a panel that hosts the tray when xfce4-panel and openbox are
# installed. Each screen is taken once the window's own text dump (ZOOMTRAY_UI_DUMP) says
# it shows that screen; a screen that does not appear within 20 s fails the script, so CI
# notices. The same screens are checked for layout by the golden files of the ui tests.
# Each window screen is shot at 880×640 (the window's default) and at 560×420 (the smallest
# window people use): NAME-THEME.png and NAME-THEME-small.png.
# The download is held half way by the fake Zoom's stall_body fault (set through its control
# API), so its progress bar stands still at 50% while it is shot. The notification is the
# agent's real one, drawn by xfce4-notifyd (required: scripts/setup.sh installs it), for a
# seeded meeting that starts within the lead the run is given (--notify-minutes 180: the demo
# always seeds a meeting 2½–3 hours ahead).
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
# The test build: its window writes the text dump (ZOOMTRAY_UI_DUMP) the shots wait for.
(cd "$root" && go build -tags zoomtray_testhooks -o "$work/" ./cmd/zoomtray ./cmd/zoomtray-window ./cmd/zoomctl)
bin=$work/zoomtray

# A desktop like a user's: openbox draws title bars, xfce4-panel hosts the tray icon.
desktop=0
if command -v openbox >/dev/null && command -v xfce4-panel >/dev/null; then
  openbox >/dev/null 2>&1 & pids+=($!)
  xfce4-panel >/dev/null 2>&1 & pids+=($!)
  desktop=1
fi

# wait_for FILE PATTERN [TRIES]: waits until FILE (the window's dump) has a line matching
# PATTERN, looking TRIES times (default 400: 20 s).
wait_for() {
  for _ in $(seq 1 "${3:-400}"); do
    grep -qE "$2" "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "screenshots: the window never showed /$2/; its last dump:" >&2
  cat "$1" >&2 2>/dev/null || true
  echo "screenshots: the end of the agent's log:" >&2
  tail -n 15 "$XDG_STATE_HOME"/*/zoomtray.log >&2 2>/dev/null || true
  return 1
}

# wait_gone FILE PATTERN: waits until FILE (the window's dump) has no line matching PATTERN
# (a short-lived notice has gone).
wait_gone() {
  for _ in $(seq 1 400); do
    grep -qE "$2" "$1" 2>/dev/null || return 0
    sleep 0.05
  done
  echo "screenshots: the window still shows /$2/" >&2
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

# sign_in_demo: presses the sign-in window's browser button (it has the focus, as for a user
# who presses Space); the fake user approves at once. Sets fake to the fake Zoom's host:port,
# which the sign-in window names ("Opens 127.0.0.1:PORT in your browser").
sign_in_demo() {
  wait_for "$dump" '^Opens '
  fake=$(sed -n 's/^Opens \([^ ]*\) in your browser.*/\1/p' "$dump" | head -1)
  [ -n "$fake" ] || { echo "screenshots: no fake Zoom host in the sign-in window" >&2; return 1; }
  id=$(window_id)
  xdotool key --window "$id" space
  wait_for "$dump" '^screen: main'
  wait_for "$dump" '^\[New meeting\]'
}

# notifyd: the path of xfce4-notifyd, which Debian keeps out of PATH.
notifyd() {
  local p
  for p in /usr/lib/*/xfce4/notifyd/xfce4-notifyd /usr/lib/xfce4/notifyd/xfce4-notifyd; do
    [ -x "$p" ] && { echo "$p"; return 0; }
  done
  echo "screenshots: xfce4-notifyd is not installed (scripts/setup.sh installs it)" >&2
  return 1
}
notifyd_bin=$(notifyd)

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

# shoot_reminder: the reminder window (reminder = window), opened for the demo's meeting
# 2½–3 hours ahead, which falls within the lead the run is given (--reminder-minutes 180),
# right after sign-in, above the main window.
shoot_reminder() {
  local id=
  start_agent --demo --open-window --token-store memory --demo-auto-approve alex@example.com \
    --reminder window --reminder-minutes 180
  sign_in_demo
  wait_for "$dump.reminder" '^screen: reminder'
  for _ in $(seq 1 400); do
    id=$(xdotool search --onlyvisible --name '^zoomtray reminder$' 2>/dev/null | head -1 || true)
    [ -n "$id" ] && break
    sleep 0.05
  done
  [ -n "$id" ] || { echo "screenshots: no reminder window appeared" >&2; return 1; }
  settle
  import -window "$id" "$out/reminder-$theme.png"
  echo "screenshots: reminder-$theme" >&2
  stop_agent
}

for theme in ${ZOOMTRAY_SHOTS_THEMES:-light dark}; do
  export FYNE_THEME=$theme

  shoot_reminder
  # ZOOMTRAY_SHOTS_ONLY=reminder takes only the reminder window's shots.
  [ "${ZOOMTRAY_SHOTS_ONLY:-}" = reminder ] && continue

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
  sign_in_demo
  wait_gone "$dump" '^Opening your browser' # the button's notice, gone after a few seconds
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
  # Search, last (the search box keeps the keyboard focus): the demo indexes the fake
  # Zoom's transcripts and chats within seconds; then a phrase typed in the search box
  # (above the list, left of Refresh) and Enter.
  xdotool windowactivate --sync "$id" 2>/dev/null || xdotool windowfocus "$id"
  xdotool key --window "$id" alt+2
  wait_for "$dump" '^tab: Recordings'
  wait_for "$dump" '^Indexed all' 1200
  xdotool mousemove --window "$id" 300 118 click 1
  xdotool type --window "$id" --delay 20 'quarterly budget'
  xdotool key --window "$id" Return
  wait_for "$dump" 'match “'
  shoot search
  stop_agent

  # A download in progress: the fake Zoom sends the first half of the next download, then
  # holds the rest for 25 s (less than the client's 30 s stall limit). The download is
  # started from the keyboard: Tab moves the focus through the buttons in the order the
  # dump lists them, so the first Download is the Nth button after the tab's heading, and
  # Space presses it.
  rm -rf "$HOME/Downloads" # the scratch HOME's: no partial file of the last theme's run
  start_agent --demo --open-window --token-store memory --demo-auto-approve alex@example.com
  sign_in_demo
  wait_gone "$dump" '^Opening your browser'
  xdotool windowactivate --sync "$id" 2>/dev/null || xdotool windowfocus "$id"
  xdotool key --window "$id" alt+2
  wait_for "$dump" '^tab: Recordings'
  wait_for "$dump" '^\[Download\]'
  # The transcript sync downloads too: the fault must meet the user's download, not its.
  wait_for "$dump" '^Indexed all' 1200
  curl -fsS -o /dev/null -X POST "http://$fake/_zoomfake/faults" \
    -d '[{"kind":"stall_body","path":"/rec/download/","count":1,"latency":25000000000}]'
  n=$(awk '/^tab: Recordings$/ { on = 1; next } on && /^\[.*\]$/ { n++ } on && /^\[Download\]$/ { print n; exit }' "$dump")
  for _ in $(seq 1 "$n"); do xdotool key --window "$id" Tab; done
  xdotool key --window "$id" space
  wait_for "$dump" '^Downloading$'
  # The first half is on disk once the partial file stops growing.
  size=-1
  for _ in $(seq 1 100); do
    now=$(find "$HOME/Downloads" -name '*.part' -size +0 -printf '%s\n' 2>/dev/null | head -1)
    [ -n "$now" ] && [ "$now" = "$size" ] && break
    size=${now:--1}
    sleep 0.2
  done
  [ "$size" -gt 0 ] || { echo "screenshots: the download never started writing" >&2; exit 1; }
  shoot download
  # Still held half way: the shots show a download in progress, not its end.
  grep -qE '^Downloading$' "$dump" || { echo "screenshots: the download ended before it was shot" >&2; exit 1; }
  stop_agent

  # A notification: the agent's own, for the seeded meeting 2½–3 hours ahead, drawn by
  # xfce4-notifyd in this theme's colours (GTK's Adwaita, dark for the dark pass). The
  # notification server runs only here, so no popup covers the other shots.
  if [ "$theme" = dark ]; then gtk_theme=Adwaita:dark; else gtk_theme=Adwaita; fi
  GTK_THEME=$gtk_theme "$notifyd_bin" >/dev/null 2>&1 &
  notifyd_pid=$!
  pids+=("$notifyd_pid")
  xdotool mousemove 640 700 # off the tray icon, whose tooltip would cover the popup
  start_agent --demo --open-window --token-store memory --demo-auto-approve alex@example.com --notify-minutes 180
  sign_in_demo
  # Esc closes the window: the popup is shot over the desktop, as it comes while one works
  # in another program.
  xdotool key --window "$id" Escape
  for _ in $(seq 1 200); do
    xdotool search --onlyvisible --name '^zoomtray$' >/dev/null 2>&1 || break
    sleep 0.05
  done
  if xdotool search --onlyvisible --name '^zoomtray$' >/dev/null 2>&1; then
    echo "screenshots: Esc did not close the window" >&2
    exit 1
  fi
  popup=
  for _ in $(seq 1 400); do
    popup=$(xdotool search --onlyvisible --class xfce4-notifyd 2>/dev/null | head -1 || true)
    [ -n "$popup" ] && break
    sleep 0.05
  done
  [ -n "$popup" ] || { echo "screenshots: no notification appeared" >&2; tail -n 15 "$XDG_STATE_HOME"/*/zoomtray.log >&2 2>/dev/null || true; exit 1; }
  settle
  import -window root "$work/notification.png"
  convert "$work/notification.png" -crop 560x420+720+0 +repage "$out/notification-$theme.png"
  echo "screenshots: notification-$theme" >&2
  stop_agent
  kill "$notifyd_pid" 2>/dev/null || true
  wait "$notifyd_pid" 2>/dev/null || true

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
