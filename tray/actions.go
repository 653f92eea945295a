package tray

import (
	"context"
)

// dispatch runs a click's action on its own goroutine (tracked, so Run waits for it): the
// D-Bus menu callbacks must not block on Zoom.
func (r *runner) dispatch(ctx context.Context, it Item) {
	r.log.Debug("tray: clicked", "action", it.Action.String())
	r.jobs.Go(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), actionTimeout)
		defer cancel()
		r.report(it, r.do(ctx, it))
	})
}

// do performs one action. Starting goes through api.Start, which fetches a fresh ZAK and
// opens the https start link (docs/zoom-reference.md, "Starting a meeting as host"); the tray
// never sees the link.
func (r *runner) do(ctx context.Context, it Item) error {
	switch it.Action {
	case ActOpenWindow, ActSignIn, ActSetup:
		return r.api.OpenWindow(ctx)
	case ActJoin:
		return r.opts.OpenURL(it.URL)
	case ActStart:
		_, err := r.api.Start(ctx, it.MeetingID)
		return err
	case ActNewMeeting:
		m, err := r.api.NewMeeting(ctx, InstantTopic)
		if err != nil {
			return err
		}
		_, err = r.api.Start(ctx, int64(m.ID))
		return err
	case ActSignOut:
		res, err := r.api.Logout(ctx)
		if err == nil {
			err = res.Err() // signed out here, but Zoom was not told
		}
		return err
	case ActDemo:
		if r.opts.OnDemo != nil {
			r.opts.OnDemo()
		}
	case ActQuit:
		err := r.api.Quit(ctx)
		if r.opts.OnQuit != nil {
			r.opts.OnQuit()
		}
		return err
	}
	return nil
}

// String names the action for logs.
func (a Action) String() string {
	names := [...]string{"none", "open_window", "join", "start", "new_meeting", "sign_in", "sign_out", "setup", "demo", "quit"}
	if int(a) < len(names) {
		return names[a]
	}
	return "unknown"
}
