package tray

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"testing"

	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// recorder is a localapi.Agent that records the calls the tray makes.
type recorder struct {
	localapi.Agent // nil: any other call panics, which fails the test
	mu             sync.Mutex
	calls          []string
}

func (r *recorder) add(c string) { r.mu.Lock(); r.calls = append(r.calls, c); r.mu.Unlock() }

func (r *recorder) OpenWindow(context.Context) error { r.add("OpenWindow"); return nil }
func (r *recorder) Quit(context.Context) error       { r.add("Quit"); return nil }
func (r *recorder) Logout(context.Context) (service.LogoutResult, error) {
	r.add("Logout")
	return service.LogoutResult{Revoked: true}, nil
}
func (r *recorder) NewMeeting(_ context.Context, topic string) (*zoomapi.Meeting, error) {
	r.add("NewMeeting " + topic)
	return &zoomapi.Meeting{ID: 99}, nil
}
func (r *recorder) Start(_ context.Context, id int64) (service.StartResult, error) {
	r.add(fmt.Sprintf("Start %d", id))
	return service.StartResult{MeetingID: id, Opened: true}, nil
}

func TestActions(t *testing.T) {
	tests := []struct {
		item      Item
		wantCalls []string
		wantURL   string
	}{
		{Item{Action: ActOpenWindow}, []string{"OpenWindow"}, ""},
		{Item{Action: ActSignIn}, []string{"OpenWindow"}, ""},
		{Item{Action: ActSetup}, []string{"OpenWindow"}, ""},
		{Item{Action: ActJoin, MeetingID: 5, URL: "https://zoom.example/j/5"}, nil, "https://zoom.example/j/5"},
		{Item{Action: ActStart, MeetingID: 5}, []string{"Start 5"}, ""},
		{Item{Action: ActNewMeeting}, []string{"NewMeeting " + InstantTopic, "Start 99"}, ""},
		{Item{Action: ActSignOut}, []string{"Logout"}, ""},
		{Item{Action: ActQuit}, []string{"Quit", "OnQuit"}, ""},
		{Item{Action: ActDemo}, []string{"OnDemo"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.item.Action.String(), func(t *testing.T) {
			api := &recorder{}
			var opened string
			r := &runner{api: api, log: slog.New(slog.DiscardHandler), opts: withDefaults(Options{
				OpenURL: func(u string) error { opened = u; return nil },
				OnQuit:  func() { api.add("OnQuit") },
				OnDemo:  func() { api.add("OnDemo") },
			})}
			r.dispatch(context.Background(), tt.item)
			r.jobs.Wait()
			if !slices.Equal(api.calls, tt.wantCalls) {
				t.Errorf("calls: got %q, want %q", api.calls, tt.wantCalls)
			}
			if opened != tt.wantURL {
				t.Errorf("opened: got %q, want %q", opened, tt.wantURL)
			}
		})
	}
}
