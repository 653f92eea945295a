package tokenstore

import (
	"context"
	"errors"
	"strings"
	"testing"

	gokeyring "github.com/zalando/go-keyring"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// secretRoundTrip saves, loads, replaces and deletes a client secret through o.
func secretRoundTrip(t *testing.T, o OpenOptions) {
	t.Helper()
	ctx := context.Background()
	const id = "demo-client"
	t.Cleanup(func() { _ = deleteClientSecret(ctx, o, id) })
	if _, err := loadClientSecret(ctx, o, id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("load before save: got %v, want ErrNotFound", err)
	}
	for _, secret := range []string{"demo-secret", "rotated-secret"} {
		if err := saveClientSecret(ctx, o, id, secret); err != nil {
			t.Fatalf("save: %v", err)
		}
		got, err := loadClientSecret(ctx, o, id)
		if err != nil || got != secret {
			t.Fatalf("load: got ok=%v err=%v, want the saved secret", got == secret, err)
		}
	}
	if _, err := loadClientSecret(ctx, o, "other-client"); !errors.Is(err, ErrNotFound) {
		t.Errorf("load of another client: got %v, want ErrNotFound", err)
	}
	for range 2 { // deleting nothing is no error
		if err := deleteClientSecret(ctx, o, id); err != nil {
			t.Fatalf("delete: %v", err)
		}
	}
	if _, err := loadClientSecret(ctx, o, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("load after delete: got %v, want ErrNotFound", err)
	}
}

func TestClientSecretFake(t *testing.T) {
	secretRoundTrip(t, OpenOptions{backend: newFakeBackend()})
}

// TestClientSecretRealKeyring stores the secret in the real gnome-keyring of
// scripts/testenv.sh under a test service, and checks the item's account name.
func TestClientSecretRealKeyring(t *testing.T) {
	testenv.Keyring(t)
	service := "zoomtray-test-secret"
	secretRoundTrip(t, OpenOptions{Service: service})
	ctx := context.Background()
	if err := saveClientSecret(ctx, OpenOptions{Service: service}, "c1", "s1"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = deleteClientSecret(ctx, OpenOptions{Service: service}, "c1") })
	got, err := gokeyring.Get(service, "client-secret:c1")
	if err != nil || got != "s1" {
		t.Errorf("item client-secret:c1: got ok=%v err=%v, want the secret", got == "s1", err)
	}
}

func TestClientSecretErrors(t *testing.T) {
	ctx := context.Background()
	broken := newFakeBackend()
	broken.err = errors.New("dbus: no such name")
	tests := []struct {
		name    string
		err     error
		wantIs  error
		wantMsg string
	}{
		{"no client id", saveClientSecret(ctx, OpenOptions{backend: newFakeBackend()}, "", "s"), errNoClientID, "client ID"},
		{"empty secret", saveClientSecret(ctx, OpenOptions{backend: newFakeBackend()}, "c", ""), nil, "empty client secret"},
		{"too big", saveClientSecret(ctx, OpenOptions{backend: newFakeBackend()}, "c", strings.Repeat("x", MaxItemBytes+1)), nil, "exceeds"},
		{"keyring broken", func() error { _, err := loadClientSecret(ctx, OpenOptions{backend: broken}, "c"); return err }(), ErrUnavailable, "keyring"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.err == nil {
				t.Fatal("got nil error, want one")
			}
			if tt.wantIs != nil && !errors.Is(tt.err, tt.wantIs) {
				t.Errorf("got %v, want errors.Is %v", tt.err, tt.wantIs)
			}
			if !strings.Contains(tt.err.Error(), tt.wantMsg) {
				t.Errorf("got %q, want it to mention %q", tt.err, tt.wantMsg)
			}
		})
	}
}
