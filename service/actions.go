package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/internal/openurl"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// recordingsLookback is how far back Download looks for a file it has not seen yet.
const recordingsLookback = 12 // months

// Recordings returns the cloud recordings of the local dates from..to, newest first, and
// remembers them (in memory and in recordings.json) so Download can find their files. When
// some months failed it returns the others with the *zoomapi.PartialError.
func (s *Service) Recordings(ctx context.Context, from, to time.Time) ([]zoomapi.Recording, error) {
	epoch := s.currentEpoch()
	recs, err := s.rest().api.Recordings(ctx, from, to)
	var partial *zoomapi.PartialError
	if s.currentEpoch() != epoch { // signed out (or in as another account) meanwhile
		return nil, auth.ErrSignedOut
	}
	if err != nil && !errors.As(err, &partial) {
		s.setError(err)
		return nil, err
	}
	s.mu.Lock()
	if s.epoch != epoch {
		s.mu.Unlock()
		return nil, auth.ErrSignedOut
	}
	s.recs = mergeRecordings(s.recs, recs)
	all, id := s.recs, s.accountIDLocked()
	s.mu.Unlock()
	saveLogged(s, fileRecordings, id, all)
	if partial != nil {
		return recs, partial
	}
	return recs, nil
}

// mergeRecordings adds recs to old, replacing recordings with the same UUID.
func mergeRecordings(old, recs []zoomapi.Recording) []zoomapi.Recording {
	seen := make(map[string]bool, len(recs))
	out := append([]zoomapi.Recording(nil), recs...)
	for _, r := range recs {
		seen[r.UUID] = true
	}
	for _, r := range old {
		if !seen[r.UUID] {
			out = append(out, r)
		}
	}
	return out
}

