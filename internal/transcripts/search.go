package transcripts

import (
	"context"
	"database/sql"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Query is a search: the phrase, and optionally the recordings' start range.
type Query struct {
	// Text is searched as one phrase, case-insensitively, anywhere in a line.
	Text string `json:"text"`
	// From and To bound the recordings' start: From inclusive, To exclusive; zero: open.
	From time.Time `json:"from,omitzero"`
	To   time.Time `json:"to,omitzero"`
	// Limit caps the hits; 0 means DefaultLimit.
	Limit int `json:"limit,omitempty"`
}

// DefaultLimit is the number of hits a Query without Limit returns.
const DefaultLimit = 100

// Hit is one matching line, with its recording and the lines around it.
type Hit struct {
	RecordingUUID string    `json:"recording_uuid"`
	MeetingID     int64     `json:"meeting_id"`
	Topic         string    `json:"topic"`
	Start         time.Time `json:"start"`
	PlayURL       string    `json:"play_url,omitempty"`
	ShareURL      string    `json:"share_url,omitempty"`
	Kind          Kind      `json:"kind"`
	// OffsetMS is when the line was said, in milliseconds from the recording's start.
	OffsetMS int64  `json:"offset_ms"`
	Speaker  string `json:"speaker,omitempty"`
	Text     string `json:"text"`
	// Match holds the byte ranges [start, end) of Text that match the query.
	Match [][2]int `json:"match"`
	// Before and After are the lines of the same file around this one ("" at its ends).
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
}

// Offset is when the line was said, from the recording's start.
func (h Hit) Offset() time.Duration { return time.Duration(h.OffsetMS) * time.Millisecond }

// Highlight markers: control characters no transcript contains.
const markOpen, markClose = "\x02", "\x03"

// Search returns the lines that hold q.Text as a phrase, its last word also as the start
// of a longer one ("budg" finds "budget"), newest recording first, each file's lines in
// the order said.
func (x *Index) Search(ctx context.Context, q Query) ([]Hit, error) {
	text := strings.TrimSpace(q.Text)
	if strings.Trim(text, `"*`) == "" {
		return nil, nil
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	lo, hi := int64(0), int64(math.MaxInt64)
	if !q.From.IsZero() {
		lo = max(q.From.Unix(), 0) << startBits
	}
	if !q.To.IsZero() {
		hi = max(q.To.Unix(), 0)<<startBits - 1
	}
	match := `"` + strings.ReplaceAll(segment(text), `"`, `""`) + `"`
	if r, _ := utf8.DecodeLastRuneInString(text); !unicode.IsOneOf(unspaced, r) {
		match += " *"
	}
	rows, err := x.db.QueryContext(ctx, `SELECT lines.rowid, highlight(lines, 0, '`+markOpen+`', '`+markClose+`'),
		lines.speaker, lines.at, lines.file, f.kind, r.uuid, r.meeting_id, r.topic, r.start, r.play_url, r.share_url
		FROM lines JOIN files f ON f.key = lines.file JOIN recordings r ON r.uuid = f.uuid
		WHERE lines MATCH ? AND lines.rowid BETWEEN ? AND ?
		ORDER BY lines.rowid DESC LIMIT ?`, match, lo, hi, limit)
	if err != nil {
		return nil, classify(err)
	}
	hits, rowids, files, err := scanHits(rows)
	if err != nil {
		return nil, err
	}
	for i := range hits {
		if hits[i].Before, hits[i].After, err = x.around(ctx, rowids[i], files[i]); err != nil {
			return nil, err
		}
	}
	return hits, nil
}

// scanHits reads the rows of Search.
func scanHits(rows *sql.Rows) (hits []Hit, rowids []int64, files []string, err error) {
	defer rows.Close()
	for rows.Next() {
		var h Hit
		var rowid, start int64
		var marked, file string
		if err := rows.Scan(&rowid, &marked, &h.Speaker, &h.OffsetMS, &file, &h.Kind, &h.RecordingUUID,
			&h.MeetingID, &h.Topic, &start, &h.PlayURL, &h.ShareURL); err != nil {
			return nil, nil, nil, classify(err)
		}
		h.Start = time.Unix(start, 0).UTC()
		h.Text, h.Match = unmark(unsegment(marked))
		hits, rowids, files = append(hits, h), append(rowids, rowid), append(files, file)
	}
	return hits, rowids, files, classify(rows.Err())
}

// around returns the lines before and after rowid in the same file: a file's lines are
// inserted together, so they have consecutive rowids.
func (x *Index) around(ctx context.Context, rowid int64, file string) (before, after string, err error) {
	rows, err := x.db.QueryContext(ctx, "SELECT rowid, text FROM lines WHERE rowid IN (?, ?) AND file = ?", rowid-1, rowid+1, file)
	if err != nil {
		return "", "", classify(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var text string
		if err := rows.Scan(&id, &text); err != nil {
			return "", "", classify(err)
		}
		if id > rowid { // a file's lines have descending rowids
			before = unsegment(text)
		} else {
			after = unsegment(text)
		}
	}
	return before, after, classify(rows.Err())
}

// unmark removes the highlight markers from s and returns where they were. Nil when s
// has none.
func unmark(s string) (string, [][2]int) {
	var b strings.Builder
	var spans [][2]int
	for {
		i := strings.Index(s, markOpen)
		if i < 0 {
			b.WriteString(s)
			return b.String(), spans
		}
		b.WriteString(s[:i])
		s = s[i+len(markOpen):]
		j := strings.Index(s, markClose)
		if j < 0 {
			j = len(s)
		}
		start := b.Len()
		b.WriteString(s[:j])
		spans = append(spans, [2]int{start, b.Len()})
		s = strings.TrimPrefix(s[j:], markClose)
	}
}
