package service

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/internal/atomicfile"
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
	// networkSettle is how long after the last network change a pending revocation is
	// retried: a network coming back sends a burst of changes (link, address, routes), and
	// DNS may follow the address by a moment.
	networkSettle = 2 * time.Second
)

// filePending, in Options.Dirs.State, lists the pending revocations by token hash only.
// The tokens themselves wait where the session's tokens lived: in the keyring (encrypted),
// or beside the token file in a file of the same protection (0600, checked on load); with
// the memory store, in this process's memory only.
const filePending = "pending-revocations.json"

// pendingRecord is one entry of filePending.
type pendingRecord struct {
	Hash  string    `json:"token_sha256"`
	Since time.Time `json:"since"`
}

// pendingRevocations are signed-out grants Zoom has not confirmed revoked; the service
// retries them with backoff until it has (revokeLoop). Status says "sign-out not confirmed
// by Zoom" meanwhile.
type pendingRevocations struct {
	list  []*auth.PendingRevocation
	delay time.Duration // the next retry's wait
	kick  chan struct{} // wakes revokeLoop (1 slot)
	// storeFor returns the store that keeps the token of a pending revocation across runs,
	// by token hash (pendingStoreFor); nil with the memory store (the revocation is then
	// retried by this run only).
	storeFor func(hash string) tokenstore.Store
}

// pendingStoreFor picks where pending revocations outlive the process: keyring items
// "pending-revoke:<hash>" when the session's tokens are in the keyring; with the file
// store, a file "<token file>.revoke-<hash prefix>" beside the token file, as safe as the
// token file the grant was kept in until the sign-out (0600 in the same directory, and the
// same mode check on load); else (memory: by definition nothing survives) nowhere.
func pendingStoreFor(o Options, kind tokenstore.Kind) func(string) tokenstore.Store {
	switch {
	case o.pendingStore != nil:
		return o.pendingStore
	case o.Dirs.State == "":
		return nil
	case kind == tokenstore.KindKeyring:
		return func(hash string) tokenstore.Store {
			return tokenstore.NewKeyring(tokenstore.DefaultService, "pending-revoke:"+hash)
		}
	case kind == tokenstore.KindFile && o.Settings.TokenFile != "":
		return func(hash string) tokenstore.Store {
			return tokenstore.NewFile(pendingFile(o.Settings.TokenFile, hash))
		}
	}
	return nil
}

// pendingFile is the file keeping the token of the pending revocation hash, beside the
// token file. A prefix of the hash names it: enough to tell grants apart, too short to
// matter.
func pendingFile(tokenFile, hash string) string {
	return tokenFile + ".revoke-" + hash[:16]
}

// persistPending keeps p for the next run (the token in its store, and the hash record),
// best effort.
func (s *Service) persistPending(p *auth.PendingRevocation) {
	if s.revokes.storeFor == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), tokenstore.DefaultTimeout)
	defer cancel()
	if err := p.SaveTo(ctx, s.revokes.storeFor(p.TokenHash())); err != nil {
		s.log.Warn("service: keeping the pending revocation for the next start failed", "err", err)
		return
	}
	recs := s.readPending()
	recs = append(recs, pendingRecord{Hash: p.TokenHash(), Since: s.clk.Now().UTC()})
	s.writePending(recs)
}

// forgetPending drops the kept token and record of a confirmed revocation.
func (s *Service) forgetPending(hash string) {
	if s.revokes.storeFor == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), tokenstore.DefaultTimeout)
	defer cancel()
	if err := s.revokes.storeFor(hash).Delete(ctx); err != nil && !errors.Is(err, tokenstore.ErrNotFound) {
		s.log.Warn("service: deleting a revoked grant's kept token failed", "err", err)
	}
	var left []pendingRecord
	for _, r := range s.readPending() {
		if r.Hash != hash {
			left = append(left, r)
		}
	}
	s.writePending(left)
}

// resumePending takes up the revocations an earlier run left pending (at start).
func (s *Service) resumePending() {
	if s.revokes.storeFor == nil {
		return
	}
	recs := s.readPending()
	var kept []pendingRecord
	for _, r := range recs {
		ctx, cancel := context.WithTimeout(context.Background(), tokenstore.DefaultTimeout)
		tok, err := s.revokes.storeFor(r.Hash).Load(ctx)
		cancel()
		if err != nil {
			s.log.Warn("service: a pending revocation's token is gone; it cannot be retried", "err", err)
			continue
		}
		kept = append(kept, r)
		s.mu.Lock()
		s.revokes.list = append(s.revokes.list, auth.ResumePendingRevocation(s.sess, tok))
		s.revokes.delay = revokeRetryFirst
		s.mu.Unlock()
	}
	if len(kept) != len(recs) {
		s.writePending(kept)
	}
	if len(kept) > 0 {
		s.log.Info("service: retrying revocations left pending", "count", len(kept))
		s.mu.Lock()
		s.revokes.delay = 0 // at once: this start may be the network coming back
		s.mu.Unlock()
	}
}

