package zoomtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// The fake's own control API under /_zoomfake/ (faults never apply to it): GET stats,
// GET and POST faults, GET and POST lifetimes.
func (s *Server) registerControl(mux *http.ServeMux) {
	mux.HandleFunc("GET "+controlPrefix+"stats", s.handleStats)
	mux.HandleFunc("GET "+controlPrefix+"faults", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.Faults())
	})
	mux.HandleFunc("POST "+controlPrefix+"faults", s.handlePostFaults)
	mux.HandleFunc("GET "+controlPrefix+"lifetimes", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, s.lifetimesJSON())
	})
	mux.HandleFunc("POST "+controlPrefix+"lifetimes", s.handlePostLifetimes)
}

// handlePostFaults replaces the faults with the JSON array in the body.
func (s *Server) handlePostFaults(w http.ResponseWriter, r *http.Request) {
	var fs []Fault
	if err := json.NewDecoder(r.Body).Decode(&fs); err != nil {
		writeAPIError(w, http.StatusBadRequest, 300, "Invalid fault list: "+err.Error())
		return
	}
	for _, f := range fs {
		if err := f.validate(); err != nil {
			writeAPIError(w, http.StatusBadRequest, 300, err.Error())
			return
		}
	}
	s.SetFaults(fs...)
	writeJSON(w, http.StatusOK, s.Faults())
}

// lifetimes is the body of GET and POST /_zoomfake/lifetimes: Go durations ("30s", "2h").
type lifetimes struct {
	AccessTokenTTL  string `json:"access_token_ttl,omitempty"`
	RefreshTokenTTL string `json:"refresh_token_ttl,omitempty"`
}

func (s *Server) lifetimesJSON() lifetimes {
	a, r := s.TokenLifetimes()
	return lifetimes{AccessTokenTTL: a.String(), RefreshTokenTTL: r.String()}
}

// handlePostLifetimes sets the token lifetimes from {"access_token_ttl":"30s",
// "refresh_token_ttl":"1h"} (either may be left out) and answers the lifetimes now in force.
func (s *Server) handlePostLifetimes(w http.ResponseWriter, r *http.Request) {
	var l lifetimes
	if err := json.NewDecoder(r.Body).Decode(&l); err != nil {
		writeAPIError(w, http.StatusBadRequest, 300, "Invalid lifetimes: "+err.Error())
		return
	}
	access, err1 := parseTTL(l.AccessTokenTTL)
	refresh, err2 := parseTTL(l.RefreshTokenTTL)
	if err := errors.Join(err1, err2); err != nil {
		writeAPIError(w, http.StatusBadRequest, 300, err.Error())
		return
	}
	s.SetTokenLifetimes(access, refresh)
	writeJSON(w, http.StatusOK, s.lifetimesJSON())
}

// parseTTL parses a lifetime; "" is zero (keep the current one).
func parseTTL(v string) (time.Duration, error) {
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err == nil && d <= 0 {
		err = fmt.Errorf("lifetime %s is not positive", v)
	}
	return d, err
}
