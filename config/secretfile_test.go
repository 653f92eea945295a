package config

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestReadSecretFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name, path, stdin, want string
		wantErr                 bool
	}{
		{"0600 file", write("ok", "s3cret\n", 0o600), "", "s3cret", false},
		{"0400 file", write("ro", "s3cret", 0o400), "", "s3cret", false},
		{"stdin", "-", "piped\n", "piped", false},
		{"empty stdin", "-", "", "", true},
		{"missing file", filepath.Join(dir, "none"), "", "", true},
		{"empty file", write("empty", "\n", 0o600), "", "", true},
	}
	if runtime.GOOS != "windows" {
		tests = append(tests,
			struct {
				name, path, stdin, want string
				wantErr                 bool
			}{"group readable", write("group", "s3cret", 0o640), "", "", true},
			struct {
				name, path, stdin, want string
				wantErr                 bool
			}{"world readable", write("world", "s3cret", 0o644), "", "", true})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadSecretFile(tt.path, strings.NewReader(tt.stdin))
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("ReadSecretFile = %q, %v; want %q, error %v", got, err, tt.want, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error %v holds the secret", err)
			}
		})
	}
}

// TestSecretFlagNamesAFile: the command line has --client-secret-file, never
// --client-secret, so no secret is ever on it.
func TestSecretFlagNamesAFile(t *testing.T) {
	for _, f := range Flags() {
		if f.Setting == KeyClientSecret {
			if f.Name != "client-secret-file" || !f.File {
				t.Errorf("client secret flag = %+v, want client-secret-file naming a file", f)
			}
			return
		}
	}
	t.Error("no flag for the client secret")
}
