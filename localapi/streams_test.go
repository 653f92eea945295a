package localapi

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/service"
)

// waitClosed fails the test unless ch is closed within a generous deadline.
func waitClosed(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s did not happen", what)
	}
}

func TestWatch(t *testing.T) {
	stub := newStub()
	_, c := serve(t, stub)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := c.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []service.Status{{State: "signed_out"}, {State: "signed_in", Account: &service.Account{Email: "a@b"}}} {
		stub.watch <- want
		got := <-ch
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %+v, want %+v", got, want)
		}
	}
	cancel()
	for range ch { // drains and ends when the client closes it
	}
	waitClosed(t, stub.watchDone, "the agent's Watch ending after the client cancelled")
}

func TestWatchEndsOnServerClose(t *testing.T) {
	stub := newStub()
	srv, c := serve(t, stub)
	ch, err := c.Watch(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	stub.watch <- service.Status{State: "signed_in"}
	<-ch
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	for range ch {
	}
	waitClosed(t, closed, "Close returning with a Watch stream open")
}

func TestWatchError(t *testing.T) {
	stub := newStub()
	stub.err = &service.ErrorInfo{Kind: service.KindSignedOut, Message: "signed out"}
	_, c := serve(t, stub)
	_, err := c.Watch(context.Background())
	var info *service.ErrorInfo
	if !errors.As(err, &info) || info.Kind != service.KindSignedOut {
		t.Errorf("got %v, want KindSignedOut", err)
	}
}

func TestLogin(t *testing.T) {
	events := []service.LoginEvent{
		{Event: service.EventDeviceCode, UserCode: "abcd1234", VerificationURI: "https://z/oauth_device", ExpiresIn: 900},
		{Event: service.EventSignedIn, Account: &service.Account{Email: "alex@example.com"}},
	}
	tests := []struct {
		name    string
		err     error
		wantErr string // kind; "" means success
	}{
		{"signed in", nil, ""},
		{"declined", &service.ErrorInfo{Kind: service.KindAuth, Reason: "access_denied", Message: "declined"}, service.KindAuth},
		{"plain error", errors.New("boom"), service.KindInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stub := newStub()
			stub.loginEvents, stub.loginErr = events, tt.err
			_, c := serve(t, stub)
			var got []service.LoginEvent
			req := service.LoginRequest{Method: service.MethodDevice, NoOpen: true}
			err := c.Login(context.Background(), req, func(ev service.LoginEvent) { got = append(got, ev) })
			if !reflect.DeepEqual(got, events) {
				t.Errorf("events = %+v, want %+v", got, events)
			}
			if args := stub.lastArgs(); !reflect.DeepEqual(args, []any{"login", req}) {
				t.Errorf("API got %v, want login %+v", args, req)
			}
			var info *service.ErrorInfo
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("got error %v, want none", err)
			case tt.wantErr != "" && (!errors.As(err, &info) || info.Kind != tt.wantErr):
				t.Errorf("got error %v, want kind %s", err, tt.wantErr)
			}
		})
	}
}

func TestLoginCancel(t *testing.T) {
	stub := newStub()
	stub.loginEvents = []service.LoginEvent{{Event: service.EventAuthorizeURL, URL: "https://z/oauth/authorize"}}
	stub.loginBlock = true
	_, c := serve(t, stub)
	ctx, cancel := context.WithCancel(context.Background())
	err := c.Login(ctx, service.LoginRequest{}, func(service.LoginEvent) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
	waitClosed(t, stub.loginDone, "the agent's Login ending after the client cancelled")
}

func TestDownload(t *testing.T) {
	file := bytes.Repeat([]byte("0123456789abcdef"), 1000) // 16000 bytes
	tests := []struct {
		name      string
		offset    int64
		failAt    int
		stubErr   error
		wantKind  string // for errors before any byte
		wantError bool
	}{
		{name: "whole file"},
		{name: "resume", offset: 5000},
		{name: "complete already", offset: 16000},
		{name: "not found", stubErr: &service.ErrorInfo{Kind: service.KindNotFound, Message: "no file"}, wantKind: service.KindNotFound},
		{name: "fails midway", failAt: 9000, wantError: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stub := newStub()
			stub.file, stub.failAt, stub.err = file, tt.failAt, tt.stubErr
			_, c := serve(t, stub)
			var buf bytes.Buffer
			var lastDone, lastTotal int64 = -1, -1
			err := c.Download(context.Background(), "f/1", &buf, tt.offset, func(done, total int64) { lastDone, lastTotal = done, total })
			switch {
			case tt.wantKind != "":
				var info *service.ErrorInfo
				if !errors.As(err, &info) || info.Kind != tt.wantKind {
					t.Fatalf("got %v, want kind %s", err, tt.wantKind)
				}
				return
			case tt.wantError:
				if err == nil {
					t.Fatal("got no error, want one for a download cut short")
				}
				return
			case err != nil:
				t.Fatalf("got error %v", err)
			}
			if want := file[tt.offset:]; !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("got %d bytes, want %d", buf.Len(), len(want))
			}
			if args := stub.lastArgs(); !reflect.DeepEqual(args, []any{"download", "f/1", tt.offset}) {
				t.Errorf("API got %v, want download f/1 %d", args, tt.offset)
			}
			if tt.offset < int64(len(file)) && (lastDone != int64(len(file)) || lastTotal != int64(len(file))) {
				t.Errorf("last progress = %d/%d, want %d/%d", lastDone, lastTotal, len(file), len(file))
			}
		})
	}
}
