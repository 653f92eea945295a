package ctl

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/zoomtray/zoomtray/internal/openurl"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// noArgs parses a subcommand's flags and refuses positional arguments.
func (a *app) noArgs(name string, fsArgs []string, setup func(fs *flag.FlagSet)) error {
	fs := a.flagSet(name)
	if setup != nil {
		setup(fs)
	}
	pos, err := a.subFlags(fs, fsArgs)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("%s takes no arguments", name)
	}
	return nil
}

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// logout signs out: Zoom revokes the grant (POST /oauth/revoke) and the local tokens are
// deleted; it says whether the revocation reached Zoom.
func (a *app) logout(args []string) error {
	if err := a.noArgs("logout", args, nil); err != nil {
		return err
	}
	api, err := a.service()
	if err != nil {
		return err
	}
	res, err := api.Logout(a.ctx)
	if err != nil {
		return err
	}
	if res.Revoked {
		fmt.Fprintln(a.env.Stdout, "Signed out. Zoom revoked the sign-in.")
		return nil
	}
	if err := res.Err(); err != nil { // the grant lives on at Zoom: say how to end it
		what, todo := text.Error(service.Describe(err))
		fmt.Fprintf(a.env.Stdout, "%s\n%s\n", what, todo)
		return nil
	}
	fmt.Fprintln(a.env.Stdout, "Signed out on this computer.")
	return nil
}

// status prints the account, where the tokens are stored, the token's expiry and the last
// and next refresh.
func (a *app) status(args []string) error {
	var asJSON *bool
	if err := a.noArgs("status", args, func(fs *flag.FlagSet) { asJSON = fs.Bool("json", false, "print JSON") }); err != nil {
		return err
	}
	api, err := a.service()
	if err != nil {
		return err
	}
	st, err := api.Status(a.ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		st.WindowRaise = 0 // the agent's signal to its window, not part of the status
		return printJSON(a.env.Stdout, struct {
			service.Status
			Agent bool `json:"agent"`
		}{st, a.agent})
	}
	a.printStatus(st)
	return nil
}

func (a *app) printStatus(st service.Status) {
	w := a.env.Stdout
	row := func(k, v string) { fmt.Fprintf(w, "%-14s %s\n", k+":", v) }
	state := string(st.State)
	if st.Reason != "" {
		state += " (" + string(st.Reason) + ")"
	}
	row("State", state)
	if st.Account != nil {
		row("Account", accountName(st.Account))
	}
	if st.StoreKind != "" {
		row("Tokens", fmt.Sprintf("%s: %s", st.StoreKind, st.StoreLocation))
	}
	row("Token expiry", when(st.TokenExpiry))
	row("Last refresh", when(st.LastRefresh))
	row("Next refresh", when(st.NextRefresh))
	if a.agent {
		row("Agent", "running")
	} else {
		row("Agent", "not running (zoomctl works on the stored session)")
	}
	if st.LastError != nil {
		row("Last problem", st.LastError.Message)
	}
}

// when formats t in the local zone, or "—" for zero.
func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Local().Format("2006-01-02 15:04:05 MST")
}

// meetings lists the upcoming meetings. Without an agent the list is always fetched; with
// one, the agent's cache is shown unless --refresh.
func (a *app) meetings(args []string) error {
	var asJSON, refresh *bool
	if err := a.noArgs("meetings", args, func(fs *flag.FlagSet) {
		asJSON = fs.Bool("json", false, "print JSON")
		refresh = fs.Bool("refresh", false, "fetch the list from Zoom now")
	}); err != nil {
		return err
	}
	api, err := a.ready()
	if err != nil {
		return err
	}
	ml, err := api.Meetings(a.ctx, *refresh || !a.agent)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(a.env.Stdout, ml)
	}
	printMeetings(a.env.Stdout, ml.Meetings)
	if ml.Stale {
		fmt.Fprintf(a.env.Stderr, "zoomctl: this list is from %s; Zoom could not be reached since.\n", when(ml.FetchedAt))
	}
	return nil
}

func printMeetings(w io.Writer, ms []zoomapi.Meeting) {
	if len(ms) == 0 {
		fmt.Fprintln(w, "No upcoming meetings.")
		return
	}
	for _, m := range ms {
		start, length := "no fixed time", fmt.Sprintf("%d min", m.Duration)
		switch {
		case m.IsAllDay:
			start, length = text.AllDayDate(m, time.Local).Format("Mon Jan 2"), text.AllDay
		case !m.StartTime.IsZero():
			start = m.StartTime.Local().Format("Mon Jan 2 15:04")
		}
		fmt.Fprintf(w, "%-13d %-16s %8s  %s\n", int64(m.ID), start, length, m.Topic)
	}
}

// recordings lists the cloud recordings between --from and --to (local dates, default the
// last 30 days), with each file's key for download. When some months failed, it lists the
// others, says which failed, and exits 1.
func (a *app) recordings(args []string) error {
	now := time.Now()
	var asJSON *bool
	var fromS, toS *string
	if err := a.noArgs("recordings", args, func(fs *flag.FlagSet) {
		asJSON = fs.Bool("json", false, "print JSON")
		fromS = fs.String("from", now.AddDate(0, 0, -30).Format(time.DateOnly), "first day (YYYY-MM-DD)")
		toS = fs.String("to", now.Format(time.DateOnly), "last day (YYYY-MM-DD)")
	}); err != nil {
		return err
	}
	from, err1 := time.ParseInLocation(time.DateOnly, *fromS, time.Local)
	to, err2 := time.ParseInLocation(time.DateOnly, *toS, time.Local)
	if err1 != nil || err2 != nil {
		return usagef("dates are YYYY-MM-DD")
	}
	if to.Before(from) {
		return usagef("--to is before --from")
	}
	api, err := a.ready()
	if err != nil {
		return err
	}
	recs, err := api.Recordings(a.ctx, from, to)
	var partial *zoomapi.PartialError
	if err != nil && !errors.As(err, &partial) {
		return err
	}
	if *asJSON {
		if recs == nil {
			recs = []zoomapi.Recording{}
		}
		if err := printJSON(a.env.Stdout, recs); err != nil {
			return err
		}
	} else {
		printRecordings(a.env.Stdout, recs)
	}
	if partial != nil {
		fmt.Fprintf(a.env.Stderr, "zoomctl: %s\n", text.MissingRecordings(partial))
		return &exitError{code: ExitError}
	}
	return nil
}

