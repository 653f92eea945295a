package text

import (
	"fmt"
	"strings"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// FileName is the name a recording file is saved under, by the window and by zoomctl: start
// time (local), topic and kind, with the file's own extension, e.g.
// "2026-11-23 1500 Weekly sync shared_screen_with_speaker_view.mp4". Path separators,
// colons and control characters in the topic become spaces.
func FileName(r zoomapi.Recording, f zoomapi.RecordingFile) string {
	kind := f.RecordingType
	if kind == "" {
		kind = strings.ToLower(f.FileType)
	}
	ext := strings.ToLower(f.FileExtension)
	if ext == "" {
		ext = strings.ToLower(f.FileType)
	}
	name := fmt.Sprintf("%s %s %s.%s", r.StartTime.Local().Format("2006-01-02 1504"), r.Topic, kind, ext)
	return strings.Map(func(c rune) rune {
		if c == '/' || c == '\\' || c < ' ' || c == ':' {
			return ' '
		}
		return c
	}, name)
}
