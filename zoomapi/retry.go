package zoomapi

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"time"
)

// Backoff between attempts: backoffBase doubled per retry, capped at backoffMax, with
// "equal jitter" (half fixed, half random) so that clients do not retry in step.
const (
	backoffBase = 500 * time.Millisecond
	backoffMax  = 8 * time.Second
)

// request is one HTTP request as send retries it: the body is kept as bytes so that each
// attempt gets a fresh reader.
type request struct {
	method, url string
	body        []byte
	header      http.Header
	// idempotent requests (GET) are retried on 5xx, 429 and any connection error
	// (refused, reset, EOF). Others (POST create) are retried only after a dial error,
	// when the request provably never reached Zoom: a retried create after a reset could
	// create a second meeting and count twice against the 100 creates a day.
	idempotent bool
	// client overrides Client.http for this request (Download uses a copy without Timeout).
	client *http.Client
}

// send performs r and returns the first response that is not retryable (the caller
// closes its body), or the last error. Retries are bounded by c.maxRetries and by
// c.maxRetryWait of total waiting; Retry-After is honoured in seconds and date forms.
func (c *Client) send(ctx context.Context, r request) (*http.Response, error) {
	budget := c.maxRetryWait
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		resp, err := c.attempt(ctx, r)
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if err == nil {
			return resp, nil
		}
		wait, ok := c.retryWait(r, err, attempt, budget)
		if !ok {
			return nil, err
		}
		budget -= wait
		if err := c.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// attempt performs one try. A 5xx or 429 answer is returned as an *Error with the body
// consumed; any other answer is returned as a response.
func (c *Client) attempt(ctx context.Context, r request) (*http.Response, error) {
	req, err := newRequest(ctx, r)
	if err != nil {
		return nil, err
	}
	hc := r.client
	if hc == nil {
		hc = c.http
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, redact(err)
	}
	if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500 {
		return resp, nil
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return nil, newError(resp.StatusCode, resp.Header, data, c.now())
}

// retryWait decides whether the failure err of the given attempt (0 = first) is retried
// and after how long. It never plans a wait beyond the remaining budget.
func (c *Client) retryWait(r request, err error, attempt int, budget time.Duration) (time.Duration, bool) {
	if attempt >= c.maxRetries || !retryable(r, err) {
		return 0, false
	}
	wait := c.backoff(attempt)
	if at, ok := RetryAfter(err); ok {
		wait = max(at.Sub(c.now()), 0)
	}
	if wait > budget {
		return 0, false
	}
	return wait, true
}

// retryable reports whether err may be retried for r (see request.idempotent).
func retryable(r request, err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var e *Error
	if errors.As(err, &e) {
		return r.idempotent && (e.Status == http.StatusTooManyRequests || e.Status >= 500)
	}
	return r.idempotent && isTransient(err) || isDialError(err)
}

// isTransient reports whether err is a failure of the connection or of a garbled answer,
// worth another try: not an error of the caller's transport itself (such as a session that
// is signed out), which a retry cannot mend.
func isTransient(err error) bool {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // *url.Error is itself a net.Error: judge what it wraps
	}
	var ne net.Error
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	return errors.As(err, &ne) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.EPIPE) || errors.As(err, &syn) || errors.As(err, &typ)
}

// isDialError reports whether err happened while connecting, before any byte was sent.
func isDialError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// backoff is the wait before retry attempt+1 when Zoom gave no Retry-After.
func (c *Client) backoff(attempt int) time.Duration {
	d := min(backoffBase<<min(attempt, 16), backoffMax)
	return d/2 + c.jitter(d/2)
}

// sleepCtx waits for d or until ctx is done, whichever is first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// randDuration returns a random duration in [0, d).
func randDuration(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d)))
}
