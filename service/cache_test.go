package service

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// cacheFiles lists the files in dir (none when dir is missing).
func cacheFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestCacheShownBeforeAnyNetworkCall(t *testing.T) {
	store := tokenstore.NewMemory()
	first, env := alexService(t, nil, func(o *Options) { o.Store = store })
	if _, err := first.Recordings(context.Background(), time.Now().AddDate(0, -1, 0), time.Now()); err != nil {
		t.Fatal(err)
	}
	want, _ := first.Meetings(context.Background(), false)
	opts := first.opts
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	env.zoom.Close() // nothing below may need Zoom

	second := newService(t, opts)
	got, err := second.Meetings(context.Background(), false)
	if err != nil || len(got.Meetings) != len(want.Meetings) || !got.FetchedAt.Equal(want.FetchedAt) {
		t.Errorf("cached meetings = %d fetched %v (%v), want %d fetched %v", len(got.Meetings), got.FetchedAt, err, len(want.Meetings), want.FetchedAt)
	}
	st, _ := second.Status(context.Background())
	if st.Account == nil || st.Account.Email != alex || st.NextMeeting == nil {
		t.Errorf("cached status: Account %+v, NextMeeting set %v; want %s and a next meeting", st.Account, st.NextMeeting != nil, alex)
	}
	for _, name := range []string{fileAccount, fileMeetings, fileRecordings} {
		checkMode(t, filepath.Join(opts.Dirs.Cache, name), 0o600)
	}
	checkMode(t, opts.Dirs.Cache, 0o700|os.ModeDir)
}

func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("stat: %v", err)
	}
	if got := fi.Mode(); got != want {
		t.Errorf("mode of %s = %v, want %v", filepath.Base(path), got, want)
	}
}

func TestCacheOfAnotherAccountDiscarded(t *testing.T) {
	tests := []struct {
		name         string
		accountID    string // tag of meetings.json
		wantMeetings int
	}{
		{"same account", "acc-1", 1},
		{"another account", "acc-2", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			c := &diskCache{dir: dir}
			now := time.Now()
			if err := save(c, fileAccount, "acc-1", Account{ID: "acc-1", Email: "a@example.com"}, now); err != nil {
				t.Fatal(err)
			}
			ml := MeetingList{Meetings: []zoomapi.Meeting{{ID: 1, Topic: "x", StartTime: now.Add(time.Hour), Duration: 30}}, FetchedAt: now}
			if err := save(c, fileMeetings, tt.accountID, ml, now); err != nil {
				t.Fatal(err)
			}
			store := tokenstore.NewMemory()
			env := newFake(t, nil, zoomtest.Options{})
			tok := signedToken(t, env, sam)
			if err := store.Save(context.Background(), tok); err != nil {
				t.Fatal(err)
			}
			opts := env.testOptions(t, newFakeClock(now), nil)
			opts.Store, opts.Dirs = store, config.Dirs{Cache: dir, State: t.TempDir()}
			s := newService(t, opts)
			got, _ := s.Meetings(context.Background(), false)
			if len(got.Meetings) != tt.wantMeetings {
				t.Errorf("meetings from cache = %d, want %d", len(got.Meetings), tt.wantMeetings)
			}
		})
	}
}

func TestCacheDroppedWhenSignedOut(t *testing.T) {
	dir := t.TempDir()
	c := &diskCache{dir: dir}
	if err := save(c, fileAccount, "acc-1", Account{ID: "acc-1"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	env := newFake(t, nil, zoomtest.Options{})
	opts := env.testOptions(t, newFakeClock(time.Now()), nil)
	opts.Dirs.Cache = dir
	s := newService(t, opts)
	if st, _ := s.Status(context.Background()); st.Account != nil {
		t.Errorf("Account without a stored token = %+v, want nil", st.Account)
	}
	if files := cacheFiles(t, dir); len(files) != 0 {
		t.Errorf("cache files without a stored token = %v, want none", files)
	}
}

// TestNoSecretsInStatusCacheOrLogs scans the Status JSON, the watch stream, the cache
// files and the log for every token, code and ZAK the fake issued.
func TestNoSecretsInStatusCacheOrLogs(t *testing.T) {
	var logs logBuffer
	var o opened
	s, env := alexService(t, nil, func(opts *Options) {
		opts.Logger = logs.logger()
		opts.OpenURL = o.open(t)
	})
	ctx := context.Background()
	m := hosted(t, s)
	if _, err := s.Start(ctx, int64(m.ID)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.NewMeeting(ctx, "leak check"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Recordings(ctx, time.Now().AddDate(0, -1, 0), time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Meetings(ctx, true); err != nil {
		t.Fatal(err)
	}
	st, _ := s.Status(ctx)
	statusJSON, _ := json.Marshal(st)
	ml, _ := s.Meetings(ctx, false)
	listJSON, _ := json.Marshal(ml)
	texts := map[string]string{"status": string(statusJSON), "meetings": string(listJSON), "log": logs.String()}
	for _, name := range cacheFiles(t, s.opts.Dirs.Cache) {
		b, err := os.ReadFile(filepath.Join(s.opts.Dirs.Cache, name))
		if err != nil {
			t.Fatal(err)
		}
		texts[name] = string(b)
	}
	secrets := env.zoom.Secrets()
	if len(secrets) < 3 {
		t.Fatalf("fake issued %d secrets, want tokens and ZAKs to scan for", len(secrets))
	}
	for where, text := range texts {
		for _, secret := range secrets {
			if strings.Contains(text, secret) {
				t.Errorf("%s contains a secret the fake issued (%d chars)", where, len(secret))
			}
		}
	}
}

// signedToken grants the fake's demo client access to email without a sign-in flow.
func signedToken(t *testing.T, env *fakeEnv, email string) *oauth2.Token {
	t.Helper()
	access, refresh, err := env.zoom.IssueToken("demo-client", email)
	if err != nil {
		t.Fatal(err)
	}
	return &oauth2.Token{AccessToken: access, RefreshToken: refresh, TokenType: "bearer", Expiry: time.Now().Add(time.Hour)}
}

func TestStoredSessionWithoutCacheFetchesAccount(t *testing.T) {
	clk := newFakeClock(time.Now())
	env := newFake(t, clk, zoomtest.Options{})
	opts := env.testOptions(t, clk, nil)
	if err := opts.Store.Save(context.Background(), signedToken(t, env, sam)); err != nil {
		t.Fatal(err)
	}
	s := newService(t, opts)
	run(t, s)
	clk.waitTimer(t, timerPoll) // the first poll, at start, is done
	st, _ := s.Status(context.Background())
	if st.State != "signed_in" || st.Account == nil || st.Account.Email != sam {
		t.Errorf("Status after the first poll = %q, %+v; want signed_in as %s", st.State, st.Account, sam)
	}
	if got := cacheFiles(t, opts.Dirs.Cache); !slices.Contains(got, fileAccount) || !slices.Contains(got, fileMeetings) {
		t.Errorf("cache files = %v, want %s and %s", got, fileAccount, fileMeetings)
	}
}
