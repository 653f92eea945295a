package localapi

import (
	"context"
	"errors"
	"testing"

	"github.com/zoomtray/zoomtray/service"
)

// restartStub is a stub API that can restart, counting the calls.
type restartStub struct {
	*stubAPI
	restarts chan struct{}
}

func (r restartStub) Restart(context.Context) error {
	r.restarts <- struct{}{}
	return nil
}

// TestRestartRoute checks Client.Restart reaches an API that can restart, and that an
// API that cannot answers with an error instead of quitting.
func TestRestartRoute(t *testing.T) {
	tests := []struct {
		name    string
		api     func() (service.API, chan struct{})
		wantErr bool
	}{
		{name: "agent restarts", api: func() (service.API, chan struct{}) {
			ch := make(chan struct{}, 1)
			return restartStub{stubAPI: newStub(), restarts: ch}, ch
		}},
		{name: "cannot restart", api: func() (service.API, chan struct{}) { return newStub(), nil }, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api, restarts := tt.api()
			_, c := serve(t, api)
			err := c.Restart(context.Background())
			if got := err != nil; got != tt.wantErr {
				t.Fatalf("Restart: got %v, want error %v", err, tt.wantErr)
			}
			var info *service.ErrorInfo
			if tt.wantErr && !errors.As(err, &info) {
				t.Errorf("Restart error: got %T %v, want a *service.ErrorInfo", err, err)
			}
			if restarts != nil && len(restarts) != 1 {
				t.Errorf("restarts: got %d, want 1", len(restarts))
			}
		})
	}
}
