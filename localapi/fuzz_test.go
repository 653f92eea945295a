package localapi

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/zoomtray/zoomtray/service"
)

// FuzzHandlers sends arbitrary methods, paths, queries and bodies to the server's handler
// with a stub API: it must never panic, and must always answer a JSON body, an NDJSON stream
// of JSON lines, or (for a recording file) bytes.
func FuzzHandlers(f *testing.F) {
	seeds := []struct{ method, path, query, body string }{
		{"GET", "/v1/status", "", ""},
		{"GET", "/v1/meetings", "refresh=1", ""},
		{"POST", "/v1/meetings", "", `{"topic":"x"}`},
		{"GET", "/v1/recordings", "from=2026-11-01&to=2026-11-30", ""},
		{"GET", "/v1/meetings/12/start-url", "", ""},
		{"POST", "/v1/meetings/12/start", "", ""},
		{"GET", "/v1/meetings/12/join-url", "", ""},
		{"POST", "/v1/login", "", `{"method":"device","no_open":true}`},
		{"POST", "/v1/logout", "", ""},
		{"GET", "/v1/recordings/files/abc", "", ""},
		{"POST", "/v1/window", "", "{}"},
		{"GET", "/v1/watch", "", ""},
		{"POST", "/v1/quit", "", "null"},
		{"PUT", "/v1//status/..", "a=%zz", `{"topic":`},
	}
	for _, s := range seeds {
		f.Add(s.method, s.path, s.query, s.body)
	}
	stub := newStub()
	stub.loginEvents = []service.LoginEvent{{Event: service.EventAuthorizeURL, URL: "https://z"}}
	stub.file = []byte("file bytes")
	srv := &Server{api: stub}
	h := srv.handler()
	f.Fuzz(func(t *testing.T, method, path, query, body string) {
		if !validMethod(method) {
			return
		}
		u := &url.URL{Scheme: "http", Host: "zoomtray.local", Path: path, RawQuery: query}
		// A cancelled context ends the Watch stream at once; unary stubs ignore it.
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		req, err := http.NewRequestWithContext(ctx, method, u.String(), strings.NewReader(body))
		if err != nil {
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		checkBody(t, rec)
	})
}

// validMethod reports whether m is an HTTP token (what net/http accepts on the wire).
func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for _, c := range m {
		if c <= ' ' || c >= 0x7f || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, c) {
			return false
		}
	}
	return true
}

func checkBody(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	data := rec.Body.Bytes()
	switch ct := rec.Header().Get("Content-Type"); ct {
	case typeJSON:
		if !json.Valid(data) {
			t.Fatalf("status %d: invalid JSON body %q", rec.Code, data)
		}
	case typeNDJSON:
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if !json.Valid(sc.Bytes()) {
				t.Fatalf("invalid NDJSON line %q", sc.Bytes())
			}
		}
	case typeBytes:
		if rec.Code != http.StatusOK && rec.Code != http.StatusPartialContent {
			t.Fatalf("bytes with status %d", rec.Code)
		}
	default:
		t.Fatalf("status %d: content type %q, body %q", rec.Code, ct, data)
	}
}
