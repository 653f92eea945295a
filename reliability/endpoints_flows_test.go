package reliability

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// Device flow timing of the matrix: polls every second for a 3 s code, so a fault that
// never clears ends in at most ceil(3/1)+1 polls plus one for margin.
const (
	matrixDeviceInterval = time.Second
	matrixDeviceTTL      = 3 * time.Second
)

// devicecodeEndpoint asks for a device code (RFC 8628 §3.1).
func devicecodeEndpoint() endpoint {
	return endpoint{name: "devicecode", path: "/oauth/devicecode", method: "POST",
		routes: []string{"POST /oauth/devicecode"}, maxRequests: 1 + matrixRetries,
		prepare: func(t *testing.T, c *cell) func(context.Context) error {
			return func(ctx context.Context) error {
				_, err := auth.StartDevice(ctx, c.cfg, auth.DeviceOptions{})
				return err
			}
		}}
}

// devicePollEndpoint polls for the device token (RFC 8628 §3.4) while the fault lasts;
// the code is never approved, so the best end is ErrDeviceCodeExpired.
func devicePollEndpoint() endpoint {
	return endpoint{name: "device poll", path: "/oauth/token", method: "POST",
		routes:      []string{"POST /oauth/token"},
		maxRequests: int(matrixDeviceTTL/matrixDeviceInterval) + 2,
		opts: func(o *zoomtest.Options, _ *cell) {
			o.DeviceInterval, o.DeviceCodeTTL = matrixDeviceInterval, matrixDeviceTTL
		},
		prepare: func(t *testing.T, c *cell) func(context.Context) error {
			d, err := auth.StartDevice(context.Background(), c.cfg, auth.DeviceOptions{})
			if err != nil {
				t.Fatalf("StartDevice: %v", err)
			}
			return func(ctx context.Context) error {
				_, err := d.Wait(ctx)
				return err
			}
		}}
}

// exchangeEndpoint runs a browser sign-in up to the callback: the fake approves at once
// (Options.AutoApprove), the test follows the redirect to the loopback listener, and the
// listener exchanges the code (RFC 6749 §4.1.3) under the fault.
func exchangeEndpoint() endpoint {
	return endpoint{name: "code exchange", path: "/oauth/token", method: "POST",
		routes: []string{"POST /oauth/token"}, maxRequests: 1 + matrixRetries,
		opts: func(o *zoomtest.Options, c *cell) {
			o.AutoApprove = userEmail
			o.Clients = []zoomtest.Client{{ID: clientID, Secret: clientSecret,
				RedirectURIs: []string{fmt.Sprintf("http://127.0.0.1:%d/callback", c.port)}}}
		},
		prepare: func(t *testing.T, c *cell) func(context.Context) error {
			cfg := c.cfg
			cfg.RedirectPorts = []int{c.port}
			b, err := auth.StartBrowser(context.Background(), cfg,
				auth.BrowserOptions{Timeout: waitFor})
			if err != nil {
				t.Fatalf("StartBrowser: %v", err)
			}
			t.Cleanup(func() { b.Close() })
			callback := authorize(t, b.URL())
			return func(ctx context.Context) error {
				go hitCallback(callback)
				_, err := b.Wait(ctx)
				return err
			}
		}}
}

// authorize does the browser's part of GET /oauth/authorize and returns the redirect
// (the loopback callback with code and state) without following it.
func authorize(t *testing.T, authorizeURL string) string {
	t.Helper()
	c := &http.Client{Timeout: 5 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(authorizeURL)
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("authorize: got status %d and no code in the redirect, want a redirect with a code", resp.StatusCode)
	}
	return loc.String()
}

// hitCallback loads the callback like the browser would; the page it gets does not matter.
func hitCallback(callback string) {
	c := &http.Client{Timeout: waitFor}
	if resp, err := c.Get(callback); err == nil {
		resp.Body.Close()
	}
}