// findFile looks a file up in the remembered recordings by its key
// (zoomapi.Recording.FileKey) or, for files that have one, its Zoom id. TIMELINE and CC
// files have no id, so an empty key never matches.
func (s *Service) findFile(key string) (zoomapi.RecordingFile, bool) {
	if key == "" {
		return zoomapi.RecordingFile{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.recs {
		for _, f := range r.Files {
			if r.FileKey(f) == key || f.ID == key {
				return f, true
			}
		}
	}
	return zoomapi.RecordingFile{}, false
}

// Download writes the recording file fileID (its key, zoomapi.Recording.FileKey, or its
// Zoom id) to w from offset on. A file not seen by an earlier Recordings call is looked for
// once in the recordings of the last 12 months; months that fail there do not stop it.
func (s *Service) Download(ctx context.Context, fileID string, w io.Writer, offset int64, progress func(done, total int64)) error {
	f, ok := s.findFile(fileID)
	if !ok {
		now := s.clk.Now()
		var partial *zoomapi.PartialError
		if _, err := s.Recordings(ctx, now.AddDate(0, -recordingsLookback, 0), now); err != nil && !errors.As(err, &partial) {
			return err
		}
		if f, ok = s.findFile(fileID); !ok {
			return errNotFound("recording file " + fileID)
		}
	}
	return s.rest().api.Download(ctx, f, w, offset, progress)
}

// NewMeeting creates an instant meeting (never retried: Zoom allows 100 creates a day and
// a retry could create two). The returned meeting has no StartURL, which would carry a
// ZAK: Start fetches a fresh one.
func (s *Service) NewMeeting(ctx context.Context, topic string) (*zoomapi.Meeting, error) {
	m, err := s.rest().api.CreateInstantMeeting(ctx, topic)
	if err != nil {
		s.setError(err)
		return nil, err
	}
	clean := sanitizeMeetings([]zoomapi.Meeting{*m})[0]
	clean.IsHost = true // the user who creates a meeting is its host
	s.mu.Lock()
	s.created[int64(m.ID)] = clean
	s.mu.Unlock()
	return &clean, nil
}

// meeting finds meetingID in the cached list or among the meetings created here; when
// absent, it refreshes the list once, and then asks Zoom for the meeting itself
// (GET /meetings/{id}): no list holds instant meetings, such as one "zoomctl new" made in
// an earlier run. Zoom's 404 (code 3001) is KindNotFound.
func (s *Service) meeting(ctx context.Context, meetingID int64) (zoomapi.Meeting, error) {
	if m, ok := s.lookup(meetingID); ok {
		return m, nil
	}
	if err := s.fetch(ctx, s.rest().api); err != nil {
		return zoomapi.Meeting{}, err
	}
	if m, ok := s.lookup(meetingID); ok {
		return m, nil
	}
	m, err := s.rest().api.Meeting(ctx, meetingID)
	var ze *zoomapi.Error
	switch {
	case errors.As(err, &ze) && (ze.Status == http.StatusNotFound || ze.Code == zoomapi.CodeMeetingNotFound):
		return zoomapi.Meeting{}, &ErrorInfo{Kind: KindNotFound, MeetingID: meetingID, Message: fmt.Sprintf("meeting %d not found", meetingID)}
	case err != nil:
		return zoomapi.Meeting{}, err
	}
	return sanitizeMeetings([]zoomapi.Meeting{*m})[0], nil
}

// lookup finds meetingID without a network call.
func (s *Service) lookup(meetingID int64) (zoomapi.Meeting, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range s.meetings.Meetings {
		if int64(m.ID) == meetingID {
			return m, true
		}
	}
	m, ok := s.created[meetingID]
	return m, ok
}

// JoinURL returns the meeting's join link.
func (s *Service) JoinURL(ctx context.Context, meetingID int64) (string, error) {
	m, err := s.meeting(ctx, meetingID)
	if err != nil {
		return "", err
	}
	return m.JoinURL, nil
}

// StartURL returns a start link with a fresh ZAK: https://<web host>/s/<id>?zak=... or,
// with Settings.UseZoommtg, zoommtg://<web host>/start?confno=...&zak=...
// (docs/zoom-reference.md, "Starting a meeting as host"). It is never logged or stored.
//
// Only a meeting of the user's list (or one created here) that the user hosts gets a
// link: an unknown ID is KindNotFound, and someone else's meeting is KindNotHost — a ZAK
// does not make its holder the host of another user's meeting, and the link would only
// lead to a Zoom error page.
func (s *Service) StartURL(ctx context.Context, meetingID int64) (string, error) {
	m, err := s.meeting(ctx, meetingID)
	if err != nil {
		return "", err
	}
	if !s.hosts(m) {
		return "", &ErrorInfo{Kind: KindNotHost, MeetingID: meetingID,
			Message: fmt.Sprintf("meeting %d is hosted by someone else", meetingID)}
	}
	if !s.opts.Settings.UseZoommtg {
		u, err := s.rest().api.StartURL(ctx, meetingID)
		if err != nil {
			s.setError(err)
		}
		return u, err
	}
	pwd := firstNonEmpty(m.Password, m.Passcode)
	zak, err := s.rest().api.ZAK(ctx)
	if err != nil {
		s.setError(err)
		return "", err
	}
	return zoomapi.StartURLScheme(s.webHost(), meetingID, zak, pwd), nil
}

// hosts reports whether the signed-in user hosts m: Zoom's upcoming_meetings says is_host;
// the hosted list has host_id equal to the user's id.
func (s *Service) hosts(m zoomapi.Meeting) bool {
	if m.IsHost {
		return true
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.account != nil && m.HostID != "" && m.HostID == s.account.ID
}

// webHost is the Zoom web host of the REST base: its host without a leading "api.".
func (s *Service) webHost() string {
	u, err := url.Parse(s.sess.APIURL())
	if err != nil || u.Host == "" {
		return "zoom.us"
	}
	return strings.TrimPrefix(u.Host, "api.")
}

// Start opens a fresh start link in the browser and puts the join link on the clipboard
// when one is available.
func (s *Service) Start(ctx context.Context, meetingID int64) (StartResult, error) {
	u, err := s.StartURL(ctx, meetingID)
	if err != nil {
		return StartResult{MeetingID: meetingID}, err
	}
	res := StartResult{MeetingID: meetingID, Opened: s.opts.OpenURL(u) == nil}
	if m, ok := s.lookup(meetingID); ok {
		res.JoinURL = m.JoinURL
	}
	if res.JoinURL != "" && s.opts.Clipboard != nil {
		res.JoinURLCopied = s.opts.Clipboard(res.JoinURL) == nil
	}
	return res, nil
}

// Logout revokes the grant at Zoom and deletes the local tokens (auth.Session.SignOut),
// then clears the cached data of the account.
func (s *Service) Logout(ctx context.Context) (LogoutResult, error) {
	res, err := s.sess.SignOut(ctx)
	if err == nil { // a failed sign-out may keep the session (auth.Session.SignOut): keep its data
		s.forgetAccount()
		if rerr := openurl.RemovePages(s.opts.Dirs.Runtime); rerr != nil {
			s.log.Warn("service: removing the redirect pages failed", "err", rerr)
		}
		if s.opts.SignedOut != nil {
			s.opts.SignedOut()
		}
	}
	s.mu.Lock()
	s.lastErr, s.sched.paused = nil, true
	s.mu.Unlock()
	if res.Pending != nil {
		s.addPending(res.Pending) // retried with backoff; the status says so meanwhile
	}
	wake(s.kick)
	wake(s.changed)
	s.publish()
	if err == nil && res.Pending == nil {
		s.kioskSignedOut()
	}
	out := LogoutResult{Revoked: res.Revoked}
	if res.RevokeErr != nil {
		out.Message = "the sign-in was removed from this computer, but Zoom could not be told: " +
			Describe(res.RevokeErr).Message
	}
	if err != nil {
		return out, fmt.Errorf("service: sign out: %w", err)
	}
	return out, nil
}

// Err returns the incomplete sign-out as a typed error: a *ErrorInfo of KindAuth with
// ReasonRevokeFailed when the tokens were deleted here but Zoom was not told (its grant
// stays valid until it expires or the user removes the app in the Zoom App Marketplace),
// else nil.
func (r LogoutResult) Err() error {
	if r.Revoked || r.Message == "" {
		return nil
	}
	return &ErrorInfo{Kind: KindAuth, Reason: ReasonRevokeFailed, Message: r.Message}
}

// firstNonEmpty returns the first non-empty string.
func firstNonEmpty(ss ...string) string {
	for _, v := range ss {
		if v != "" {
			return v
		}
	}
	return ""
}

// RecordingPasscode returns the play passcode of the recording with uuid: the one its
// listing carried or, since the user list does not always carry it, the one Zoom gives
// for that meeting (GET /meetings/{uuid}/recordings), remembered from then on. It
// returns "" without error when the recording has none.
func (s *Service) RecordingPasscode(ctx context.Context, uuid string) (string, error) {
	s.mu.Lock()
	for _, r := range s.recs {
		if r.UUID == uuid && r.RecordingPlayPasscode != "" {
			s.mu.Unlock()
			return r.RecordingPlayPasscode, nil
		}
	}
	s.mu.Unlock()
	pc, err := s.rest().api.RecordingPasscode(ctx, uuid)
	if err != nil {
		s.setError(err)
		return "", err
	}
	s.mu.Lock()
	for i := range s.recs {
		if s.recs[i].UUID == uuid {
			s.recs[i].RecordingPlayPasscode = pc
		}
	}
	s.mu.Unlock()
	return pc, nil
}
