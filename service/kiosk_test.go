package service

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// kioskLogin signs s in with the device flow, approved at the fake as alex@example.com.
func kioskLogin(t *testing.T, f *fakeEnv, s *Service) {
	t.Helper()
	kioskLoginAs(t, f, s, alex)
}

// kioskLoginAs is kioskLogin for the user with that email.
func kioskLoginAs(t *testing.T, f *fakeEnv, s *Service, email string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	codes := make(chan string, 4)
	events := func(ev LoginEvent) {
		if ev.Event == EventDeviceCode {
			codes <- ev.UserCode
		}
	}
	done := make(chan error, 1)
	go func() { done <- s.Login(ctx, LoginRequest{Method: MethodBrowser}, events) }()
	select {
	case code := <-codes:
		if err := f.zoom.ApproveDevice(code, email, true); err != nil {
			t.Fatalf("ApproveDevice: %v", err)
		}
	case err := <-done:
		t.Fatalf("Login ended before a device code (kiosk must use the device flow): %v", err)
	case <-ctx.Done():
		t.Fatal("no device code within the deadline")
	}
	if err := <-done; err != nil {
		t.Fatalf("Login: %v", err)
	}
}

func TestKioskForcesMemoryStoreAndNoCache(t *testing.T) {
	clk := newFakeClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local))
	f := newFake(t, clk, zoomtest.Options{})
	dir := t.TempDir()
	opts := f.testOptions(t, clk, map[string]string{
		"kiosk": "true", "token-store": "file", "token-file": filepath.Join(dir, "tokens.json"),
	})
	opts.Store = tokenstore.NewFile(filepath.Join(dir, "tokens.json"))
	opts.Dirs.Cache = filepath.Join(dir, "cache")
	s := newService(t, opts)
	run(t, s)
	kioskLogin(t, f, s)
	testenv.Eventually(t, waitFor, "meetings fetched", func() bool { return !s.status().MeetingsUpdated.IsZero() })
	st := s.status()
	if got, want := st.StoreKind, string(tokenstore.KindMemory); got != want {
		t.Errorf("StoreKind: got %q, want %q", got, want)
	}
	if !st.Kiosk {
		t.Errorf("Status.Kiosk: got false, want true")
	}
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	if len(files) != 0 {
		t.Errorf("files written in kiosk mode: got %v, want none", files)
	}
}

func TestKioskIdleSignOut(t *testing.T) {
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)
	clk := newFakeClock(start)
	f := newFake(t, clk, zoomtest.Options{})
	opts := f.testOptions(t, clk, map[string]string{"kiosk": "true", "kiosk-idle-sign-out": "10m"})
	s := newService(t, opts)
	run(t, s)
	kioskLogin(t, f, s)
	// 1. The warning is planned KioskWarning before the idle limit.
	if got, want := clk.waitTimer(t, timerKiosk), start.Add(10*time.Minute-KioskWarning); !got.Equal(want) {
		t.Fatalf("warning timer: got %v, want %v", got, want)
	}
	// 2. Input postpones it.
	clk.advance(start.Add(5 * time.Minute))
	if err := s.Activity(context.Background()); err != nil {
		t.Fatalf("Activity: %v", err)
	}
	want := start.Add(15*time.Minute - KioskWarning)
	testenv.Eventually(t, waitFor, "timer re-armed after input", func() bool { at, ok := clk.pending(timerKiosk); return ok && at.Equal(want) })
	// 3. The warning shows in Status.
	clk.advance(want)
	testenv.Eventually(t, waitFor, "warning in Status", func() bool { return s.status().KioskSignOutAt.Equal(start.Add(15 * time.Minute)) })
	// 4. The sign-out revokes the grant at Zoom.
	clk.advance(start.Add(15 * time.Minute))
	testenv.Eventually(t, waitFor, "signed out", func() bool { return s.status().State == "signed_out" })
	// The session shows signed_out before the revocation's answer (auth.Session.SignOut).
	testenv.Eventually(t, waitFor, "the grant revoked at Zoom", func() bool { return f.zoom.Stats().RevokedGrants["revoke"] == 1 })
	if got := s.status().KioskSignOutAt; !got.IsZero() {
		t.Errorf("KioskSignOutAt after sign-out: got %v, want zero", got)
	}
}

