package ctl

import (
	"context"
	"os"
	"testing"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/internal/testenv"
)

// TestLoginUsesKeyringSecret checks zoomctl without an agent reads the client secret the
// set-up screen saved in the keyring, as the agent does: demo-client is a confidential
// client, so Zoom refuses its device code request without HTTP Basic client_id:secret.
func TestLoginUsesKeyringSecret(t *testing.T) {
	testenv.Keyring(t)
	ctx := context.Background()
	if err := tokenstore.SaveClientSecret(ctx, "demo-client", "demo-secret"); err != nil {
		t.Fatalf("SaveClientSecret: %v", err)
	}
	t.Cleanup(func() { _ = tokenstore.DeleteClientSecret(context.Background(), "demo-client") })
	f := startFake(t)
	u := newUser(t)
	u.noSecret = true
	u.env = append(u.env, "DBUS_SESSION_BUS_ADDRESS="+os.Getenv("DBUS_SESSION_BUS_ADDRESS"))
	events := u.loginDevice(t, f)
	if last := events[len(events)-1]; last.Account == nil || last.Account.Email != "alex@example.com" {
		t.Errorf("last event: got %+v, want signed in as alex@example.com", last)
	}
}
