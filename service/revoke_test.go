package service

import (
	"context"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// TestSignOutRetriesRevocation: a sign-out whose revocation Zoom does not confirm keeps
// "sign-out not confirmed by Zoom" in the status and retries with backoff until Zoom has
// revoked both the access and the refresh token, even when Zoom ends only the token it is
// sent (RevokeAccessOnly).
func TestSignOutRetriesRevocation(t *testing.T) {
	clk := newFakeClock(time.Now())
	env := newFake(t, clk, zoomtest.Options{AutoApprove: alex, RevokeAccessOnly: true})
	s := newService(t, env.testOptions(t, clk, nil))
	run(t, s)
	login(t, s)
	before := env.zoom.Secrets()
	env.zoom.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 503, Path: "/oauth/revoke", Count: 2})

	res, err := s.Logout(context.Background())
	if err != nil || res.Revoked {
		t.Fatalf("Logout = %+v, %v; want an unconfirmed revocation", res, err)
	}
	st, _ := s.Status(context.Background())
	if st.LastError == nil || st.LastError.Reason != ReasonRevokeFailed {
		t.Fatalf("status error = %+v, want %s (sign-out not confirmed)", st.LastError, ReasonRevokeFailed)
	}
	if !anyActive(env.zoom, before) {
		t.Fatal("the grant is already dead at Zoom; the test needs it alive")
	}

	// The first retry meets the second failure; the next one, later, gets through.
	first := clk.waitTimer(t, timerRevoke)
	clk.advance(first)
	eventually(t, "a later retry armed", func() bool {
		at, ok := clk.pending(timerRevoke)
		return ok && at.Sub(first) >= revokeRetryFirst
	})
	second, _ := clk.pending(timerRevoke)
	if got := second.Sub(first); got != 2*revokeRetryFirst {
		t.Errorf("backoff = %v, want %v", got, 2*revokeRetryFirst)
	}
	clk.advance(second)
	eventually(t, "every token revoked at Zoom", func() bool { return !anyActive(env.zoom, before) })
	eventually(t, "the status error cleared", func() bool {
		st, _ := s.Status(context.Background())
		return st.LastError == nil
	})
}

// anyActive reports whether Zoom still accepts any of the secrets.
func anyActive(z *zoomtest.Server, secrets []string) bool {
	for _, sec := range secrets {
		if z.GrantActive(sec) {
			return true
		}
	}
	return false
}
