package auth

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// TestSignOutLockBusyChangesNothing checks that a sign-out that cannot take the lock file
// (another process holds it) leaves the session signed in, its token in the store and the
// grant active at Zoom, and says why.
func TestSignOutLockBusyChangesNothing(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	s := signedInSession(t, srv, sessTestOptions(nil))
	tok, err := s.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	holdLock(t, s.opts.LockPath)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := s.SignOut(ctx); !errors.Is(err, errLockBusy) {
		t.Fatalf("SignOut with the lock held elsewhere: got %v, want %v", err, errLockBusy)
	}
	if st := s.State(); st.Kind != SignedIn {
		t.Errorf("State: got %q, want %q", st.Kind, SignedIn)
	}
	if got, err := s.Token(context.Background()); err != nil || got.AccessToken != tok.AccessToken {
		t.Errorf("Token after the failed sign-out: got err %v, want the held token", err)
	}
	if _, err := s.opts.Store.Load(context.Background()); err != nil {
		t.Errorf("store after the failed sign-out: got %v, want the token kept", err)
	}
	if !srv.GrantActive(tok.RefreshToken) {
		t.Errorf("at the fake: grant revoked, want it active")
	}
}

// TestSignOutDeleteFails checks what a sign-out whose local delete fails leaves behind:
// when Zoom revoked the grant the session is signed out (the stored token is dead); when
// Zoom could not be told either, the session keeps its token, as the store does.
func TestSignOutDeleteFails(t *testing.T) {
	tests := []struct {
		name        string
		revokeFails bool
		wantKind    StateKind
	}{
		{name: "revoked: signed out", wantKind: SignedOut},
		{name: "not revoked: still signed in", revokeFails: true, wantKind: SignedIn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := sessFake(t, zoomtest.Options{})
			store := &brokenStore{Store: tokenstore.NewMemory()}
			s := signedInSession(t, srv, sessTestOptions(store))
			store.set(nil, nil, tokenstore.ErrUnavailable)
			if tt.revokeFails {
				srv.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 503, Path: "/oauth/revoke", Count: 1})
			}
			res, err := s.SignOut(context.Background())
			if !errors.Is(err, tokenstore.ErrUnavailable) || res.Deleted || res.Revoked == tt.revokeFails {
				t.Errorf("SignOut: got err %v deleted %v revoked %v, want %v, false, %v",
					err, res.Deleted, res.Revoked, tokenstore.ErrUnavailable, !tt.revokeFails)
			}
			st := s.State()
			if st.Kind != tt.wantKind || !errors.Is(st.Err, tokenstore.ErrUnavailable) {
				t.Errorf("State: got %q err %v, want %q with %v", st.Kind, st.Err, tt.wantKind, tokenstore.ErrUnavailable)
			}
			_, tokErr := s.Token(context.Background())
			if gotSignedIn := tokErr == nil; gotSignedIn != (tt.wantKind == SignedIn) {
				t.Errorf("Token after the sign-out: got err %v, want a token %v", tokErr, tt.wantKind == SignedIn)
			}
		})
	}
}
