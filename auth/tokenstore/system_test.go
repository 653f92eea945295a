package tokenstore

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"

	gokeyring "github.com/zalando/go-keyring"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// realKeyring returns a Store on the real Secret Service under a service name of its own,
// and deletes its items at the end.
func realKeyring(t *testing.T) (*keyring, string) {
	t.Helper()
	testenv.Keyring(t)
	service := "zoomtray-test-" + strings.ReplaceAll(t.Name(), "/", "-")
	account := Account("demo-client", "https://zoom.us")
	st, err := Open(KindKeyring, OpenOptions{Service: service, Account: account})
	if err != nil {
		t.Fatalf("Open keyring: %v", err)
	}
	t.Cleanup(func() {
		if err := st.Delete(context.Background()); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	return st.(*keyring), service
}

func TestRealKeyring(t *testing.T) {
	k, _ := realKeyring(t)
	testStore(t, k)
}

func TestRealKeyringItemSizes(t *testing.T) {
	k, service := realKeyring(t)
	if err := k.Save(context.Background(), zoomToken(t)); err != nil {
		t.Fatal(err)
	}
	for _, account := range []string{k.account, k.accessAccount()} {
		v, err := gokeyring.Get(service, account)
		if err != nil {
			t.Fatalf("read item %s back: %v", account, err)
		}
		if len(v) > 2560 || len(v) > MaxItemBytes {
			t.Errorf("item %s is %d bytes, want at most %d (and 2,560 for Windows)", account, len(v), MaxItemBytes)
		}
	}
}

// TestKeyringNoSessionBus runs itself in a child process whose session bus address points
// at a socket that does not exist: godbus caches the session bus connection for the whole
// process, so t.Setenv in this process would not be seen once any test has connected.
func TestKeyringNoSessionBus(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the Secret Service over D-Bus is the Linux keyring")
	}
	if os.Getenv("TOKENSTORE_CHILD") == "nobus" {
		_, err := Open(KindKeyring, OpenOptions{Account: "demo-client@zoom.us"})
		t.Logf("got: %v", err)
		wantUnavailable(t, err, "no such file or directory")
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestKeyringNoSessionBus$", "-test.v")
	cmd.Env = append(os.Environ(), "TOKENSTORE_CHILD=nobus",
		"DBUS_SESSION_BUS_ADDRESS=unix:path="+t.TempDir()+"/no-such-bus")
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if errors.As(err, &exit) || !strings.Contains(string(out), "--- PASS: TestKeyringNoSessionBus") {
		t.Fatalf("child with no session bus failed (%v):\n%s", err, out)
	}
	if err != nil {
		t.Fatal(err)
	}
}
