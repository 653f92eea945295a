package agent

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/testenv"
)

func TestDemoUnlessConfigured(t *testing.T) {
	tests := []struct {
		name     string
		flags    map[string]string
		envID    string
		userFile string
		wantDemo bool
	}{
		{name: "nothing configured", wantDemo: true},
		{name: "client ID flag", flags: map[string]string{"client-id": "abc"}},
		{name: "client ID in the environment", envID: "abc"},
		{name: "client ID in the user file", userFile: "client_id = \"abc\"\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv("XDG_CONFIG_HOME", dir)
			t.Setenv("ZOOMTRAY_CLIENT_ID", tt.envID)
			if tt.userFile != "" {
				path, err := config.UserFile(config.DefaultNamespace)
				if err != nil {
					t.Fatal(err)
				}
				os.MkdirAll(filepath.Dir(path), 0o700)
				if err := os.WriteFile(path, []byte(tt.userFile), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			in := Options{Settings: tt.flags, Namespace: config.DefaultNamespace, DemoIfUnconfigured: true}
			if tt.flags == nil {
				in.Settings = map[string]string{}
			}
			got := demoUnlessConfigured(in)
			wantNS := config.DefaultNamespace
			if tt.wantDemo {
				wantNS = config.DemoNamespace
			}
			if got.Demo != tt.wantDemo || got.Namespace != wantNS {
				t.Errorf("got demo %v namespace %q, want %v %q", got.Demo, got.Namespace, tt.wantDemo, wantNS)
			}
		})
	}
}

// TestDemoStoreUsesItsOwnKeyringItem checks that the demo keeps its tokens in the real
// keyring under "zoomtray-demo", emptied at start, and leaves the real service alone.
func TestDemoStoreUsesItsOwnKeyringItem(t *testing.T) {
	testenv.Keyring(t)
	ctx := context.Background()
	old := tokenstore.NewKeyring(demoKeyringService, demoKeyringAccount)
	if err := old.Save(ctx, &oauth2.Token{AccessToken: "earlier-run", RefreshToken: "r"}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { old.Delete(context.Background()) })
	s := demoStore(old, slog.New(slog.DiscardHandler))
	if got, want := s.Kind(), tokenstore.KindKeyring; got != want {
		t.Fatalf("kind = %q, want %q (location %q)", got, want, s.Location())
	}
	if _, err := s.Load(ctx); !errors.Is(err, tokenstore.ErrNotFound) {
		t.Errorf("load after start: got %v, want ErrNotFound (an earlier run's token cleared)", err)
	}
}

// TestDemoStoreFallsBackAndSaysSo checks that without a usable keyring the demo keeps its
// tokens in memory and its store's location says why (demo only: a real agent fails).
func TestDemoStoreFallsBackAndSaysSo(t *testing.T) {
	s := demoStore(brokenKeyring{tokenstore.NewMemory()}, slog.New(slog.DiscardHandler))
	if got, want := s.Kind(), tokenstore.KindMemory; got != want {
		t.Fatalf("kind = %q, want %q", got, want)
	}
	if got, want := s.Location(), "memory only (demo: the keyring is unavailable)"; got != want {
		t.Errorf("location = %q, want %q", got, want)
	}
}

// brokenKeyring is a keyring that cannot be reached.
type brokenKeyring struct{ tokenstore.Store }

func (brokenKeyring) Delete(context.Context) error {
	return fmt.Errorf("keyring: %w", tokenstore.ErrUnavailable)
}
