package zoomapi

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"
)

// PageSize is the page size the client asks for: Zoom's maximum (default 30).
const PageSize = 300

// maxPages bounds pagination, so that a server that keeps answering a token cannot loop
// the client forever (300 × 1000 items is far beyond any real account).
const maxPages = 1000

// Me returns the signed-in user (GET /users/me, rate limit Light).
func (c *Client) Me(ctx context.Context) (*User, error) {
	var u User
	if err := c.do(ctx, call{method: http.MethodGet, path: "/users/me", want: "id"}, &u); err != nil {
		return nil, err
	}
	return &u, nil
}

// meetingPage is one page of a meetings list.
type meetingPage = listPage[Meeting]

// UpcomingMeetings returns the user's upcoming meetings, sorted by start time (meetings
// without a fixed time last). It merges, concurrently fetched, the meetings the user hosts
// (GET /users/me/meetings?type=upcoming, all pages) with the next 24 hours of meetings
// including ones the user is only invited to (GET /users/me/upcoming_meetings), one item
// per occurrence (OccurrenceKey: a recurring meeting is listed once per occurrence, with
// the same id and a different start_time). A field the second list leaves out never erases
// what the first said: IsHost is true when either list says so. upcoming_meetings is newer
// and missing on some grants and plans, so any failure of it but a rejected token (401)
// leaves the hosted list alone.
func (c *Client) UpcomingMeetings(ctx context.Context) ([]Meeting, error) {
	ls, err := c.MeetingLists(ctx, nil, time.Time{})
	return ls.Meetings, err
}

// HostedList is the hosted list (GET /users/me/meetings?type=upcoming) as fetched at At.
type HostedList struct {
	Meetings []Meeting
	At       time.Time
}

// MeetingLists is one fetch of the meetings: the merged list, and the hosted list it was
// merged from.
type MeetingLists struct {
	Meetings []Meeting // merged and sorted, as UpcomingMeetings returns them
	Hosted   HostedList
	// HostedFetched is true when this fetch asked Zoom for the hosted list, false when it
	// reused the one it was given.
	HostedFetched bool
}

// upcomingEdge is how far ahead of now a fetch that reuses an earlier hosted list trusts
// GET /users/me/upcoming_meetings alone. Zoom says "the next 24 hours" without saying
// where it draws the edge, and its clock is not ours: an hour short of it, a meeting near
// the edge keeps its place from the earlier hosted list rather than vanish.
const upcomingEdge = 23 * time.Hour

// MeetingLists fetches the upcoming meetings as UpcomingMeetings does (both lists, with
// a nil kept), or with kept, the hosted list of an earlier fetch, only
// GET /users/me/upcoming_meetings: one Medium request instead of two (and more for a
// hosted list of several pages). Within upcomingEdge of now that list is the truth, for
// the meetings the user hosts too: a kept hosted occurrence it no longer lists was moved,
// deleted or has ended, and one it lists takes its topic, time and link from it (the kept
// item lends what upcoming_meetings leaves out, such as is_host). Beyond the edge, and
// for meetings without a fixed time, the kept hosted items stay as they were: a fetch
// that skips the hosted list never erases a meeting. When upcoming_meetings fails, the
// fetch falls back to the hosted list as UpcomingMeetings does (fallsBack), except after a
// rate limit: the account is busy, and another request would add to it.
func (c *Client) MeetingLists(ctx context.Context, kept *HostedList, now time.Time) (MeetingLists, error) {
	if kept != nil {
		invited, err := c.upcomingOnly(ctx)
		if err == nil {
			return MeetingLists{Meetings: mergeKept(kept.Meetings, invited, now), Hosted: *kept}, nil
		}
		if !fallsBack(err) || IsRateLimited(err) || ctx.Err() != nil {
			return MeetingLists{}, err
		}
		hosted, err := c.hostedMeetings(ctx)
		if err != nil {
			return MeetingLists{}, err
		}
		return MeetingLists{Meetings: mergeMeetings(hosted, nil), Hosted: HostedList{Meetings: hosted, At: now}, HostedFetched: true}, nil
	}
	ms, hosted, err := c.bothLists(ctx)
	if err != nil {
		return MeetingLists{}, err
	}
	return MeetingLists{Meetings: ms, Hosted: HostedList{Meetings: hosted, At: now}, HostedFetched: true}, nil
}

// fallsBack reports whether a failure of GET /users/me/upcoming_meetings leaves the hosted
// list to answer alone. The endpoint is newer and missing on some grants and plans, and
// real accounts answer it in many ways (4711 for a missing scope, 404, 400, 5xx, an HTML
// page, a JSON denial), none of which says anything about the hosted list; only a
// rejected token (401) fails the whole list, since it fails the hosted list too.
func fallsBack(err error) bool { return err != nil && !IsTokenInvalid(err) }

// upcomingOnly reads GET /users/me/upcoming_meetings.
func (c *Client) upcomingOnly(ctx context.Context) ([]Meeting, error) {
	var p meetingPage
	if err := c.do(ctx, call{method: http.MethodGet, path: "/users/me/upcoming_meetings", want: "meetings"}, &p); err != nil {
		return nil, err
	}
	return p.Meetings, nil
}