// readPending reads filePending; missing or unreadable is empty.
func (s *Service) readPending() []pendingRecord {
	var recs []pendingRecord
	b, err := os.ReadFile(filepath.Join(s.opts.Dirs.State, filePending))
	if err == nil {
		_ = json.Unmarshal(b, &recs)
	}
	return recs
}

// writePending replaces filePending with recs (removes it when empty).
func (s *Service) writePending(recs []pendingRecord) {
	path := filepath.Join(s.opts.Dirs.State, filePending)
	if len(recs) == 0 {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			s.log.Warn("service: removing the pending revocations record failed", "err", err)
		}
		return
	}
	b, err := json.Marshal(recs)
	if err == nil {
		err = atomicfile.Write(path, b, nil)
	}
	if err != nil {
		s.log.Warn("service: writing the pending revocations record failed", "err", err)
	}
}

// addPending records p and wakes the retry loop.
func (s *Service) addPending(p *auth.PendingRevocation) {
	s.mu.Lock()
	s.revokes.list = append(s.revokes.list, p)
	s.revokes.delay = revokeRetryFirst
	s.mu.Unlock()
	s.log.Warn("service: sign-out not confirmed by Zoom; retrying", "grant", p.TokenHash()[:12])
	s.persistPending(p)
	wake(s.revokes.kick)
}

// retryRevocationsNow retries the pending revocations at once, when Zoom was just reached
// (a sign-in): the network they were waiting for is back.
func (s *Service) retryRevocationsNow() {
	s.mu.Lock()
	n := len(s.revokes.list)
	s.revokes.delay = 0
	s.mu.Unlock()
	if n > 0 {
		wake(s.revokes.kick)
	}
}

// watchNetwork retries the pending revocations when the network may have come back (a
// Run job): on Linux an address, route or link was added (internal/netwatch, a netlink
// socket, nothing while idle). Elsewhere there is no such signal here: the backoff, a
// sign-in, the next start and the wall-clock timers' catch-up after a wake stand in.
func (s *Service) watchNetwork(ctx context.Context) {
	err := s.opts.netChanges(ctx, s.networkChanged)
	if err != nil && ctx.Err() == nil {
		s.log.Info("service: no network-change signal; pending revocations wait for their backoff", "err", err)
	}
}

// networkChanged moves a pending revocation's retry to networkSettle from now; each change
// of a burst moves it again, so one retry follows the burst. A meetings poll waiting out
// the backoff of a failure comes sooner too (pollAfterNetworkChange); a poller that is not
// failing keeps its plan.
func (s *Service) networkChanged() {
	s.mu.Lock()
	n := len(s.revokes.list)
	if n > 0 {
		s.revokes.delay = networkSettle
	}
	poll := s.pollAfterNetworkChangeLocked()
	s.mu.Unlock()
	if n > 0 {
		wake(s.revokes.kick)
	}
	if poll {
		wake(s.kick)
	}
}

// pollAfterNetworkChangeLocked moves a poll that waits out a failure's backoff to
// networkSettle from now plus a random part of the first backoff step, so that the
// laptops of an office whose network comes back do not poll Zoom at the same instant. It
// reports whether the plan changed; s.mu is held.
func (s *Service) pollAfterNetworkChangeLocked() bool {
	if s.sched.paused || s.sched.plan.Failures() == 0 {
		return false
	}
	at := s.clk.Now().Add(networkSettle + s.opts.jitter(s.opts.scaled(backoffMin)))
	if !at.Before(s.sched.next) {
		return false
	}
	s.sched.next = at
	return true
}

// unconfirmedSignOut is the status error while a revocation is pending (status: shown
// unless another error is).
func unconfirmedSignOut() *ErrorInfo {
	return &ErrorInfo{Kind: KindAuth, Reason: ReasonRevokeFailed,
		Message: "sign-out not confirmed by Zoom: the sign-in stays valid at Zoom until the retry reaches it"}
}

// revokeLoop retries the pending revocations (a Run job): after the backoff delay, at once
// when a new one comes, and soon after a network change (watchNetwork). When the last is confirmed, the status error goes.
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
	var confirmed []string
	for _, p := range list {
		rctx, cancel := context.WithTimeout(ctx, revokeTimeout)
		err := p.Retry(rctx)
		cancel()
		if err != nil {
			s.log.Warn("service: revocation retry failed", "grant", p.TokenHash()[:12], "err", Describe(err).Message)
			left = append(left, p)
			continue
		}
		confirmed = append(confirmed, p.TokenHash())
	}
	s.mu.Lock()
	s.revokes.list = left
	s.revokes.delay = min(max(2*s.revokes.delay, revokeRetryFirst), revokeRetryMax)
	done := len(left) == 0
	s.mu.Unlock()
	// The status follows Zoom's answer at once; forgetting the kept tokens may wait on a
	// slow keyring.
	s.publish()
	for _, hash := range confirmed {
		s.forgetPending(hash)
	}
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
