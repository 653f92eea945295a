package zoomtest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// rawList is a list body with its items as raw JSON objects, so that a test can tell an
// absent field from an empty one.
type rawList struct {
	Meetings []map[string]json.RawMessage `json:"meetings"`
}

func (e *restEnv) rawList(t *testing.T, path string) rawList {
	t.Helper()
	var l rawList
	e.get(t, path).decode(t, http.StatusOK, &l)
	return l
}

// TestShapesOffByDefault checks that the tidy fake sends none of the messy shapes, and
// MessyShapes sends each of them: every test below fails for the other setting.
func TestShapes(t *testing.T) {
	for _, messy := range []bool{false, true} {
		opts := Options{}
		if messy {
			opts.Shapes = MessyShapes()
		}
		e := newRESTEnv(t, opts)
		name := map[bool]string{false: "tidy", true: "messy"}[messy]
		t.Run(name+"/each occurrence", func(t *testing.T) {
			n := 0
			for _, m := range e.rawList(t, "/v2/users/me/meetings?type=upcoming&page_size=300").Meetings {
				if string(m["topic"]) == `"Team stand-up"` {
					n++
				}
			}
			if got := n > 1; got != messy {
				t.Errorf("Team stand-up listed %d times, want several: %v", n, messy)
			}
		})
		t.Run(name+"/null times", func(t *testing.T) {
			var null, empty int
			for _, m := range e.rawList(t, "/v2/users/me/meetings?type=upcoming&page_size=300").Meetings {
				for _, k := range []string{"start_time", "created_at"} {
					switch string(m[k]) {
					case "null":
						null++
					case `""`:
						empty++
					}
				}
			}
			if got := null > 0 && empty > 0; got != messy {
				t.Errorf("%d null and %d empty times, want both: %v", null, empty, messy)
			}
		})
		t.Run(name+"/upcoming bare", func(t *testing.T) {
			for _, m := range e.rawList(t, "/v2/users/me/upcoming_meetings").Meetings {
				for _, k := range []string{"is_host", "passcode", "use_pmi", "is_all_day"} {
					if _, has := m[k]; has == messy {
						t.Fatalf("item %s has %s: %v, want %v", m["topic"], k, has, !messy)
					}
				}
			}
		})
		t.Run(name+"/recordings", func(t *testing.T) {
			var rl struct {
				Meetings []struct {
					UUID     string                       `json:"uuid"`
					Passcode *string                      `json:"recording_play_passcode"`
					Files    []map[string]json.RawMessage `json:"recording_files"`
				} `json:"meetings"`
			}
			from := testNow.AddDate(0, 0, -25).Format(dateLayout)
			e.get(t, "/v2/users/me/recordings?page_size=300&from="+from+"&to="+testNow.Format(dateLayout)).decode(t, http.StatusOK, &rl)
			var bare, inProgress, passcodes int
			for _, r := range rl.Meetings {
				if r.Passcode != nil {
					passcodes++
				}
				for _, f := range r.Files {
					if _, hasID := f["id"]; !hasID {
						bare++
					}
					if string(f["file_type"]) == `""` && string(f["recording_end"]) == `""` && string(f["file_size"]) == "0" {
						inProgress++
					}
				}
			}
			if got := bare > 0 && inProgress == 1 && passcodes == 0; got != messy {
				t.Errorf("%d files without id, %d in progress, %d passcodes; want messy shapes: %v", bare, inProgress, passcodes, messy)
			}
		})
	}
}

// TestMeetingRecordingsPasscode checks GET /meetings/{uuid}/recordings, which carries the
// play passcode, and Zoom's rule that a uuid starting with "/" or holding "//" must be
// double-encoded.
func TestMeetingRecordingsPasscode(t *testing.T) {
	e := newRESTEnv(t, Options{Shapes: MessyShapes()})
	recs := e.s.Recordings("alex@example.com")
	var plain string
	for _, r := range recs {
		if !strings.HasPrefix(r.UUID, "/") && !strings.Contains(r.UUID, "//") && r.UUID != inProgressUUID {
			plain = r.UUID
			break
		}
	}
	tests := []struct {
		name, path string
		status     int
	}{
		{"plain uuid encoded once", url.PathEscape(plain), http.StatusOK},
		{"slash uuid encoded twice", url.PathEscape(url.PathEscape(inProgressUUID)), http.StatusOK},
		{"slash uuid encoded once", url.PathEscape(inProgressUUID), http.StatusNotFound},
		{"unknown", "bm9wZQ==", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.get(t, "/v2/meetings/"+tt.path+"/recordings")
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if tt.status != http.StatusOK {
				r.apiErr(t, tt.status, 3301)
				return
			}
			var got struct {
				Passcode string `json:"recording_play_passcode"`
			}
			r.decode(t, http.StatusOK, &got)
			if got.Passcode == "" {
				t.Errorf("no recording_play_passcode in %s", r.body)
			}
		})
	}
}

// TestTokenInQueryRefused checks that a REST call with ?access_token= gets Zoom's 401
// code 124 even beside a valid bearer token.
func TestTokenInQueryRefused(t *testing.T) {
	e := newRESTEnv(t, Options{})
	e.get(t, "/v2/users/me").decode(t, http.StatusOK, &struct{}{})
	e.get(t, "/v2/users/me?access_token="+e.token).apiErr(t, http.StatusUnauthorized, 124)
}
