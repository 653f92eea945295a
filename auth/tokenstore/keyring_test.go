package tokenstore

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"golang.org/x/oauth2"
)

// The macOS backend of go-keyring refuses a command over 4,096 bytes; it sends the secret
// base64-encoded with an 18-byte prefix, plus about 60 bytes of command and the names.
func macCommandBytes(service, account string, secret int) int {
	return len("add-generic-password -U -s  -a  -w \n") + len(service) + len(account) + 4 +
		len("go-keyring-base64:") + (secret+2)/3*4
}

func TestKeyringItemSizes(t *testing.T) {
	be := newFakeBackend()
	account := Account("Zoom-Client-ID-Of-22c", "https://zoomgov.com")
	s := newKeyring(OpenOptions{Account: account, backend: be})
	if err := s.Save(context.Background(), zoomToken(t)); err != nil {
		t.Fatalf("Save of a realistic token: %v", err)
	}
	sizes := be.sizes()
	if len(sizes) != 2 {
		t.Fatalf("got %d items, want 2 (refresh and access)", len(sizes))
	}
	for item, n := range sizes {
		if n > 2560 {
			t.Errorf("item %q is %d bytes, want at most 2,560 (Windows Credential Manager)", item, n)
		}
		if n > MaxItemBytes {
			t.Errorf("item %q is %d bytes, want at most MaxItemBytes %d", item, n, MaxItemBytes)
		}
		if c := macCommandBytes(DefaultService, account+"/access", n); c > 4096 {
			t.Errorf("item %q makes a %d-byte macOS keychain command, want at most 4,096", item, c)
		}
	}
}

func TestKeyringRefusesHugeToken(t *testing.T) {
	s := newKeyring(OpenOptions{Account: "a", backend: newFakeBackend()})
	tok := &oauth2.Token{AccessToken: "x", RefreshToken: jwtLike(t, 2500)}
	err := s.Save(context.Background(), tok)
	if err == nil || !strings.Contains(err.Error(), "--token-store=file") {
		t.Fatalf("got err %v, want a too-large error suggesting --token-store=file", err)
	}
}

func TestKeyringUnavailableErrors(t *testing.T) {
	causes := []string{
		`exec: "dbus-launch": executable file not found in $PATH`,
		"The name org.freedesktop.secrets was not provided by any .service files",
		"failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'",
	}
	for _, cause := range causes {
		t.Run(cause[:12], func(t *testing.T) {
			be := newFakeBackend()
			be.err = errors.New(cause)
			_, err := Open(KindKeyring, OpenOptions{Account: "a", backend: be})
			wantUnavailable(t, err, cause)
			_, err = newKeyring(OpenOptions{Account: "a", backend: be}).Load(context.Background())
			wantUnavailable(t, err, cause)
		})
	}
}

// wantUnavailable fails t unless err wraps ErrUnavailable and tells the user what to do.
func wantUnavailable(t *testing.T, err error, cause string) {
	t.Helper()
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("got err %v, want ErrUnavailable", err)
	}
	msg := err.Error()
	for _, want := range []string{"the system keyring is not available", cause, "gnome-keyring",
		"--token-store=file (tokens in a 0600 file)"} {
		if !strings.Contains(msg, want) {
			t.Errorf("got message %q, want it to contain %q", msg, want)
		}
	}
}

func TestKeyringTimeout(t *testing.T) {
	tests := []struct {
		name    string
		timeout time.Duration
		ctx     func() (context.Context, context.CancelFunc)
		want    string
	}{
		{"own timeout", 5 * time.Second, func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}, "no answer within 5s"},
		{"context deadline first", time.Hour, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), time.Second)
		}, "no answer before the deadline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				be := newFakeBackend()
				be.block = make(chan struct{}) // a keyring waiting for an unlock prompt
				defer close(be.block)
				ctx, cancel := tt.ctx()
				defer cancel()
				s := newKeyring(OpenOptions{Account: "a", Timeout: tt.timeout, backend: be})
				_, err := s.Load(ctx)
				if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), tt.want) ||
					!strings.Contains(err.Error(), "unlock prompt") {
					t.Fatalf("got err %v, want ErrUnavailable saying %q and unlock prompt", err, tt.want)
				}
			})
		})
	}
}

// After a timeout, later calls fail at once while the first still waits (one leaked
// goroutine at most), and work again once the keyring answers.
func TestKeyringStuckCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		be := newFakeBackend()
		be.block = make(chan struct{})
		s := newKeyring(OpenOptions{Account: "a", backend: be})
		if _, err := s.Load(ctx); !errors.Is(err, ErrUnavailable) {
			t.Fatalf("first Load: got %v, want ErrUnavailable", err)
		}
		_, err := s.Load(ctx)
		if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "earlier call") {
			t.Fatalf("second Load: got %v, want ErrUnavailable about the earlier call", err)
		}
		be.mu.Lock()
		block := be.block
		be.block = nil // the user unlocked the keyring
		be.mu.Unlock()
		close(block)
		synctest.Wait()
		if _, err := s.Load(ctx); !errors.Is(err, ErrNotFound) {
			t.Fatalf("Load after the keyring answered: got %v, want ErrNotFound", err)
		}
	})
}

func TestKeyringCanceled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		be := newFakeBackend()
		be.block = make(chan struct{})
		defer close(be.block)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := newKeyring(OpenOptions{Account: "a", backend: be}).Save(ctx, zoomToken(t))
		if !errors.Is(err, context.Canceled) || errors.Is(err, ErrUnavailable) {
			t.Fatalf("got err %v, want context.Canceled and not ErrUnavailable", err)
		}
	})
}

// A save that stops after the refresh item keeps the new refresh token and drops the old
// access token, so the session refreshes instead of using a token of another grant.
func TestKeyringPartialSave(t *testing.T) {
	ctx := context.Background()
	be := newFakeBackend()
	s := newKeyring(OpenOptions{Account: "a", backend: be})
	old, next := zoomToken(t), zoomToken(t)
	if err := s.Save(ctx, old); err != nil {
		t.Fatal(err)
	}
	be.failSetUser = "a/access"
	if err := s.Save(ctx, next); err == nil {
		t.Fatal("Save with failing access item: got nil error, want an error")
	}
	got, err := s.Load(ctx)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if got.RefreshToken != next.RefreshToken {
		t.Error("got the old refresh token, want the new one (it rotates and is single-use)")
	}
	if got.AccessToken != "" || got.Valid() {
		t.Error("got a valid access token from a half-saved pair, want none (forces a refresh)")
	}
}

func TestKeyringCorruptItem(t *testing.T) {
	be := newFakeBackend()
	be.items[DefaultService+"\x00a"] = "{not json"
	_, err := newKeyring(OpenOptions{Account: "a", backend: be}).Load(context.Background())
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "sign in again") {
		t.Fatalf("got err %v, want ErrCorrupt saying to sign in again", err)
	}
}
