package ctl

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/service"
)

func TestLoginDeviceCodeRenewed(t *testing.T) {
	f := startFake(t, "-device-ttl", "2s")
	u := newUser(t)
	events, code := u.loginStream(t, f, func(ev service.LoginEvent) {
		if ev.Event == service.EventDeviceCodeRenewed {
			approveDevice(t, f, ev.UserCode) // approve only the second code
		}
	}, "--device")
	if code != 0 {
		t.Fatalf("login: exit %d, want 0; events %+v", code, events)
	}
	var kinds []string
	for _, ev := range events {
		kinds = append(kinds, ev.Event)
	}
	got := strings.Join(kinds, ",")
	if !strings.HasPrefix(got, "device_code,device_code_renewed") || !strings.HasSuffix(got, "signed_in") {
		t.Errorf("events = %s, want device_code, device_code_renewed, …, signed_in", got)
	}
	if events[0].UserCode == events[1].UserCode {
		t.Errorf("renewed user code = %q, want a new one", events[1].UserCode)
	}
}

// TestNoGUIDependencies keeps zoomctl free of Fyne and systray (docs/CONTRACTS.md); the
// CGO_ENABLED=0 build itself happens in TestMain.
func TestNoGUIDependencies(t *testing.T) {
	out, err := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "list", "-deps", "github.com/zoomtray/zoomtray/cmd/zoomctl").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, "fyne.io/") {
			t.Errorf("zoomctl depends on %s, want no GUI toolkit", dep)
		}
	}
	if fi, err := os.Stat(bin.zoomctl); err != nil || fi.Size() == 0 {
		t.Errorf("CGO_ENABLED=0 zoomctl binary: %v, want it built", err)
	}
}

// TestDoctorDesktop runs doctor in the real desktop session of scripts/testenv.sh.
func TestDoctorDesktop(t *testing.T) {
	testenv.Keyring(t)
	testenv.Browser(t)
	f := startFake(t)
	u := newUser(t)
	for _, k := range []string{"DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "BROWSER"} {
		u.env = append(u.env, k+"="+os.Getenv(k))
	}
	r := u.run(t, f, "doctor", "--token-store", "keyring")
	for _, want := range []string{"ok    session bus", "ok    keyring", "ok    browser"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestProgress(t *testing.T) {
	tests := []struct {
		name        string
		tty         bool
		total       int64
		updates     []int64
		wantLines   int
		wantContain string
	}{
		{"plain tens", false, 100, []int64{5, 10, 15, 50, 100}, 4, "100% (100 B of 100 B)"},
		{"plain unknown total", false, -1, []int64{1, 2}, 1, "1 B downloaded"},
		{"bar", true, 100, []int64{100}, 1, "[##############################] 100%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			p := &progress{w: &buf, tty: tt.tty, lastStep: -1}
			for _, d := range tt.updates {
				p.update(d, tt.total)
			}
			p.finish(true)
			if got := strings.Count(buf.String(), "\n"); got != tt.wantLines {
				t.Errorf("got %d lines, want %d: %q", got, tt.wantLines, buf.String())
			}
			if !strings.Contains(buf.String(), tt.wantContain) {
				t.Errorf("got %q, want it to contain %q", buf.String(), tt.wantContain)
			}
		})
	}
}

// TestDoctorClock points doctor at a server whose Date header is off by skew.
func TestDoctorClock(t *testing.T) {
	tests := []struct {
		name string
		skew time.Duration
		want string
	}{
		{"in sync", 0, "ok    clock"},
		{"zoom two minutes behind", -2 * time.Minute, "ahead of Zoom's"},
		{"zoom two minutes ahead", 2 * time.Minute, "behind Zoom's"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Date", time.Now().Add(tt.skew).UTC().Format(http.TimeFormat))
			}))
			t.Cleanup(srv.Close)
			u := newUser(t)
			r := u.run(t, &fake{url: srv.URL, port: testenv.FreePort(t)}, "doctor")
			if !strings.Contains(r.stdout, tt.want) {
				t.Errorf("doctor output lacks %q:\n%s", tt.want, r.stdout)
			}
			if wantWarn := tt.skew != 0; strings.Contains(r.stdout, "warn  clock") != wantWarn {
				t.Errorf("doctor clock warning = %v, want %v:\n%s", !wantWarn, wantWarn, r.stdout)
			}
		})
	}
}
