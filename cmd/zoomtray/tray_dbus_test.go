//go:build linux

package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// requireBus skips without a session bus, and fails under CI, like the testenv helpers.
func requireBus(t *testing.T) *dbus.Conn {
	t.Helper()
	testenv.SessionBus(t)
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// item is the agent's StatusNotifierItem on the bus.
type item struct {
	conn *dbus.Conn
	name string
	menu dbus.ObjectPath
}

// findItem waits for org.kde.StatusNotifierItem-<pid>-* and reads its Menu property.
func findItem(t *testing.T, conn *dbus.Conn, pid int) *item {
	t.Helper()
	prefix := fmt.Sprintf("org.kde.StatusNotifierItem-%d-", pid)
	it := &item{conn: conn}
	testenv.Eventually(t, waitFor, "the tray item on the bus", func() bool {
		var names []string
		if err := conn.BusObject().Call("org.freedesktop.DBus.ListNames", 0).Store(&names); err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if strings.HasPrefix(n, prefix) {
				it.name = n
				return true
			}
		}
		return false
	})
	v, err := conn.Object(it.name, "/StatusNotifierItem").GetProperty("org.kde.StatusNotifierItem.Menu")
	if err != nil {
		t.Fatal(err)
	}
	it.menu = v.Value().(dbus.ObjectPath)
	return it
}

// entry is one dbusmenu item: its id and label, children flattened in.
type entry struct {
	id    int32
	label string
}

// layout returns every item of the menu (com.canonical.dbusmenu GetLayout).
func (it *item) layout(t *testing.T) []entry {
	t.Helper()
	var rev uint32
	var root []any
	call := it.conn.Object(it.name, it.menu).Call("com.canonical.dbusmenu.GetLayout", 0, int32(0), int32(-1), []string{})
	if err := call.Store(&rev, &root); err != nil {
		t.Fatal(err)
	}
	return flattenLayout(root)
}

// flattenLayout walks a (ia{sv}av) node.
func flattenLayout(node []any) []entry {
	if len(node) != 3 {
		return nil
	}
	id, _ := node[0].(int32)
	props, _ := node[1].(map[string]dbus.Variant)
	label, _ := props["label"].Value().(string)
	out := []entry{{id, label}}
	children, _ := node[2].([]dbus.Variant)
	for _, c := range children {
		if n, ok := c.Value().([]any); ok {
			out = append(out, flattenLayout(n)...)
		}
	}
	return out
}

// find returns the id of the item labelled label, if shown.
func (it *item) find(t *testing.T, label string) (int32, bool) {
	t.Helper()
	for _, e := range it.layout(t) {
		if e.label == label {
			return e.id, true
		}
	}
	return 0, false
}

func (it *item) click(t *testing.T, id int32) {
	t.Helper()
	call := it.conn.Object(it.name, it.menu).Call("com.canonical.dbusmenu.Event", 0, id, "clicked", dbus.MakeVariant(""), uint32(0))
	if call.Err != nil {
		t.Fatal(call.Err)
	}
}

// routeCount is the count of a route at the fake, by status when status is not 0.
func routeCount(t *testing.T, url, route string, status int) int {
	t.Helper()
	rs := fakeStats(t, url).Routes[route]
	if status == 0 {
		return rs.Count
	}
	return rs.ByStatus[status]
}

// TestTrayDBus drives the real tray over D-Bus: a signed-in agent's menu offers "New
// meeting"; clicking it creates an instant meeting, fetches a fresh ZAK and opens the
// start link, which headless Chromium (BROWSER=scripts/browser-shim) loads at the fake;
// activating the icon opens the window.
func TestTrayDBus(t *testing.T) {
	conn := requireBus(t)
	testenv.Browser(t)
	port := testenv.FreePort(t)
	fake := startZoomfake(t, "-auto-approve", "alex@example.com",
		"-redirect-uri", "http://127.0.0.1:"+strconv.Itoa(port)+"/callback")
	u := newUser(t, true)
	// scripts/testenv.sh makes its browser shim the desktop's default browser in its
	// XDG_DATA_HOME (xdg-open asks the MIME defaults before $BROWSER); environ drops XDG_*.
	u.env["XDG_DATA_HOME"] = os.Getenv("XDG_DATA_HOME")
	u.configure(fake, port)
	p := startAgent(t, u)
	t.Cleanup(func() {
		if t.Failed() {
			b, _ := os.ReadFile(u.logFile(ns))
			t.Logf("fake stats: %+v\nagent output:\n%s\nagent log:\n%s", fakeStats(t, fake).Routes, p.out, b)
		}
	})
	c := dial(t, u.socket(ns))
	signIn(t, c)
	it := findItem(t, conn, p.cmd.Process.Pid)
	creates := routeCount(t, fake, "POST /v2/users/me/meetings", 0)
	zaks := routeCount(t, fake, "GET /v2/users/me/token", 0) + routeCount(t, fake, "GET /v2/users/me/zak", 0)
	started := routeCount(t, fake, "GET /s/{id}", 200)
	// Menu ids change with each rebuild (the meetings arrive just after sign-in): look the
	// item up by label and click until the click lands on the current menu.
	testenv.Eventually(t, waitFor, `a click on "New meeting" to create a meeting`, func() bool {
		if id, ok := it.find(t, "New meeting"); ok {
			it.click(t, id)
		}
		deadline := time.Now().Add(3 * time.Second)
		for time.Now().Before(deadline) {
			if routeCount(t, fake, "POST /v2/users/me/meetings", 0) > creates {
				return true
			}
			time.Sleep(50 * time.Millisecond) // polling a condition with a deadline
		}
		return false
	})
	testenv.Eventually(t, waitFor, "a meeting created, a ZAK fetched and the start link loaded", func() bool {
		z := routeCount(t, fake, "GET /v2/users/me/token", 0) + routeCount(t, fake, "GET /v2/users/me/zak", 0)
		return routeCount(t, fake, "POST /v2/users/me/meetings", 0) > creates && z > zaks &&
			routeCount(t, fake, "GET /s/{id}", 200) > started
	})
	opened := strings.Count(u.readLog(t, ns), "agent: window started")
	if call := conn.Object(it.name, "/StatusNotifierItem").Call("org.kde.StatusNotifierItem.Activate", 0, int32(0), int32(0)); call.Err != nil {
		t.Fatal(call.Err)
	}
	testenv.Eventually(t, waitFor, "Activate to open the window", func() bool {
		st, err := c.Status(t.Context())
		return err == nil && (strings.Count(u.readLog(t, ns), "agent: window started") > opened || st.WindowRaise > 0)
	})
	if code := p.terminate(t); code != 0 {
		t.Errorf("exit code: got %d, want 0; output:\n%s", code, p.out)
	}
}
