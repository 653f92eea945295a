package ctl

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// startRefused checks that start makes no link for a meeting that does not exist or that
// someone else hosts, and offers join for the latter.
func startRefused(t *testing.T, f *fake, u *user) {
	t.Helper()
	r := u.run(t, f, "start", "123", "--print")
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "could not find meeting 123") {
		t.Errorf("start 123: exit %d, stdout %q, stderr %q; want 1, no link, not found", r.code, r.stdout, r.stderr)
	}
	var ml service.MeetingList
	jsonTo(t, u.mustRun(t, f, "meetings", "--json", "--refresh").stdout, &ml)
	var other zoomapi.Meeting
	for _, m := range ml.Meetings {
		if !m.IsHost {
			other = m
		}
	}
	if other.ID == 0 {
		t.Fatalf("no meeting hosted by someone else among %d", len(ml.Meetings))
	}
	id := strconv.FormatInt(int64(other.ID), 10)
	for _, args := range [][]string{{"start", id, "--print"}, {"start", id}} {
		r := u.run(t, f, args...)
		if r.code != 1 || strings.Contains(r.stdout, "zak=") || !strings.Contains(r.stderr, "not the host") ||
			!strings.Contains(r.stderr, "zoomctl join "+id) {
			t.Errorf("zoomctl %v: exit %d, stdout %q, stderr %q; want 1, no link, not the host, offer join", args, r.code, r.stdout, r.stderr)
		}
	}
	if got := strings.TrimSpace(u.mustRun(t, f, "join", id, "--print").stdout); got != other.JoinURL {
		t.Errorf("join --print = %q, want %q", got, other.JoinURL)
	}
}

// downloadErrors checks that failed downloads write nothing and say what went wrong,
// and that the default name carries the file's extension.
func downloadErrors(t *testing.T, f *fake, u *user, file zoomapi.RecordingFile) {
	t.Helper()
	r := u.run(t, f, "download", "nope")
	if r.code != 1 || !strings.Contains(r.stderr, "could not find") || strings.Contains(r.stderr, "resume") {
		t.Errorf("download nope: exit %d, stderr %q; want 1, not found, no resume", r.code, r.stderr)
	}
	r = u.run(t, f, "download", "nope", "--out", filepath.Join(u.dir, "nope.mp4"))
	if r.code != 1 || strings.Contains(r.stderr, "resume") {
		t.Errorf("download nope --out: exit %d, stderr %q; want 1, no resume", r.code, r.stderr)
	}
	r = u.run(t, f, "download", file.ID, "--out", "/nonexistent/dir/x")
	if r.code != 1 || !strings.Contains(r.stderr, "The folder /nonexistent/dir does not exist.") || strings.Contains(r.stderr, "Zoom could not be reached") {
		t.Errorf("download --out /nonexistent/dir/x: exit %d, stderr %q; want 1 and a local file message", r.code, r.stderr)
	}
	noParts(t, u.dir)
	if file.ID == "" {
		return
	}
	r = u.mustRun(t, f, "download", file.ID)
	name := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(r.stdout), "Saved "), ".")
	if ext := "." + strings.ToLower(file.FileExtension); !strings.HasSuffix(name, ext) || strings.HasPrefix(name, file.ID) {
		t.Errorf("default name %q, want a name ending in %s", name, ext)
	}
	if fi, err := os.Stat(filepath.Join(u.dir, name)); err != nil || fi.Size() != int64(file.FileSize) {
		t.Errorf("saved file %q: %v, want %d bytes", name, err, file.FileSize)
	}
}

// noParts fails when dir holds a .part file.
func noParts(t *testing.T, dir string) {
	t.Helper()
	parts, _ := filepath.Glob(filepath.Join(dir, "*.part"))
	if len(parts) > 0 {
		t.Errorf(".part files left: %q, want none", parts)
	}
}

