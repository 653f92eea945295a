package service

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/zoomtray/zoomtray/internal/transcripts"
)

// SearchProgress is how far the transcript index is ("Indexed 212 of 340 recordings").
type SearchProgress struct {
	// Indexed counts the recordings whose transcripts and chats are all in the index.
	Indexed int `json:"indexed"`
	// Total counts the recordings with a transcript or a chat, as far as listed yet.
	Total int `json:"total"`
	// Syncing is set while a pass over the recordings runs.
	Syncing bool `json:"syncing,omitempty"`
	// LastSync is when the last complete pass ended.
	LastSync time.Time `json:"last_sync,omitzero"`
}

// SearchResult is the answer of Search.
type SearchResult struct {
	Hits     []transcripts.Hit `json:"hits"`
	Progress SearchProgress    `json:"progress"`
}

// ReasonSearchOff is the Reason of the KindConfig error of Search where there is no
// index: kiosk mode (a shared computer keeps nobody's words), or no data directory.
const ReasonSearchOff = "search_off"

var errSearchOff = &ErrorInfo{Kind: KindConfig, Reason: ReasonSearchOff,
	Message: "search of recordings is off (kiosk mode or no data directory)"}

// searchFile is the index's file name in Options.Dirs.Data.
const searchFile = "transcripts.db"

// searchIndex owns the open transcript index of the signed-in account. A nil
// *searchIndex (kiosk mode, no data directory) has no index and answers errSearchOff.
type searchIndex struct {
	path string
	kick chan struct{} // wakes the sync (1 slot): an account is known, or the user searched

	mu      sync.Mutex // guards the fields below
	x       *transcripts.Index
	account string
	prog    SearchProgress
	active  time.Time // the user searched: the sync goes faster until then
	gen     int       // counts forget: a pass of an older generation stops
}

// newSearchIndex returns the index of opts, or nil when there must be none.
func newSearchIndex(opts Options) *searchIndex {
	if opts.Kiosk || opts.Settings.Kiosk || opts.Dirs.Data == "" {
		return nil
	}
	return &searchIndex{path: filepath.Join(opts.Dirs.Data, searchFile), kick: make(chan struct{}, 1)}
}

// open returns the index of account, opening (or rebuilding) it when another account's,
// or none, is open.
func (si *searchIndex) open(ctx context.Context, account string) (*transcripts.Index, int, error) {
	si.mu.Lock()
	defer si.mu.Unlock()
	if si.x != nil && si.account == account {
		return si.x, si.gen, nil
	}
	if si.x != nil {
		si.x.Close()
		si.x, si.prog = nil, SearchProgress{}
	}
	if err := os.MkdirAll(filepath.Dir(si.path), 0o700); err != nil {
		return nil, si.gen, fmt.Errorf("service: data directory: %w", err)
	}
	x, _, err := transcripts.Open(ctx, si.path, account)
	if err != nil {
		return nil, si.gen, err
	}
	si.x, si.account = x, account
	return x, si.gen, nil
}

// currentOrNil returns the open index, or nil (also for a nil si).
func (si *searchIndex) currentOrNil() *transcripts.Index {
	if si == nil {
		return nil
	}
	si.mu.Lock()
	defer si.mu.Unlock()
	return si.x
}

// accountID is the account of the open index, "" when none is open.
func (si *searchIndex) accountID() string {
	si.mu.Lock()
	defer si.mu.Unlock()
	return si.account
}

// forget closes and deletes the index: on sign-out and when another account signs in.
func (si *searchIndex) forget() error {
	if si == nil {
		return nil
	}
	si.mu.Lock()
	defer si.mu.Unlock()
	if si.x != nil {
		si.x.Close()
	}
	si.x, si.account, si.prog = nil, "", SearchProgress{}
	si.gen++
	return transcripts.Remove(si.path)
}

// damaged closes x after it reported corruption, so the next open rebuilds it.
func (si *searchIndex) damaged(x *transcripts.Index) {
	si.mu.Lock()
	defer si.mu.Unlock()
	if si.x == x {
		si.x.Close()
		si.x, si.prog = nil, SearchProgress{}
	}
}

// progress returns the progress, nil for no index.
func (si *searchIndex) progress() *SearchProgress {
	if si == nil {
		return nil
	}
	si.mu.Lock()
	defer si.mu.Unlock()
	p := si.prog
	return &p
}

// setProgress updates the progress of generation gen (a forgotten pass changes nothing).
func (si *searchIndex) setProgress(gen int, f func(p *SearchProgress)) {
	si.mu.Lock()
	defer si.mu.Unlock()
	if gen == si.gen {
		f(&si.prog)
	}
}

// Search finds q in the transcripts and chats of the signed-in account's recordings
// indexed so far. It also speeds the sync up for a while: the user is searching.
func (s *Service) Search(ctx context.Context, q transcripts.Query) (SearchResult, error) {
	si := s.search
	if si == nil {
		return SearchResult{}, errSearchOff
	}
	s.mu.Lock()
	acc := s.account
	s.mu.Unlock()
	if acc == nil {
		return SearchResult{}, &ErrorInfo{Kind: KindSignedOut, Message: "not signed in"}
	}
	si.mu.Lock()
	si.active = s.clk.Now().Add(searchActiveFor)
	si.mu.Unlock()
	wake(si.kick)
	x, _, err := si.open(ctx, acc.ID)
	if err != nil {
		return SearchResult{}, err
	}
	hits, err := x.Search(ctx, q)
	if errors.Is(err, transcripts.ErrCorrupt) {
		si.damaged(x)
		s.log.Warn("service: the transcript index is damaged; it is rebuilt", "err", err)
		if x, _, err = si.open(ctx, acc.ID); err == nil {
			hits, err = x.Search(ctx, q)
		}
	}
	if err != nil {
		return SearchResult{}, err
	}
	if hits == nil {
		hits = []transcripts.Hit{}
	}
	return SearchResult{Hits: hits, Progress: *si.progress()}, nil
}
