package tray

import (
	"context"
	"log/slog"
	"sync"
	"testing"

	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// failing is a localapi.Agent whose tray actions fail.
type failing struct {
	localapi.Agent
	logout service.LogoutResult
}

func (failing) Start(context.Context, int64) (service.StartResult, error) {
	return service.StartResult{}, &service.ErrorInfo{Kind: service.KindNetwork}
}

func (failing) NewMeeting(context.Context, string) (*zoomapi.Meeting, error) {
	return nil, &service.ErrorInfo{Kind: service.KindMissingScope, Scopes: []string{"meeting:write"}}
}

func (f failing) Logout(context.Context) (service.LogoutResult, error) { return f.logout, nil }

func (failing) OpenWindow(context.Context) error { return context.Canceled }

// TestFailedClickNotifies checks a failed click is shown as a notification with ui/text's
// sentences, not only logged; a revocation that missed Zoom counts as a failure and a
// cancelled click does not.
func TestFailedClickNotifies(t *testing.T) {
	notTold := service.LogoutResult{Message: "Zoom could not be told"}
	tests := []struct {
		name      string
		item      Item
		logout    service.LogoutResult
		wantTitle string
	}{
		{"start offline", Item{Action: ActStart, MeetingID: 5}, notTold, "Zoom could not be reached."},
		{"new meeting scope", Item{Action: ActNewMeeting}, notTold, "The Zoom app is missing the scope meeting:write."},
		{"sign out not told", Item{Action: ActSignOut}, notTold, "Sign-out not confirmed by Zoom."},
		{"sign out revoked", Item{Action: ActSignOut}, service.LogoutResult{Revoked: true}, ""},
		{"cancelled", Item{Action: ActOpenWindow}, notTold, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var titles, bodies []string
			r := &runner{api: failing{logout: tt.logout}, log: slog.New(slog.DiscardHandler), opts: withDefaults(Options{
				Notify: func(title, body string) {
					mu.Lock()
					defer mu.Unlock()
					titles, bodies = append(titles, title), append(bodies, body)
				},
			})}
			r.dispatch(context.Background(), tt.item)
			r.jobs.Wait()
			if tt.wantTitle == "" {
				if len(titles) != 0 {
					t.Errorf("notifications: got %q, want none", titles)
				}
				return
			}
			if len(titles) != 1 || titles[0] != tt.wantTitle || bodies[0] == "" {
				t.Errorf("notifications: got %q / %q, want one titled %q with what to do", titles, bodies, tt.wantTitle)
			}
		})
	}
}
