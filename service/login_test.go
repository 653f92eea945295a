package service

import (
	"context"
	"errors"
	"fmt"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/desktop"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// recorder collects login events and lets a test react to them.
type recorder struct {
	mu     sync.Mutex // guards events
	events []LoginEvent
	on     func(LoginEvent)
}

func (r *recorder) add(e LoginEvent) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
	if r.on != nil {
		r.on(e)
	}
}

func (r *recorder) names() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, e := range r.events {
		out = append(out, e.Event)
	}
	return out
}

// approver returns an event hook that approves the device code as email at the fake.
func approver(t *testing.T, z *zoomtest.Server, email string) func(LoginEvent) {
	return func(e LoginEvent) {
		if e.Event == EventDeviceCode {
			if err := z.ApproveDevice(e.UserCode, email, true); err != nil {
				t.Errorf("ApproveDevice: %v", err)
			}
		}
	}
}

// opener returns an event hook that loads the authorize URL like a browser once both it
// and the trigger event have come, so a test decides which flow of MethodBoth wins.
func opener(t *testing.T, trigger string) func(LoginEvent) {
	var mu sync.Mutex // guards url and seen
	var url string
	var seen bool
	load := browse(t)
	return func(e LoginEvent) {
		mu.Lock()
		defer mu.Unlock()
		switch e.Event {
		case EventAuthorizeURL:
			url = e.URL
		case trigger:
			seen = true
		default:
			return
		}
		if url != "" && seen {
			_ = load(url)
		}
	}
}

func TestLogin(t *testing.T) {
	tests := []struct {
		name        string
		fake        zoomtest.Options
		flags       map[string]string
		req         LoginRequest
		env         map[string]string
		approve     bool   // approve the device code through the fake
		openOn      string // load the authorize URL once this event has come
		busyPort    bool   // another program holds the redirect port
		want        []string
		wantGrant   string
		wantErrKind string
		wantReason  Reason
	}{
		{name: "browser", fake: zoomtest.Options{AutoApprove: sam}, req: LoginRequest{Method: MethodBrowser},
			want: []string{EventAuthorizeURL, EventSignedIn}, wantGrant: "authorization_code"},
		{name: "device", req: LoginRequest{Method: MethodDevice}, approve: true,
			want: []string{EventDeviceCode, EventSignedIn}, wantGrant: deviceGrant},
		{name: "auto without display picks device", req: LoginRequest{}, approve: true,
			want: []string{EventNotice, EventDeviceCode, EventSignedIn}, wantGrant: deviceGrant},
		{name: "auto with display picks browser", fake: zoomtest.Options{AutoApprove: sam}, env: map[string]string{"DISPLAY": ":0"},
			want: []string{EventAuthorizeURL, EventSignedIn}, wantGrant: "authorization_code"},
		{name: "both, browser wins", fake: zoomtest.Options{AutoApprove: sam}, req: LoginRequest{Method: MethodBoth, NoOpen: true},
			openOn: EventDeviceCode, want: []string{EventAuthorizeURL, EventDeviceCode, EventSignedIn}, wantGrant: "authorization_code"},
		{name: "both, device wins", req: LoginRequest{Method: MethodBoth, NoOpen: true}, approve: true,
			want: []string{EventAuthorizeURL, EventDeviceCode, EventSignedIn}, wantGrant: deviceGrant},
		{name: "both, device unavailable", fake: zoomtest.Options{AutoApprove: sam},
			flags: map[string]string{"client-id": "nodevice-client", "client-secret": "nodevice-secret"},
			req:   LoginRequest{Method: MethodBoth, NoOpen: true}, openOn: EventDeviceUnavailable,
			want: []string{EventAuthorizeURL, EventDeviceUnavailable, EventSignedIn}, wantGrant: "authorization_code"},
		{name: "both, browser port busy", req: LoginRequest{Method: MethodBoth}, busyPort: true, approve: true,
			want: []string{EventNotice, EventDeviceCode, EventSignedIn}, wantGrant: deviceGrant},
		{name: "device unavailable alone",
			flags: map[string]string{"client-id": "nodevice-client", "client-secret": "nodevice-secret"},
			req:   LoginRequest{Method: MethodDevice},
			want:  []string{EventDeviceUnavailable, EventError}, wantErrKind: KindDeviceGrant},
		{name: "public client has no device grant",
			flags: map[string]string{"client-id": "demo-public", "client-secret": ""},
			req:   LoginRequest{Method: MethodDevice},
			want:  []string{EventDeviceUnavailable, EventError}, wantErrKind: KindDeviceGrant, wantReason: ReasonPublicClient},
		{name: "declined in the browser", fake: zoomtest.Options{AutoDeny: true}, req: LoginRequest{Method: MethodBrowser},
			want: []string{EventAuthorizeURL, EventError}, wantErrKind: KindAuth, wantReason: ReasonAccessDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env := newFake(t, nil, tt.fake)
			if tt.busyPort {
				l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", env.port))
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { l.Close() })
			}
			opts := env.testOptions(t, newFakeClock(time.Now()), tt.flags)
			opts.desktop.Getenv = func(k string) string { return tt.env[k] }
			s := newService(t, opts)
			rec := &recorder{}
			if tt.approve {
				rec.on = approver(t, env.zoom, sam)
			}
			if tt.openOn != "" {
				rec.on = opener(t, tt.openOn)
			}
			ctx, cancel := context.WithTimeout(context.Background(), waitFor)
			defer cancel()
			err := s.Login(ctx, tt.req, rec.add)
			if got := rec.names(); !sameEvents(got, tt.want) {
				t.Errorf("events = %v, want %v", got, tt.want)
			}
			if tt.wantErrKind != "" {
				if got := Describe(err); got == nil || got.Kind != tt.wantErrKind || got.Reason != tt.wantReason {
					t.Fatalf("Login error = %v, want kind %s reason %q", err, tt.wantErrKind, tt.wantReason)
				}
				return
			}
			if err != nil {
				t.Fatalf("Login: %v", err)
			}
			if got := env.zoom.Stats().TokenGrants[tt.wantGrant]; got != 1 {
				t.Errorf("%s grants = %d, want 1 (stats %v)", tt.wantGrant, got, env.zoom.Stats().TokenGrants)
			}
			st, _ := s.Status(ctx)
			if st.State != "signed_in" || st.Account == nil || st.Account.Email != sam {
				t.Errorf("after Login: State %q, Account %+v; want signed_in as %s", st.State, st.Account, sam)
			}
		})
	}
}