// bothLists fetches the hosted list and upcoming_meetings concurrently and merges them;
// it also returns the hosted list.
func (c *Client) bothLists(ctx context.Context) (merged, hosted []Meeting, err error) {
	inner, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg              sync.WaitGroup
		invited         []Meeting
		hostErr, invErr error
	)
	wg.Go(func() {
		if hosted, hostErr = c.hostedMeetings(inner); hostErr != nil {
			cancel()
		}
	})
	wg.Go(func() {
		invited, invErr = c.upcomingOnly(inner)
		switch {
		case invErr == nil:
		case !fallsBack(invErr):
			cancel()
		case inner.Err() == nil:
			invErr = nil // fall back to the hosted list, already on its way
		}
	})
	wg.Wait()
	if hostErr == nil && invErr == nil {
		return mergeMeetings(hosted, invited), hosted, nil
	}
	if ctx.Err() != nil {
		return nil, nil, ctx.Err()
	}
	return nil, nil, firstCause(hostErr, invErr)
}

// mergeKept merges a kept hosted list with a fresh upcoming_meetings list at now (see
// MeetingLists): kept occurrences within upcomingEdge give way to the fresh list.
func mergeKept(kept, invited []Meeting, now time.Time) []Meeting {
	edge := now.Add(upcomingEdge)
	var beyond []Meeting
	within := map[OccurrenceKey]Meeting{}
	for _, m := range kept {
		if m.StartTime.IsZero() || !m.StartTime.Before(edge) {
			beyond = append(beyond, m)
		} else {
			within[m.Key()] = m
		}
	}
	fresh := make([]Meeting, len(invited))
	for i, m := range invited {
		h, ok := within[m.Key()]
		if !ok {
			fresh[i] = m
			continue
		}
		h.Topic, h.Type, h.Duration, h.Timezone = m.Topic, m.Type, m.Duration, m.Timezone
		h.JoinURL = cmp.Or(m.JoinURL, h.JoinURL)
		h.Passcode = cmp.Or(m.Passcode, h.Passcode)
		h.UsePMI, h.IsAllDay = m.UsePMI || h.UsePMI, m.IsAllDay || h.IsAllDay
		h.IsHost = true // the kept item is one the user hosts
		fresh[i] = h
	}
	return mergeMeetings(beyond, fresh)
}

// firstCause returns the error that failed a pair of concurrent calls, not the
// cancellation it caused in its sibling.
func firstCause(errs ...error) error {
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	return errors.Join(errs...)
}

// hostedMeetings reads every page of GET /users/me/meetings?type=upcoming.
func (c *Client) hostedMeetings(ctx context.Context) ([]Meeting, error) {
	q := url.Values{"type": {"upcoming"}, "page_size": {itoa(PageSize)}}
	return allPages[Meeting](ctx, c, "/users/me/meetings", q)
}

// OccurrenceKey identifies one row of a meetings list: the meeting id and the start of
// the occurrence, since a recurring meeting is listed once per occurrence with the same id.
type OccurrenceKey struct {
	ID    int64
	Start int64 // Unix seconds of StartTime; 0 for a meeting without a fixed time
}

// Key returns m's OccurrenceKey.
func (m Meeting) Key() OccurrenceKey {
	k := OccurrenceKey{ID: int64(m.ID)}
	if !m.StartTime.IsZero() {
		k.Start = m.StartTime.Unix()
	}
	return k
}

// mergeMeetings de-duplicates hosted and invited meetings by occurrence and sorts them by
// start. Hosted meetings are the user's; an invited item adds what it knows (is_host,
// passcode, use_pmi, is_all_day) without erasing a value with an absent field.
func mergeMeetings(hosted, invited []Meeting) []Meeting {
	byKey := make(map[OccurrenceKey]int, len(hosted)+len(invited))
	out := make([]Meeting, 0, len(hosted)+len(invited))
	for _, m := range hosted {
		if _, dup := byKey[m.Key()]; dup {
			continue
		}
		m.IsHost = true
		byKey[m.Key()] = len(out)
		out = append(out, m)
	}
	for _, m := range invited {
		i, dup := byKey[m.Key()]
		if !dup {
			byKey[m.Key()] = len(out)
			out = append(out, m)
			continue
		}
		o := &out[i]
		o.IsHost = o.IsHost || m.IsHost
		o.Passcode = cmp.Or(m.Passcode, o.Passcode)
		o.UsePMI, o.IsAllDay = o.UsePMI || m.UsePMI, o.IsAllDay || m.IsAllDay
	}
	slices.SortStableFunc(out, func(a, b Meeting) int {
		if a.StartTime.IsZero() != b.StartTime.IsZero() {
			return boolCmp(a.StartTime.IsZero(), b.StartTime.IsZero())
		}
		return cmp.Or(a.StartTime.Compare(b.StartTime), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func boolCmp(a, b bool) int {
	if a == b {
		return 0
	}
	if a {
		return 1
	}
	return -1
}

// Meeting returns one meeting (GET /meetings/{meetingId}), instant meetings included, which
// no list returns. An unknown ID is a 404 *Error with code 3001.
func (c *Client) Meeting(ctx context.Context, meetingID int64) (*Meeting, error) {
	var m Meeting
	cl := call{method: http.MethodGet, path: "/meetings/" + strconv.FormatInt(meetingID, 10), want: "id"}
	if err := c.do(ctx, cl, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// CreateInstantMeeting creates an instant meeting (POST /users/me/meetings with type 1,
// answered 201) whose StartURL, JoinURL and Password are ready to use. Zoom allows 100
// creates per user per day; the request is retried only when it never reached Zoom (a
// dial error), never after a reset or a 5xx, so it cannot create two meetings.
func (c *Client) CreateInstantMeeting(ctx context.Context, topic string) (*Meeting, error) {
	body := struct {
		Type  int    `json:"type"`
		Topic string `json:"topic"`
	}{MeetingInstant, topic}
	var m Meeting
	cl := call{method: http.MethodPost, path: "/users/me/meetings", body: body, want: "id"}
	if err := c.do(ctx, cl, &m); err != nil {
		return nil, err
	}
	return &m, nil
}
