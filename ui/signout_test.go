package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/zoomtray/zoomtray/service"
)

// TestSignOutNotToldZoom checks a sign-out whose revocation did not reach Zoom explains
// that the grant lives on at Zoom and how to end it, in the window and in the kiosk,
// rather than a generic "try again" (the Sign out button is gone by then).
func TestSignOutNotToldZoom(t *testing.T) {
	const (
		wantWhat = "Sign-out not confirmed by Zoom."
		wantTodo = "Zoom App Marketplace → Manage → Added Apps"
	)
	notTold := &service.LogoutResult{Message: "the sign-in was removed from this computer, but Zoom could not be told: dial tcp: timeout"}
	tests := []struct {
		name    string
		res     *service.LogoutResult
		wantMsg bool
	}{
		{name: "revoked", res: &service.LogoutResult{Revoked: true}},
		{name: "not told", res: notTold, wantMsg: true},
	}
	for _, tt := range tests {
		t.Run("home "+tt.name, func(t *testing.T) {
			api := newFakeAPI()
			api.logoutRes = tt.res
			h, e := loadedHome(t, api)
			test.Tap(h.SignOut)
			test.Tap(h.ConfirmSignOut)
			waitForJobs(t, e)
			checkSignOutBanner(t, e.banner, tt.wantMsg, wantWhat, wantTodo)
		})
		t.Run("kiosk "+tt.name, func(t *testing.T) {
			api := newFakeAPI()
			api.logoutRes = tt.res
			k, e := newTestKiosk(t, api)
			acc := &service.Account{Email: "alex@example.com", Name: "Alex Doe"}
			e.do(func() { k.Apply(service.Status{State: "signed_in", Account: acc, Kiosk: true}) })
			waitForJobs(t, e)
			e.do(func() { test.Tap(k.SignOut) })
			waitForJobs(t, e)
			checkSignOutBanner(t, k.Banner, tt.wantMsg, wantWhat, wantTodo)
		})
	}
}

func checkSignOutBanner(t *testing.T, b *bannerView, wantMsg bool, wantWhat, wantTodo string) {
	t.Helper()
	what, todo := b.Shown()
	if !wantMsg {
		if what != "" {
			t.Errorf("banner: got %q, want nothing", what)
		}
		return
	}
	if what != wantWhat {
		t.Errorf("banner what: got %q, want %q", what, wantWhat)
	}
	if !strings.Contains(todo, wantTodo) {
		t.Errorf("banner todo: got %q, want it to mention %q", todo, wantTodo)
	}
}
