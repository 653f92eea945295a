package transcripts

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var day = time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)

func openTest(t *testing.T, path, account string) *Index {
	t.Helper()
	x, _, err := Open(context.Background(), path, account)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	return x
}

// seedIndex adds two recordings: one with a transcript and a chat, one a week later.
func seedIndex(t *testing.T, x *Index) {
	t.Helper()
	ctx := context.Background()
	older := Recording{UUID: "u1", MeetingID: 81000000001, Topic: "Design review", Start: day, PlayURL: "https://zoom.us/rec/play/a", ShareURL: "https://zoom.us/rec/share/a"}
	newer := Recording{UUID: "u2", MeetingID: 81000000002, Topic: "Customer call", Start: day.AddDate(0, 0, 7)}
	adds := []struct {
		rec   Recording
		f     File
		lines []Line
	}{
		{older, File{"f1", KindTranscript}, []Line{
			{time.Second, "Alex Rivera", "Good morning everyone."},
			{5 * time.Second, "Sam Okafor", "The quarterly budget review is due next Friday."},
			{9 * time.Second, "田中 由紀", "お客様から新しい問い合わせが三件ありました。"},
			{12 * time.Second, "Ольга Иванова", "Нужно обсудить бюджет на следующий квартал."},
		}},
		{older, File{"f2", KindChat}, []Line{{45 * time.Second, "Alex Rivera", "Budget sheet: https://example.com/budget"}}},
		{newer, File{"f3", KindTranscript}, []Line{
			{time.Minute, "Priya Nair", "Before we start."},
			{2 * time.Minute, "Priya Nair", "The BUDGET for ads is spent, budget again."},
			{3 * time.Minute, "Jonas Becker", "Danke."},
		}},
	}
	for _, a := range adds {
		if err := x.Add(ctx, a.rec, a.f, a.lines); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSearch(t *testing.T) {
	x := openTest(t, filepath.Join(t.TempDir(), "search.db"), "acct1")
	seedIndex(t, x)
	type hit struct {
		file, speaker, text string
		match               [][2]int
	}
	tests := []struct {
		name string
		q    Query
		want []string // recording uuid + speaker per hit, in order
	}{
		{"phrase, newest recording first, case-insensitive", Query{Text: "budget"}, []string{"u2 Priya Nair", "u1 Sam Okafor", "u1 Alex Rivera"}},
		{"phrase of two words", Query{Text: "budget review"}, []string{"u1 Sam Okafor"}},
		{"words in another order are not the phrase", Query{Text: "review budget"}, nil},
		{"last word as a prefix", Query{Text: "the quarter"}, []string{"u1 Sam Okafor"}},
		{"not inside a word", Query{Text: "arterly"}, nil},
		{"Japanese without spaces", Query{Text: "問い合わせ"}, []string{"u1 田中 由紀"}},
		{"Cyrillic", Query{Text: "бюджет"}, []string{"u1 Ольга Иванова"}},
		{"two characters", Query{Text: "三件"}, []string{"u1 田中 由紀"}},
		{"from", Query{Text: "budget", From: day.Add(time.Hour)}, []string{"u2 Priya Nair"}},
		{"to", Query{Text: "budget", To: day.Add(time.Hour)}, []string{"u1 Sam Okafor", "u1 Alex Rivera"}},
		{"limit", Query{Text: "budget", Limit: 1}, []string{"u2 Priya Nair"}},
		{"quotes are punctuation", Query{Text: `"budget" "`}, []string{"u2 Priya Nair", "u1 Sam Okafor", "u1 Alex Rivera"}},
		{"FTS syntax is text", Query{Text: "budget OR NEAR(x"}, nil},
		{"empty", Query{Text: "  "}, nil},
		{"no match", Query{Text: "kubernetes"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := x.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.RecordingUUID+" "+h.Speaker)
			}
			if !equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestSearchHit(t *testing.T) {
	x := openTest(t, filepath.Join(t.TempDir(), "search.db"), "acct1")
	seedIndex(t, x)
	for _, q := range []string{"budget", "bu"} { // FTS and the short-query scan
		hits, err := x.Search(context.Background(), Query{Text: q})
		if err != nil || len(hits) == 0 {
			t.Fatalf("%q: %d hits, %v", q, len(hits), err)
		}
		h := hits[0]
		if h.Topic != "Customer call" || h.MeetingID != 81000000002 || !h.Start.Equal(day.AddDate(0, 0, 7)) ||
			h.Kind != KindTranscript || h.Offset() != 2*time.Minute {
			t.Errorf("%q: hit %+v", q, h)
		}
		var marked []string
		for _, m := range h.Match {
			marked = append(marked, h.Text[m[0]:m[1]])
		}
		if want := []string{"BUDGET", "budget"}; !equal(marked, want) && q == "budget" {
			t.Errorf("%q: marked %q in %q, want %q", q, marked, h.Text, want)
		}
		if h.Before != "Before we start." || h.After != "Danke." {
			t.Errorf("%q: context %q / %q", q, h.Before, h.After)
		}
	}
	hits, _ := x.Search(context.Background(), Query{Text: "sheet"})
	if len(hits) != 1 || hits[0].Kind != KindChat || hits[0].Before != "" || hits[0].After != "" || hits[0].PlayURL == "" {
		t.Errorf("chat hit %+v, want the chat line alone with the recording's play URL", hits)
	}
}

func TestIndexed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "search.db")
	x := openTest(t, path, "acct1")
	seedIndex(t, x)
	// Adding a file again replaces its lines.
	if err := x.Add(context.Background(), Recording{UUID: "u2", Start: day}, File{"f3", KindTranscript}, []Line{{0, "", "replaced"}}); err != nil {
		t.Fatal(err)
	}
	x.Close()
	x = openTest(t, path, "acct1")
	got, err := x.Indexed(context.Background())
	if err != nil || len(got) != 3 || !got["f1"] || !got["f2"] || !got["f3"] {
		t.Errorf("Indexed after reopening = %v, %v; want f1 f2 f3", got, err)
	}
	if hits, _ := x.Search(context.Background(), Query{Text: "Before we start"}); len(hits) != 0 {
		t.Errorf("the replaced lines are still found: %+v", hits)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("index mode %v, %v; want 0600", fi.Mode().Perm(), err)
	}
}

func TestOpenRebuilds(t *testing.T) {
	tests := []struct {
		name    string
		damage  func(t *testing.T, path string)
		account string
		rebuilt bool
	}{
		{"intact", func(*testing.T, string) {}, "acct1", false},
		{"other account", func(*testing.T, string) {}, "acct2", true},
		{"garbage", func(t *testing.T, p string) { write(t, p, []byte("not a database at all, just text")) }, "acct1", true},
		{"half written", func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			write(t, p, b[:len(b)/2])
		}, "acct1", true},
		{"pages overwritten", func(t *testing.T, p string) {
			b, _ := os.ReadFile(p)
			for i := 4096; i < len(b); i++ {
				b[i] ^= 0x5a
			}
			write(t, p, b)
		}, "acct1", true},
		{"empty file", func(t *testing.T, p string) { write(t, p, nil) }, "acct1", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "search.db")
			x, _, err := Open(context.Background(), path, "acct1")
			if err != nil {
				t.Fatal(err)
			}
			seedIndex(t, x)
			x.Close()
			tt.damage(t, path)
			x, rebuilt, err := Open(context.Background(), path, tt.account)
			if err != nil {
				t.Fatalf("Open after damage: %v", err)
			}
			defer x.Close()
			got, err := x.Indexed(context.Background())
			if rebuilt != tt.rebuilt || err != nil || (len(got) == 0) != tt.rebuilt {
				t.Errorf("rebuilt %v with %d files (%v), want rebuilt %v", rebuilt, len(got), err, tt.rebuilt)
			}
			if err := x.Add(context.Background(), Recording{UUID: "n"}, File{"n", KindChat}, []Line{{0, "", "works again"}}); err != nil {
				t.Errorf("Add after reopening: %v", err)
			}
		})
	}
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestRemove(t *testing.T) {
	path := filepath.Join(t.TempDir(), "search.db")
	x, _, _ := Open(context.Background(), path, "acct1")
	seedIndex(t, x)
	x.Close()
	if err := Remove(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("index still there: %v", err)
	}
	if err := Remove(path); err != nil {
		t.Errorf("removing an absent index: %v", err)
	}
}