func printRecordings(w io.Writer, recs []zoomapi.Recording) {
	if len(recs) == 0 {
		fmt.Fprintln(w, "No cloud recordings in this period.")
		return
	}
	for _, r := range recs {
		fmt.Fprintf(w, "%s  %s\n", r.StartTime.Local().Format("2006-01-02 15:04"), r.Topic)
		for _, f := range r.Files {
			switch {
			case f.InProgress():
				fmt.Fprintf(w, "    %-10s %10s  still recording\n", "-", "")
			case !f.Ready():
				fmt.Fprintf(w, "    %-10s %10s  processing\n", f.FileType, "")
			default:
				fmt.Fprintf(w, "    %-10s %10s  %s\n", f.FileType, fileSize(f), r.FileKey(f))
			}
		}
	}
}

// fileSize is the file's size for people, or "" when Zoom did not send one (TIMELINE and
// CC files have none).
func fileSize(f zoomapi.RecordingFile) string {
	if f.FileSize <= 0 {
		return ""
	}
	return text.Size(int64(f.FileSize))
}

// newMeeting creates an instant meeting; --open starts it at once.
func (a *app) newMeeting(args []string) error {
	var asJSON, open *bool
	var topic *string
	if err := a.noArgs("new", args, func(fs *flag.FlagSet) {
		asJSON = fs.Bool("json", false, "print JSON")
		open = fs.Bool("open", false, "start the meeting in the browser")
		topic = fs.String("topic", "", "the meeting's topic")
	}); err != nil {
		return err
	}
	api, err := a.ready()
	if err != nil {
		return err
	}
	m, err := api.NewMeeting(a.ctx, *topic)
	if err != nil {
		return err
	}
	var res *service.StartResult
	if *open {
		r, err := api.Start(a.ctx, int64(m.ID))
		if err != nil {
			return err
		}
		res = &r
	}
	if *asJSON {
		m.StartURL = "" // it would carry a ZAK
		return printJSON(a.env.Stdout, struct {
			*zoomapi.Meeting
			Start *service.StartResult `json:"start,omitempty"`
		}{m, res})
	}
	fmt.Fprintf(a.env.Stdout, "Created meeting %d: %s\nJoin link: %s\n", int64(m.ID), m.Topic, m.JoinURL)
	if res != nil {
		a.printStart(*res)
	}
	return nil
}

// start starts a meeting as its host: it opens the start link (with a fresh ZAK) in the
// browser, or prints it with --print. A meeting that does not exist, or that someone else
// hosts, is refused (service.KindNotFound, KindNotHost) before any link is made.
func (a *app) start(args []string) error {
	id, print, err := a.meetingArgs("start", args)
	if err != nil {
		return err
	}
	api, err := a.ready()
	if err != nil {
		return err
	}
	if print {
		u, err := api.StartURL(a.ctx, id)
		if err != nil {
			return err
		}
		fmt.Fprintln(a.env.Stdout, u)
		return nil
	}
	res, err := api.Start(a.ctx, id)
	if err != nil {
		return err
	}
	a.printStart(res)
	return nil
}

// join opens a meeting's join link in the browser, or prints it with --print: what
// anyone invited may do, host or not.
func (a *app) join(args []string) error {
	id, print, err := a.meetingArgs("join", args)
	if err != nil {
		return err
	}
	api, err := a.ready()
	if err != nil {
		return err
	}
	u, err := api.JoinURL(a.ctx, id)
	if err != nil {
		return err
	}
	if print {
		fmt.Fprintln(a.env.Stdout, u)
		return nil
	}
	if err := openurl.Open(u); err != nil {
		fmt.Fprintf(a.env.Stdout, "Could not open a browser; the join link is %s\n", u)
		return nil
	}
	fmt.Fprintf(a.env.Stdout, "Joining meeting %d in your browser.\n", id)
	return nil
}

// meetingArgs parses "MEETING_ID [--print]" (spaces in the ID allowed, as Zoom shows it:
// "123 4567 8901").
func (a *app) meetingArgs(name string, args []string) (int64, bool, error) {
	fs := a.flagSet(name)
	print := fs.Bool("print", false, "print the link instead of opening it")
	pos, err := a.subFlags(fs, args)
	if err != nil {
		return 0, false, err
	}
	if len(pos) != 1 {
		return 0, false, usagef("%s takes one MEETING_ID", name)
	}
	id, err := strconv.ParseInt(strings.ReplaceAll(pos[0], " ", ""), 10, 64)
	if err != nil || id <= 0 {
		return 0, false, usagef("%q is not a meeting ID", pos[0])
	}
	return id, *print, nil
}

func (a *app) printStart(res service.StartResult) {
	if res.Opened {
		fmt.Fprintf(a.env.Stdout, "Starting meeting %d in your browser.\n", res.MeetingID)
	} else {
		fmt.Fprintf(a.env.Stdout, "Could not open a browser; run \"zoomctl start %d --print\" for the link.\n", res.MeetingID)
	}
	if res.JoinURLCopied {
		fmt.Fprintln(a.env.Stdout, "The join link is on the clipboard.")
	}
}
