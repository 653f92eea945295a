package reliability

import (
	"context"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// Client settings of the matrix: a short HTTP timeout so that the timeout fault (a delay
// longer than it) ends quickly, and two retries.
const (
	matrixTimeout = time.Second
	matrixDelay   = 3 * time.Second
	matrixRetries = 2
)

// endpoint is one Zoom endpoint the app uses, as the matrix exercises it.
type endpoint struct {
	name   string
	path   string // fault path prefix
	method string // fault method, "" for any
	routes []string
	// maxRequests bounds the requests at routes the call may make under a fault.
	maxRequests int
	// opts adjusts the fake's options for the cell (e.g. a short device code lifetime).
	opts func(*zoomtest.Options, *cell)
	// prepare does what the call needs before faults are switched on, and returns the call.
	prepare func(t *testing.T, c *cell) func(ctx context.Context) error
}

// cell is the environment of one cell: the fake, and the app's configuration with the
// matrix's short timeout and a transport that counts the requests sent.
type cell struct {
	s    *zoomtest.Server
	cfg  auth.Config
	port int // a free loopback port, for the redirect of a browser sign-in
}

// restClient returns a zoomapi client on a signed-in session against s, with the matrix's
// short timeout and retries.
func restClient(t *testing.T, c *cell) *zoomapi.Client {
	t.Helper()
	sess := signedIn(t, c.cfg, auth.SessionOptions{}, issue(t, c.s))
	hc := *sess.HTTPClient()
	hc.Timeout = matrixTimeout
	return zoomapi.NewClient(&hc, sess.APIURL(), zoomapi.WithRetries(matrixRetries, 3*time.Second))
}

// restEndpoint is a REST endpoint called through zoomapi.
func restEndpoint(name, method, path string, call func(ctx context.Context, c *zoomapi.Client) error, extra ...string) endpoint {
	return endpoint{name: name, path: path, method: method,
		routes: append([]string{method + " " + path}, extra...), maxRequests: 1 + matrixRetries,
		prepare: func(t *testing.T, c *cell) func(context.Context) error {
			rc := restClient(t, c)
			return func(ctx context.Context) error { return call(ctx, rc) }
		}}
}

// endpoints are every endpoint the app uses (docs/zoom-reference.md, "Endpoints the app uses").
func endpoints() []endpoint {
	return []endpoint{
		refreshEndpoint(), devicecodeEndpoint(), devicePollEndpoint(), exchangeEndpoint(), revokeEndpoint(),
		restEndpoint("users/me", "GET", "/v2/users/me", func(ctx context.Context, c *zoomapi.Client) error {
			_, err := c.Me(ctx)
			return err
		}),
		restEndpoint("meetings", "GET", "/v2/users/me/meetings", func(ctx context.Context, c *zoomapi.Client) error {
			_, err := c.UpcomingMeetings(ctx)
			return err
		}),
		restEndpoint("upcoming", "GET", "/v2/users/me/upcoming_meetings", func(ctx context.Context, c *zoomapi.Client) error {
			_, err := c.UpcomingMeetings(ctx)
			return err
		}),
		restEndpoint("recordings", "GET", "/v2/users/me/recordings", func(ctx context.Context, c *zoomapi.Client) error {
			now := time.Now()
			_, err := c.Recordings(ctx, now.AddDate(0, 0, -20), now)
			return err
		}),
		restEndpoint("create", "POST", "/v2/users/me/meetings", func(ctx context.Context, c *zoomapi.Client) error {
			_, err := c.CreateInstantMeeting(ctx, "fault matrix")
			return err
		}),
		restEndpoint("zak", "GET", "/v2/users/me/zak", func(ctx context.Context, c *zoomapi.Client) error {
			_, err := c.ZAK(ctx)
			return err
		}),
		downloadEndpoint(),
	}
}

// downloadEndpoint downloads the newest recording's first file.
func downloadEndpoint() endpoint {
	return endpoint{name: "download", path: "/rec/download/", method: "GET",
		routes: []string{"GET /rec/download/{file}"}, maxRequests: 1 + matrixRetries,
		prepare: func(t *testing.T, c *cell) func(context.Context) error {
			rc := restClient(t, c)
			f := downloadable(t, rc)
			return func(ctx context.Context) error { return rc.Download(ctx, f, io.Discard, 0, nil) }
		}}
}

// refreshEndpoint refreshes an expired access token through Session.Token.
func refreshEndpoint() endpoint {
	return endpoint{name: "token refresh", path: "/oauth/token", method: "POST",
		routes: []string{"POST /oauth/token"}, maxRequests: 1 + matrixRetries,
		prepare: func(t *testing.T, c *cell) func(context.Context) error {
			tok := issue(t, c.s)
			tok.Expiry = time.Now().Add(-time.Minute)
			sess := signedIn(t, c.cfg, auth.SessionOptions{}, tok)
			return func(ctx context.Context) error {
				_, err := sess.Token(ctx)
				return err
			}
		}}
}

// revokeEndpoint signs out, which revokes at Zoom; a failed revocation is RevokeErr.
func revokeEndpoint() endpoint {
	return endpoint{name: "revoke", path: "/oauth/revoke", method: "POST",
		routes: []string{"POST /oauth/revoke"}, maxRequests: 1 + matrixRetries,
		prepare: func(t *testing.T, c *cell) func(context.Context) error {
			sess := signedIn(t, c.cfg, auth.SessionOptions{}, issue(t, c.s))
			return func(ctx context.Context) error {
				res, err := sess.SignOut(ctx)
				if err != nil || !res.Deleted {
					return fmt.Errorf("local delete failed (deleted %v): %w", res.Deleted, err)
				}
				return res.RevokeErr
			}
		}}
}

// downloadable returns a completed recording file with a download URL, from the fake's
// seeded recordings of the last month.
func downloadable(t *testing.T, c *zoomapi.Client) zoomapi.RecordingFile {
	t.Helper()
	recs, err := c.Recordings(context.Background(), time.Now().AddDate(0, -1, 0), time.Now())
	if err != nil {
		t.Fatalf("Recordings: %v", err)
	}
	for _, r := range recs {
		for _, f := range r.Files {
			if f.DownloadURL != "" && f.Status == "completed" {
				return f
			}
		}
	}
	t.Fatalf("Recordings: got %d recordings and no completed file with a download URL", len(recs))
	return zoomapi.RecordingFile{}
}
