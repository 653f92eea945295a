package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// Timeouts of HTTPClient: no call to Zoom may hang the app. apiTimeout bounds a whole REST call; the transport
// timeouts bound each step so a dead connection never hangs it. Recording downloads are not
// cut by apiTimeout: zoomapi copies the client without Timeout for them and uses the Timeout
// as its stall watchdog instead.
const (
	apiTimeout            = 30 * time.Second
	dialTimeout           = 10 * time.Second
	tlsTimeout            = 10 * time.Second
	responseHeaderTimeout = 30 * time.Second
	idleConnTimeout       = 90 * time.Second
)

// codeTokenInvalid is Zoom's REST error code for an invalid or expired access token, sent
// with HTTP 401: {"code":124,"message":"Invalid access token."} (docs/zoom-reference.md).
const codeTokenInvalid = 124

// maxErrorBody bounds how much of a 401 body is read to look for code 124.
const maxErrorBody = 64 << 10

// HTTPClient returns the client zoomapi uses. Each request to a Zoom host gets
// "Authorization: Bearer" from Token(req.Context()) (RFC 6750 §2.1). When Zoom answers 401
// with code 124 (token invalid or expired, e.g. revoked or rotated elsewhere), the session
// refreshes once and the request is retried once, provided its body can be replayed
// (GetBody set, or no body); otherwise the 401 is returned as is. Requests to other hosts
// (e.g. after a redirect) never carry the token.
func (s *Session) HTTPClient() *http.Client { return s.api }

// newHTTPClient builds the client returned by HTTPClient.
func (s *Session) newHTTPClient() *http.Client {
	var base http.RoundTripper
	if s.cfg.HTTPClient != nil && s.cfg.HTTPClient.Transport != nil {
		base = s.cfg.HTTPClient.Transport
	} else {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.DialContext = (&net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}).DialContext
		t.TLSHandshakeTimeout = tlsTimeout
		t.ResponseHeaderTimeout = responseHeaderTimeout
		t.IdleConnTimeout = idleConnTimeout
		base = t
	}
	return &http.Client{Timeout: apiTimeout, Transport: &transport{s: s, base: base}}
}

// transport is the http.RoundTripper of HTTPClient.
type transport struct {
	s    *Session
	base http.RoundTripper
}

// RoundTrip adds the bearer token, and on a 401 code 124 refreshes and retries once.
func (t *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !t.s.zoomHost(req.URL) {
		return t.base.RoundTrip(req)
	}
	tok, err := t.s.Token(req.Context())
	if err != nil {
		closeBody(req)
		return nil, fmt.Errorf("auth: bearer token: %w", err)
	}
	resp, err := t.base.RoundTrip(withBearer(req, tok))
	if err != nil || resp.StatusCode != http.StatusUnauthorized || !replayable(req) || !tokenRejected(resp) {
		return resp, err
	}
	nt, err := t.s.forceRefresh(req.Context(), tok.AccessToken)
	if err != nil || nt.AccessToken == tok.AccessToken {
		return resp, nil
	}
	retry, err := rewind(req)
	if err != nil {
		return resp, nil
	}
	resp.Body.Close()
	return t.base.RoundTrip(withBearer(retry, nt))
}

// forceRefresh returns a token other than rejected: the one another caller already got, or
// a refreshed one (single-flight).
func (s *Session) forceRefresh(ctx context.Context, rejected string) (*oauth2.Token, error) {
	s.mu.Lock()
	tok, f, err := s.tokenOrFlightLocked(rejected)
	s.mu.Unlock()
	if f == nil {
		return tok, err
	}
	return s.wait(ctx, f)
}

// zoomHost reports whether u is a host that may receive the token: the OAuth host, the REST
// host (configured or the token's api_url), or a subdomain of the OAuth host's domain (Zoom's
// download_url hosts such as us06web.zoom.us).
func (s *Session) zoomHost(u *url.URL) bool {
	s.mu.Lock()
	api := apiHost(s.tok)
	s.mu.Unlock()
	for _, raw := range []string{s.cfg.OAuthURL, s.cfg.APIURL, api} {
		k, err := url.Parse(raw)
		if err != nil || k.Host == "" {
			continue
		}
		if strings.EqualFold(u.Host, k.Host) {
			return true
		}
		if raw == s.cfg.OAuthURL && net.ParseIP(k.Hostname()) == nil &&
			strings.HasSuffix(strings.ToLower(u.Hostname()), "."+strings.ToLower(k.Hostname())) {
			return true
		}
	}
	return false
}

// withBearer returns a copy of req carrying tok (a RoundTripper must not modify req).
func withBearer(req *http.Request, tok *oauth2.Token) *http.Request {
	r := req.Clone(req.Context())
	r.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	return r
}

// replayable reports whether req can be sent again.
func replayable(req *http.Request) bool {
	return req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
}

// rewind returns a copy of req with a fresh body.
func rewind(req *http.Request) (*http.Request, error) {
	r := req.Clone(req.Context())
	if req.Body == nil || req.Body == http.NoBody {
		return r, nil
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, err
	}
	r.Body = body
	return r, nil
}

// tokenRejected reports whether a 401 carries Zoom's code 124. It reads the body and puts
// back an equivalent one, so the caller still sees the whole answer.
func tokenRejected(resp *http.Response) bool {
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(b), resp.Body), resp.Body}
	if err != nil && !errors.Is(err, io.EOF) {
		return false
	}
	var v struct {
		Code int `json:"code"`
	}
	return json.Unmarshal(b, &v) == nil && v.Code == codeTokenInvalid
}

// closeBody closes a request body, as RoundTrip must even when it fails.
func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// apiHost returns the token's api_url extra without a trailing slash, or "".
func apiHost(t *oauth2.Token) string {
	if t == nil {
		return ""
	}
	u, _ := t.Extra("api_url").(string)
	if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
		return ""
	}
	return strings.TrimRight(u, "/")
}
