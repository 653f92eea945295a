package service

import (
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// TestNextReminder checks which meeting occurrences the reminder window announces: from
// its lead before the start until ReminderLate after it (a wake), once each, and a
// snoozed one whenever its snooze ends, even late.
func TestNextReminder(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	at := func(d time.Duration, id int64) zoomapi.Meeting {
		return zoomapi.Meeting{ID: zoomapi.FlexInt64(id), Topic: "m", StartTime: now.Add(d), Duration: 30}
	}
	a := announcer{lead: time.Minute, late: ReminderLate}
	tests := []struct {
		name     string
		m        zoomapi.Meeting
		done     bool
		snooze   time.Duration // snoozed until now+snooze; 0: not snoozed
		wantDue  bool
		wantNext time.Duration // from now; 0: none
	}{
		{"in 30 seconds", at(30*time.Second, 1), false, 0, true, 0},
		{"in a minute: due now", at(time.Minute, 1), false, 0, true, 0},
		{"in 10 minutes", at(10*time.Minute, 1), false, 0, false, 9 * time.Minute},
		{"started 3 minutes ago (woken late)", at(-3*time.Minute, 1), false, 0, true, 0},
		{"started 5 minutes ago", at(-5*time.Minute, 1), false, 0, false, 0},
		{"started an hour ago", at(-time.Hour, 1), false, 0, false, 0},
		{"already shown", at(30*time.Second, 1), true, 0, false, 0},
		{"shown, snoozed for a minute", at(30*time.Second, 1), true, time.Minute, false, time.Minute},
		{"shown, snooze over", at(30*time.Second, 1), true, -time.Second, true, 0},
		{"snooze over long after the start", at(-time.Hour, 1), true, -time.Second, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Service{clk: newFakeClock(now), meetings: MeetingList{Meetings: []zoomapi.Meeting{tt.m}}}
			if tt.snooze != 0 {
				s.snoozed = map[notifyKey]time.Time{keyOf(tt.m): now.Add(tt.snooze)}
			}
			done := map[notifyKey]bool{keyOf(tt.m): tt.done}
			due, next, ok := s.nextNotification(a, done)
			if got := len(due) == 1; got != tt.wantDue {
				t.Errorf("due: got %v, want %v", got, tt.wantDue)
			}
			if ok != (tt.wantNext != 0) || ok && !next.Equal(now.Add(tt.wantNext)) {
				t.Errorf("next: got %v (ok %v), want +%v", next, ok, tt.wantNext)
			}
		})
	}
}

// TestAnnouncer checks which announcement the settings choose: the window replaces the
// notification, except in kiosk mode or without a window to open.
func TestAnnouncer(t *testing.T) {
	notify, remind := func(zoomapi.Meeting) {}, func(zoomapi.Meeting) {}
	tests := []struct {
		name     string
		reminder string
		kiosk    bool
		remind   func(zoomapi.Meeting)
		want     string // "window", "notification" or "none"
		wantLead time.Duration
	}{
		{"default", config.ReminderNotification, false, remind, "notification", 5 * time.Minute},
		{"zero value", "", false, remind, "notification", 5 * time.Minute},
		{"off", config.ReminderOff, false, remind, "none", 0},
		{"window", config.ReminderWindow, false, remind, "window", 2 * time.Minute},
		{"window in kiosk mode", config.ReminderWindow, true, remind, "notification", 5 * time.Minute},
		{"window without a window (zoomctl)", config.ReminderWindow, false, nil, "notification", 5 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := config.Settings{Reminder: tt.reminder, NotifyMinutes: 5, ReminderMinutes: 2, Kiosk: tt.kiosk}
			s := &Service{opts: Options{Settings: st, Notify: notify, Remind: tt.remind}}
			a, ok := s.announcer()
			got := "none"
			if ok && a.late == ReminderLate {
				got = "window"
			} else if ok {
				got = "notification"
			}
			if got != tt.want || a.lead != tt.wantLead {
				t.Errorf("got %s %v ahead, want %s %v ahead", got, a.lead, tt.want, tt.wantLead)
			}
		})
	}
}

// reminded collects the meetings the reminder window was opened for.
type reminded chan zoomapi.Meeting

