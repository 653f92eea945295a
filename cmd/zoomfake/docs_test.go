package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// docsSteps returns the shell block of docs/zoomfake.md between the steps markers.
func docsSteps(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../docs/zoomfake.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok1 := strings.Cut(string(b), "<!-- steps:begin -->\n```sh\n")
	block, _, ok2 := strings.Cut(rest, "```\n<!-- steps:end -->")
	if !ok1 || !ok2 {
		t.Fatal("docs/zoomfake.md: no shell block between the steps markers")
	}
	return block
}

// TestDocsCurlSteps runs the curl session of docs/zoomfake.md against the built command,
// so the README's commands stay runnable.
func TestDocsCurlSteps(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq", "openssl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed: %v", tool, err)
		}
	}
	z := startZoomfake(t, buildZoomfake(t))
	cmd := exec.Command("bash", "-euo", "pipefail", "-c", docsSteps(t))
	cmd.Dir = t.TempDir()
	cmd.Env = append(os.Environ(), "ZF="+z.url)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("steps failed: %v\n%s", err, out)
	}
	for _, want := range []string{
		`"verification_uri_complete": "` + z.url + `/oauth/device/complete/`,
		"<h1>Device approved</h1>",
		`"api_url": "` + z.url + `"`,
		"http://127.0.0.1:53682/callback?code=",
		`"email": "alex@example.com"`,
		`"newer_authorization": 1`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output: got no %q in\n%s", want, out)
		}
	}
	if got := strings.Count(string(out), `{"reason":"Invalid Token!","error":"invalid_grant"}`); got != 2 {
		t.Errorf("invalid_grant answers: got %d, want 2 (revoked device grant, old refresh token)\n%s", got, out)
	}
	z.stop(t)
}
