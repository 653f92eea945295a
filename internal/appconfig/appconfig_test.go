package appconfig

import (
	"context"
	"errors"
	"testing"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/testenv"
)

func TestLoad(t *testing.T) {
	keyringErr := errors.New("the keyring is locked")
	tests := []struct {
		name       string
		flags      map[string]string
		secret     string
		secretErr  error
		wantSecret string
		wantErr    bool
		wantCalls  int
	}{
		{name: "no client ID reads no keyring", flags: map[string]string{}},
		{name: "secret from the keyring", flags: map[string]string{"client-id": "app"}, secret: "s1",
			wantSecret: "s1", wantCalls: 1},
		{name: "flag secret wins", flags: map[string]string{"client-id": "app", "client-secret": "flag"},
			secret: "s1", wantSecret: "flag"},
		{name: "none stored: public client", flags: map[string]string{"client-id": "app"},
			secretErr: tokenstore.ErrNotFound, wantCalls: 1},
		{name: "file token store needs no keyring", flags: map[string]string{"client-id": "app", "token-store": "file"},
			secretErr: keyringErr, wantCalls: 1},
		{name: "file token store uses a keyring secret", flags: map[string]string{"client-id": "app", "token-store": "file"},
			secret: "s1", wantSecret: "s1", wantCalls: 1},
		{name: "unreadable keyring is an error", flags: map[string]string{"client-id": "app"},
			secretErr: keyringErr, wantErr: true, wantCalls: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			loadSecret := func(_ context.Context, id string) (string, error) {
				calls++
				return tt.secret, tt.secretErr
			}
			st, err := load(context.Background(), config.Sources{Flags: tt.flags}, loadSecret)
			if got := err != nil; got != tt.wantErr {
				t.Fatalf("error: got %v, want error %v", err, tt.wantErr)
			}
			if st.ClientSecret != tt.wantSecret {
				t.Errorf("secret: got %q, want %q", st.ClientSecret, tt.wantSecret)
			}
			if calls != tt.wantCalls {
				t.Errorf("keyring reads: got %d, want %d", calls, tt.wantCalls)
			}
			if !tt.wantErr {
				return
			}
			var se *SecretError
			if !errors.As(err, &se) || !errors.Is(err, keyringErr) || !errors.Is(err, tokenstore.ErrUnavailable) {
				t.Errorf("error: got %v, want a *SecretError wrapping the cause and ErrUnavailable", err)
			}
			if st.ClientID != "app" {
				t.Errorf("client ID: got %q, want the settings kept with the error", st.ClientID)
			}
		})
	}
}

// TestLoadRealKeyring checks the secret the set-up screen saves is the one Load returns.
func TestLoadRealKeyring(t *testing.T) {
	testenv.Keyring(t)
	ctx := context.Background()
	const id = "appconfig-test-client"
	if err := tokenstore.SaveClientSecret(ctx, id, "kept-secret"); err != nil {
		t.Fatalf("SaveClientSecret: %v", err)
	}
	t.Cleanup(func() { _ = tokenstore.DeleteClientSecret(context.Background(), id) })
	st, err := Load(ctx, config.Sources{Flags: map[string]string{"client-id": id}})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if st.ClientSecret != "kept-secret" {
		t.Errorf("secret: got a %d-character secret, want the saved one", len(st.ClientSecret))
	}
}
