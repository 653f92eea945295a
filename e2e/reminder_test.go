package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// reminderAgent is an agent with reminder = window on a fake Zoom, signed in as
// sam@example.com through the device flow, beside a tray host (so no other window opens).
// Sam has no seeded meetings, so only the test's own meetings remind: at 9:29 in New York on
// a weekday, Alex's seeded stand-up would show its reminder in the middle of the test.
type reminderAgent struct {
	*agent
	zoom *zoomtest.Server
	c    *localapi.Client
}

func startReminderAgent(t *testing.T) *reminderAgent {
	t.Helper()
	startTrayHost(t, sessionBus(t))
	zoom := zoomtest.NewServer(zoomtest.Options{DeviceInterval: time.Second})
	t.Cleanup(zoom.Close)
	a := startAgent(t, "--client-id", "demo-client", "--client-secret-file", secretFile(t, "demo-secret"),
		"--zoom-url", zoom.URL, "--token-store", "memory", "--reminder", "window", "--reminder-minutes", "1")
	t.Cleanup(func() { keepReminderLog(t, a) })
	r := &reminderAgent{agent: a, zoom: zoom, c: a.dial(t, config.DefaultNamespace, "the agent's socket")}
	ctx := withTimeout(t, patient)
	err := r.c.Login(ctx, service.LoginRequest{Method: service.MethodDevice}, func(ev service.LoginEvent) {
		if ev.Event == service.EventDeviceCode {
			if err := zoom.ApproveDevice(ev.UserCode, reminderUser, true); err != nil {
				t.Errorf("ApproveDevice: %v", err)
			}
		}
	})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	waitSignedIn(t, r.c)
	return r
}

// reminderUser is the account the reminder tests sign in as.
const reminderUser = "sam@example.com"

// addMeeting adds a meeting the signed-in user hosts, due for its reminder (a minute ahead) in dueIn,
// makes the agent fetch it, and returns when the reminder is due.
func (r *reminderAgent) addMeeting(t *testing.T, topic string, dueIn time.Duration) time.Time {
	t.Helper()
	due := time.Now().Add(dueIn).Truncate(time.Second)
	_, err := r.zoom.AddMeeting(reminderUser, zoomtest.Meeting{Topic: topic, Type: 2,
		Start: due.Add(time.Minute), Duration: 30, Timezone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	// A refresh joins a fetch already in flight (the poll after sign-in), whose list may
	// predate the meeting: refresh until the agent has it.
	testenv.Eventually(t, patient, "the agent to fetch "+topic, func() bool {
		ml, err := r.c.Meetings(withTimeout(t, patient), true)
		if err != nil {
			t.Fatalf("Meetings: %v", err)
		}
		for _, m := range ml.Meetings {
			if m.Topic == topic {
				return true
			}
		}
		return false
	})
	return due
}

// dump is the reminder window's text dump (ZOOMTRAY_UI_DUMP + ".reminder").
func (r *reminderAgent) dump() string { return r.agent.dump + ".reminder" }

// waitReminder waits for the reminder window of topic and returns its X id; the window
// must not show before due.
func (r *reminderAgent) waitReminder(t *testing.T, topic string, due time.Time) string {
	t.Helper()
	testenv.Eventually(t, patient, "the reminder of "+topic, func() bool {
		before := time.Now()
		data, err := os.ReadFile(r.dump())
		shown := err == nil && strings.Contains(string(data), "screen: reminder\n"+topic+"\n")
		if shown && before.Before(due) {
			t.Fatalf("the reminder of %s showed at %v, before it was due at %v", topic, before, due)
		}
		return shown
	})
	var id string
	testenv.Eventually(t, patient, "a viewable reminder window", func() bool {
		id = viewableNamed("^" + "zoomtray reminder" + "$")
		return id != ""
	})
	return id
}

// viewableNamed returns the X id of a viewable window whose title matches re, or "".
func viewableNamed(re string) string {
	out, _ := tool("xdotool", "search", "--onlyvisible", "--name", re).Output()
	if f := strings.Fields(string(out)); len(f) > 0 {
		return f[0]
	}
	return ""
}

// TestReminderWindow: with reminder = window, the window opens when the reminder is due
// (not before), kept above other windows; Enter starts the meeting as host (the fake
// counts the ZAK fetch and the start page /s/{id}) and closes it; Esc dismisses the next
// one without starting anything.
func TestReminderWindow(t *testing.T) {
	requireDesktop(t)
	r := startReminderAgent(t)

	due := r.addMeeting(t, "Reminder e2e: start", 8*time.Second)
	id := r.waitReminder(t, "Reminder e2e: start", due)
	screenshot(t, id, "1-reminder")
	if out, err := tool("xprop", "-id", id, "_NET_WM_STATE").CombinedOutput(); err != nil ||
		!strings.Contains(string(out), "_NET_WM_STATE_ABOVE") {
		t.Errorf("_NET_WM_STATE: got %q (%v), want _NET_WM_STATE_ABOVE", out, err)
	}
	for _, want := range []string{"[Start (Enter)]", "[Snooze 1 min]", "[Dismiss (Esc)]"} {
		if data, _ := os.ReadFile(r.dump()); !strings.Contains(string(data), "\n"+want+"\n") {
			t.Errorf("the reminder lacks %s:\n%s", want, data)
		}
	}
	pressKey(t, id, "Return")
	testenv.Eventually(t, patient, "the ZAK fetched and the start page opened", func() bool {
		st := r.zoom.Stats()
		return zakFetches(st) == 1 && st.Routes["GET /s/{id}"].Count >= 1
	})
	testenv.Eventually(t, patient, "the reminder window closed", func() bool { return viewableNamed("^zoomtray reminder$") == "" })

	due = r.addMeeting(t, "Reminder e2e: dismiss", 5*time.Second)
	id = r.waitReminder(t, "Reminder e2e: dismiss", due)
	pressKey(t, id, "Escape")
	testenv.Eventually(t, patient, "the reminder window dismissed", func() bool { return viewableNamed("^zoomtray reminder$") == "" })
	if got := zakFetches(r.zoom.Stats()); got != 1 {
		t.Errorf("ZAK fetches after Esc: got %d, want still 1", got)
	}
	if log := readReminderLog(t, r.agent); strings.Contains(log, "reminder snoozed") {
		t.Errorf("the agent snoozed a reminder that was started or dismissed:\n%s", log)
	}
}

// zakFetches counts the ZAKs the fake gave out (GET /users/me/zak, or the older
// /users/me/token?type=zak).
func zakFetches(st zoomtest.Stats) int {
	return st.Routes["GET /v2/users/me/zak"].ByStatus[200] + st.Routes["GET /v2/users/me/token"].ByStatus[200]
}

// readReminderLog is the agent's log (namespace zoomtray).
func readReminderLog(t *testing.T, a *agent) string {
	data, _ := os.ReadFile(filepath.Join(a.home, ".local/state", config.DefaultNamespace, "zoomtray.log"))
	return string(data)
}

// keepReminderLog copies the agent's log to the test's output directory.
func keepReminderLog(t *testing.T, a *agent) {
	dst := filepath.Join(outDir(t), "zoomtray.log")
	if err := os.WriteFile(dst, []byte(readReminderLog(t, a)), 0o644); err == nil {
		t.Logf("agent log: %s", dst)
	}
}
