package testenv

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// TestTags are the build tags of every binary a test builds: they switch on the test-only
// knobs (a window's text dump, simulated time) that release builds leave out.
const TestTags = "zoomtray_testhooks"

// companions are the binaries built beside a package's: the agent starts the window
// program found next to its own executable.
var companions = map[string][]string{
	"github.com/zoomtray/zoomtray/cmd/zoomtray": {"github.com/zoomtray/zoomtray/cmd/zoomtray-window"},
}

// binaries caches the builds of this test process, keyed by package, tags and
// environment.
var binaries struct {
	mu     sync.Mutex // guards dir and builds
	dir    string
	builds map[string]*build
}

// build is one package built once per process.
type build struct {
	once sync.Once
	path string
	err  error
}

// Binary builds the command pkg (a full import path, e.g.
// "github.com/zoomtray/zoomtray/cmd/zoomctl") with -tags TestTags and the extra
// environment env (e.g. "CGO_ENABLED=0"), once per test process, and returns the path
// of the executable. Builds with the same env share a directory, so the agent finds the
// window program (built with it) beside itself. Each process builds into a directory of
// its own, so packages tested in parallel never write the same file; the go build cache
// makes the second process's build a link.
func Binary(t testing.TB, pkg string, env ...string) string {
	t.Helper()
	path, err := BuildBinary(pkg, env...)
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// BuildBinary is Binary for a TestMain, which has no testing.TB: it returns the error.
func BuildBinary(pkg string, env ...string) (string, error) {
	return cached(pkg, TestTags, env)
}

// ReleaseBinary is Binary without TestTags: the build users get, for the tests that
// check it ignores the test knobs.
func ReleaseBinary(t testing.TB, pkg string, env ...string) string {
	t.Helper()
	path, err := cached(pkg, "", env)
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// cached builds pkg with tags and env once per process.
func cached(pkg, tags string, env []string) (string, error) {
	b, dir := binaryEntry(pkg, tags, env)
	b.once.Do(func() { b.path, b.err = buildInto(dir, pkg, tags, env) })
	return b.path, b.err
}

// binaryEntry returns the cache entry of pkg built with env, and the directory to build
// it into.
func binaryEntry(pkg, tags string, env []string) (*build, string) {
	binaries.mu.Lock()
	defer binaries.mu.Unlock()
	if binaries.builds == nil {
		binaries.builds = map[string]*build{}
	}
	if binaries.dir == "" {
		binaries.dir = processDir()
	}
	sum := sha256.Sum256([]byte(tags + "\x00" + strings.Join(env, "\x00")))
	dir := filepath.Join(binaries.dir, hex.EncodeToString(sum[:6]))
	key := dir + "\x00" + pkg
	if binaries.builds[key] == nil {
		binaries.builds[key] = &build{}
	}
	return binaries.builds[key], dir
}

// buildInto builds pkg and its companions into dir and returns pkg's executable.
func buildInto(dir, pkg, tags string, env []string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	pkgs := append([]string{pkg}, companions[pkg]...)
	args := append([]string{"build", "-tags", tags, "-o", dir + string(filepath.Separator)}, pkgs...)
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Dir = moduleRoot()
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %v\n%s", strings.Join(pkgs, " "), err, out)
	}
	name := path.Base(pkg)
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	return filepath.Join(dir, name), nil
}

// moduleRoot is the directory of go.mod, found upwards from the test's directory (every
// test runs in its package's directory).
func moduleRoot() string {
	dir, _ := os.Getwd()
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			return dir
		}
	}
}

// processDir is this process's build directory, zoomtray-testbin-PID in the temporary
// directory. Directories of earlier processes that no longer run are removed first: a test
// process cannot remove its own at exit unless its TestMain calls RemoveBinaries.
func processDir() string {
	base := os.TempDir()
	old, _ := filepath.Glob(filepath.Join(base, "zoomtray-testbin-*"))
	for _, d := range old {
		pid, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(d), "zoomtray-testbin-"))
		if err == nil && pid != os.Getpid() && !running(pid) {
			_ = os.RemoveAll(d)
		}
	}
	return filepath.Join(base, "zoomtray-testbin-"+strconv.Itoa(os.Getpid()))
}

// running reports whether a process pid exists (on Linux, its /proc entry; elsewhere
// always true, so nothing is removed).
func running(pid int) bool {
	if runtime.GOOS != "linux" {
		return true
	}
	_, err := os.Stat("/proc/" + strconv.Itoa(pid))
	return err == nil
}

// RemoveBinaries removes the binaries this process built; a TestMain calls it after
// m.Run.
func RemoveBinaries() {
	binaries.mu.Lock()
	defer binaries.mu.Unlock()
	if binaries.dir != "" {
		_ = os.RemoveAll(binaries.dir)
	}
	binaries.dir, binaries.builds = "", nil
}
