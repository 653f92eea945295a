package service

import (
	"net/http"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// clients holds the REST clients for one REST base. The base can change at sign-in: Zoom's
// token response may carry api_url (docs/zoom-reference.md, "Hosts").
type clients struct {
	base string
	api  *zoomapi.Client // user-initiated calls, with zoomapi's retries
	poll *zoomapi.Client // the poller's calls: no retries, the poller backs off itself
}

// rest returns the REST clients for the session's current REST base.
func (s *Service) rest() clients {
	base := s.sess.APIURL()
	s.clientsMu.Lock()
	defer s.clientsMu.Unlock()
	if s.clients.base != base || s.clients.api == nil {
		hc := s.sess.HTTPClient()
		hc = &http.Client{Transport: s.quota.Transport(hc.Transport), Timeout: hc.Timeout,
			CheckRedirect: hc.CheckRedirect, Jar: hc.Jar}
		pollOpts := append([]zoomapi.Option{zoomapi.WithRetries(0, 0)}, s.opts.apiOpts...)
		s.clients = clients{
			base: base,
			api:  zoomapi.NewClient(hc, base, s.opts.apiOpts...),
			poll: zoomapi.NewClient(hc, base, pollOpts...),
		}
	}
	return s.clients
}
