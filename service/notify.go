package service

import (
	"context"
	"time"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// notifyKey identifies one occurrence of a meeting, so a recurring meeting is announced
// once per occurrence. The start is in Unix seconds: two decodings of the same start
// may carry different time.Location values, which a time.Time map key would tell apart.
type notifyKey struct {
	id    int64
	start int64
}

func keyOf(m zoomapi.Meeting) notifyKey { return notifyKey{int64(m.ID), m.StartTime.Unix()} }

// ReminderLate is how long after a meeting's start its reminder window may still open
// for the first time. A laptop woken at 09:03 still gets the 09:00 meeting's window (the
// user is late and Join is what they need); one woken at 09:20 does not, since a window
// for a meeting that long under way would be noise. A snoozed reminder comes back
// whenever it is due: the user asked for it.
const ReminderLate = 5 * time.Minute

// ExitSnooze is the exit code of the reminder window (`zoomtray-window --reminder`) when
// the user chose Snooze: the agent then calls Snooze. Any other exit ends the reminder.
const ExitSnooze = 3

// announcer is how the notifier announces meetings: deliver runs lead before each start,
// unless the start is more than late ago by then.
type announcer struct {
	lead, late time.Duration
	deliver    func(zoomapi.Meeting)
}

// announcer returns how the settings announce meetings; ok is false for none. The window
// (Options.Remind) needs Settings.Reminder "window" and is never used in kiosk mode, where
// the shared computer's window is always open; then, as for "notification", the
// notification comes Settings.NotifyMinutes before (if Options.Notify is set).
func (s *Service) announcer() (a announcer, ok bool) {
	st := s.opts.Settings
	switch {
	case st.Reminder == config.ReminderOff:
		return announcer{}, false
	case st.Reminder == config.ReminderWindow && s.opts.Remind != nil && !s.kioskMode():
		return announcer{lead: time.Duration(st.ReminderMinutes) * time.Minute, late: ReminderLate,
			deliver: s.opts.Remind}, true
	case s.opts.Notify != nil && st.NotifyMinutes > 0:
		return announcer{lead: time.Duration(st.NotifyMinutes) * time.Minute, deliver: s.opts.Notify}, true
	}
	return announcer{}, false
}

// Snooze brings the reminder of meeting m (this occurrence) back after d: the reminder
// window's "Snooze 1 min". It re-arms the notifier's one timer.
func (s *Service) Snooze(m zoomapi.Meeting, d time.Duration) {
	s.mu.Lock()
	if s.snoozed == nil {
		s.snoozed = map[notifyKey]time.Time{}
	}
	s.snoozed[keyOf(m)] = s.clk.Now().Add(d)
	s.mu.Unlock()
	wake(s.changed)
}

// notifyLoop announces each meeting occurrence once (see announcer), and a snoozed one
// again when its snooze ends: one timer to the next due instant, re-armed when the
// meetings change or a reminder is snoozed, so it costs nothing while idle. The clock's
// timers follow the wall clock, so a due instant passed during a suspend fires on wake.
func (s *Service) notifyLoop(ctx context.Context) {
	a, ok := s.announcer()
	if !ok {
		return
	}
	done := map[notifyKey]bool{}
	for {
		due, at, ok := s.nextNotification(a, done)
		for _, m := range due {
			s.delivered(keyOf(m), done)
			a.deliver(m)
		}
		var fire <-chan time.Time
		stop := func() bool { return false }
		if ok {
			fire, stop = s.clk.Timer(timerNotify, at)
		}
		select {
		case <-ctx.Done():
			stop()
			return
		case <-s.changed:
			stop()
		case <-fire:
		}
	}
}

// delivered marks k announced and ends its snooze.
func (s *Service) delivered(k notifyKey, done map[notifyKey]bool) {
	done[k] = true
	s.mu.Lock()
	delete(s.snoozed, k)
	s.mu.Unlock()
}

// nextNotification returns the meetings to announce now (their time has come, and they
// have not started more than a.late ago), and when the next one is due (ok false when
// none). Meetings without a fixed time and all-day meetings are never announced (see
// timed): an all-day event does not "start in 5 min".
func (s *Service) nextNotification(a announcer, done map[notifyKey]bool) (due []zoomapi.Meeting, next time.Time, ok bool) {
	now := s.clk.Now()
	s.mu.Lock()
	snoozed := make(map[notifyKey]time.Time, len(s.snoozed))
	for k, v := range s.snoozed {
		snoozed[k] = v
	}
	s.mu.Unlock()
	for _, m := range s.meetingList().Meetings {
		k := keyOf(m)
		at, again := snoozed[k]
		if !timed(m) || !again && (done[k] || !m.StartTime.Add(a.late).After(now)) {
			continue
		}
		if !again {
			at = m.StartTime.Add(-a.lead)
		}
		if !at.After(now) {
			due = append(due, m)
			continue
		}
		if !ok || at.Before(next) {
			next, ok = at, true
		}
	}
	return due, next, ok
}
