package localapi

import (
	"context"
	"reflect"
	"testing"
)

// kioskStub is a stubAPI that also takes activity reports (service.ActivityReporter).
type kioskStub struct {
	*stubAPI
}

func (k kioskStub) Activity(ctx context.Context) error { return k.record("activity") }

func TestActivity(t *testing.T) {
	tests := []struct {
		name     string
		api      *stubAPI
		reporter bool
		wantArgs []any
	}{
		{"kiosk API records it", newStub(), true, []any{"activity"}},
		{"other API ignores it", newStub(), false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c *Client
			if tt.reporter {
				_, c = serve(t, kioskStub{tt.api})
			} else {
				_, c = serve(t, tt.api)
			}
			if err := c.Activity(context.Background()); err != nil {
				t.Fatalf("Activity: got error %v, want none", err)
			}
			if got := tt.api.lastArgs(); !reflect.DeepEqual(got, tt.wantArgs) {
				t.Errorf("API got %v, want %v", got, tt.wantArgs)
			}
		})
	}
}
