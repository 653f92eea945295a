package ui

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	_ "time/tzdata" // fixed zones for DST tests on any machine

	"github.com/zoomtray/zoomtray/internal/transcripts"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// fakeAPI is an in-test service.API: canned data, recorded calls: a fake that behaves
// rather than a mock that checks call order.
type fakeAPI struct {
	mu sync.Mutex // guards everything below
	// calls records each call as "Method arg".
	calls      []string
	status     service.Status
	meetings   service.MeetingList
	recordings map[string][]zoomapi.Recording // by "2006-01" of from
	passcodes  map[string]string              // RecordingPasscode by uuid
	partial    *zoomapi.PartialError          // returned by Recordings with its recordings
	files      map[string][]byte              // by file key
	// loginEvents are sent by Login, which then returns loginErr, or blocks until ctx is
	// done when loginBlock is set.
	loginEvents []service.LoginEvent
	loginErr    error
	loginBlock  bool
	// stallAt makes Download write up to this many bytes, then wait for ctx (0: never).
	stallAt int64
	// stalled is closed when a Download reaches stallAt.
	stalled chan struct{}
	watch   chan service.Status
	// hits are what Search finds: those whose text holds the query.
	hits []transcripts.Hit
	// logoutRes is Logout's answer when set (default: revoked at Zoom).
	logoutRes *service.LogoutResult
}

func newFakeAPI() *fakeAPI {
	return &fakeAPI{recordings: map[string][]zoomapi.Recording{}, files: map[string][]byte{}, passcodes: map[string]string{}}
}

func (f *fakeAPI) record(format string, args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, fmt.Sprintf(format, args...))
}

// Calls returns the recorded calls.
func (f *fakeAPI) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

func (f *fakeAPI) Status(ctx context.Context) (service.Status, error) {
	f.record("Status")
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.status, nil
}

func (f *fakeAPI) Meetings(ctx context.Context, refresh bool) (service.MeetingList, error) {
	f.record("Meetings %v", refresh)
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.meetings, nil
}

func (f *fakeAPI) Recordings(ctx context.Context, from, to time.Time) ([]zoomapi.Recording, error) {
	f.record("Recordings %s..%s", from.Format(time.DateOnly), to.Format(time.DateOnly))
	f.mu.Lock()
	defer f.mu.Unlock()
	// Newest month first, as the agent answers a range of several months.
	var out []zoomapi.Recording
	first := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, from.Location())
	for m := time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, to.Location()); !m.Before(first); m = m.AddDate(0, -1, 0) {
		out = append(out, f.recordings[m.Format("2006-01")]...)
	}
	if f.partial != nil {
		return out, f.partial
	}
	return out, nil
}

func (f *fakeAPI) Search(ctx context.Context, q transcripts.Query) (service.SearchResult, error) {
	f.record("Search %s", q.Text)
	f.mu.Lock()
	defer f.mu.Unlock()
	var out service.SearchResult
	for _, h := range f.hits {
		if strings.Contains(strings.ToLower(h.Text), strings.ToLower(q.Text)) {
			out.Hits = append(out.Hits, h)
		}
	}
	if f.status.Search != nil {
		out.Progress = *f.status.Search
	}
	return out, nil
}

func (f *fakeAPI) RecordingPasscode(ctx context.Context, uuid string) (string, error) {
	f.record("RecordingPasscode %s", uuid)
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.passcodes[uuid], nil
}

func (f *fakeAPI) NewMeeting(ctx context.Context, topic string) (*zoomapi.Meeting, error) {
	f.record("NewMeeting %s", topic)
	return &zoomapi.Meeting{ID: 999, Topic: topic}, nil
}

func (f *fakeAPI) StartURL(ctx context.Context, id int64) (string, error) {
	f.record("StartURL %d", id)
	return fmt.Sprintf("https://zoom.us/s/%d", id), nil
}

func (f *fakeAPI) Start(ctx context.Context, id int64) (service.StartResult, error) {
	f.record("Start %d", id)
	return service.StartResult{MeetingID: id, Opened: true}, nil
}

