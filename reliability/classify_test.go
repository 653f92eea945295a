package reliability

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// outcome names what a call ended with, for the matrix table: "ok", a typed error the UI
// can turn into a sentence (zoomapi.Error, the auth error types and sentinels, a network
// error, a malformed answer), or "UNTYPED: ..." for anything else, which the suite fails.
func outcome(err error) string {
	if err == nil {
		return "ok"
	}
	for _, c := range []func(error) (string, bool){zoomOutcome, authOutcome, sentinelOutcome, netOutcome} {
		if s, ok := c(err); ok {
			return s
		}
	}
	return "UNTYPED: " + err.Error()
}

// typed reports whether outcome(err) is a typed error or success.
func typed(o string) bool { return len(o) < 8 || o[:8] != "UNTYPED:" }

func zoomOutcome(err error) (string, bool) {
	var ze *zoomapi.Error
	if errors.As(err, &ze) {
		return fmt.Sprintf("zoom %d/%d", ze.Status, ze.Code), true
	}
	return "", false
}

func authOutcome(err error) (string, bool) {
	var (
		te *auth.TokenError
		re *auth.RefreshError
		rv *auth.RevokeError
	)
	switch {
	case errors.As(err, &re):
		kind := "needs-sign-in"
		if re.Temporary {
			kind = "offline"
		}
		return fmt.Sprintf("refresh %s %d", kind, re.Status), true
	case errors.As(err, &te):
		return fmt.Sprintf("token %d %s", te.Status, te.Code), true
	case errors.As(err, &rv):
		return fmt.Sprintf("revoke %d %s", rv.Status, rv.Code), true
	}
	return "", false
}

// sentinelOutcome names the sentinel errors of auth a flow may end with.
func sentinelOutcome(err error) (string, bool) {
	for _, s := range []struct {
		err  error
		name string
	}{
		{auth.ErrDeviceCodeExpired, "device-expired"}, {auth.ErrDeviceGrantUnavailable, "no-device-grant"},
		{auth.ErrOffline, "offline"}, {auth.ErrNeedsSignIn, "needs-sign-in"}, {auth.ErrTimeout, "sign-in-timeout"},
		{auth.ErrInvalidGrant, "invalid-grant"}, {context.DeadlineExceeded, "deadline"},
	} {
		if errors.Is(err, s.err) {
			return s.name, true
		}
	}
	return "", false
}

// netOutcome names network failures and malformed answers.
func netOutcome(err error) (string, bool) {
	var (
		ne net.Error
		ue *url.Error
		se *json.SyntaxError
		te *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return "net-timeout", true
	case errors.As(err, &ue) || errors.As(err, &ne):
		return "network", true
	case errors.As(err, &se) || errors.As(err, &te):
		return "malformed", true
	}
	return "", false
}
