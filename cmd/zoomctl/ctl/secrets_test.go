package ctl

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/service"
)

// TestNoSecretsInLogsOrOutput checks that tokens, the device code and the ZAK never reach
// zoomctl's log file, and reach its output only where the user asked for them (the user
// code of login, the start link of start --print).
func TestNoSecretsInLogsOrOutput(t *testing.T) {
	f := startFake(t)
	u := newUser(t)
	var userCode string
	events, code := u.loginStream(t, f, func(ev service.LoginEvent) {
		if ev.Event == service.EventDeviceCode {
			userCode = ev.UserCode
			approveDevice(t, f, ev.UserCode)
		}
	}, "--device")
	if code != 0 {
		t.Fatalf("login: exit %d, events %+v", code, events)
	}
	var outputs []string
	for _, args := range [][]string{{"status"}, {"status", "--json"}, {"meetings", "--json"}, {"new", "--json"}, {"recordings"}} {
		r := u.mustRun(t, f, args...)
		outputs = append(outputs, r.stdout, r.stderr)
	}
	var m struct{ ID int64 }
	jsonTo(t, outputs[6], &m)
	start := u.mustRun(t, f, "start", "--print", strconv.FormatInt(m.ID, 10))
	link, err := url.Parse(strings.TrimSpace(start.stdout))
	if err != nil || link.Query().Get("zak") == "" {
		t.Fatalf("start --print = %q, want a link with a ZAK", start.stdout)
	}
	tok, err := tokenstore.NewFile(filepath.Join(u.dir, ".local", "state", "zoomtray", "tokens.json")).Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	logData, err := os.ReadFile(filepath.Join(u.dir, ".local", "state", "zoomtray", "zoomctl.log"))
	if err != nil {
		t.Fatalf("zoomctl.log: %v, want a log in the state directory", err)
	}
	secrets := map[string]string{"access token": tok.AccessToken, "refresh token": tok.RefreshToken,
		"ZAK": link.Query().Get("zak"), "user code": userCode}
	for name, secret := range secrets {
		if len(secret) < 6 {
			t.Fatalf("%s %q is too short to scan for", name, secret)
		}
		if strings.Contains(string(logData), secret) {
			t.Errorf("zoomctl.log contains the %s", name)
		}
		for _, out := range append(outputs, start.stderr) {
			if strings.Contains(out, secret) {
				t.Errorf("zoomctl output contains the %s", name)
			}
		}
	}
}
