package zoomtest

import (
	"net/http"
	"time"
)

// RotationReply says whether the answer to the refresh that rotated a refresh token out
// reached the client in full: a client that got it and still lost the session failed to
// keep the rotated token; one that never got it could not have kept it.
type RotationReply struct {
	// Delivered is set when the whole answer was written and flushed while the client was
	// still connected.
	Delivered bool
	// At is the wall-clock time the answer was written (transport time, not Options.Now).
	At time.Time
}

// RotationReplyOf returns the reply of the refresh that rotated refresh token rt out; ok is
// false when rt is unknown or was never rotated. A rotation whose answer is still being
// written (its client may have been killed meanwhile) is reported as not delivered: the
// client has not had it in full.
func (s *Server) RotationReplyOf(rt string) (reply RotationReply, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, found := s.refresh[rt]
	switch {
	case !found || r.rotatedAt.IsZero():
		return RotationReply{}, false
	case r.reply == nil:
		return RotationReply{}, true
	}
	return *r.reply, true
}

// recordReply notes whether the answer to refreshing rt reached the client: the body was
// written and flushed (a dropped answer writes to no connection and cannot be flushed) and
// the client had not gone away. Only the first answer of a rotation is recorded.
func (s *Server) recordReply(w http.ResponseWriter, r *http.Request, rt string) {
	delivered := http.NewResponseController(w).Flush() == nil && r.Context().Err() == nil
	s.mu.Lock()
	defer s.mu.Unlock()
	if tok, ok := s.refresh[rt]; ok && !tok.rotatedAt.IsZero() && tok.reply == nil {
		tok.reply = &RotationReply{Delivered: delivered, At: time.Now()}
	}
}
