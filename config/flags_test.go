package config

import (
	"flag"
	"io"
	"maps"
	"strings"
	"testing"
)

func TestRegisterFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		stdin   string
		want    map[string]string
		wantErr string
	}{
		{name: "switch alone", args: []string{"--kiosk"}, want: map[string]string{"kiosk": "true"}},
		{name: "switch with value", args: []string{"--use-zoommtg=false", "--start-at-login=1"},
			want: map[string]string{"use-zoommtg": "false", "start-at-login": "1"}},
		{name: "bad switch", args: []string{"--kiosk=maybe"}, wantErr: "want true or false"},
		{name: "value", args: []string{"--redirect-ports", "8080,8081"}, want: map[string]string{"redirect-ports": "8080,8081"}},
		{name: "secret from stdin", args: []string{"--client-secret-file", "-"}, stdin: "s3cret\n",
			want: map[string]string{"client-secret-file": "s3cret"}},
		{name: "non-switch needs a value", args: []string{"--notify-minutes"}, wantErr: "needs an argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := map[string]string{}
			fs := flag.NewFlagSet("test", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			RegisterFlags(fs, set, strings.NewReader(tt.stdin))
			err := fs.Parse(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Parse(%q): got error %v, want one containing %q", tt.args, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.args, err)
			}
			if !maps.Equal(set, tt.want) {
				t.Errorf("Parse(%q): got %v, want %v", tt.args, set, tt.want)
			}
		})
	}
}

func TestFlagsBool(t *testing.T) {
	want := map[string]bool{KeyStartAtLogin: true, KeyKiosk: true, KeyUseZoommtg: true}
	for _, f := range Flags() {
		if f.Bool != want[f.Setting] {
			t.Errorf("Flags(): %s Bool = %v, want %v", f.Setting, f.Bool, want[f.Setting])
		}
	}
}
