// Package savefile saves downloaded recording files: a name of their own for each file,
// reserved so that no other download takes it, and a partial file bound to the file it
// holds, so that a download never replaces or splices into another.
package savefile

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// Identity is what tells one recording file from every other: Zoom can make several
// files of the same type in one meeting (recording stopped and started again), so start
// time, topic and type are not enough. It is the meeting's uuid with the file's own ID,
// or its download URL when Zoom gave no ID.
func Identity(r zoomapi.Recording, f zoomapi.RecordingFile) string {
	meeting := f.MeetingID
	if meeting == "" {
		meeting = r.UUID
	}
	id := f.ID
	if id == "" {
		id = f.DownloadURL
	}
	return meeting + "\x00" + id
}

// tag is a short, stable digest of an identity that goes into the file name.
func tag(identity string) string {
	sum := sha256.Sum256([]byte(identity))
	return hex.EncodeToString(sum[:4])
}

// Name is the name recording file f is saved under: local start time, topic, kind and a
// tag of its Identity, e.g. "2026-11-23 1500 Weekly sync shared_screen_with_speaker_view
// 1a2b3c4d.mp4". It is valid on Windows, macOS and Linux (SafeName).
func Name(r zoomapi.Recording, f zoomapi.RecordingFile, loc *time.Location) string {
	kind := f.RecordingType
	if kind == "" {
		kind = strings.ToLower(f.FileType)
	}
	ext := strings.ToLower(f.FileExtension)
	if ext == "" {
		ext = strings.ToLower(f.FileType)
	}
	start := r.StartTime.In(loc).Format("2006-01-02 1504")
	return SafeName(fmt.Sprintf("%s %s %s %s.%s", start, r.Topic, kind, tag(Identity(r, f)), SafeName(ext)))
}

// windowsReserved are device names Windows refuses as a file name, with any extension.
var windowsReserved = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true,
	"COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true,
	"COM7": true, "COM8": true, "COM9": true, "LPT1": true, "LPT2": true, "LPT3": true,
	"LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true}

// SafeName maps name to a file name every platform accepts: path separators, the
// characters Windows forbids (<>:"/\|?*) and control characters become spaces, trailing
// dots and spaces go, a Windows device name (CON, COM1.txt) gets a leading underscore, and
// an empty or dot-only name becomes "_".
func SafeName(name string) string {
	s := strings.Map(func(c rune) rune {
		if c < ' ' || c == 0x7f || strings.ContainsRune(`<>:"/\|?*`, c) {
			return ' '
		}
		return c
	}, name)
	s = strings.TrimRight(s, ". ")
	s = strings.TrimLeft(s, " ")
	if s == "" || strings.Trim(s, ".") == "" {
		return "_"
	}
	base, _, _ := strings.Cut(s, ".")
	if windowsReserved[strings.ToUpper(strings.TrimRight(base, " "))] {
		s = "_" + s
	}
	return s
}
