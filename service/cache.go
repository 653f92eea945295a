package service

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/zoomtray/zoomtray/internal/atomicfile"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// Cache file names under Options.Dirs.Cache.
const (
	fileAccount    = "account.json"
	fileMeetings   = "meetings.json"
	fileRecordings = "recordings.json"
)

// diskCache keeps the account, meetings and recordings between runs so the tray shows
// them at once. Files are 0600 in a 0700 directory, written atomically, tagged with the
// account ID, and never hold tokens or ZAKs (start links are stripped before caching).
// An empty dir disables it.
type diskCache struct {
	dir string
}

// cacheFile is the on-disk envelope of every cache file.
type cacheFile[T any] struct {
	AccountID string    `json:"account_id"`
	SavedAt   time.Time `json:"saved_at"`
	Data      T         `json:"data"`
}

// save writes data tagged with accountID to name, atomically (see atomicfile.Write).
func save[T any](c *diskCache, name, accountID string, data T, now time.Time) error {
	if c.dir == "" {
		return nil
	}
	b, err := json.Marshal(cacheFile[T]{AccountID: accountID, SavedAt: now.UTC(), Data: data})
	if err != nil {
		return fmt.Errorf("service: encode %s: %w", name, err)
	}
	if err := atomicfile.Write(filepath.Join(c.dir, name), b, nil); err != nil {
		return fmt.Errorf("service: write %s: %w", name, err)
	}
	return nil
}

// load reads name; a file of another account than accountID (when accountID is set), or
// an unreadable one, is removed and reported as absent.
func load[T any](c *diskCache, name, accountID string) (cacheFile[T], bool) {
	var f cacheFile[T]
	if c.dir == "" {
		return f, false
	}
	path := filepath.Join(c.dir, name)
	b, err := os.ReadFile(path)
	if err != nil {
		return f, false
	}
	if json.Unmarshal(b, &f) != nil || f.AccountID == "" || (accountID != "" && f.AccountID != accountID) {
		_ = os.Remove(path)
		return cacheFile[T]{}, false
	}
	return f, true
}

// clear removes every cache file.
func (c *diskCache) clear() error {
	if c.dir == "" {
		return nil
	}
	var errs []error
	for _, name := range []string{fileAccount, fileMeetings, fileRecordings} {
		if err := os.Remove(filepath.Join(c.dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// loadCache fills the account, meetings and recordings from disk.
func (s *Service) loadCache() {
	acc, ok := load[Account](s.cache, fileAccount, "")
	if !ok {
		_ = s.cache.clear()
		return
	}
	ml, _ := load[MeetingList](s.cache, fileMeetings, acc.AccountID)
	recs, _ := load[[]zoomapi.Recording](s.cache, fileRecordings, acc.AccountID)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.account = &acc.Data
	s.meetings = ml.Data
	s.recs = recs.Data
}

// saveLogged writes a cache file and logs a failure; the cache is an optimisation, so a
// failure never fails the call that produced the data.
func saveLogged[T any](s *Service, name, accountID string, data T) {
	if accountID == "" {
		return
	}
	if err := save(s.cache, name, accountID, data, s.clk.Now()); err != nil {
		s.log.Warn("service: cache not written", "file", name, "err", err)
	}
}

// sanitizeMeetings returns copies of ms without start links: those carry a ZAK
// (docs/zoom-reference.md, "POST /users/me/meetings") and must never be stored or published.
func sanitizeMeetings(ms []zoomapi.Meeting) []zoomapi.Meeting {
	out := make([]zoomapi.Meeting, len(ms))
	for i, m := range ms {
		m.StartURL = ""
		out[i] = m
	}
	return out
}