func (f *fakeAPI) JoinURL(ctx context.Context, id int64) (string, error) {
	f.record("JoinURL %d", id)
	return fmt.Sprintf("https://zoom.us/j/%d", id), nil
}

func (f *fakeAPI) Login(ctx context.Context, req service.LoginRequest, events func(service.LoginEvent)) error {
	f.record("Login %s noopen=%v", req.Method, req.NoOpen)
	f.mu.Lock()
	evs, err, block := slices.Clone(f.loginEvents), f.loginErr, f.loginBlock
	f.mu.Unlock()
	for _, ev := range evs {
		events(ev)
	}
	if block {
		<-ctx.Done()
		return ctx.Err()
	}
	return err
}

func (f *fakeAPI) Logout(ctx context.Context) (service.LogoutResult, error) {
	f.record("Logout")
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.logoutRes != nil {
		return *f.logoutRes, nil
	}
	return service.LogoutResult{Revoked: true}, nil
}

// Download writes the file from offset on, in 10-byte steps with progress; with stallAt
// set it stops there and waits for ctx.
func (f *fakeAPI) Download(ctx context.Context, id string, w io.Writer, offset int64, progress func(done, total int64)) error {
	f.record("Download %s@%d", id, offset)
	f.mu.Lock()
	data, stallAt, stalled := f.files[id], f.stallAt, f.stalled
	f.mu.Unlock()
	for pos := offset; pos < int64(len(data)); pos += 10 {
		if stallAt > 0 && pos >= stallAt {
			close(stalled)
			<-ctx.Done()
			return ctx.Err()
		}
		end := min(pos+10, int64(len(data)))
		if _, err := w.Write(data[pos:end]); err != nil {
			return err
		}
		progress(end, int64(len(data)))
	}
	return nil
}

func (f *fakeAPI) Watch(ctx context.Context) (<-chan service.Status, error) {
	f.record("Watch")
	return f.watch, nil
}

func (f *fakeAPI) OpenWindow(ctx context.Context) error { return nil }

func (f *fakeAPI) Quit(ctx context.Context) error {
	f.record("Quit")
	return nil
}

func (f *fakeAPI) Restart(ctx context.Context) error {
	f.record("Restart")
	return nil
}

func (f *fakeAPI) Activity(ctx context.Context) error {
	f.record("Activity")
	return nil
}

// testNow is the tests' clock: Wednesday 2026-11-25 10:00 in New York.
var testNow = time.Date(2026, 11, 25, 10, 0, 0, 0, mustZone("America/New_York"))

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// newTestEnv returns an env over api with a test Fyne app, the fixed clock, and
// openURL, relaunch, saveSecret and closeWindow recorded as calls of api.
func newTestEnv(t *testing.T, api *fakeAPI) *env {
	t.Helper()
	test.NewTempApp(t).Settings().SetTheme(appTheme{})
	ctx, cancel := context.WithCancel(context.Background())
	e := &env{
		api: api, banner: newBanner(), jobs: newJobs(ctx),
		now:         func() time.Time { return testNow },
		openURL:     func(u string) error { api.record("open %s", u); return nil },
		downloadDir: t.TempDir(),
		relaunch:    func(args ...string) error { api.record("relaunch %v", args); return nil },
		saveSecret: func(ctx context.Context, id, secret string) error {
			api.record("saveSecret %s %d chars", id, len(secret))
			return nil
		},
		closeWindow: func() { api.record("closeWindow") },
	}
	e.notice = newNotice(e)
	t.Cleanup(func() {
		cancel()
		e.jobs.Wait()
	})
	return e
}

// clipboard returns the test app's clipboard content.
func clipboard() string {
	return fyne.CurrentApp().Clipboard().Content()
}

// hasCall reports whether api recorded call.
func hasCall(api *fakeAPI, call string) bool {
	return slices.Contains(api.Calls(), call)
}

// secs is n seconds.
func secs(n int) time.Duration { return time.Duration(n) * time.Second }
