// Package zoomapi is a typed client for the parts of Zoom's REST API (v2) that zoomtray
// uses: the signed-in user, upcoming meetings, cloud recordings and their files, instant
// meetings and the ZAK that starts them. It knows nothing of OAuth: it takes an
// authenticated *http.Client (for example from auth.Session.HTTPClient), as go-github's
// NewClient does. Zoom's behaviour it copes with is described in docs/zoom-reference.md.
package zoomapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultTimeout is the Timeout of the http.Client that NewClient makes when given nil.
const DefaultTimeout = 30 * time.Second

// maxBody bounds the size of a JSON response the client reads.
const maxBody = 32 << 20

// Client calls Zoom's REST API. It is safe for concurrent use.
type Client struct {
	http    *http.Client
	base    string // REST base, e.g. "https://api.zoom.us/v2", no trailing slash
	web     string // web host for start links, e.g. "https://zoom.us"
	baseErr error  // set when baseURL did not parse; every call returns it

	concurrency  int           // recording windows fetched at once
	maxRetries   int           // retries after the first attempt
	maxRetryWait time.Duration // total time a call may spend waiting between attempts

	// Test seams, unexported so that only tests change them.
	now    func() time.Time
	sleep  func(ctx context.Context, d time.Duration) error
	jitter func(d time.Duration) time.Duration // returns a duration in [0, d)
}

// Option changes a default of NewClient.
type Option func(*Client)

// DefaultConcurrency is how many one-month recording windows Recordings fetches at once: a
// year is 13 windows (each a little shorter than a calendar month), so a year comes in one
// round trip. 13 requests at once stay under Zoom's Medium limit (20/s on Pro, 60/s on
// Business; cloud recordings need a paid plan), and a 429 is retried with backoff anyway.
const DefaultConcurrency = 13

// WithConcurrency sets how many one-month recording windows Recordings fetches at once
// (default DefaultConcurrency; values below 1 mean 1, i.e. sequential).
func WithConcurrency(n int) Option {
	return func(c *Client) { c.concurrency = max(n, 1) }
}

// WithRetries sets how many times a failed GET is retried (default 3) and the total time
// a call may wait between attempts (default 30 s). A 429 whose Retry-After lies beyond
// that budget, such as Zoom's daily limit, is returned at once with RetryAfter set.
func WithRetries(n int, maxWait time.Duration) Option {
	return func(c *Client) { c.maxRetries, c.maxRetryWait = max(n, 0), max(maxWait, 0) }
}

// NewClient returns a client for the REST base baseURL ("https://api.zoom.us/v2", or
// "https://api.zoomgov.com/v2" for Zoom for Government). httpClient must add the bearer
// token (an oauth2 client does); nil means an unauthenticated client with DefaultTimeout.
func NewClient(httpClient *http.Client, baseURL string, opts ...Option) *Client {
	if httpClient == nil {
		httpClient = &http.Client{Timeout: DefaultTimeout}
	}
	c := &Client{
		http:         httpClient,
		base:         strings.TrimRight(baseURL, "/"),
		concurrency:  DefaultConcurrency,
		maxRetries:   3,
		maxRetryWait: 30 * time.Second,
		now:          time.Now,
		sleep:        sleepCtx,
		jitter:       randDuration,
	}
	c.web, c.baseErr = webBase(c.base)
	for _, o := range opts {
		o(c)
	}
	return c
}

// webBase derives the web host from the REST base: scheme and host with a leading "api."
// removed (https://api.zoom.us/v2 → https://zoom.us); other hosts, such as the fake's
// loopback address, are kept.
func webBase(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", errors.New("zoomapi: invalid base URL")
	}
	return u.Scheme + "://" + strings.TrimPrefix(u.Host, "api."), nil
}

// call is one REST request. want names a field a successful body must have; a 200 body
// with `code` and `message` but no such field is Zoom's denial form.
type call struct {
	method string
	path   string // below the base, e.g. "/users/me"
	query  url.Values
	body   any
	want   string
}

// do sends cl, retrying as described on send, and decodes a successful body into v.
// After cancellation it returns ctx.Err() itself.
func (c *Client) do(ctx context.Context, cl call, v any) error {
	err := c.doRaw(ctx, cl, v)
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return ctx.Err()
	}
	return fmt.Errorf("%s %s: %w", strings.ToLower(cl.method), cl.path, err)
}

func (c *Client) doRaw(ctx context.Context, cl call, v any) error {
	if c.baseErr != nil {
		return c.baseErr
	}
	r := request{method: cl.method, url: c.base + cl.path, idempotent: cl.method == http.MethodGet}
	if len(cl.query) > 0 {
		r.url += "?" + cl.query.Encode()
	}
	if cl.body != nil {
		b, err := json.Marshal(cl.body)
		if err != nil {
			return fmt.Errorf("encode request: %w", err)
		}
		r.body = b
	}
	resp, err := c.send(ctx, r)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return fmt.Errorf("read response: %w", redact(err))
	}
	return c.decode(resp, data, cl.want, v)
}

// decode turns a response into v or an error: an error status or Zoom's denial form is an
// *Error, an HTML page where JSON was expected is an *Error, bad JSON is a decode error.
func (c *Client) decode(resp *http.Response, data []byte, want string, v any) error {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newError(resp.StatusCode, resp.Header, data, c.now())
	}
	if isHTML(resp.Header, data) {
		return &Error{Status: resp.StatusCode, Message: errHTML}
	}
	if e := denial(data, want); e != nil {
		return e
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode response: malformed JSON: %w", err)
	}
	return nil
}

// newRequest builds the http.Request of one attempt.
func newRequest(ctx context.Context, r request) (*http.Request, error) {
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, r.url, body)
	if err != nil {
		return nil, fmt.Errorf("new request: %w", redact(err))
	}
	req.Header.Set("Accept", "application/json")
	if r.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, vs := range r.header {
		req.Header[k] = vs
	}
	return req, nil
}

// redact removes the query string from the URL inside a *url.Error, so that an error
// never carries a ZAK, token or signed download parameter.
func redact(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if u, perr := url.Parse(ue.URL); perr == nil {
			u.RawQuery, u.Fragment, u.User = "", "", nil
			ue.URL = u.String()
		} else {
			ue.URL = "(url)"
		}
	}
	return err
}
