// Package testenv tells tests which real desktop parts scripts/testenv.sh provides. A test
// that needs a real part skips without it on a developer's machine, and fails under CI
// (CI=true), where the README's test command always provides it.
package testenv

import (
	"os"
	"testing"
)

func require(t testing.TB, env, what string) {
	t.Helper()
	if os.Getenv(env) != "" {
		return
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is required under CI: run the tests through scripts/testenv.sh (make test)", what)
	}
	t.Skipf("no %s: run through scripts/testenv.sh to include this test", what)
}

// Keyring requires a real, unlocked Secret Service (gnome-keyring) on the session bus.
func Keyring(t testing.TB) { t.Helper(); require(t, "ZOOMTRAY_TEST_KEYRING", "a real keyring") }

// Display requires an X display (Xvfb).
func Display(t testing.TB) { t.Helper(); require(t, "ZOOMTRAY_TEST_DISPLAY", "an X display") }

// Browser requires $BROWSER to load URLs in a real headless Chromium.
func Browser(t testing.TB) { t.Helper(); require(t, "ZOOMTRAY_TEST_BROWSER", "a real browser") }

// SessionBus requires a D-Bus session bus (the tray, notifications and the keyring use it).
func SessionBus(t testing.TB) {
	t.Helper()
	require(t, "DBUS_SESSION_BUS_ADDRESS", "a session bus")
}

// ChildEnv returns the variables of this test run that a child process started with a
// scratch environment must still get: the faked date of scripts/fakedate.sh
// (GOFAKEDATE_OFFSET) and the time zone, so parent and child live on the same clock.
func ChildEnv() []string {
	var env []string
	for _, k := range []string{"GOFAKEDATE_OFFSET", "TZ"} {
		if v, ok := os.LookupEnv(k); ok {
			env = append(env, k+"="+v)
		}
	}
	return env
}
