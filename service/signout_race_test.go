package service

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// meetingsGate is a proxy in front of the fake that holds the replies to the GET requests
// whose path ends in a suffix (the meetings lists, the recordings list): a poll can then be caught in flight across a sign-out, its answer from Zoom
// already in hand.
type meetingsGate struct {
	*httptest.Server
	entered chan struct{} // closed when the first held request has Zoom's answer
	release chan int      // the held replies: Zoom's answer (0) or this status
	once    sync.Once
}

func newMeetingsGate(t *testing.T, z *zoomtest.Server, suffix string) *meetingsGate {
	t.Helper()
	target, err := url.Parse(z.URL)
	if err != nil {
		t.Fatal(err)
	}
	g := &meetingsGate{entered: make(chan struct{}), release: make(chan int, 1)}
	rp := httputil.NewSingleHostReverseProxy(target)
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || !strings.HasSuffix(r.URL.Path, suffix) {
			rp.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		rp.ServeHTTP(rec, r)
		g.once.Do(func() { close(g.entered) })
		status := <-g.release
		g.release <- status // every held reply gets the same fate
		if status != 0 {
			http.Error(w, `{"code":300,"message":"held"}`, status)
			return
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	}))
	t.Cleanup(g.Close)
	return g
}

// TestSignOutDropsPollInFlight: a meetings poll that was in flight when the user signed
// out must not bring back the account's meetings (on a kiosk, the next person would see
// them), write them to the cache, or leave its error in the status.
func TestSignOutDropsPollInFlight(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int // the held poll's answer: Zoom's meetings, or a failure
	}{
		{"answered", 0},
		{"failed", http.StatusServiceUnavailable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newFakeClock(time.Now())
			env := newFake(t, clk, zoomtest.Options{AutoApprove: alex})
			gate := newMeetingsGate(t, env.zoom, "meetings")
			env.zoom.URL = gate.URL // the grant's api_url leads through the proxy too
			opts := env.testOptions(t, clk, map[string]string{"zoom-url": gate.URL})
			s := newService(t, opts)
			run(t, s)
			login(t, s) // its first poll is held at the proxy
			select {
			case <-gate.entered:
			case <-time.After(waitFor):
				t.Fatal("the first poll never reached Zoom")
			}

			if _, err := s.Logout(context.Background()); err != nil {
				t.Fatalf("Logout: %v", err)
			}
			gate.release <- tc.status
			// A refresh shares the fetch in flight, so it returns when the held poll is over.
			_, _ = s.Meetings(context.Background(), true)
			testenv.Eventually(t, waitFor, "the held poll over", func() bool {
				s.fetchMu.Lock()
				defer s.fetchMu.Unlock()
				return s.fetching == nil
			})

			st, _ := s.Status(context.Background())
			if st.LastError != nil {
				t.Errorf("status error after sign-out = %+v, want none", st.LastError)
			}
			if ml := s.meetingList(); len(ml.Meetings) != 0 {
				t.Errorf("%d meetings of the signed-out account are back", len(ml.Meetings))
			}
			if st.Account != nil {
				t.Errorf("account after sign-out = %+v", st.Account)
			}
			if _, err := os.Stat(filepath.Join(opts.Dirs.Cache, fileMeetings)); err == nil {
				t.Error("the held poll wrote the signed-out account's meetings to the cache")
			}
		})
	}
}

// TestSignOutDropsRecordingsInFlight: recordings asked for before a sign-out and answered
// after it are neither remembered nor returned.
func TestSignOutDropsRecordingsInFlight(t *testing.T) {
	clk := newFakeClock(time.Now())
	env := newFake(t, clk, zoomtest.Options{AutoApprove: alex})
	gate := newMeetingsGate(t, env.zoom, "recordings")
	env.zoom.URL = gate.URL
	s := newService(t, env.testOptions(t, clk, map[string]string{"zoom-url": gate.URL}))
	run(t, s)
	login(t, s)
	type result struct {
		n   int
		err error
	}
	done := make(chan result, 1)
	go func() {
		now := clk.Now()
		recs, err := s.Recordings(context.Background(), now.AddDate(0, -1, 0), now)
		done <- result{len(recs), err}
	}()
	select {
	case <-gate.entered:
	case <-time.After(waitFor):
		t.Fatal("the recordings request never reached Zoom")
	}
	if _, err := s.Logout(context.Background()); err != nil {
		t.Fatalf("Logout: %v", err)
	}
	gate.release <- 0
	r := <-done
	if r.err == nil || r.n != 0 {
		t.Errorf("Recordings across a sign-out = %d recordings, %v; want none and an error", r.n, r.err)
	}
	s.mu.Lock()
	kept := len(s.recs)
	s.mu.Unlock()
	if kept != 0 {
		t.Errorf("%d recordings of the signed-out account remembered", kept)
	}
}