func TestSignedOutDownload(t *testing.T) {
	f := startFake(t)
	u := newUser(t)
	for _, args := range [][]string{{"download", "nope"}, {"download", "nope", "--out", filepath.Join(u.dir, "x.mp4")}} {
		r := u.run(t, f, args...)
		if r.code != 1 || !strings.Contains(r.stderr, "not signed in") || strings.Contains(r.stderr, "resume") {
			t.Errorf("zoomctl %v signed out: exit %d, stderr %q; want 1, not signed in, no resume", args, r.code, r.stderr)
		}
	}
	noParts(t, u.dir)
}

func TestHelpToStdout(t *testing.T) {
	f := startFake(t)
	u := newUser(t)
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}, {"meetings", "--help"}, {"download", "-h"}} {
		r := u.run(t, f, args...)
		if r.code != 0 || !strings.Contains(r.stdout, "Usage: zoomctl") || r.stderr != "" {
			t.Errorf("zoomctl %v: exit %d, stdout %q, stderr %q; want 0 and the usage on stdout only", args, r.code, r.stdout, r.stderr)
		}
	}
	if r := u.run(t, f, "status", "--nope"); r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, "zoomctl help") {
		t.Errorf("status --nope: exit %d, stdout %q, stderr %q; want 2 and a hint on stderr", r.code, r.stdout, r.stderr)
	}
}

// TestUnconfigured checks that without a Zoom app every command names the same next
// step, set-up, and none sends the user to "zoomctl login".
func TestUnconfigured(t *testing.T) {
	f := startFake(t)
	u := newUser(t)
	run := func(args ...string) result {
		t.Helper()
		// No --client-id: only the fake's URL and a file token store.
		return u.runRaw(t, append([]string{"--zoom-url", f.url, "--token-store", "file"}, args...)...)
	}
	for _, args := range [][]string{{"meetings"}, {"recordings"}, {"login", "--device"}, {"download", "x"}, {"start", "1"}} {
		r := run(args...)
		if r.code != 1 || !strings.Contains(r.stderr, "not set up") || !strings.Contains(r.stderr, "set-up screen") ||
			strings.Contains(r.stderr, "zoomctl login") {
			t.Errorf("zoomctl %v unconfigured: exit %d, stderr %q; want 1 and the set-up step", args, r.code, r.stderr)
		}
	}
	r := run("doctor", "--json")
	var checks []check
	jsonTo(t, r.stdout, &checks)
	if r.code != 1 || len(checks) == 0 || checks[0].Name != "config" || checks[0].Result != checkFail || !strings.Contains(checks[0].Next, "set-up screen") {
		t.Errorf("doctor --json unconfigured: exit %d, checks %+v; want 1 and a failed config check naming set-up", r.code, checks)
	}
	for _, c := range checks {
		if c.Result != checkOK && c.Next == "" && c.Name != "keyring" {
			t.Errorf("doctor check %+v has no next step", c)
		}
	}
}

// runRaw runs zoomctl as u with exactly args (no global flags added).
func (u *user) runRaw(t *testing.T, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin.zoomctl, args...)
	cmd.Env, cmd.Dir = u.env, u.dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("zoomctl %v: %v", args, err)
	}
	return r
}

// TestPrintMeetingsAllDay checks that zoomctl shows an all-day meeting as "All day", not as
// a clock time and 1440 minutes.
func TestPrintMeetingsAllDay(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tz database:", err)
	}
	m := zoomapi.Meeting{ID: 7, Topic: "Team offsite", IsAllDay: true, Duration: 1440, Timezone: "Europe/Berlin",
		StartTime: time.Date(2026, 11, 26, 0, 0, 0, 0, berlin)}
	var b bytes.Buffer
	printMeetings(&b, []zoomapi.Meeting{m})
	got := b.String()
	if !strings.Contains(got, "Thu Nov 26") || !strings.Contains(got, text.AllDay) || strings.Contains(got, "1440") {
		t.Errorf("meetings line = %q, want the date Thu Nov 26 and %q, no 1440", got, text.AllDay)
	}
}
