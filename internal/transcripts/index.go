package transcripts

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// schemaVersion is stored in PRAGMA user_version; an index of another version is rebuilt.
const schemaVersion = 1

// schema creates the tables. lines is the FTS5 table, with the unicode61 tokenizer
// (words, case and diacritics folded; scripts written without spaces are split into
// characters before they reach it, see segment). Its rowid orders the lines newest
// recording first (lineID), so a search reads only as many matches as it shows. The
// trigram tokenizer, which would match inside words, made the index 2.3 times larger
// and searches for common phrases take seconds (docs/PERFORMANCE.md).
const schema = `
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE recordings(uuid TEXT PRIMARY KEY, meeting_id INTEGER NOT NULL, topic TEXT NOT NULL,
	start INTEGER NOT NULL, slot INTEGER NOT NULL, play_url TEXT NOT NULL, share_url TEXT NOT NULL);
CREATE UNIQUE INDEX recordings_slot ON recordings(start, slot);
CREATE TABLE files(key TEXT PRIMARY KEY, uuid TEXT NOT NULL, kind TEXT NOT NULL, line_count INTEGER NOT NULL);
CREATE VIRTUAL TABLE lines USING fts5(text, speaker, file UNINDEXED, at UNINDEXED, tokenize='unicode61');
`

// ErrCorrupt wraps the errors of a damaged index file. The caller closes the index and
// opens it again, which rebuilds it empty.
var ErrCorrupt = errors.New("transcripts: the index is damaged")

// Kind is what a file holds.
type Kind string

// The kinds of files indexed.
const (
	KindTranscript Kind = "transcript" // TRANSCRIPT, WebVTT
	KindChat       Kind = "chat"       // CHAT, text
)

// Recording describes the recorded meeting a file belongs to, as search results show it.
type Recording struct {
	UUID      string
	MeetingID int64
	Topic     string
	Start     time.Time
	// PlayURL is the play page of the recording's video (or audio); ShareURL the page of
	// the whole recording.
	PlayURL, ShareURL string
}

// File is one indexed file: Key identifies it across listings (zoomapi.Recording.FileKey).
type File struct {
	Key  string
	Kind Kind
}

// Index is an open index. Its methods are safe for concurrent use (database/sql).
type Index struct {
	db   *sql.DB
	path string
}

// Open opens the index at path for account, creating it (mode 0600) when absent. An index
// of another account or schema, a damaged one and one that is not a database at all (a
// half-written copy) is deleted and created afresh: the index is a copy of what is at
// Zoom, so rebuilding loses nothing but time. Rebuilt reports that.
func Open(ctx context.Context, path, account string) (x *Index, rebuilt bool, err error) {
	if account == "" {
		return nil, false, errors.New("transcripts: no account")
	}
	x, err = open(ctx, path)
	if err == nil {
		var ok bool
		if ok, err = x.usable(ctx, account); ok && err == nil {
			return x, false, nil
		}
		x.Close()
	}
	if err := Remove(path); err != nil {
		return nil, false, err
	}
	if x, err = open(ctx, path); err != nil {
		return nil, false, err
	}
	if err := x.create(ctx, account); err != nil {
		x.Close()
		return nil, false, err
	}
	return x, true, nil
}

// open opens the database file, creating it 0600 first: SQLite gives its journal the
// database file's mode.
func open(ctx context.Context, path string) (*Index, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("transcripts: create index: %w", err)
	}
	f.Close()
	if err := os.Chmod(path, 0o600); err != nil {
		return nil, fmt.Errorf("transcripts: index mode: %w", err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, fmt.Errorf("transcripts: open index: %w", err)
	}
	// One connection: the agent is the only user, and writes are serialized anyway.
	db.SetMaxOpenConns(1)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("transcripts: open index: %w", classify(err))
	}
	return &Index{db: db, path: path}, nil
}

// usable reports whether the open file is an intact index of account and this schema.
// An empty new file is not (it has no schema yet).
func (x *Index) usable(ctx context.Context, account string) (bool, error) {
	var version int
	if err := x.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return false, classify(err)
	}
	if version != schemaVersion {
		return false, nil
	}
	var check string
	if err := x.db.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&check); err != nil || check != "ok" {
		return false, classify(err)
	}
	var owner string
	if err := x.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = 'account'").Scan(&owner); err != nil {
		return false, nil
	}
	// The FTS5 table's own shadow tables can be damaged while quick_check passes.
	if _, err := x.db.ExecContext(ctx, "INSERT INTO lines(lines, rank) VALUES('integrity-check', 0)"); err != nil {
		return false, nil
	}
	return owner == account, nil
}

