package service

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// next receives from ch until pred holds, failing at the deadline or when ch closes.
func next(t *testing.T, ch <-chan Status, what string, pred func(Status) bool) Status {
	t.Helper()
	deadline := time.After(waitFor)
	for {
		select {
		case st, ok := <-ch:
			if !ok {
				t.Fatalf("%s: watch channel closed", what)
			}
			if pred(st) {
				return st
			}
		case <-deadline:
			t.Fatalf("%s: no such status within %v", what, waitFor)
		}
	}
}

func TestWatch(t *testing.T) {
	clk := newFakeClock(time.Now())
	env := newFake(t, clk, zoomtest.Options{AutoApprove: alex})
	s := newService(t, env.testOptions(t, clk, nil))
	run(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	ch, err := s.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	next(t, ch, "first status", func(st Status) bool { return st.State == "signed_out" })
	login(t, s)
	st := next(t, ch, "signed in with meetings", func(st Status) bool {
		return st.State == "signed_in" && st.Account != nil && !st.MeetingsUpdated.IsZero()
	})
	if st.NextMeeting == nil || st.NextMeeting.StartURL != "" {
		t.Errorf("NextMeeting = %+v, want alex's live meeting without a start link", st.NextMeeting)
	}
	if _, err := s.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	next(t, ch, "signed out", func(st Status) bool { return st.State == "signed_out" && st.Account == nil })
	cancel()
	testenv.Eventually(t, waitFor, "watch channel closed", func() bool {
		select {
		case _, ok := <-ch:
			return !ok
		default:
			return false
		}
	})
}

func TestNotify(t *testing.T) {
	begin := time.Now().Truncate(time.Second)
	clk := newFakeClock(begin)
	env := newFake(t, clk, zoomtest.Options{AutoApprove: sam})
	ids := map[string]int64{}
	for _, m := range []struct {
		topic string
		in    time.Duration
	}{{"soon", 3 * time.Minute}, {"later", 20 * time.Minute}} {
		id, err := env.zoom.AddMeeting(sam, zoomtest.Meeting{Topic: m.topic, Type: 2, Start: begin.Add(m.in), Duration: 30})
		if err != nil {
			t.Fatal(err)
		}
		ids[m.topic] = id
	}
	var mu sync.Mutex // guards got
	var got []int64
	notified := make(chan struct{}, 10)
	signedInService(t, env, clk, func(o *Options) {
		o.Settings.NotifyMinutes = 5
		o.Notify = func(m zoomapi.Meeting) {
			mu.Lock()
			got = append(got, int64(m.ID))
			mu.Unlock()
			notified <- struct{}{}
		}
	})
	receive := func(what string) {
		t.Helper()
		select {
		case <-notified:
		case <-time.After(waitFor):
			t.Fatalf("no notification for %s", what)
		}
	}
	receive("the meeting within 5 minutes")
	at := clk.waitTimer(t, timerNotify)
	if want := begin.Add(15 * time.Minute); !at.Equal(want) {
		t.Errorf("next notification at +%v, want +%v", at.Sub(begin), want.Sub(begin))
	}
	drive(t, clk, begin.Add(16*time.Minute)) // polls re-plan the notifier; none repeats
	clk.advance(at)
	receive("the later meeting")
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || got[0] != ids["soon"] || got[1] != ids["later"] {
		t.Errorf("notified %v, want once each: [%d %d]", got, ids["soon"], ids["later"])
	}
}
