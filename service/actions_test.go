package service

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

const alex = "alex@example.com" // the seeded user with meetings and recordings

// opened records the URLs given to OpenURL and loads the https ones like a browser.
type opened struct {
	mu   sync.Mutex // guards urls
	urls []string
}

func (o *opened) open(t *testing.T) func(string) error {
	load := browse(t)
	return func(u string) error {
		o.mu.Lock()
		o.urls = append(o.urls, u)
		o.mu.Unlock()
		if strings.HasPrefix(u, "http") {
			return load(u)
		}
		return nil
	}
}

// alexService is a signed-in Service of alex, not running (no poller), with its meetings
// fetched once.
func alexService(t *testing.T, extra map[string]string, tweak func(*Options)) (*Service, *fakeEnv) {
	t.Helper()
	env := newFake(t, nil, zoomtest.Options{AutoApprove: alex})
	opts := env.testOptions(t, newFakeClock(time.Now()), extra)
	if tweak != nil {
		tweak(&opts)
	}
	s := newService(t, opts)
	login(t, s)
	if _, err := s.Meetings(context.Background(), true); err != nil {
		t.Fatalf("Meetings: %v", err)
	}
	return s, env
}

// hosted returns a meeting alex hosts with a fixed time.
func hosted(t *testing.T, s *Service) zoomapi.Meeting {
	t.Helper()
	ml, _ := s.Meetings(context.Background(), false)
	for _, m := range ml.Meetings {
		if m.IsHost && !m.StartTime.IsZero() && m.JoinURL != "" {
			return m
		}
	}
	t.Fatalf("no hosted meeting among %d", len(ml.Meetings))
	return zoomapi.Meeting{}
}

func TestStart(t *testing.T) {
	tests := []struct {
		name       string
		flags      map[string]string
		clipboard  bool
		wantPrefix string
		wantStart  bool // the fake saw the meeting started (https link loaded)
	}{
		{"https link with clipboard", nil, true, "http://", true},
		{"https link without clipboard", nil, false, "http://", true},
		{"zoommtg scheme", map[string]string{"use-zoommtg": "true"}, true, "zoommtg://", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var o opened
			var clip []string
			s, env := alexService(t, tt.flags, func(opts *Options) {
				opts.OpenURL = o.open(t)
				if tt.clipboard {
					opts.Clipboard = func(v string) error { clip = append(clip, v); return nil }
				}
			})
			m := hosted(t, s)
			zaks := env.zoom.ZAKsIssued()
			res, err := s.Start(context.Background(), int64(m.ID))
			if err != nil {
				t.Fatalf("Start: %v", err)
			}
			if !res.Opened || res.JoinURL != m.JoinURL || res.JoinURLCopied != tt.clipboard {
				t.Errorf("Start = %+v, want opened, join URL %q, copied %v", res, m.JoinURL, tt.clipboard)
			}
			if got := env.zoom.ZAKsIssued() - zaks; got != 1 {
				t.Errorf("ZAKs issued = %d, want 1 (fresh)", got)
			}
			if last := o.urls[len(o.urls)-1]; !strings.HasPrefix(last, tt.wantPrefix) || !strings.Contains(last, "zak=") {
				t.Errorf("opened a start link of the wrong form (prefix %q, with zak): got prefix %q", tt.wantPrefix, last[:min(len(last), 12)])
			}
			if tt.wantStart {
				testenv.Eventually(t, waitFor, "meeting started at the fake", func() bool {
					for _, id := range env.zoom.StartedMeetings() {
						if id == int64(m.ID) {
							return true
						}
					}
					return false
				})
			}
		})
	}
}

// TestStartRefused checks that no start link (and no ZAK) is made for a meeting that does
// not exist or that someone else hosts.
func TestStartRefused(t *testing.T) {
	var o opened
	s, env := alexService(t, nil, func(opts *Options) { opts.OpenURL = o.open(t) })
	ctx := context.Background()
	ml, _ := s.Meetings(ctx, false)
	var other zoomapi.Meeting
	for _, m := range ml.Meetings {
		if !s.hosts(m) {
			other = m
		}
	}
	if other.ID == 0 {
		t.Fatalf("no meeting hosted by someone else among %d", len(ml.Meetings))
	}
	zaks := env.zoom.ZAKsIssued()
	tests := []struct {
		name string
		id   int64
		want string
	}{
		{"unknown", 123, KindNotFound},
		{"not host", int64(other.ID), KindNotHost},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := s.StartURL(ctx, tt.id)
			if !errors.Is(err, &ErrorInfo{Kind: tt.want}) || u != "" {
				t.Errorf("StartURL(%d) = %d chars, %v; want no link and %s", tt.id, len(u), err, tt.want)
			}
			if _, err := s.Start(ctx, tt.id); !errors.Is(err, &ErrorInfo{Kind: tt.want}) {
				t.Errorf("Start(%d) error = %v, want %s", tt.id, err, tt.want)
			}
		})
	}
	if got := env.zoom.ZAKsIssued() - zaks; got != 0 {
		t.Errorf("ZAKs issued = %d, want none", got)
	}
}