// sameEvents compares event names ignoring the order of the concurrent flows' first
// events (the last event is compared in place).
func sameEvents(got, want []string) bool {
	if len(got) != len(want) || len(got) == 0 || got[len(got)-1] != want[len(want)-1] {
		return false
	}
	a, b := slices.Clone(got), slices.Clone(want)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

func TestLoginNotConfigured(t *testing.T) {
	env := newFake(t, nil, zoomtest.Options{})
	opts := env.testOptions(t, newFakeClock(time.Now()), map[string]string{"client-id": "", "client-secret": ""})
	s := newService(t, opts)
	if st, _ := s.Status(context.Background()); st.State != StateUnconfigured {
		t.Errorf("State without client ID = %q, want %q", st.State, StateUnconfigured)
	}
	err := s.Login(context.Background(), LoginRequest{Method: MethodBrowser}, nil)
	if !errors.Is(err, &ErrorInfo{Kind: KindConfig}) {
		t.Errorf("Login without client ID = %v, want a %s error", err, KindConfig)
	}
}

func TestLoginCancelled(t *testing.T) {
	env := newFake(t, nil, zoomtest.Options{})
	s := newService(t, env.testOptions(t, newFakeClock(time.Now()), nil))
	ctx, cancel := context.WithCancel(context.Background())
	rec := &recorder{on: func(e LoginEvent) {
		if e.Event == EventDeviceCode {
			cancel()
		}
	}}
	err := s.Login(ctx, LoginRequest{Method: MethodBoth, NoOpen: true}, rec.add)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Login after cancel = %v, want context.Canceled", err)
	}
	if st, _ := s.Status(context.Background()); st.State != "signed_out" {
		t.Errorf("State after a cancelled sign-in = %q, want signed_out", st.State)
	}
}

func TestLoginRenewsExpiredDeviceCode(t *testing.T) {
	env := newFake(t, nil, zoomtest.Options{DeviceCodeTTL: 2 * time.Second})
	s := newService(t, env.testOptions(t, newFakeClock(time.Now()), nil))
	rec := &recorder{}
	rec.on = func(e LoginEvent) {
		if e.Event == EventDeviceCodeRenewed {
			approver(t, env.zoom, sam)(LoginEvent{Event: EventDeviceCode, UserCode: e.UserCode})
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	if err := s.Login(ctx, LoginRequest{Method: MethodDevice}, rec.add); err != nil {
		t.Fatalf("Login: %v (events %v)", err, rec.names())
	}
	if got := rec.names(); !slices.Contains(got, EventDeviceCodeRenewed) {
		t.Errorf("events = %v, want %s", got, EventDeviceCodeRenewed)
	}
}

// deviceGrant is the grant type the device flow sends (RFC 8628 §3.4), as the fake counts it.
const deviceGrant = "urn:ietf:params:oauth:grant-type:device_code"

// TestLoginRealBrowser signs in through the default OpenURL (pkg/browser, $BROWSER): a
// real headless Chromium loads the authorize URL and the fake approves at once.
func TestLoginRealBrowser(t *testing.T) {
	testenv.Browser(t)
	testenv.Display(t)
	env := newFake(t, nil, zoomtest.Options{AutoApprove: sam})
	opts := env.testOptions(t, newFakeClock(time.Now()), nil)
	opts.OpenURL, opts.desktop = nil, desktop.Env{}
	s := newService(t, opts)
	rec := &recorder{}
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	if err := s.Login(ctx, LoginRequest{}, rec.add); err != nil {
		t.Fatalf("Login: %v (events %v)", err, rec.names())
	}
	if got, want := rec.names(), []string{EventAuthorizeURL, EventSignedIn}; !slices.Equal(got, want) {
		t.Errorf("events = %v, want %v (auto picks the browser on a display)", got, want)
	}
}

// TestLoginAccountFetchFails: the token is adopted but GET /users/me fails; Login reports
// the error and the first poll fetches the account instead.
func TestLoginAccountFetchFails(t *testing.T) {
	clk := newFakeClock(time.Now())
	env := newFake(t, clk, zoomtest.Options{AutoApprove: sam})
	opts := env.testOptions(t, clk, nil)
	opts.apiOpts = []zoomapi.Option{zoomapi.WithRetries(0, 0)}
	s := newService(t, opts)
	env.zoom.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 500, Path: "/v2/users/me", Method: "GET", Count: 1})
	run(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	if err := s.Login(ctx, LoginRequest{Method: MethodBrowser}, nil); err == nil {
		t.Fatal("Login succeeded, want the account fetch's error")
	}
	clk.waitTimer(t, timerPoll) // the poll after sign-in is done
	st, _ := s.Status(ctx)
	if st.State != "signed_in" || st.Account == nil || st.Account.Email != sam {
		t.Errorf("after the first poll: state %q, account %+v; want signed_in as %s", st.State, st.Account, sam)
	}
}
