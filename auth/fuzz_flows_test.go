package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzCallback feeds arbitrary requests to the loopback handler. "STATE" in the query is
// replaced by the sign-in's real state so the fuzzer reaches the accepting path. The
// handler must never panic, never show the state, and take a result only from a GET
// /callback with the right Host and exactly the right state.
func FuzzCallback(f *testing.F) {
	f.Add("GET", "/callback", "code=abc&state=STATE", "127.0.0.1:53682")
	f.Add("GET", "/callback", "error=access_denied&error_description=%3Cb%3E&state=STATE", "127.0.0.1:53682")
	f.Add("GET", "/callback", "code=abc&state=STATE&state=x", "127.0.0.1:53682")
	f.Add("GET", "/callback", "code=abc&state=STATEx", "127.0.0.1:53682")
	f.Add("GET", "/callback", "code=abc&state=STATE", "localhost:53682")
	f.Add("POST", "/favicon.ico", "", "")
	f.Fuzz(func(t *testing.T, method, path, rawQuery, host string) {
		b := newBrowserLogin(context.Background(), flowTestConfig(53682), BrowserOptions{exchange: (&stubExchange{}).exchange}, 53682)
		defer b.cancel(nil)
		rawQuery = strings.ReplaceAll(rawQuery, "STATE", b.state)
		r := &http.Request{Method: method, URL: &url.URL{Path: path, RawQuery: rawQuery}, Host: host, Header: http.Header{}}
		r = r.WithContext(t.Context())
		w := httptest.NewRecorder()
		b.serveCallback(w, r)
		if strings.Contains(w.Body.String(), b.state) && !echoes(b.state, path, rawQuery, host) {
			t.Fatalf("page shows the state")
		}
		select {
		case res := <-b.result:
			q, ok := callbackQuery(rawQuery)
			if !ok || q.Get("state") != b.state || host != b.host || method != "GET" || path != "/callback" {
				t.Fatalf("accepted %s %q %q with host %q: want only GET /callback with the right state and host", method, path, rawQuery, host)
			}
			if res.err == nil && res.tok == nil {
				t.Fatalf("accepted result has neither token nor error")
			}
		default:
		}
	})
}

// echoes reports whether a request carries secret somewhere other than its state parameter
// (say error=<state>): a page that repeats what the requester sent leaks nothing.
func echoes(secret, path, rawQuery, host string) bool {
	if strings.Contains(path, secret) || strings.Contains(host, secret) {
		return true
	}
	q, err := url.ParseQuery(rawQuery)
	if err != nil {
		return strings.Count(rawQuery, secret) > 1
	}
	for k, vs := range q {
		if strings.Contains(k, secret) {
			return true
		}
		for _, v := range vs {
			if k != "state" && strings.Contains(v, secret) {
				return true
			}
		}
	}
	return false
}

// FuzzDeviceResponse feeds arbitrary bodies to the devicecode and token decoders: they must
// not panic, must clamp what they accept, and must keep the body out of error messages.
func FuzzDeviceResponse(f *testing.F) {
	f.Add([]byte(deviceOK[4:]))
	f.Add([]byte(tokenOK[4:]))
	f.Add([]byte(`{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`))
	f.Add([]byte(`{"device_code":"d","user_code":"u","verification_url":"http://h","expires_in":"1e9","interval":-1}`))
	f.Add([]byte(`{"device_code":1}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		now := time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC)
		d, err := decodeDeviceResponse(body, now)
		if err == nil {
			checkDecodedDevice(t, d, now)
		} else if len(body) > 40 && strings.Contains(err.Error(), string(body)) {
			t.Fatalf("error %q quotes the body", err)
		}
		if tok, err := decodeTokenResponse(body, now); err == nil && tok.AccessToken == "" {
			t.Fatalf("token without access_token accepted")
		}
		te := tokenErrorFromBody(body)
		if msg := te.Error(); len(msg) > 400 || !utf8.ValidString(te.Code+te.Reason) && utf8.Valid(body) {
			t.Fatalf("token error message too long or mangled: %d bytes", len(msg))
		}
	})
}

func checkDecodedDevice(t *testing.T, d *deviceResponse, now time.Time) {
	t.Helper()
	if d.DeviceCode == "" || d.UserCode == "" || !httpURL(d.VerificationURI) {
		t.Fatalf("accepted a response without codes or an http(s) verification URI: %+v", d)
	}
	if d.VerificationURIComplete != "" && !httpURL(d.VerificationURIComplete) {
		t.Fatalf("kept a non-http complete URI %q", d.VerificationURIComplete)
	}
	if d.Interval < time.Second || d.Interval > maxDeviceInterval {
		t.Fatalf("interval %v outside [1s, %v]", d.Interval, maxDeviceInterval)
	}
	if life := d.Expiry.Sub(now); life < time.Second || life > maxDeviceLifetime {
		t.Fatalf("lifetime %v outside [1s, %v]", life, maxDeviceLifetime)
	}
}
