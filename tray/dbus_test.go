//go:build (linux || freebsd || openbsd || netbsd) && !android

package tray

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/zoomtray/zoomtray/assets"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// ranRun is set by the first TestRunOverDBus of the process.
var ranRun atomic.Bool

// waitFor bounds each wait on the bus: a safety net against hangs, not a timing claim.
const waitFor = 30 * time.Second

// busAPI is a localapi.Agent for Run: statuses come from a channel the test feeds, the
// meeting list can be changed, and actions are recorded.
type busAPI struct {
	recorder
	watch chan service.Status
	mu    sync.Mutex // guards ml
	ml    service.MeetingList
}

func (b *busAPI) Watch(context.Context) (<-chan service.Status, error) { return b.watch, nil }

func (b *busAPI) Meetings(context.Context, bool) (service.MeetingList, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.ml, nil
}

func (b *busAPI) setMeetings(ms ...zoomapi.Meeting) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.ml = service.MeetingList{Meetings: ms}
}

func (b *busAPI) called(c string) bool {
	b.mu.Lock() // recorder has its own lock; this one only orders the read
	defer b.mu.Unlock()
	b.recorder.mu.Lock()
	defer b.recorder.mu.Unlock()
	return slices.Contains(b.recorder.calls, c)
}

// sni is this process's StatusNotifierItem as a tray host sees it.
type sni struct {
	conn *dbus.Conn
	name string
	menu dbus.ObjectPath
}

func (s *sni) prop(t *testing.T, name string) dbus.Variant {
	t.Helper()
	v, err := s.conn.Object(s.name, "/StatusNotifierItem").GetProperty("org.kde.StatusNotifierItem." + name)
	if err != nil {
		t.Fatalf("property %s: %v", name, err)
	}
	return v
}

// ids returns the dbusmenu ID of every visible item by label, "Parent/Child" for the
// Start and Join items of a meeting's submenu. It reads the items with
// GetGroupProperties, not GetLayout: fyne.io/systray answers the first GetLayout of a
// process by starting a goroutine that writes the menu version without the menu's lock,
// a data race (upstream) that the race detector reports in this in-process test. Item
// IDs grow in creation order and a submenu's items are created right after it, so a
// child belongs to the nearest submenu before it.
func (s *sni) ids(t *testing.T) map[string]int32 {
	t.Helper()
	probe := make([]int32, 512)
	for i := range probe {
		probe[i] = int32(i + 1)
	}
	var props []struct {
		ID    int32
		Props map[string]dbus.Variant
	}
	call := s.conn.Object(s.name, s.menu).Call("com.canonical.dbusmenu.GetGroupProperties", 0, probe, []string{})
	if err := call.Store(&props); err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(props, func(a, b struct {
		ID    int32
		Props map[string]dbus.Variant
	}) int {
		return int(a.ID - b.ID)
	})
	out := map[string]int32{}
	parent := ""
	for _, p := range props {
		label, _ := p.Props["label"].Value().(string)
		hidden := p.Props["visible"].Value() == false
		child := label == "Start" || label == "Join"
		if d, ok := p.Props["children-display"]; ok && d.Value() == "submenu" {
			parent = label
			if hidden {
				parent = "" // its items are not shown either
			}
		}
		switch {
		case hidden || label == "" || child && parent == "":
		case child:
			out[parent+"/"+label] = p.ID
		default:
			out[label] = p.ID
		}
	}
	return out
}

func (s *sni) click(t *testing.T, id int32) {
	t.Helper()
	if call := s.conn.Object(s.name, s.menu).Call("com.canonical.dbusmenu.Event", 0, id, "clicked", dbus.MakeVariant(""), uint32(0)); call.Err != nil {
		t.Fatal(call.Err)
	}
}

// pixmap is one IconPixmap entry (a(iiay)).
type pixmap struct {
	W, H int32
	Pix  []byte
}

