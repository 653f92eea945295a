package service

import (
	"context"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// notifyKey identifies one occurrence of a meeting, so a recurring meeting is announced
// once per occurrence.
type notifyKey struct {
	id    int64
	start time.Time
}

// notifyLoop calls Options.Notify once per meeting occurrence Settings.NotifyMinutes
// before it starts: one timer, re-armed when the meetings change, so it costs nothing while idle.
func (s *Service) notifyLoop(ctx context.Context) {
	lead := time.Duration(s.opts.Settings.NotifyMinutes) * time.Minute
	done := map[notifyKey]bool{}
	for {
		due, at, ok := s.nextNotification(lead, done)
		for _, m := range due {
			done[notifyKey{int64(m.ID), m.StartTime}] = true
			s.opts.Notify(m)
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

// nextNotification returns the meetings to announce now (their notification time has come
// and they have not started), and when the next one is due (ok false when none). Meetings
// without a fixed time and all-day meetings are never announced (see timed): an all-day
// event does not "start in 5 min".
func (s *Service) nextNotification(lead time.Duration, done map[notifyKey]bool) (due []zoomapi.Meeting, next time.Time, ok bool) {
	now := s.clk.Now()
	for _, m := range s.meetingList().Meetings {
		if !timed(m) || !m.StartTime.After(now) || done[notifyKey{int64(m.ID), m.StartTime}] {
			continue
		}
		at := m.StartTime.Add(-lead)
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
