package zoomapi_test

import (
	"context"
	"testing"

	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

func TestMeAgainstFake(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	u, err := e.c.Me(context.Background())
	if err != nil {
		t.Fatalf("Me: %v", err)
	}
	want := e.s.Users()[0]
	if u.ID != want.ID || u.Email != want.Email || int64(u.PMI) != want.PMI || u.Timezone != want.Timezone {
		t.Errorf("Me = %s %s pmi %d tz %s, want %s %s pmi %d tz %s",
			u.ID, u.Email, u.PMI, u.Timezone, want.ID, want.Email, want.PMI, want.Timezone)
	}
}
