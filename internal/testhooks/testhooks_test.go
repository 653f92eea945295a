package testhooks

import "testing"

func TestEnv(t *testing.T) {
	getenv := func(k string) string { return map[string]string{TimeScale: "60", UIDump: "/tmp/dump"}[k] }
	for _, k := range []string{TimeScale, UIDump} {
		want := ""
		if Enabled {
			want = getenv(k)
		}
		if got := Env(getenv)(k); got != want {
			t.Errorf("Env(getenv)(%s) with Enabled=%v: got %q, want %q", k, Enabled, got, want)
		}
	}
}