func TestKioskDeadline(t *testing.T) {
	since := time.Date(2026, 11, 23, 17, 0, 0, 0, time.Local)
	tests := []struct {
		name      string
		idle      time.Duration
		at        string
		lastInput time.Time
		want      time.Time
		wantWarn  time.Duration
	}{
		{"idle only", 10 * time.Minute, "", since.Add(time.Minute), since.Add(11 * time.Minute), KioskWarning},
		{"time of day later today", 0, "18:30", since, since.Add(90 * time.Minute), KioskWarning},
		{"time of day passed: tomorrow", 0, "08:00", since, since.Add(15 * time.Hour), KioskWarning},
		{"earlier of both", time.Hour, "17:20", since, since.Add(20 * time.Minute), KioskWarning},
		{"short idle warns half", 5 * time.Second, "", since, since.Add(5 * time.Second), 2500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := newKioskTimer(tt.idle, tt.at)
			if k == nil {
				t.Fatal("newKioskTimer: got nil, want a timer")
			}
			k.active, k.since, k.lastInput = true, since, tt.lastInput
			got, ok := k.deadline()
			if !ok || !got.Equal(tt.want) {
				t.Errorf("deadline: got %v, %v, want %v, true", got, ok, tt.want)
			}
			if k.warn != tt.wantWarn {
				t.Errorf("warning: got %v, want %v", k.warn, tt.wantWarn)
			}
		})
	}
	if k := newKioskTimer(0, ""); k != nil {
		t.Errorf("newKioskTimer(0, \"\"): got %+v, want nil", k)
	}
}

// TestKioskOptionsDropsClipboard checks that a shared computer never puts a join link
// (which carries the passcode) on the clipboard for the next person to paste.
func TestKioskOptionsDropsClipboard(t *testing.T) {
	copied := func(string) error { return nil }
	tests := []struct {
		name          string
		kiosk         bool
		wantClipboard bool
	}{
		{"kiosk", true, false},
		{"normal", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, nil, zoomtest.Options{})
			opts := f.testOptions(t, nil, map[string]string{"kiosk": strconv.FormatBool(tt.kiosk)})
			opts.clock = nil
			opts.Clipboard = copied
			s := newService(t, opts)
			if got := s.opts.Clipboard != nil; got != tt.wantClipboard {
				t.Errorf("Clipboard set: got %v, want %v", got, tt.wantClipboard)
			}
		})
	}
}

// TestKioskStartsThroughZoommtg: on a kiosk a meeting starts through a zoommtg:// link,
// never an https start link that the shared browser would keep in its history.
func TestKioskStartsThroughZoommtg(t *testing.T) {
	f := newFake(t, nil, zoomtest.Options{})
	opts := f.testOptions(t, newFakeClock(time.Now()), map[string]string{"kiosk": "true"})
	var opened []string
	opts.OpenURL = func(u string) error { opened = append(opened, u); return nil }
	s := newService(t, opts)
	kioskLogin(t, f, s)
	if _, err := s.Meetings(context.Background(), true); err != nil {
		t.Fatalf("Meetings: %v", err)
	}
	m := hosted(t, s)
	if _, err := s.Start(context.Background(), int64(m.ID)); err != nil {
		t.Fatalf("Start: %v", err)
	}
	if len(opened) != 1 || !strings.HasPrefix(opened[0], "zoommtg://") {
		t.Errorf("kiosk opened %d links, first with prefix %q; want one zoommtg:// link", len(opened), prefixOf(opened))
	}
}

// prefixOf is the scheme part of the first link, never the ZAK.
func prefixOf(links []string) string {
	if len(links) == 0 {
		return ""
	}
	return links[0][:min(len(links[0]), 10)]
}

// TestKioskSignOutTakesBackNotifications: a kiosk sign-out tells the agent to take back
// what it showed for the account (Options.SignedOut: its notifications and clipboard), and
// the reminders still to come for the account's meetings are cancelled.
func TestKioskSignOutTakesBackNotifications(t *testing.T) {
	begin := time.Now().Truncate(time.Second)
	clk := newFakeClock(begin)
	f := newFake(t, clk, zoomtest.Options{})
	// Sam, who has no seeded meetings: Alex's seeded stand-up at 9:30 in New York would take
	// the reminder's place when the test runs in the 20 minutes before it.
	if _, err := f.zoom.AddMeeting(sam, zoomtest.Meeting{Topic: "later", Type: 2, Start: begin.Add(20 * time.Minute), Duration: 30}); err != nil {
		t.Fatal(err)
	}
	opts := f.testOptions(t, clk, map[string]string{"kiosk": "true", "notify-minutes": "5"})
	opts.Notify = func(zoomapi.Meeting) {}
	signedOut := make(chan struct{}, 4)
	opts.SignedOut = func() { signedOut <- struct{}{} }
	s := newService(t, opts)
	run(t, s)
	kioskLoginAs(t, f, s, sam)
	if got, want := clk.waitTimer(t, timerNotify), begin.Add(15*time.Minute); !got.Equal(want) {
		t.Fatalf("reminder planned at +%v, want +%v", got.Sub(begin), want.Sub(begin))
	}
	if _, err := s.Logout(context.Background()); err != nil {
		t.Fatalf("Logout: %v", err)
	}
	select {
	case <-signedOut:
	case <-time.After(waitFor):
		t.Fatal("the agent was not told of the sign-out")
	}
	testenv.Eventually(t, waitFor, "the planned reminder cancelled", func() bool {
		_, ok := clk.pending(timerNotify)
		return !ok
	})
}
