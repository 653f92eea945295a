package zoomapi

import (
	"encoding/json"
	"testing"
	"time"
)

func TestFlexInt64(t *testing.T) {
	tests := []struct {
		name, in string
		want     FlexInt64
		wantErr  bool
	}{
		{"number", `85746065432`, 85746065432, false},
		{"string", `"85746065432"`, 85746065432, false},
		{"empty string", `""`, 0, false},
		{"null", `null`, 0, false},
		{"integral float", `2.0`, 2, false},
		{"exponent", `1e3`, 1000, false},
		{"fraction", `2.5`, 0, true},
		{"word", `"abc"`, 0, true},
		{"bool", `true`, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got FlexInt64
			err := json.Unmarshal([]byte(tt.in), &got)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Unmarshal(%s) error = %v, want error %v", tt.in, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("Unmarshal(%s) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestFlexInt64Marshal(t *testing.T) {
	got, err := json.Marshal(struct {
		ID FlexInt64 `json:"id"`
	}{42})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"id":42}`; string(got) != want {
		t.Errorf("Marshal = %s, want %s", got, want)
	}
}

// TestRecordingLenientTypes decodes the two shapes Zoom sends for list-recordings: meeting
// id and type as numbers (real responses) and as strings (the spec and some samples).
func TestRecordingLenientTypes(t *testing.T) {
	tests := []struct{ name, in string }{
		{"numbers", `{"uuid":"u1","id":85746065432,"type":2,"total_size":"1024","start_time":"2026-11-22T15:00:00Z",
			"recording_files":[{"id":"f1","meeting_id":"u1","file_size":1024,"file_type":"MP4"}]}`},
		{"strings", `{"uuid":"u1","id":"85746065432","type":"2","total_size":1024,"start_time":"2026-11-22T15:00:00Z",
			"recording_files":[{"id":"f1","meeting_id":"u1","file_size":"1024","file_type":"MP4"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r Recording
			if err := json.Unmarshal([]byte(tt.in), &r); err != nil {
				t.Fatalf("Unmarshal: %v", err)
			}
			if r.ID != 85746065432 || r.Type != 2 || r.TotalSize != 1024 {
				t.Errorf("got id %d type %d size %d, want 85746065432 2 1024", r.ID, r.Type, r.TotalSize)
			}
			if len(r.Files) != 1 || r.Files[0].FileSize != 1024 {
				t.Errorf("got files %+v, want one of 1024 bytes", r.Files)
			}
			if want := time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC); !r.StartTime.Equal(want) {
				t.Errorf("got start %v, want %v", r.StartTime, want)
			}
		})
	}
}