// create writes the schema and the account tag in one transaction.
func (x *Index) create(ctx context.Context, account string) error {
	tx, err := x.db.BeginTx(ctx, nil)
	if err != nil {
		return classify(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, schema); err != nil {
		return fmt.Errorf("transcripts: create schema: %w", classify(err))
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO meta(key, value) VALUES('account', ?)", account); err != nil {
		return classify(err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion)); err != nil {
		return classify(err)
	}
	return classify(tx.Commit())
}

// Close closes the index.
func (x *Index) Close() error { return x.db.Close() }

// Path is the index file.
func (x *Index) Path() string { return x.path }

// Remove deletes the index at path and its journal; an absent index is no error.
func Remove(path string) error {
	var errs []error
	for _, p := range []string{path, path + "-journal", path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("transcripts: remove index: %w", err)
	}
	return nil
}

// Indexed returns the keys of the files already in the index.
func (x *Index) Indexed(ctx context.Context) (map[string]bool, error) {
	rows, err := x.db.QueryContext(ctx, "SELECT key FROM files")
	if err != nil {
		return nil, classify(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, classify(err)
		}
		out[k] = true
	}
	return out, classify(rows.Err())
}

// Add stores the lines of one file in one transaction: after a crash or a cut the file
// is either wholly in the index or not at all, and is fetched again. Adding a file again
// replaces its lines. Lines past maxLines are dropped.
func (x *Index) Add(ctx context.Context, rec Recording, f File, lines []Line) error {
	tx, err := x.db.BeginTx(ctx, nil)
	if err != nil {
		return classify(err)
	}
	defer tx.Rollback()
	start, slot, err := recordingSlot(ctx, tx, rec)
	if err != nil {
		return err
	}
	base := lineID(start, slot, f.Kind, 0)
	if _, err := tx.ExecContext(ctx, "DELETE FROM lines WHERE rowid BETWEEN ? AND ?", base-maxLines+1, base); err != nil {
		return classify(err)
	}
	st, err := tx.PrepareContext(ctx, "INSERT INTO lines(rowid, text, speaker, file, at) VALUES(?, ?, ?, ?, ?)")
	if err != nil {
		return classify(err)
	}
	defer st.Close()
	lines = lines[:min(len(lines), maxLines)]
	for i, l := range lines {
		if _, err := st.ExecContext(ctx, base-int64(i), segment(l.Text), l.Speaker, f.Key, l.At.Milliseconds()); err != nil {
			return classify(err)
		}
	}
	if _, err := tx.ExecContext(ctx, "INSERT OR REPLACE INTO files(key, uuid, kind, line_count) VALUES(?, ?, ?, ?)",
		f.Key, rec.UUID, string(f.Kind), len(lines)); err != nil {
		return classify(err)
	}
	return classify(tx.Commit())
}

// recordingSlot stores rec and returns its start as stored first (Unix seconds) and its
// slot: a number that tells apart the recordings that started in the same second. Both
// are part of their lines' rowids.
func recordingSlot(ctx context.Context, tx *sql.Tx, rec Recording) (start, slot int64, err error) {
	err = tx.QueryRowContext(ctx, "SELECT start, slot FROM recordings WHERE uuid = ?", rec.UUID).Scan(&start, &slot)
	if errors.Is(err, sql.ErrNoRows) {
		start = max(rec.Start.Unix(), 0)
		err = tx.QueryRowContext(ctx, "SELECT count(*) FROM recordings WHERE start = ?", start).Scan(&slot)
		if err == nil && slot >= maxSlots {
			err = fmt.Errorf("transcripts: %d recordings started at %v", slot, rec.Start)
		}
	}
	if err != nil {
		return 0, 0, classify(err)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO recordings(uuid, meeting_id, topic, start, slot, play_url, share_url)
		VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(uuid) DO UPDATE SET meeting_id = excluded.meeting_id,
		topic = excluded.topic, play_url = excluded.play_url, share_url = excluded.share_url`,
		rec.UUID, rec.MeetingID, rec.Topic, start, slot, rec.PlayURL, rec.ShareURL)
	return start, slot, classify(err)
}

// The rowid of a line packs, from the top: the recording's start (Unix seconds, 34 bits),
// its slot (11 bits), the file kind (2 bits, transcripts above chats) and maxLines-1 minus
// the line's index (16 bits). Rowids in descending order are so the newest recording
// first, its transcript before its chat, each file's lines in the order said; and a
// start range is a rowid range.
const (
	maxLines  = 1 << 16
	maxSlots  = 1 << 11
	startBits = 11 + 2 + 16
)

// lineID is the rowid of line i of a file (see above).
func lineID(start, slot int64, kind Kind, i int) int64 {
	k := int64(0)
	if kind == KindTranscript {
		k = 1
	}
	return start<<startBits | slot<<18 | k<<16 | int64(maxLines-1-i)
}

// classify wraps SQLite's corruption errors in ErrCorrupt.
func classify(err error) error {
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return fmt.Errorf("%w: %w", ErrCorrupt, err)
		}
	}
	return err
}

// Meta returns a value the caller stored with SetMeta ("" when none).
func (x *Index) Meta(ctx context.Context, key string) (string, error) {
	var v string
	err := x.db.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", "x-"+key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, classify(err)
}

// SetMeta stores a value with the index (the caller's keys never clash with the index's own).
func (x *Index) SetMeta(ctx context.Context, key, value string) error {
	_, err := x.db.ExecContext(ctx, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", "x-"+key, value)
	return classify(err)
}

// RecordingCount returns the number of recordings with a file in the index.
func (x *Index) RecordingCount(ctx context.Context) (int, error) {
	var n int
	err := x.db.QueryRowContext(ctx, "SELECT count(*) FROM recordings").Scan(&n)
	return n, classify(err)
}
