package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestWrite(t *testing.T) {
	failing := func() error { return errors.New("disk full") }
	tests := []struct {
		name         string
		old          string // content before the write; "" means no file
		beforeRename func() error
		wantErr      bool
		want         string
	}{
		{name: "new file", want: "new"},
		{name: "replaces old", old: "old", want: "new"},
		{name: "failed write keeps old", old: "old", beforeRename: failing, wantErr: true, want: "old"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "sub")
			path := filepath.Join(dir, "f.json")
			if tt.old != "" {
				mustWrite(t, path, tt.old)
			}
			err := Write(path, []byte("new"), tt.beforeRename)
			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Fatalf("got error %v, want error %v", err, tt.wantErr)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(b); got != tt.want {
				t.Errorf("got content %q, want %q", got, tt.want)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("got %d files in the directory, want 1 (no temp file left)", len(entries))
			}
			checkPerm(t, path, 0o600)
			checkPerm(t, dir, 0o700)
		})
	}
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	if err := Write(path, []byte(content), nil); err != nil {
		t.Fatal(err)
	}
}

func checkPerm(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	if runtime.GOOS == "windows" {
		return
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("%s: got mode %04o, want %04o", filepath.Base(path), got, want)
	}
}
