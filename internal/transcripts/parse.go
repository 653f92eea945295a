// Package transcripts keeps a local full-text index of the lines said and typed in a Zoom
// account's cloud recordings: audio transcripts (file_type TRANSCRIPT, WebVTT) and meeting
// chats (file_type CHAT, text), searched by phrase. The index is an SQLite database with
// an FTS5 table (modernc.org/sqlite: pure Go, so every binary stays free of cgo).
package transcripts

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Line is one thing said (a transcript cue) or typed (a chat message).
type Line struct {
	// At is the time from the start of the recording.
	At time.Duration
	// Speaker is who said or typed it; "" when the file does not say.
	Speaker string
	Text    string
}

// vttTiming matches a WebVTT cue timing line, "00:01:02.345 --> 00:01:05.000" (hours are
// optional in WebVTT; Zoom always writes them).
var vttTiming = regexp.MustCompile(`^(?:(\d+):)?(\d\d):(\d\d)\.(\d{3})\s+-->\s`)

// ParseVTT reads a Zoom transcript: WebVTT cues whose text is "Speaker Name: words". A
// cue without "Name: " has no speaker. Notes, styles and cue settings are skipped; a file
// that does not start with "WEBVTT" is an error.
func ParseVTT(r io.Reader) ([]Line, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	if !sc.Scan() || !strings.HasPrefix(strings.TrimPrefix(sc.Text(), "\ufeff"), "WEBVTT") {
		return nil, fmt.Errorf("transcripts: not a WebVTT file")
	}
	var out []Line
	var cur *Line
	for sc.Scan() {
		text := strings.TrimSpace(sc.Text())
		switch m := vttTiming.FindStringSubmatch(text); {
		case m != nil:
			out = append(out, Line{At: clock(m[1], m[2], m[3], m[4])})
			cur = &out[len(out)-1]
		case text == "":
			cur = nil
		case cur != nil && cur.Text == "":
			cur.Speaker, cur.Text = splitSpeaker(text)
		case cur != nil:
			cur.Text += " " + text
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("transcripts: read WebVTT: %w", err)
	}
	return dropEmpty(out), nil
}

// chatHeader matches the first line of a chat message in the forms Zoom has written:
// "00:01:02 From Name to Everyone:" (message on the following lines, tab-indented),
// "00:01:02 From Name : message" and "00:01:02\tName:\tmessage".
var chatHeader = regexp.MustCompile(`^(?:(\d+):)?(\d\d):(\d\d)(?:\s+From\s+(.+?)\s+to\s+.+?:$|\s+From\s+(.+?)\s*:\s(.*)$|\t([^\t]+?):\t(.*)$)`)

// ParseChat reads a Zoom meeting chat file. Lines that continue a message (indented, or
// after a header without text) join it; lines before the first header are ignored.
func ParseChat(r io.Reader) ([]Line, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	var out []Line
	for sc.Scan() {
		raw := strings.TrimPrefix(sc.Text(), "\ufeff")
		if m := chatHeader.FindStringSubmatch(raw); m != nil {
			l := Line{At: clock(m[1], m[2], m[3], "0")}
			switch {
			case m[4] != "":
				l.Speaker = m[4]
			case m[5] != "":
				l.Speaker, l.Text = m[5], strings.TrimSpace(m[6])
			default:
				l.Speaker, l.Text = m[7], strings.TrimSpace(m[8])
			}
			out = append(out, l)
			continue
		}
		if text := strings.TrimSpace(raw); text != "" && len(out) > 0 {
			last := &out[len(out)-1]
			last.Text = strings.TrimSpace(last.Text + " " + text)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("transcripts: read chat: %w", err)
	}
	return dropEmpty(out), nil
}

// splitSpeaker splits "Name: words" into the speaker and the words. A colon late in the
// line, or one followed by no space (a time, a URL), is part of the words.
func splitSpeaker(s string) (speaker, text string) {
	name, rest, ok := strings.Cut(s, ": ")
	if !ok || name == "" || len([]rune(name)) > 60 || strings.ContainsAny(name, "\t") {
		return "", s
	}
	return strings.TrimSpace(name), strings.TrimSpace(rest)
}

// clock is the duration h:m:s.ms; h may be "". The parts are decimal: "08" is eight
// (fmt.Sscan would read it as a bad octal number).
func clock(h, m, s, ms string) time.Duration {
	n := func(v string) time.Duration {
		i, _ := strconv.Atoi(v)
		return time.Duration(i)
	}
	return n(h)*time.Hour + n(m)*time.Minute + n(s)*time.Second + n(ms)*time.Millisecond
}

func dropEmpty(ls []Line) []Line {
	out := ls[:0]
	for _, l := range ls {
		if strings.TrimSpace(l.Text) != "" {
			out = append(out, l)
		}
	}
	return out
}
