package auth

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
)

// serveCallback is the loopback listener's only handler (RFC 8252 §7.3). In order:
//  1. The Host header must be exactly 127.0.0.1:PORT, so a page on another origin that
//     rebinds its DNS name to 127.0.0.1 cannot talk to the listener (403).
//  2. Only GET /callback exists; everything else, favicon included, is 404.
//  3. The query must be well formed with each parameter at most once (RFC 6749 §3.1) and
//     carry this sign-in's state (RFC 6749 §10.12). Otherwise the request gets an error
//     page and is not taken as the result: a stale tab or a forged request must neither
//     end nor cancel the sign-in the user is doing.
//  4. The first such callback is the result; later ones get an "already finished" page.
//  5. error=... becomes a *CallbackError; a code is exchanged for a token before the page
//     says whether the sign-in worked.
func (b *BrowserLogin) serveCallback(w http.ResponseWriter, r *http.Request) {
	if r.Host != b.host {
		b.log.Warn("browser sign-in: refused a request for another host")
		writeFlowPage(w, http.StatusForbidden, pageBadHost)
		return
	}
	if r.Method != http.MethodGet || r.URL.Path != "/callback" {
		writeFlowPage(w, http.StatusNotFound, pageNotFound)
		return
	}
	q, ok := callbackQuery(r.URL.RawQuery)
	if !ok || !b.stateMatches(q.Get("state")) {
		b.rejected.Add(1)
		b.log.Warn("browser sign-in: refused a callback with a wrong or malformed state")
		writeFlowPage(w, http.StatusBadRequest, pageStaleState)
		return
	}
	if !b.accepted.CompareAndSwap(false, true) {
		writeFlowPage(w, http.StatusConflict, pageAlreadyDone)
		return
	}
	res := b.complete(q)
	if res.err != nil {
		res.err = fmt.Errorf("browser sign-in: %w", res.err)
	}
	status, p := resultPage(res.err)
	writeFlowPage(w, status, p)
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	b.result <- res // buffered 1, and only one callback gets here
	close(b.finished)
}

// callbackQuery parses the query strictly: malformed escapes or a repeated state, code or
// error parameter make it unusable.
func callbackQuery(raw string) (url.Values, bool) {
	q, err := url.ParseQuery(raw)
	if err != nil {
		return nil, false
	}
	for _, k := range []string{"state", "code", "error", "error_description"} {
		if len(q[k]) > 1 {
			return nil, false
		}
	}
	return q, true
}

// stateMatches compares in constant time; an empty state never matches.
func (b *BrowserLogin) stateMatches(got string) bool {
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(b.state)) == 1
}

// complete turns a callback with the right state into the sign-in's result.
func (b *BrowserLogin) complete(q url.Values) flowResult {
	if code := q.Get("error"); code != "" {
		return flowResult{err: &CallbackError{Code: clipServerText(code, 64), Description: clipServerText(q.Get("error_description"), 200)}}
	}
	code := q.Get("code")
	if code == "" {
		return flowResult{err: ErrMissingCode}
	}
	b.log.Info("browser sign-in: authorization code received, exchanging it")
	tok, err := b.exchange(b.ctx, code)
	if err != nil {
		return flowResult{err: err}
	}
	return flowResult{tok: tok}
}

// resultPage picks the page for a result.
func resultPage(err error) (int, flowPage) {
	var ce *CallbackError
	var te *TokenError
	switch {
	case err == nil:
		return http.StatusOK, pageSuccess
	case errors.As(err, &ce):
		p := pageDenied
		if !errors.Is(err, ErrAccessDenied) {
			p = pageExchangeFailed
		}
		p.Detail = ce.Code
		if ce.Description != "" {
			p.Detail += ": " + ce.Description
		}
		return http.StatusOK, p
	case errors.Is(err, ErrMissingCode):
		return http.StatusBadRequest, pageMissingCode
	case errors.As(err, &te):
		p := pageExchangeFailed
		p.Detail = te.Code
		if te.Reason != "" {
			p.Detail += ": " + te.Reason
		}
		return http.StatusBadGateway, p
	}
	return http.StatusBadGateway, pageExchangeFailed
}
