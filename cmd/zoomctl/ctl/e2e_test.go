package ctl

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

func TestLoginDeviceJSON(t *testing.T) {
	f := startFake(t)
	u := newUser(t)
	events := u.loginDevice(t, f)
	first, last := events[0], events[len(events)-1]
	if first.Event != service.EventDeviceCode || len(first.UserCode) != 8 || first.ExpiresIn <= 0 ||
		first.VerificationURI != f.url+"/oauth_device" || !strings.Contains(first.VerificationURIComplete, first.UserCode) {
		t.Errorf("first event = %+v, want a device_code with user_code, URIs and expires_in", first)
	}
	if last.Event != service.EventSignedIn || last.Account == nil || last.Account.Email != "alex@example.com" {
		t.Errorf("last event = %+v, want signed_in as alex@example.com", last)
	}
	tokens := filepath.Join(u.dir, ".local", "state", "zoomtray", "tokens.json")
	if fi, err := os.Stat(tokens); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("token file %s: %v, want it with mode 0600", tokens, err)
	}
}

func TestLoginDevicePlain(t *testing.T) {
	f := startFake(t)
	u := newUser(t)
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	cmd := u.command(ctx, f, "login", "--device")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(stdout)
	var out strings.Builder
	code := ""
	for !strings.Contains(out.String(), "Waiting for you to approve") {
		line := readLine(t, r, "the device code")
		out.WriteString(line)
		if fields := strings.Fields(line); code == "" && len(fields) == 1 && len(fields[0]) == 8 {
			code = fields[0]
		}
	}
	approveDevice(t, f, code)
	rest, _ := io.ReadAll(r)
	out.Write(rest)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("login --device: %v, want exit 0\n%s", err, out.String())
	}
	for _, want := range []string{"enter the code", "/oauth_device", "scan this code", "█", "Signed in as"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("login --device output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestLoginBrowserJSON(t *testing.T) {
	f := startFake(t, "-auto-approve", "alex@example.com")
	u := newUser(t)
	events, code := u.loginStream(t, f, func(ev service.LoginEvent) {
		if ev.Event != service.EventAuthorizeURL {
			return
		}
		resp, err := http.Get(ev.URL) // the fake approves and redirects to zoomctl's loopback listener
		if err != nil {
			t.Errorf("GET authorize URL: %v", err)
			return
		}
		resp.Body.Close()
	}, "--browser", "--no-open")
	if code != 0 {
		t.Fatalf("login --browser: exit %d, want 0; events %+v", code, events)
	}
	if first := events[0]; first.Event != service.EventAuthorizeURL || !strings.HasPrefix(first.URL, f.url+"/oauth/authorize?") {
		t.Errorf("first event = %+v, want authorize_url at the fake", first)
	}
	if last := events[len(events)-1]; last.Event != service.EventSignedIn {
		t.Errorf("last event = %+v, want signed_in", last)
	}
}

func TestLoginAutoWithoutDisplayUsesDevice(t *testing.T) {
	f := startFake(t)
	u := newUser(t) // no DISPLAY
	events, code := u.loginStream(t, f, func(ev service.LoginEvent) {
		if ev.Event == service.EventDeviceCode {
			approveDevice(t, f, ev.UserCode)
		}
	})
	if code != 0 {
		t.Fatalf("login: exit %d, want 0", code)
	}
	if len(events) < 2 || events[0].Event != service.EventNotice || events[1].Event != service.EventDeviceCode {
		t.Errorf("events = %+v, want a notice then a device_code", events)
	}
}

// TestSignedInCommands runs every subcommand after a device sign-in, in process (no agent).
func TestSignedInCommands(t *testing.T) {
	f := startFake(t)
	u := newUser(t)
	u.loginDevice(t, f)
	signedInCommands(t, f, u, false)
}

// signedInCommands checks status, meetings, recordings, new, start, download and logout;
// agent says whether an agent serves them.
func signedInCommands(t *testing.T, f *fake, u *user, agent bool) {
	t.Run("status", func(t *testing.T) {
		var st struct {
			service.Status
			Agent bool `json:"agent"`
		}
		out := u.mustRun(t, f, "status", "--json").stdout
		if strings.Contains(out, "window_raise") {
			t.Errorf("status --json shows the agent's internal window_raise:\n%s", out)
		}
		jsonTo(t, out, &st)
		if st.State != "signed_in" || st.Account == nil || st.Account.Email != "alex@example.com" ||
			st.StoreKind != "file" || st.TokenExpiry.IsZero() || st.Agent != agent {
			t.Errorf("status = %+v, want signed_in alex, file store, an expiry, agent %v", st, agent)
		}
		plain := u.mustRun(t, f, "status").stdout
		for _, want := range []string{"signed_in", "alex@example.com", "Token expiry", "Next refresh"} {
			if !strings.Contains(plain, want) {
				t.Errorf("status output lacks %q:\n%s", want, plain)
			}
		}
	})
	t.Run("meetings", func(t *testing.T) {
		var ml service.MeetingList
		jsonTo(t, u.mustRun(t, f, "meetings", "--json", "--refresh").stdout, &ml)
		if len(ml.Meetings) == 0 || ml.FetchedAt.IsZero() {
			t.Errorf("meetings = %d fetched at %v, want some, fetched", len(ml.Meetings), ml.FetchedAt)
		}
	})
	var file zoomapi.RecordingFile
	t.Run("recordings", func(t *testing.T) {
		var recs []zoomapi.Recording
		jsonTo(t, u.mustRun(t, f, "recordings", "--json").stdout, &recs)
		for _, r := range recs {
			for _, rf := range r.Files {
				if rf.Status == "completed" && rf.FileType == "M4A" {
					file = rf
				}
			}
		}
		if file.ID == "" {
			t.Fatalf("recordings of the last 30 days: %d, want one with a completed M4A file", len(recs))
		}
		if r := u.run(t, f, "recordings", "--from", "2026-13-01"); r.code != 2 {
			t.Errorf("recordings --from 2026-13-01: exit %d, want 2", r.code)
		}
	})
	var meetingID int64
	t.Run("new", func(t *testing.T) {
		var m zoomapi.Meeting
		jsonTo(t, u.mustRun(t, f, "new", "--topic", "Quick sync", "--json").stdout, &m)
		if m.ID == 0 || m.Topic != "Quick sync" || m.JoinURL == "" || m.StartURL != "" || !m.IsHost {
			t.Errorf("new = id %d topic %q join %q start %q is_host %v, want an ID, the topic, a join link, no start link, the host", m.ID, m.Topic, m.JoinURL, m.StartURL, m.IsHost)
		}
		meetingID = int64(m.ID)
	})
	t.Run("start", func(t *testing.T) {
		if meetingID == 0 {
			t.Skip("no meeting created")
		}
		id := strconv.FormatInt(meetingID, 10)
		got := strings.TrimSpace(u.mustRun(t, f, "start", id, "--print").stdout)
		if !strings.Contains(got, "/s/"+id+"?") || !strings.Contains(got, "zak=") {
			t.Errorf("start --print = %q, want a /s/%s link with a ZAK", got, id)
		}
		if r := u.mustRun(t, f, "start", id); !strings.Contains(r.stdout, "Starting meeting "+id) {
			t.Errorf("start said %q, want it starting in the browser", r.stdout)
		}
		if got := u.waitOpened(t, "/s/"+id+"?"); !strings.Contains(got, "zak=") {
			t.Errorf("opened %q, want the start link with a ZAK", got)
		}
		if argv, _ := os.ReadFile(u.opened + ".argv"); strings.Contains(string(argv), "zak") {
			t.Errorf("the launcher's command line held the ZAK: %q", argv)
		}
		if r := u.run(t, f, "start"); r.code != 2 {
			t.Errorf("start without ID: exit %d, want 2", r.code)
		}
	})
	t.Run("start refused", func(t *testing.T) { startRefused(t, f, u) })
	t.Run("download errors", func(t *testing.T) { downloadErrors(t, f, u, file) })
	t.Run("download", func(t *testing.T) {
		if file.ID == "" {
			t.Skip("no recording file")
		}
		downloadResume(t, f, u, file)
	})
	t.Run("logout", func(t *testing.T) {
		r := u.mustRun(t, f, "logout")
		if !strings.Contains(r.stdout, "Zoom revoked the sign-in") {
			t.Errorf("logout said %q, want the revocation confirmed", r.stdout)
		}
		var st service.Status
		jsonTo(t, u.mustRun(t, f, "status", "--json").stdout, &st)
		if st.State != "signed_out" {
			t.Errorf("state after logout = %q, want signed_out", st.State)
		}
		// Without --refresh an agent answers from its cache, which is empty once signed out.
		for _, args := range [][]string{{"meetings", "--refresh"}, {"meetings"}} {
			r = u.run(t, f, args...)
			if r.code != 1 || !strings.Contains(r.stderr, "You are not signed in to Zoom.") || strings.Contains(r.stdout, "No upcoming meetings") {
				t.Errorf("%v after logout: exit %d, stdout %q, stderr %q; want 1 and the signed-out sentence", args, r.code, r.stdout, r.stderr)
			}
		}
	})
}

// downloadResume downloads file whole, then again from a .part holding its first half,
// and checks both copies.
func downloadResume(t *testing.T, f *fake, u *user, file zoomapi.RecordingFile) {
	t.Helper()
	whole := filepath.Join(u.dir, "whole.m4a")
	r := u.mustRun(t, f, "download", file.ID, "--out", whole)
	want, err := os.ReadFile(whole)
	if err != nil || int64(len(want)) != int64(file.FileSize) {
		t.Fatalf("downloaded %d bytes (%v), want %d", len(want), err, file.FileSize)
	}
	if !strings.Contains(r.stderr, "100%") {
		t.Errorf("progress on stderr = %q, want percentage lines up to 100%%", r.stderr)
	}
	resumed := filepath.Join(u.dir, "resumed.m4a")
	if err := os.WriteFile(resumed+".part", want[:len(want)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	u.mustRun(t, f, "download", file.ID, "--out", resumed)
	got, err := os.ReadFile(resumed)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("resumed download: %d bytes (%v), want the same %d bytes as a whole one", len(got), err, len(want))
	}
	if _, err := os.Stat(resumed + ".part"); !os.IsNotExist(err) {
		t.Errorf("%s.part after success: %v, want it gone", resumed, err)
	}
}

func TestUsageErrors(t *testing.T) {
	f := startFake(t)
	u := newUser(t)
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no command", nil, 2},
		{"unknown command", []string{"fly"}, 2},
		{"unknown flag", []string{"status", "--nope"}, 2},
		{"both methods", []string{"login", "--device", "--browser"}, 2},
		{"bad meeting id", []string{"start", "abc"}, 2},
		{"download without id", []string{"download"}, 2},
		{"extra argument", []string{"status", "now"}, 2},
		{"help", []string{"help"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := u.run(t, f, tt.args...); r.code != tt.want {
				t.Errorf("zoomctl %v: exit %d, want %d (stderr %q)", tt.args, r.code, tt.want, r.stderr)
			}
		})
	}
}

func TestSignedOutErrors(t *testing.T) {
	f := startFake(t)
	u := newUser(t)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"meetings"}, "You are not signed in to Zoom."},
		{[]string{"start", "123", "--print"}, "not signed in"},
		{[]string{"recordings"}, "not signed in"},
	}
	for _, tt := range tests {
		r := u.run(t, f, tt.args...)
		if r.code != 1 || !strings.Contains(strings.ToLower(r.stderr), strings.ToLower(tt.want)) {
			t.Errorf("zoomctl %v signed out: exit %d, stderr %q; want 1 and %q", tt.args, r.code, r.stderr, tt.want)
		}
	}
}

