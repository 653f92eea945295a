package text

import (
	"fmt"
	"time"

	"github.com/zoomtray/zoomtray/service"
)

// SearchProgress says how far the transcript index is, for the window and zoomctl:
// "Indexed 212 of 340 recordings", and whether it is still working.
func SearchProgress(p *service.SearchProgress) string {
	switch {
	case p == nil:
		return ""
	case p.Total == 0 && p.Syncing:
		return "Looking for recordings with a transcript or a chat…"
	case p.Total == 0:
		return "No recordings with a transcript or a chat yet."
	case p.Indexed < p.Total && p.Syncing:
		return fmt.Sprintf("Indexed %d of %d recordings; searching what is indexed so far.", p.Indexed, p.Total)
	case p.Indexed < p.Total:
		return fmt.Sprintf("Indexed %d of %d recordings; the rest follow when Zoom can be reached.", p.Indexed, p.Total)
	}
	return fmt.Sprintf("Indexed all %d recordings with a transcript or a chat.", p.Total)
}

// Offset is a time into a recording: "12:34", or "1:02:03" past the first hour.
func Offset(d time.Duration) string {
	s := int(d / time.Second)
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