func TestNewMeetingAndJoinURL(t *testing.T) {
	s, _ := alexService(t, nil, nil)
	ctx := context.Background()
	m, err := s.NewMeeting(ctx, "Quick sync")
	if err != nil {
		t.Fatalf("NewMeeting: %v", err)
	}
	if m.ID == 0 || m.JoinURL == "" || m.StartURL != "" || !m.IsHost {
		t.Errorf("NewMeeting = id %d, join %q, start URL set %v, is_host %v; want id, join link, no start link, host", m.ID, m.JoinURL, m.StartURL != "", m.IsHost)
	}
	got, err := s.JoinURL(ctx, int64(m.ID))
	if err != nil || got != m.JoinURL {
		t.Errorf("JoinURL(new meeting) = %q, %v; want %q", got, err, m.JoinURL)
	}
	if _, err := s.JoinURL(ctx, 42); !errors.Is(err, &ErrorInfo{Kind: KindNotFound}) {
		t.Errorf("JoinURL(unknown) error = %v, want %s", err, KindNotFound)
	}
}

func TestDownload(t *testing.T) {
	s, env := alexService(t, nil, nil)
	ctx := context.Background()
	now := time.Now()
	recs, err := s.Recordings(ctx, now.AddDate(0, -1, 0), now)
	if err != nil || len(recs) == 0 {
		t.Fatalf("Recordings = %d, %v; want some", len(recs), err)
	}
	old, err := s.rest().api.Recordings(ctx, now.AddDate(0, -11, 0), now.AddDate(0, -10, 0))
	if err != nil || len(old) == 0 {
		t.Fatalf("old recordings = %d, %v; want some", len(old), err)
	}
	tests := []struct {
		name     string
		fileID   string
		wantKind string
	}{
		{"listed before", completedFile(t, recs).ID, ""},
		{"not listed yet: looked up in the last 12 months", completedFile(t, old).ID, ""},
		{"unknown", "no-such-file", KindNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := s.Download(ctx, tt.fileID, &buf, 0, nil)
			if tt.wantKind != "" {
				if !errors.Is(err, &ErrorInfo{Kind: tt.wantKind}) {
					t.Fatalf("Download error = %v, want %s", err, tt.wantKind)
				}
				return
			}
			want, ferr := env.zoom.FileContent(tt.fileID)
			if err != nil || ferr != nil || !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("Download = %d bytes, %v; want the file's %d bytes (%v)", buf.Len(), err, len(want), ferr)
			}
		})
	}
}

// completedFile returns a downloadable file of recs.
func completedFile(t *testing.T, recs []zoomapi.Recording) zoomapi.RecordingFile {
	t.Helper()
	for _, r := range recs {
		for _, f := range r.Files {
			if f.Status == "completed" && f.DownloadURL != "" {
				return f
			}
		}
	}
	t.Fatal("no completed recording file")
	return zoomapi.RecordingFile{}
}

func TestLogout(t *testing.T) {
	tests := []struct {
		name        string
		offline     bool
		wantRevoked bool
	}{
		{"online", false, true},
		{"offline", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := tokenstore.NewMemory()
			s, env := alexService(t, nil, func(o *Options) { o.Store = store })
			if tt.offline {
				env.zoom.Close()
			}
			res, err := s.Logout(context.Background())
			if err != nil {
				t.Fatalf("Logout: %v", err)
			}
			if res.Revoked != tt.wantRevoked || (res.Message == "") == tt.offline {
				t.Errorf("Logout = %+v, want revoked %v and a message only when offline", res, tt.wantRevoked)
			}
			if _, err := store.Load(context.Background()); !errors.Is(err, tokenstore.ErrNotFound) {
				t.Errorf("token after Logout: %v, want ErrNotFound", err)
			}
			st, _ := s.Status(context.Background())
			ml, _ := s.Meetings(context.Background(), false)
			if st.State != "signed_out" || st.Account != nil || len(ml.Meetings) != 0 {
				t.Errorf("after Logout: State %q, Account %+v, %d meetings; want signed out and empty", st.State, st.Account, len(ml.Meetings))
			}
			if files := cacheFiles(t, s.opts.Dirs.Cache); len(files) != 0 {
				t.Errorf("cache files after Logout = %v, want none", files)
			}
		})
	}
}

func TestQuit(t *testing.T) {
	env := newFake(t, nil, zoomtest.Options{})
	s := newService(t, env.testOptions(t, newFakeClock(time.Now()), nil))
	done := make(chan error, 1)
	go func() { done <- s.Run(context.Background()) }()
	if err := s.Quit(context.Background()); err != nil {
		t.Fatalf("Quit: %v", err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run after Quit = %v, want nil", err)
		}
	case <-time.After(waitFor):
		t.Fatal("Run did not return after Quit")
	}
}