// TestRunOverDBus runs the tray in this process (Run may run once per process, so one
// test covers it) and checks, as a tray host sees it: the item's Id and Title, the exact
// ARGB pixels of the icon, stable menu IDs across a change, and a click on an ID read
// before a change.
func TestRunOverDBus(t *testing.T) {
	if ranRun.Swap(true) {
		t.Skip("Run may run only once per process (go test -count > 1)")
	}
	testenv.SessionBus(t)
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })

	var mu sync.Mutex // guards now
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.Local)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	api := &busAPI{watch: make(chan service.Status, 4)}
	standup := zoomapi.Meeting{ID: 11, Topic: "Standup", StartTime: now.Add(2 * time.Hour), Duration: 30, IsHost: true,
		JoinURL: "https://zoom.us/j/11"}
	review := zoomapi.Meeting{ID: 12, Topic: "Review", StartTime: now.Add(3 * time.Hour), Duration: 30, JoinURL: "https://zoom.us/j/12"}
	api.setMeetings(standup, review)
	acc := &service.Account{ID: "u1", Email: "alex@example.com", Name: "Alex Doe"}
	api.watch <- service.Status{State: "signed_out"}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, api, Options{now: clock, OpenURL: func(u string) error { api.add("open " + u); return nil }})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(waitFor):
			t.Error("Run did not return")
		}
	})

	s := &sni{conn: conn}
	prefix := fmt.Sprintf("org.kde.StatusNotifierItem-%d-", os.Getpid())
	testenv.Eventually(t, waitFor, "the tray item on the bus", func() bool {
		var names []string
		if err := conn.BusObject().Call("org.freedesktop.DBus.ListNames", 0).Store(&names); err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if strings.HasPrefix(n, prefix) {
				s.name = n
				return true
			}
		}
		return false
	})
	s.menu = s.prop(t, "Menu").Value().(dbus.ObjectPath)
	api.watch <- service.Status{State: "signed_in", Account: acc, MeetingsUpdated: now}
	testenv.Eventually(t, waitFor, "the signed-in menu", func() bool { _, ok := s.ids(t)["Sign out"]; return ok })

	t.Run("identity", func(t *testing.T) {
		for _, p := range []string{"Id", "Title"} {
			if got := s.prop(t, p).Value(); got != ItemID {
				t.Errorf("%s = %v, want %q", p, got, ItemID)
			}
		}
	})

	t.Run("icon pixels", func(t *testing.T) {
		w, h, want, err := straightARGB(assets.TrayIcon(assets.TraySignedIn, 22))
		if err != nil {
			t.Fatal(err)
		}
		var got []pixmap
		if err := s.prop(t, "IconPixmap").Store(&got); err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].W != int32(w) || got[0].H != int32(h) {
			t.Fatalf("IconPixmap has %d images, want one of %dx%d", len(got), w, h)
		}
		if !bytes.Equal(got[0].Pix, want) {
			t.Errorf("IconPixmap differs from the asset signed-in-22.png in %d of %d bytes", diffBytes(got[0].Pix, want), len(want))
		}
	})

	t.Run("stable IDs and a click from before a change", func(t *testing.T) {
		before := s.ids(t)
		// The standup goes live (a label changes) and the review is dropped (an item
		// goes): everything else persists.
		mu.Lock()
		now = now.Add(2*time.Hour + time.Minute)
		mu.Unlock()
		api.setMeetings(standup)
		api.watch <- service.Status{State: "refreshing", Account: acc, MeetingsUpdated: now}
		testenv.Eventually(t, waitFor, "the standup shown live", func() bool { _, ok := s.ids(t)["Live  Standup"]; return ok })
		after := s.ids(t)
		for _, label := range []string{"Alex Doe (alex@example.com)", "New meeting", "Open zoomtray", "Sign out", "Quit"} {
			if before[label] == 0 || after[label] != before[label] {
				t.Errorf("%q: ID %d before, %d after; want the same ID", label, before[label], after[label])
			}
		}
		if b, a := before[standup.StartTime.Format("15:04")+"  Standup/Join"], after["Live  Standup/Join"]; b == 0 || a != b {
			t.Errorf("Standup's Join: ID %d before, %d after; want the same ID", b, a)
		}
		if _, ok := after[review.StartTime.Format("15:04")+"  Review"]; ok {
			t.Error("the dropped Review is still shown")
		}
		s.click(t, before["Open zoomtray"])
		testenv.Eventually(t, waitFor, "the click on the ID read before the change", func() bool { return api.called("OpenWindow") })
	})
}
