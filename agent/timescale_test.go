package agent

import "testing"

// TestTimeScale checks the hidden simulation knob ZOOMTRAY_TIME_SCALE.
func TestTimeScale(t *testing.T) {
	for _, tc := range []struct {
		env     string
		want    float64
		wantErr bool
	}{
		{"", 0, false},
		{"60", 60, false},
		{"1", 1, false},
		{"0.5", 0, true},
		{"fast", 0, true},
		{"100000", 0, true},
	} {
		t.Run(tc.env, func(t *testing.T) {
			got, err := timeScale(func(k string) string {
				if k == timeScaleEnv {
					return tc.env
				}
				return ""
			})
			if got != tc.want || (err != nil) != tc.wantErr {
				t.Errorf("timeScale(%q): got %v, %v, want %v, error %v", tc.env, got, err, tc.want, tc.wantErr)
			}
		})
	}
}
