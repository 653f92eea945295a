package localapi

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/transcripts"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// stubAPI is a small in-test service.API: it records the arguments of each call and
// answers what the test configured.
type stubAPI struct {
	mu   sync.Mutex // guards the fields below
	err  error      // returned by every unary method when set
	args []any      // arguments of the last call

	status   service.Status
	meetings service.MeetingList
	recs     []zoomapi.Recording
	meeting  *zoomapi.Meeting
	url      string
	start    service.StartResult
	logout   service.LogoutResult

	// loginEvents are sent by Login, which then returns loginErr, or waits for ctx when
	// loginBlock is set (and closes loginDone when ctx ends).
	loginEvents []service.LoginEvent
	loginErr    error
	loginBlock  bool
	loginDone   chan struct{}

	// watch feeds Watch; watchDone is closed when a Watch's ctx ends.
	watch     chan service.Status
	watchDone chan struct{}
	watchOnce sync.Once

	// file is served by Download; failAt > 0 fails after that many bytes.
	file   []byte
	failAt int
	total  int64 // reported total; 0 means len(file)
}

func newStub() *stubAPI {
	return &stubAPI{loginDone: make(chan struct{}), watch: make(chan service.Status, 4), watchDone: make(chan struct{})}
}

func (s *stubAPI) record(args ...any) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.args = args
	return s.err
}

func (s *stubAPI) lastArgs() []any {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.args
}

func (s *stubAPI) Status(ctx context.Context) (service.Status, error) {
	return s.status, s.record("status")
}

func (s *stubAPI) Meetings(ctx context.Context, refresh bool) (service.MeetingList, error) {
	return s.meetings, s.record("meetings", refresh)
}

func (s *stubAPI) Recordings(ctx context.Context, from, to time.Time) ([]zoomapi.Recording, error) {
	return s.recs, s.record("recordings", from.UTC(), to.UTC())
}

func (s *stubAPI) RecordingPasscode(ctx context.Context, uuid string) (string, error) {
	return "pass-" + uuid, s.record("passcode", uuid)
}

func (s *stubAPI) NewMeeting(ctx context.Context, topic string) (*zoomapi.Meeting, error) {
	return s.meeting, s.record("new", topic)
}

func (s *stubAPI) StartURL(ctx context.Context, id int64) (string, error) {
	return s.url, s.record("start-url", id)
}

func (s *stubAPI) Start(ctx context.Context, id int64) (service.StartResult, error) {
	return s.start, s.record("start", id)
}

func (s *stubAPI) JoinURL(ctx context.Context, id int64) (string, error) {
	return s.url, s.record("join-url", id)
}

func (s *stubAPI) Login(ctx context.Context, req service.LoginRequest, events func(service.LoginEvent)) error {
	s.record("login", req)
	for _, ev := range s.loginEvents {
		events(ev)
	}
	if s.loginBlock {
		<-ctx.Done()
		close(s.loginDone)
		return ctx.Err()
	}
	return s.loginErr
}

func (s *stubAPI) Logout(ctx context.Context) (service.LogoutResult, error) {
	return s.logout, s.record("logout")
}

func (s *stubAPI) Download(ctx context.Context, id string, w io.Writer, offset int64, progress func(done, total int64)) error {
	if err := s.record("download", id, offset); err != nil {
		return err
	}
	total := s.total
	if total == 0 {
		total = int64(len(s.file))
	}
	end := len(s.file)
	if s.failAt > 0 {
		end = s.failAt
	}
	for i := int(offset); i < end; i += 1000 {
		chunk := s.file[i:min(i+1000, end)]
		if _, err := w.Write(chunk); err != nil {
			return err
		}
		progress(int64(i+len(chunk)), total)
	}
	if s.failAt > 0 {
		return &service.ErrorInfo{Kind: service.KindNetwork, Message: "connection reset"}
	}
	return nil
}

func (s *stubAPI) Watch(ctx context.Context) (<-chan service.Status, error) {
	if err := s.record("watch"); err != nil {
		return nil, err
	}
	out := make(chan service.Status)
	go func() {
		defer close(out)
		defer s.watchOnce.Do(func() { close(s.watchDone) })
		for {
			select {
			case st := <-s.watch:
				select {
				case out <- st:
				case <-ctx.Done():
					return
				}
			case <-ctx.Done():
				return
			}
		}
	}()
	return out, nil
}

func (s *stubAPI) Search(ctx context.Context, q transcripts.Query) (service.SearchResult, error) {
	if err := s.record("search", q); err != nil {
		return service.SearchResult{}, err
	}
	return service.SearchResult{
		Hits:     []transcripts.Hit{{Topic: "Design review", Speaker: "田中 由紀", Text: q.Text, Match: [][2]int{{0, len(q.Text)}}, OffsetMS: 65000}},
		Progress: service.SearchProgress{Indexed: 212, Total: 340, Syncing: true},
	}, nil
}

func (s *stubAPI) OpenWindow(ctx context.Context) error { return s.record("window") }

func (s *stubAPI) Quit(ctx context.Context) error { return s.record("quit") }

func (s *stubAPI) Restart(ctx context.Context) error { return s.record("restart") }

func (s *stubAPI) Activity(ctx context.Context) error { return s.record("activity") }

// socketPath returns a short socket path in a fresh directory (unix socket paths are
// limited to about 100 bytes, which t.TempDir can exceed).
func socketPath(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "la")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return filepath.Join(dir, "run", "agent.sock")
}

// serve starts a Server for api on a fresh socket and a Client dialled to it.
func serve(t *testing.T, api Agent) (*Server, *Client) {
	t.Helper()
	path := socketPath(t)
	srv, err := NewServer(api, path)
	if err != nil {
		t.Fatalf("NewServer: %v", err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(context.Background()) }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	c, err := Dial(context.Background(), path)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return srv, c
}
