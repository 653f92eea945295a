package agent

import (
	"context"
	"io"
	"time"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/transcripts"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// errUnconfigured is the answer of every Zoom call of an agent without a client ID.
var errUnconfigured = &service.ErrorInfo{
	Kind:    service.KindConfig,
	Reason:  service.ReasonNotConfigured,
	Message: "zoomtray is not set up: no Zoom app client ID is configured",
}

// unconfigured stands in for the service until a client ID is set (the service cannot be
// built without one): Status says service.StateUnconfigured, Zoom calls fail with
// KindConfig, and the window's first-run screen leads the user through set-up.
type unconfigured struct {
	kiosk bool
	// cause, when set, replaces errUnconfigured: the service could not be built (e.g. the
	// keyring is unavailable) and Status shows it as signed out with this LastError.
	cause *service.ErrorInfo
}

var _ service.API = unconfigured{}

func (u unconfigured) Status(ctx context.Context) (service.Status, error) {
	if u.cause != nil {
		return service.Status{State: "signed_out", LastError: u.cause, Kiosk: u.kiosk}, nil
	}
	return service.Status{State: service.StateUnconfigured, Kiosk: u.kiosk}, nil
}

// err is the error of every Zoom call.
func (u unconfigured) err() error {
	if u.cause != nil {
		return u.cause
	}
	return errUnconfigured
}

func (u unconfigured) Watch(ctx context.Context) (<-chan service.Status, error) {
	ch := make(chan service.Status, 1)
	st, _ := u.Status(ctx)
	ch <- st
	context.AfterFunc(ctx, func() { close(ch) })
	return ch, nil
}

func (u unconfigured) Search(context.Context, transcripts.Query) (service.SearchResult, error) {
	return service.SearchResult{}, u.err()
}

func (u unconfigured) Meetings(context.Context, bool) (service.MeetingList, error) {
	return service.MeetingList{}, u.err()
}

func (u unconfigured) Recordings(context.Context, time.Time, time.Time) ([]zoomapi.Recording, error) {
	return nil, u.err()
}

func (u unconfigured) RecordingPasscode(context.Context, string) (string, error) { return "", u.err() }

func (u unconfigured) NewMeeting(context.Context, string) (*zoomapi.Meeting, error) {
	return nil, u.err()
}

func (u unconfigured) StartURL(context.Context, int64) (string, error) { return "", u.err() }

func (u unconfigured) Start(_ context.Context, id int64) (service.StartResult, error) {
	return service.StartResult{MeetingID: id}, u.err()
}

func (u unconfigured) JoinURL(context.Context, int64) (string, error) { return "", u.err() }

func (u unconfigured) Login(context.Context, service.LoginRequest, func(service.LoginEvent)) error {
	return u.err()
}

func (u unconfigured) Logout(context.Context) (service.LogoutResult, error) {
	return service.LogoutResult{}, u.err()
}

func (u unconfigured) Download(context.Context, string, io.Writer, int64, func(int64, int64)) error {
	return u.err()
}

// Quit has no service to stop (the agent's Quit stops the agent), and Activity no kiosk
// to tell.
func (unconfigured) Quit(context.Context) error     { return nil }
func (unconfigured) Activity(context.Context) error { return nil }

// kioskCause returns why kiosk mode cannot sign anybody in with st, or nil: a kiosk signs
// in through the device grant only, which Zoom documents only with the client secret, so a
// public (PKCE-only) client cannot serve a kiosk.
func kioskCause(st config.Settings) *service.ErrorInfo {
	if !st.Kiosk || !st.Configured() || st.ClientSecret != "" {
		return nil
	}
	return &service.ErrorInfo{Kind: service.KindDeviceGrant, Reason: service.ReasonPublicClient,
		Message: "kiosk mode needs a confidential Zoom app"}
}