func (r reminded) next(t *testing.T, what string) zoomapi.Meeting {
	t.Helper()
	select {
	case m := <-r:
		return m
	case <-time.After(waitFor):
		t.Fatalf("no reminder for %s", what)
		return zoomapi.Meeting{}
	}
}

func (r reminded) none(t *testing.T, what string) {
	t.Helper()
	select {
	case m := <-r:
		t.Fatalf("reminder for meeting %d, want none %s", int64(m.ID), what)
	default:
	}
}

// TestReminderWindowOncePerOccurrenceAndSnooze drives the service on a fake clock: the
// window opens a minute before the meeting, once, though polls re-plan the timer; Snooze
// brings it back a minute later, once.
func TestReminderWindowOncePerOccurrenceAndSnooze(t *testing.T) {
	begin := time.Now().Truncate(10 * time.Minute)
	clk := newFakeClock(begin)
	env := newFake(t, clk, zoomtest.Options{AutoApprove: sam})
	id, err := env.zoom.AddMeeting(sam, zoomtest.Meeting{Topic: "Standup", Type: 2, Start: begin.Add(10 * time.Minute), Duration: 15})
	if err != nil {
		t.Fatal(err)
	}
	got := make(reminded, 4)
	s := signedInService(t, env, clk, func(o *Options) {
		o.Settings.Reminder = config.ReminderWindow
		o.Settings.ReminderMinutes = 1
		o.Notify = func(m zoomapi.Meeting) { t.Errorf("notification for %d, want the window only", int64(m.ID)) }
		o.Remind = func(m zoomapi.Meeting) { got <- m }
	})
	at := clk.waitTimer(t, timerNotify)
	if want := begin.Add(9 * time.Minute); !at.Equal(want) {
		t.Fatalf("reminder timer at +%v, want +%v", at.Sub(begin), want.Sub(begin))
	}
	got.none(t, "before the due instant")
	clk.advance(at)
	m := got.next(t, "the meeting a minute ahead")
	if int64(m.ID) != id {
		t.Errorf("reminded meeting %d, want %d", int64(m.ID), id)
	}
	drive(t, clk, begin.Add(9*time.Minute+30*time.Second)) // polls wake the notifier again
	got.none(t, "twice for one occurrence")
	s.Snooze(m, time.Minute)
	again := clk.Now().Add(time.Minute)
	testenv.Eventually(t, waitFor, "the snooze timer", func() bool { at, ok := clk.pending(timerNotify); return ok && at.Equal(again) })
	got.none(t, "before the snooze ends")
	clk.advance(again)
	if m := got.next(t, "the snoozed meeting"); int64(m.ID) != id {
		t.Errorf("snoozed reminder for %d, want %d", int64(m.ID), id)
	}
	drive(t, clk, begin.Add(20*time.Minute))
	got.none(t, "after the snoozed one was shown")
}

// TestReminderAfterWake: a laptop suspended at 08:00 and opened at 08:59:30 still gets the
// window of the 09:00 meeting (due 08:59), on the wall clock's check after the wake.
func TestReminderAfterWake(t *testing.T) {
	w := &wallClock{}
	begin := w.now().Truncate(time.Second)
	env := newFake(t, nil, zoomtest.Options{AutoApprove: sam})
	id, err := env.zoom.AddMeeting(sam, zoomtest.Meeting{Topic: "09:00", Type: 2, Start: begin.Add(time.Hour), Duration: 30})
	if err != nil {
		t.Fatal(err)
	}
	got := make(reminded, 4)
	opts := env.testOptions(t, nil, map[string]string{"reminder": "window"})
	opts.clock = realClockOn(w)
	opts.Remind = func(m zoomapi.Meeting) { got <- m }
	s := newService(t, opts)
	run(t, s)
	login(t, s)
	testenv.Eventually(t, waitFor, "the meetings fetched", func() bool { return len(s.meetingList().Meetings) == 1 })
	got.none(t, "an hour ahead")
	w.suspend(59*time.Minute + 30*time.Second)
	if m := got.next(t, "the meeting 30 s after the wake"); int64(m.ID) != id {
		t.Errorf("reminded %d, want %d", int64(m.ID), id)
	}
}
