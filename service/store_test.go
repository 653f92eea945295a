package service

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// noBusChild marks the child process of runNoBusChild.
const noBusChild = "ZOOMTRAY_SERVICE_TEST_NO_BUS"

// runNoBusChild runs the no-bus case of TestStoreFromSettings in a child process whose
// session bus address points at a socket that does not exist.
func runNoBusChild(t *testing.T) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestStoreFromSettings$/^keyring_unavailable", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), noBusChild+"=1",
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(t.TempDir(), "no-bus"))
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestStoreFromSettings/keyring_unavailable") {
		t.Fatalf("child test did not pass: %v\n%s", err, out)
	}
}

func TestStoreFromSettings(t *testing.T) {
	tests := []struct {
		name     string
		store    string
		noBus    bool // point the session bus at nothing: the keyring is unavailable
		real     bool // needs the real keyring of scripts/testenv.sh
		wantKind string
		wantErr  string // ErrorInfo kind of New's error
	}{
		{name: "file", store: "file", wantKind: "file"},
		{name: "memory", store: "memory", wantKind: "memory"},
		// Only in a child process with the session bus pointed at nothing: godbus keeps one
		// session bus connection per process, so another test's keyring use would hide it.
		{name: "keyring unavailable is an error, no fallback", store: "keyring", noBus: true, wantErr: KindKeyring},
		{name: "real keyring", store: "keyring", real: true, wantKind: "keyring"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.real {
				testenv.Keyring(t)
			}
			if tt.noBus && os.Getenv(noBusChild) == "" {
				runNoBusChild(t)
				return
			}
			env := newFake(t, nil, zoomtest.Options{})
			dir := t.TempDir()
			opts := env.testOptions(t, newFakeClock(time.Now()), map[string]string{
				"token-store": tt.store, "token-file": filepath.Join(dir, "tokens.json"),
			})
			opts.Store = nil
			s, err := New(t.Context(), opts)
			if tt.wantErr != "" {
				if err == nil {
					_ = s.Close()
					t.Fatalf("New succeeded, want a %s error", tt.wantErr)
				}
				if got := Describe(err).Kind; got != tt.wantErr {
					t.Fatalf("New error kind = %q (%v), want %q", got, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			t.Cleanup(func() { _ = s.Close() })
			st, _ := s.Status(t.Context())
			if st.StoreKind != tt.wantKind || st.State != "signed_out" {
				t.Errorf("Status = store %q, state %q; want %q, signed_out", st.StoreKind, st.State, tt.wantKind)
			}
		})
	}
}

// TestRealKeyringSession signs in with the real keyring of scripts/testenv.sh, checks that
// a second Service picks the session up from it, and that Logout deletes it.
func TestRealKeyringSession(t *testing.T) {
	testenv.Keyring(t)
	env := newFake(t, nil, zoomtest.Options{AutoApprove: sam})
	opts := env.testOptions(t, newFakeClock(time.Now()), map[string]string{"token-store": "keyring"})
	opts.Store = nil
	first := newService(t, opts)
	login(t, first)
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second := newService(t, opts)
	st, _ := second.Status(t.Context())
	if st.State != "signed_in" || st.StoreKind != "keyring" || st.Account == nil {
		t.Fatalf("second Service: state %q, store %q, account %+v; want signed_in from the keyring", st.State, st.StoreKind, st.Account)
	}
	if res, err := second.Logout(t.Context()); err != nil || !res.Revoked {
		t.Fatalf("Logout = %+v, %v; want revoked", res, err)
	}
	third := newService(t, opts)
	if st, _ := third.Status(t.Context()); st.State != "signed_out" {
		t.Errorf("after Logout: state %q, want signed_out (token deleted from the keyring)", st.State)
	}
}

// hangingStore is a token store that answers nothing until its context is done, as a
// locked keyring whose unlock prompt nobody sees.
type hangingStore struct{ tokenstore.Store }

func (hangingStore) Load(ctx context.Context) (*oauth2.Token, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

// TestNewCancelled checks that New gives up on a store that does not answer as soon as its
// context is done, instead of holding its caller (the agent's start, a zoomctl command
// interrupted with Ctrl-C) for the whole load timeout.
func TestNewCancelled(t *testing.T) {
	env := newFake(t, nil, zoomtest.Options{})
	opts := env.testOptions(t, newFakeClock(time.Now()), nil)
	opts.Store = hangingStore{tokenstore.NewMemory()}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		s, err := New(ctx, opts)
		if err == nil {
			_ = s.Close()
		}
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("New after cancel: got %v, want context.Canceled", err)
		}
	case <-time.After(loadTimeout / 2):
		t.Fatalf("New did not return within %v of its context's cancel", loadTimeout/2)
	}
}