func TestDoctor(t *testing.T) {
	f := startFake(t)
	u := newUser(t)
	r := u.run(t, f, "doctor")
	if r.code != 0 {
		t.Errorf("doctor: exit %d, want 0 (no check fails with a file token store)\n%s", r.code, r.stdout)
	}
	names := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		fields := strings.Fields(line)
		if len(fields) > 1 && fields[0] == "→" { // the next step of the check above
			continue
		}
		if len(fields) < 3 || (fields[0] != "ok" && fields[0] != "warn" && fields[0] != "fail") {
			t.Errorf("doctor line %q, want \"ok|warn|fail  name  detail\"", line)
			continue
		}
		names[fields[1]] = fields[0]
	}
	for name, want := range map[string]string{"config": "ok", "session": "warn", "loopback": "ok", "clock": "ok", "proxy": "ok", "agent": "warn"} {
		if got := names[name]; got != want {
			t.Errorf("doctor %s = %q, want %q\n%s", name, got, want, r.stdout)
		}
	}
	bad := u.run(t, f, "doctor", "--redirect-ports", "99999")
	if bad.code != 1 || !strings.Contains(bad.stdout, "fail  config") {
		t.Errorf("doctor with an invalid port: exit %d, want 1 and a failed config check\n%s", bad.code, bad.stdout)
	}
}
