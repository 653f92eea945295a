package service

import (
	"context"
	"time"

	"github.com/zoomtray/zoomtray/auth"
)

// Retry backoff of a revocation Zoom did not confirm: the first retry soon (a network that
// was down for a moment), then doubling up to revokeRetryMax.
const (
	revokeRetryFirst = 30 * time.Second
	revokeRetryMax   = 30 * time.Minute
	// timerRevoke names the retry timer (test clocks find it by name).
	timerRevoke = "revoke"
	// revokeTimeout bounds one retry.
	revokeTimeout = 30 * time.Second
)

// pendingRevocations are signed-out grants Zoom has not confirmed revoked; the service
// retries them with backoff until it has (revokeLoop). Status says "sign-out not confirmed
// by Zoom" meanwhile.
type pendingRevocations struct {
	list  []*auth.PendingRevocation
	delay time.Duration // the next retry's wait
	kick  chan struct{} // wakes revokeLoop (1 slot)
}

// addPending records p and wakes the retry loop.
func (s *Service) addPending(p *auth.PendingRevocation) {
	s.mu.Lock()
	s.revokes.list = append(s.revokes.list, p)
	s.revokes.delay = revokeRetryFirst
	s.lastErr = unconfirmedSignOut()
	s.mu.Unlock()
	s.log.Warn("service: sign-out not confirmed by Zoom; retrying", "grant", p.TokenHash()[:12])
	wake(s.revokes.kick)
}

// unconfirmedSignOut is the status error while a revocation is pending.
func unconfirmedSignOut() *ErrorInfo {
	return &ErrorInfo{Kind: KindAuth, Reason: ReasonRevokeFailed,
		Message: "sign-out not confirmed by Zoom: the sign-in stays valid at Zoom until the retry reaches it"}
}

// revokeLoop retries the pending revocations (a Run job): after the backoff delay, and at
// once when a new one comes. When the last is confirmed, the status error goes.
func (s *Service) revokeLoop(ctx context.Context) {
	for {
		s.mu.Lock()
		n, delay := len(s.revokes.list), s.revokes.delay
		s.mu.Unlock()
		var fire <-chan time.Time
		stop := func() bool { return false }
		if n > 0 {
			fire, stop = s.clk.Timer(timerRevoke, s.clk.Now().Add(delay))
		}
		select {
		case <-ctx.Done():
			stop()
			return
		case <-s.revokes.kick:
			stop()
		case <-fire:
			s.retryRevocations(ctx)
		}
	}
}

// retryRevocations tries each pending revocation once and doubles the backoff when any is
// still unconfirmed.
func (s *Service) retryRevocations(ctx context.Context) {
	s.mu.Lock()
	list := append([]*auth.PendingRevocation(nil), s.revokes.list...)
	s.mu.Unlock()
	var left []*auth.PendingRevocation
	for _, p := range list {
		rctx, cancel := context.WithTimeout(ctx, revokeTimeout)
		err := p.Retry(rctx)
		cancel()
		if err != nil {
			s.log.Warn("service: revocation retry failed", "grant", p.TokenHash()[:12], "err", Describe(err).Message)
			left = append(left, p)
		}
	}
	s.mu.Lock()
	s.revokes.list = left
	s.revokes.delay = min(2*s.revokes.delay, revokeRetryMax)
	done := len(left) == 0
	if done && s.lastErr != nil && s.lastErr.Reason == ReasonRevokeFailed {
		s.lastErr = nil
	}
	s.mu.Unlock()
	s.publish()
	if done && s.sess.State().Kind == auth.SignedOut {
		s.kioskSignedOut()
	}
}

// kioskSignedOut tells the agent, in kiosk mode, that a sign-out is complete.
func (s *Service) kioskSignedOut() {
	if s.kioskMode() && s.opts.KioskSignedOut != nil {
		s.log.Info("service: kiosk sign-out complete")
		s.opts.KioskSignedOut()
	}
}
