package e2e

import (
	"os"
	"path/filepath"
	"testing"
)

// secretFile writes secret to a 0600 file for --client-secret-file and returns its name:
// a secret is never given on a command line.
func secretFile(t *testing.T, secret string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "client-secret")
	if err := os.WriteFile(p, []byte(secret), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
