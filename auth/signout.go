package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// revokeTimeout bounds the revocation request of SignOut: signing out must not hang on an
// unreachable Zoom.
const revokeTimeout = 15 * time.Second

// SignOutResult says what SignOut achieved, for the message the ui shows.
type SignOutResult struct {
	// Revoked is true when Zoom confirmed the revocation ({"status":"success"}): the grant's
	// access and refresh tokens no longer work anywhere.
	Revoked bool
	// RevokeErr says why revocation did not reach Zoom or was refused; the grant then stays
	// valid at Zoom until it expires or the user removes the app in the Zoom App Marketplace.
	// Nil when Revoked or when no token was held.
	RevokeErr error
	// Deleted is true when the local token was deleted from the store.
	Deleted bool
	// StoreKind and StoreLocation name the store the token was deleted from.
	StoreKind, StoreLocation string
	// Pending holds the grant whose revocation Zoom did not confirm (RevokeErr is set), so
	// the caller can retry it; nil otherwise.
	Pending *PendingRevocation
}

// SignOut revokes the grant at Zoom (POST /oauth/revoke with client authentication and
// token=<access token>, docs/zoom-reference.md "Revocation", RFC 7009 §2.1), then deletes the
// token locally. It takes the lock file first, then becomes SignedOut, so no refresh can
// start meanwhile; when the lock cannot be taken, nothing changes and the error says so.
// When Zoom cannot be reached, the token is still deleted locally and the result says
// revocation did not reach Zoom. The error is non-nil when the lock or the local delete
// failed; if the delete failed and the grant was not revoked either, the session keeps its
// token (SignedIn with the error in State.Err), because the store still holds it.
func (s *Session) SignOut(ctx context.Context) (SignOutResult, error) {
	res := SignOutResult{StoreKind: string(s.opts.Store.Kind()), StoreLocation: s.opts.Store.Location()}
	held, unsaved, release, err := s.detach(ctx)
	if err != nil {
		return res, fmt.Errorf("auth: sign out: %w", err)
	}
	defer release()
	tok := held
	if stored, err := s.opts.Store.Load(ctx); err == nil && !unsaved && (stored.AccessToken != "" || stored.RefreshToken != "") {
		tok = stored // another process may have rotated since; revoke the newest
	}
	if tok != nil {
		res.RevokeErr = s.revoke(ctx, tok)
		res.Revoked = res.RevokeErr == nil
		if !res.Revoked {
			res.Pending = newPendingRevocation(s, tok)
		}
	}
	if err := s.opts.Store.Delete(ctx); err != nil {
		err = fmt.Errorf("auth: sign out: delete token: %w", err)
		if !res.Revoked && held != nil {
			s.restore(held, unsaved, err) // the store still holds a live grant: say so
		} else {
			s.publishErr(err)
		}
		return res, err
	}
	res.Deleted = true
	s.log.Info("signed out", "revoked", res.Revoked, "revoke_err", res.RevokeErr, "store", res.StoreKind)
	return res, nil
}

// detach takes the lock file, waits for any refresh in flight, then takes the token out of
// the session and publishes SignedOut. It returns the token that was held (nil if none),
// whether it was newer than the stored one (its save had failed), and the lock's release.
// A refresh takes the same lock, so detach lets go of it while it waits for one.
func (s *Session) detach(ctx context.Context) (*oauth2.Token, bool, func(), error) {
	for {
		release, err := s.lock.acquire(ctx)
		if err != nil {
			return nil, false, nil, err
		}
		s.mu.Lock()
		f := s.flight
		if f == nil {
			tok, unsaved := s.tok, s.unsaved
			s.replaceTokenLocked(nil)
			s.setUnsavedLocked(false)
			s.failures = 0
			s.setStateLocked(State{Kind: SignedOut})
			s.mu.Unlock()
			return tok, unsaved, release, nil
		}
		s.mu.Unlock()
		release()
		select {
		case <-f.done:
		case <-ctx.Done():
			return nil, false, nil, ctx.Err()
		}
	}
}

// restore puts back a token that SignOut could neither revoke nor delete, unless a sign-in
// replaced it meanwhile: memory then matches the store, and State.Err says why.
func (s *Session) restore(tok *oauth2.Token, unsaved bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != nil {
		return
	}
	s.replaceTokenLocked(tok)
	s.setUnsavedLocked(unsaved)
	s.setStateLocked(State{Kind: SignedIn, Err: err})
	s.log.Warn("sign-out failed: token neither revoked nor deleted; still signed in", "err", err)
}

// publishErr sets err on the current state.
func (s *Session) publishErr(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state
	st.Err = err
	s.setStateLocked(st)
}

// revoke asks Zoom to revoke tok's grant: the access token, then the refresh token (RFC
// 7009 §2.1 accepts either; Zoom documents the access token and does not say that its
// refresh token dies with it). Both must be confirmed.
func (s *Session) revoke(ctx context.Context, tok *oauth2.Token) error {
	ctx, cancel := context.WithTimeout(ctx, revokeTimeout)
	defer cancel()
	for _, t := range []string{tok.AccessToken, tok.RefreshToken} {
		if t == "" {
			continue
		}
		if err := s.revokeToken(ctx, t, tok); err != nil {
			return err
		}
	}
	return nil
}

// revokeToken posts one token to the revocation endpoint; tok's secrets are kept out of
// the error.
func (s *Session) revokeToken(ctx context.Context, token string, tok *oauth2.Token) error {
	form := url.Values{"token": {token}}
	if s.cfg.Public() {
		form.Set("client_id", s.cfg.ClientID)
	}
	endpoint := strings.TrimRight(s.cfg.OAuthURL, "/") + "/oauth/revoke"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return fmt.Errorf("auth: revoke: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if !s.cfg.Public() {
		req.SetBasicAuth(url.QueryEscape(s.cfg.ClientID), url.QueryEscape(s.cfg.ClientSecret))
	}
	resp, err := s.tokenHTTPClient().Do(req)
	if err != nil {
		return fmt.Errorf("auth: revoke did not reach zoom: %w", err)
	}
	defer resp.Body.Close()
	return revokeAnswer(resp, tok)
}

// revokeAnswer checks Zoom's answer: HTTP 200 {"status":"success"}. Server-supplied text is
// sanitized like token endpoint errors.
func revokeAnswer(resp *http.Response, tok *oauth2.Token) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	var v struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Reason string `json:"reason"`
	}
	jsonErr := json.Unmarshal(body, &v)
	if resp.StatusCode == http.StatusOK && jsonErr == nil && v.Status == "success" {
		return nil
	}
	secrets := []string{tok.AccessToken, tok.RefreshToken}
	return &RevokeError{Status: resp.StatusCode, Code: sanitize(v.Error, 64, secrets), Reason: sanitize(v.Reason, 200, secrets)}
}

// RevokeError is Zoom refusing a revocation request (for example invalid_client). Only
// Zoom's "error" and "reason" reach its message.
type RevokeError struct {
	Status       int
	Code, Reason string
}

// Error says what Zoom answered, without token material.
func (e *RevokeError) Error() string {
	msg := fmt.Sprintf("auth: revoke: zoom answered HTTP %d", e.Status)
	if e.Code != "" {
		msg += ": " + e.Code
	}
	if e.Reason != "" {
		msg += " (" + e.Reason + ")"
	}
	return msg
}
