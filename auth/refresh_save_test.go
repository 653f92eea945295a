package auth

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// slowStore is a tokenstore.Store that can behave like a slow or failing keyring: a slow
// call blocks until its context ends; a Save on an ended context fails, as a D-Bus call does.
type slowStore struct {
	tokenstore.Store
	mu                 sync.Mutex // guards the fields below
	slowLoad, slowSave bool
	saveErr            error
	saves              int // Save calls
}

func (s *slowStore) set(f func(*slowStore)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(s)
}

func (s *slowStore) Load(ctx context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	slow := s.slowLoad
	s.mu.Unlock()
	if slow {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return s.Store.Load(ctx)
}

func (s *slowStore) Save(ctx context.Context, t *oauth2.Token) error {
	s.mu.Lock()
	s.saves++
	slow, err := s.slowSave, s.saveErr
	s.mu.Unlock()
	if slow {
		<-ctx.Done()
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		return err
	}
	return s.Store.Save(ctx, t)
}

func (s *slowStore) saveCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.saves
}

// newSlowStoreSession returns a signed-in session over a slowStore whose calls time out
// after storeTimeout; the token exchange keeps its default 30 s.
func newSlowStoreSession(t *testing.T, srv *zoomtest.Server, clock *sessClock) (*Session, *slowStore) {
	t.Helper()
	store := &slowStore{Store: tokenstore.NewMemory()}
	opts := sessTestOptions(store)
	opts.now, opts.storeTimeout = clock.now, 100*time.Millisecond
	return signedInSession(t, srv, opts), store
}

// TestRefreshSlowKeyringKeepsExchangeTime checks that a store read that uses up its whole
// deadline leaves the token exchange and the save of the rotated token their own time.
func TestRefreshSlowKeyringKeepsExchangeTime(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	clock := &sessClock{}
	s, store := newSlowStoreSession(t, srv, clock)
	store.set(func(s *slowStore) { s.slowLoad = true })
	clock.advance(time.Hour)
	got, err := s.Token(context.Background())
	if err != nil {
		t.Fatalf("Token after a slow store read: got %v, want a refreshed token", err)
	}
	if st := s.State(); st.Kind != SignedIn || st.Err != nil {
		t.Errorf("State: got %q err %v, want %q without error", st.Kind, st.Err, SignedIn)
	}
	store.set(func(s *slowStore) { s.slowLoad = false })
	stored, err := store.Load(context.Background())
	if err != nil || stored.RefreshToken != got.RefreshToken {
		t.Errorf("store after refresh: want the rotated refresh token saved (err %v)", err)
	}
}

// TestRefreshRetriesUnsavedToken checks that Run retries saving a rotated refresh token on a
// short backoff while the store fails, keeps ErrTokenNotSaved in State meanwhile, and
// clears it once a retry succeeds, without waiting for the next refresh.
func TestRefreshRetriesUnsavedToken(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	clock := &sessClock{}
	s, store := newSlowStoreSession(t, srv, clock)
	store.set(func(s *slowStore) { s.slowSave = true }) // the first save times out
	clock.advance(time.Hour)
	got, err := s.Token(context.Background())
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	if st := s.State(); !errors.Is(st.Err, ErrTokenNotSaved) {
		t.Fatalf("State.Err after a failed save: got %v, want %v", st.Err, ErrTokenNotSaved)
	}
	store.set(func(s *slowStore) { s.slowSave, s.saveErr = false, tokenstore.ErrUnavailable })
	before := store.saveCalls()
	runSession(t, s)
	testenv.Eventually(t, 20*time.Second, "two save retries", func() bool { return store.saveCalls() >= before+2 })
	if st := s.State(); st.Kind != SignedIn || !errors.Is(st.Err, ErrTokenNotSaved) || !errors.Is(st.Err, tokenstore.ErrUnavailable) {
		t.Errorf("State while retrying: got %q err %v, want %q with %v", st.Kind, st.Err, SignedIn, ErrTokenNotSaved)
	}
	store.set(func(s *slowStore) { s.saveErr = nil })
	waitState(t, s, "the save retry to succeed", func(st State) bool { return st.Err == nil })
	stored, err := store.Load(context.Background())
	if err != nil || stored.RefreshToken != got.RefreshToken {
		t.Errorf("store after the retry: want the rotated refresh token saved (err %v)", err)
	}
	if got := tokenRequests(srv); got != 2 {
		t.Errorf("token requests: got %d, want 2 (sign-in and one refresh; retries only save)", got)
	}
}

// TestRefreshUnsavedNotReplacedByStored checks that a token held only in memory (its save
// failed) is not replaced by the older token in the store, whose refresh token Zoom has
// already retired, even while that stored access token has not expired.
func TestRefreshUnsavedNotReplacedByStored(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	store := &slowStore{Store: tokenstore.NewMemory()}
	s := signedInSession(t, srv, sessTestOptions(store))
	t0, err := s.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	store.set(func(s *slowStore) { s.saveErr = tokenstore.ErrUnavailable })
	t1, err := s.forceRefresh(context.Background(), t0.AccessToken) // REST answered 401 code 124
	if err != nil || t1.AccessToken == t0.AccessToken {
		t.Fatalf("first forced refresh: got err %v or the same token, want a rotated token", err)
	}
	t2, err := s.forceRefresh(context.Background(), t1.AccessToken)
	if err != nil {
		t.Fatalf("second forced refresh: %v", err)
	}
	if t2.AccessToken == t0.AccessToken || !srv.GrantActive(t2.RefreshToken) {
		t.Errorf("second forced refresh: got the stored (retired) token back or a dead one, want a newly rotated token")
	}
}

// TestRefreshNeverWithoutLock checks that a lock file that cannot be made (its directory is
// a file) stops the refresh like a busy lock: Offline with the cause in State, Zoom not called.
func TestRefreshNeverWithoutLock(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	clock := &sessClock{}
	dir := t.TempDir()
	opts := sessTestOptions(tokenstore.NewMemory())
	opts.now, opts.LockPath = clock.now, filepath.Join(dir, "state", "session.lock")
	s := signedInSession(t, srv, opts)
	if err := os.RemoveAll(filepath.Join(dir, "state")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "state"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	before := tokenRequests(srv)
	clock.advance(time.Hour)
	if _, err := s.Token(context.Background()); !errors.Is(err, ErrOffline) {
		t.Errorf("Token without a usable lock file: got %v, want %v", err, ErrOffline)
	}
	if st := s.State(); st.Kind != Offline || st.Err == nil {
		t.Errorf("State: got %q err %v, want %q with the lock error", st.Kind, st.Err, Offline)
	}
	if got := tokenRequests(srv) - before; got != 0 {
		t.Errorf("token requests without the lock: got %d, want 0", got)
	}
}
