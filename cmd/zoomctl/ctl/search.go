package ctl

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/zoomtray/zoomtray/internal/transcripts"
	"github.com/zoomtray/zoomtray/ui/text"
)

// search finds a phrase in what was said (transcripts) and typed (chats) in the account's
// cloud recordings, through the agent's index: newest recording first, each hit with the
// lines around it. --from and --to are local dates, both included.
func (a *app) search(args []string) error {
	var asJSON *bool
	var fromS, toS *string
	var limit *int
	fs := a.flagSet("search")
	asJSON = fs.Bool("json", false, "print JSON")
	fromS = fs.String("from", "", "first day of the recordings (YYYY-MM-DD)")
	toS = fs.String("to", "", "last day of the recordings (YYYY-MM-DD)")
	limit = fs.Int("limit", transcripts.DefaultLimit, "at most this many matches")
	pos, err := a.subFlags(fs, args)
	if err != nil {
		return err
	}
	q := transcripts.Query{Text: strings.TrimSpace(strings.Join(pos, " ")), Limit: *limit}
	if q.Text == "" {
		return usagef("search needs a phrase, e.g. zoomctl search \"quarterly budget\"")
	}
	if q.From, err = localDate(*fromS, 0); err != nil {
		return err
	}
	if q.To, err = localDate(*toS, 1); err != nil {
		return err
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.To.After(q.From) {
		return usagef("--to is before --from")
	}
	api, err := a.ready()
	if err != nil {
		return err
	}
	res, err := api.Search(a.ctx, q)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(a.env.Stdout, res)
	}
	printHits(a.env.Stdout, res.Hits, a.env.IsTerminal(a.env.Stdout))
	if p := res.Progress; p.Indexed < p.Total || p.Syncing {
		fmt.Fprintln(a.env.Stderr, text.SearchProgress(&p))
	}
	return nil
}

// localDate parses a YYYY-MM-DD local date and adds days; "" is the zero time.
func localDate(s string, days int) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, time.Local)
	if err != nil {
		return time.Time{}, usagef("dates are YYYY-MM-DD")
	}
	return d.AddDate(0, 0, days), nil
}

// printHits writes each hit: the recording, when in it the line was said, and the line
// between its neighbours, the match in reverse video on a terminal.
func printHits(w io.Writer, hits []transcripts.Hit, tty bool) {
	if len(hits) == 0 {
		fmt.Fprintln(w, "No matches.")
		return
	}
	for i, h := range hits {
		if i > 0 {
			fmt.Fprintln(w)
		}
		kind := "transcript"
		if h.Kind == transcripts.KindChat {
			kind = "chat"
		}
		fmt.Fprintf(w, "%s  %s  (%s at %s)\n", h.Start.Local().Format("2006-01-02 15:04"), h.Topic, kind, text.Offset(h.Offset()))
		if h.Before != "" {
			fmt.Fprintf(w, "    %s\n", h.Before)
		}
		line := marked(h, tty)
		if h.Speaker != "" {
			line = h.Speaker + ": " + line
		}
		fmt.Fprintf(w, "  > %s\n", line)
		if h.After != "" {
			fmt.Fprintf(w, "    %s\n", h.After)
		}
	}
}

// marked returns the hit's text with its matches in reverse video (tty) or as is.
func marked(h transcripts.Hit, tty bool) string {
	if !tty {
		return h.Text
	}
	var b strings.Builder
	last := 0
	for _, m := range h.Match {
		if m[0] < last || m[1] > len(h.Text) {
			continue
		}
		b.WriteString(h.Text[last:m[0]] + "\x1b[7m" + h.Text[m[0]:m[1]] + "\x1b[0m")
		last = m[1]
	}
	return b.String() + h.Text[last:]
}
