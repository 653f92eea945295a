package ui

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// inProcess is the real service as the window's agent: what only an agent does (its
// window, Restart) does nothing here.
type inProcess struct{ *service.Service }

func (inProcess) OpenWindow(context.Context) error { return nil }
func (inProcess) Restart(context.Context) error    { return nil }

// phoneAPI is the real service with the device codes of Login copied to phone, so the
// test can approve as a phone that scanned the QR code would.
type phoneAPI struct {
	inProcess
	phone chan string // verification_uri_complete of each code
}

func (p phoneAPI) Login(ctx context.Context, req service.LoginRequest, events func(service.LoginEvent)) error {
	return p.Service.Login(ctx, req, func(ev service.LoginEvent) {
		if ev.VerificationURIComplete != "" {
			p.phone <- ev.VerificationURIComplete
		}
		events(ev)
	})
}

// realService runs a service.Service against a fake Zoom whose seeded user alex approves
// every authorization, and returns it with the URLs it opened.
func realService(t *testing.T) (*service.Service, *opened) {
	return realServiceShapes(t, zoomtest.Shapes{})
}

// realServiceShapes is realService against a fake that sends shapes.
func realServiceShapes(t *testing.T, shapes zoomtest.Shapes) (*service.Service, *opened) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	clients := zoomtest.DefaultClients()
	for i := range clients {
		clients[i].RedirectURIs = []string{fmt.Sprintf("http://127.0.0.1:%d/callback", port)}
	}
	z := zoomtest.NewServer(zoomtest.Options{Clients: clients, DeviceInterval: time.Second, AutoApprove: "alex@example.com", Shapes: shapes})
	t.Cleanup(z.Close)
	cfg, err := config.Load(config.Sources{Flags: map[string]string{
		"client-id": "demo-client", "client-secret": "demo-secret", "zoom-url": z.URL,
		"redirect-ports": strconv.Itoa(port), "token-store": "memory", "notify-minutes": "0",
	}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	op := &opened{}
	svc, err := service.New(t.Context(), service.Options{Settings: cfg, Store: tokenstore.NewMemory(), OpenURL: op.open,
		Dirs: config.Dirs{Cache: dir + "/cache", State: dir + "/state", Config: dir, Runtime: dir}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); svc.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return svc, op
}

// opened records the URLs the service opened (a start link carries a ZAK: never logged).
type opened struct {
	mu   sync.Mutex // guards urls
	urls []string
}

func (o *opened) open(u string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.urls = append(o.urls, u)
	return nil
}

func (o *opened) count(prefix string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, u := range o.urls {
		if strings.Contains(u, prefix) {
			n++
		}
	}
	return n
}

// TestWithRealService signs in by "scanning" the QR code, then starts a hosted meeting,
// loads recordings month by month and downloads a file, all through service.Service and
// the fake Zoom.
func TestWithRealService(t *testing.T) {
	svc, op := realService(t)
	api := phoneAPI{inProcess: inProcess{svc}, phone: make(chan string, 4)}
	e := newTestEnv(t, newFakeAPI())
	e.api, e.now = api, time.Now
	m := newMain(e, loadSettings(t, ""), Options{Namespace: testNamespace})
	st, _ := svc.Status(context.Background())
	e.do(func() { m.Apply(st) })
	if got := m.Screen(); got != screenSignIn {
		t.Fatalf("screen when signed out = %q, want %q", got, screenSignIn)
	}
	select {
	case u := <-api.phone:
		phoneApproves(t, u)
	case <-time.After(20 * time.Second):
		t.Fatal("no device code within 20 s")
	}
	waitForJobs(t, e)
	if got := m.SignIn.State(); got != signInSignedIn {
		what, todo := e.banner.Shown()
		t.Fatalf("sign-in state = %q, want %q (banner %q %q)", got, signInSignedIn, what, todo)
	}
	st, _ = svc.Status(context.Background())
	e.do(func() { m.Apply(st) })
	e.jobs.Go(func(ctx context.Context) { m.Home.Load(ctx, true) })
	waitForJobs(t, e)
	startHosted(t, e, m.Home, op)
	downloadFirst(t, e, m.Recordings)
}

// phoneApproves opens the QR code's URL as a phone signed in to Zoom would.
func phoneApproves(t *testing.T, u string) {
	t.Helper()
	resp, err := (&http.Client{Timeout: 20 * time.Second}).Get(u)
	if err != nil {
		t.Fatalf("phone: %v", err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

// startHosted taps Start on the first hosted meeting and checks a start link was opened.
func startHosted(t *testing.T, e *env, h *homeScreen, op *opened) {
	t.Helper()
	for _, r := range h.Rows {
		if r.Start != nil {
			test.Tap(r.Start)
			waitForJobs(t, e)
			if got := op.count("/s/"); got != 1 {
				t.Errorf("start links opened = %d, want 1", got)
			}
			return
		}
	}
	t.Errorf("no hosted meeting among %d rows", len(h.Rows))
}

// searchMonths bounds how far back downloadFirst looks: the fake seeds recordings in the
// last weeks, so in the first days of a month the newest may be in the month before.
const searchMonths = 3

// downloadFirst loads recordings month by month, newest first, until one has a completed
// file, and downloads that file: the test does not depend on today's date.
func downloadFirst(t *testing.T, e *env, r *recordingsScreen) {
	t.Helper()
	for range searchMonths {
		r.LoadMore()
		waitForJobs(t, e)
		if fr := firstDownloadable(r); fr != nil {
			test.Tap(fr.Download)
			waitForJobs(t, e)
			info, err := os.Stat(fr.Path)
			if err != nil || info.Size() != int64(fr.File.FileSize) {
				t.Errorf("downloaded %s: %v, want %d bytes", fr.Path, err, fr.File.FileSize)
			}
			return
		}
	}
	what, _ := e.banner.Shown()
	t.Errorf("no downloadable file in %d recordings of %d months (banner %q)", len(r.Items), r.Months(), what)
}

// firstDownloadable returns the first file row with a Download button, or nil.
func firstDownloadable(r *recordingsScreen) *recordingFileRow {
	for _, it := range r.Items {
		for _, fr := range it.Files {
			if fr.Download != nil {
				return fr
			}
		}
	}
	return nil
}
