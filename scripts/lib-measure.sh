# Helpers shared by scripts/measure-idle.sh and scripts/measure-window.sh, sourced by
# them inside scripts/testenv.sh (Xvfb and a D-Bus session). They expect $bin to hold
# the built zoomtray and zoomctl.

# rss PID: VmRSS in kB.
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# start_tray_host: starts a minimal StatusNotifierWatcher (tray host) in the background,
# so the agent shows its tray and no window, sets $watcher to its PID and waits (up to 5 s)
# until it owns its bus name.
start_tray_host() {
  /usr/bin/python3 - <<'PY' &
import dbus, dbus.service, dbus.mainloop.glib
from gi.repository import GLib
dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
class Watcher(dbus.service.Object):
    @dbus.service.method("org.kde.StatusNotifierWatcher", in_signature="s")
    def RegisterStatusNotifierItem(self, service): pass
    @dbus.service.method("org.kde.StatusNotifierWatcher", in_signature="s")
    def RegisterStatusNotifierHost(self, service): pass
name = dbus.service.BusName("org.kde.StatusNotifierWatcher", bus)
Watcher(bus, "/StatusNotifierWatcher")
GLib.MainLoop().run()
PY
  watcher=$!
  for _ in $(seq 1 100); do busctl --user status org.kde.StatusNotifierWatcher >/dev/null 2>&1 && break; sleep 0.05; done
}

# start_signed_in_agent: starts the agent with --demo (its fake Zoom auto-approves
# alex@example.com), sets $agent to its PID, waits (up to 10 s) for its socket and signs
# in with zoomctl, the authorize URL fetched with curl as a signed-in browser would.
start_signed_in_agent() {
  "$bin/zoomtray" --demo --demo-auto-approve alex@example.com &
  agent=$!
  local sock=$XDG_RUNTIME_DIR/zoomtray-demo/agent.sock
  for _ in $(seq 1 200); do [ -S "$sock" ] && break; sleep 0.05; done
  "$bin/zoomctl" --namespace zoomtray-demo login --browser --no-open --json | while read -r line; do
    case $line in
      *'"authorize_url"'*)
        url=$(printf '%s' "$line" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["url"])')
        curl -s -o /dev/null -L "$url" & ;;
    esac
  done
}
