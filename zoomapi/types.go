package zoomapi

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// FlexInt64 is an integer that Zoom sends sometimes as a JSON number and sometimes as a
// string: in list-recordings the meeting `id` and `type` arrive as numbers although the
// published spec says strings, and a meeting's `pmi` arrives as a string
// (docs/zoom-reference.md, "REST: common").
type FlexInt64 int64

// UnmarshalJSON accepts a number, a string holding a number, an empty string or null.
func (n *FlexInt64) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return fmt.Errorf("flexible integer: %w", err)
		}
		b = []byte(s)
	}
	if len(b) == 0 {
		*n = 0
		return nil
	}
	v, err := parseFlex(string(b))
	if err != nil {
		return err
	}
	*n = FlexInt64(v)
	return nil
}

func parseFlex(s string) (int64, error) {
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != float64(int64(f)) {
		return 0, fmt.Errorf("flexible integer: %q is not an integer", s)
	}
	return int64(f), nil
}

// MarshalJSON writes the value as a JSON number.
func (n FlexInt64) MarshalJSON() ([]byte, error) {
	return strconv.AppendInt(nil, int64(n), 10), nil
}

// User is the signed-in user, from GET /users/me.
type User struct {
	ID                 string    `json:"id"`
	FirstName          string    `json:"first_name"`
	LastName           string    `json:"last_name"`
	DisplayName        string    `json:"display_name"`
	Email              string    `json:"email"`
	Type               FlexInt64 `json:"type"` // 1 Basic, 2 Licensed
	PMI                FlexInt64 `json:"pmi"`
	Timezone           string    `json:"timezone"`
	AccountID          string    `json:"account_id"`
	PicURL             string    `json:"pic_url"`
	PersonalMeetingURL string    `json:"personal_meeting_url"`
	Status             string    `json:"status"`
	Language           string    `json:"language"`
	RoleName           string    `json:"role_name"`
	CreatedAt          time.Time `json:"created_at"`
}

// Meeting types as Zoom numbers them.
const (
	MeetingInstant             = 1
	MeetingScheduled           = 2
	MeetingRecurringNoFixed    = 3
	MeetingRecurringFixedStart = 8
)

// Meeting is a Zoom meeting as listed by GET /users/me/meetings and
// GET /users/me/upcoming_meetings, or created by POST /users/me/meetings. StartURL
// carries a ZAK and Password a meeting secret: never log a Meeting.
type Meeting struct {
	ID                FlexInt64 `json:"id"`
	UUID              string    `json:"uuid"`
	HostID            string    `json:"host_id"`
	Topic             string    `json:"topic"`
	Type              FlexInt64 `json:"type"`
	Status            string    `json:"status"`
	StartTime         time.Time `json:"start_time"`
	Duration          int       `json:"duration"` // minutes
	Timezone          string    `json:"timezone"`
	Agenda            string    `json:"agenda"`
	CreatedAt         time.Time `json:"created_at"`
	JoinURL           string    `json:"join_url"`
	StartURL          string    `json:"start_url"`
	Password          string    `json:"password"`
	EncryptedPassword string    `json:"encrypted_password"`
	H323Password      string    `json:"h323_password"`
	PSTNPassword      string    `json:"pstn_password"`
	PMI               FlexInt64 `json:"pmi"`
	// IsHost, Passcode, UsePMI and IsAllDay come from GET /users/me/upcoming_meetings.
	// UpcomingMeetings sets IsHost for items of the hosted list.
	IsHost   bool   `json:"is_host"`
	Passcode string `json:"passcode"`
	UsePMI   bool   `json:"use_pmi"`
	IsAllDay bool   `json:"is_all_day"`
}

// Recording is one recorded meeting from GET /users/me/recordings.
type Recording struct {
	UUID                  string          `json:"uuid"`
	ID                    FlexInt64       `json:"id"`
	AccountID             string          `json:"account_id"`
	HostID                string          `json:"host_id"`
	Topic                 string          `json:"topic"`
	Type                  FlexInt64       `json:"type"`
	StartTime             time.Time       `json:"start_time"`
	Timezone              string          `json:"timezone"`
	Duration              int             `json:"duration"` // minutes
	TotalSize             FlexInt64       `json:"total_size"`
	RecordingCount        int             `json:"recording_count"`
	ShareURL              string          `json:"share_url"`
	RecordingPlayPasscode string          `json:"recording_play_passcode"`
	Files                 []RecordingFile `json:"recording_files"`
}

// RecordingFile is one file of a recording. DownloadURL needs the bearer token
// (Download sends it); PlayURL is absent for some types such as TIMELINE.
type RecordingFile struct {
	ID             string    `json:"id"`
	MeetingID      string    `json:"meeting_id"` // the meeting's uuid
	RecordingStart time.Time `json:"recording_start"`
	RecordingEnd   time.Time `json:"recording_end"`
	FileType       string    `json:"file_type"` // MP4, M4A, TRANSCRIPT, CHAT, CC, CSV, TIMELINE, SUMMARY...
	FileExtension  string    `json:"file_extension"`
	FileSize       FlexInt64 `json:"file_size"`
	PlayURL        string    `json:"play_url"`
	DownloadURL    string    `json:"download_url"`
	Status         string    `json:"status"` // completed, processing
	RecordingType  string    `json:"recording_type"`
	// Key is Recording.FileKey of this file, set by Client.Recordings (not sent by Zoom),
	// so that JSON output names files that have no id.
	Key string `json:"key,omitempty"`
}

// InProgress reports whether the file is still being recorded: Zoom lists such a file
// with an empty file_type (and an empty recording_end and a file_size of 0).
func (f RecordingFile) InProgress() bool { return f.FileType == "" }

// Ready reports whether the file can be downloaded: it has a type and a download URL, and
// its status, when Zoom sends one, is "completed" (TIMELINE and CC files have no status).
func (f RecordingFile) Ready() bool {
	return !f.InProgress() && f.DownloadURL != "" && (f.Status == "" || f.Status == "completed")
}

// FileKey identifies a file of r by what every file has: the recording's meeting uuid and
// the file's download_url (TIMELINE and CC files have no id). It is a short hash, safe to
// show and to type, and "" for a file without a download URL, which cannot be downloaded
// and must never match another file.
func (r Recording) FileKey(f RecordingFile) string {
	uuid := cmp.Or(r.UUID, f.MeetingID)
	if uuid == "" || f.DownloadURL == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(uuid + "\n" + f.DownloadURL))
	return hex.EncodeToString(sum[:10])
}
