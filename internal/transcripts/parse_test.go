package transcripts

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

func parseFile(t *testing.T, name string, parse func(f *os.File) ([]Line, error)) []Line {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines, err := parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

func TestParseVTT(t *testing.T) {
	got := parseFile(t, "zoom.vtt", func(f *os.File) ([]Line, error) { return ParseVTT(f) })
	want := []Line{
		{1120 * time.Millisecond, "Alex Rivera", "Good morning everyone, let's get started."},
		{5 * time.Second, "田中 由紀", "お客様から新しい問い合わせが三件ありました。"},
		{70 * time.Second, "ليلى حداد", "نحتاج إلى موافقة الإدارة على الميزانية الجديدة."},
		{2 * time.Minute, "", "The meeting is at 10:30, see https://example.com second line of the cue"},
		{time.Hour + 2*time.Minute + 3456*time.Millisecond, "Ольга Иванова", "Нужно обсудить бюджет на следующий квартал."},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}

func TestParseTimesAreDecimal(t *testing.T) {
	vtt := "WEBVTT\n\n1\n00:08:09.090 --> 00:08:10.000\nA: one\n\n2\n09:09:08.008 --> 09:09:09.000\nB: two\n"
	lines, err := ParseVTT(strings.NewReader(vtt))
	want := []time.Duration{8*time.Minute + 9*time.Second + 90*time.Millisecond, 9*time.Hour + 9*time.Minute + 8*time.Second + 8*time.Millisecond}
	if err != nil || len(lines) != 2 || lines[0].At != want[0] || lines[1].At != want[1] {
		t.Errorf("ParseVTT = %v, %v; want times %v", lines, err, want)
	}
	chat, err := ParseChat(strings.NewReader("00:08:09 From A to Everyone:\n\thi\n"))
	if err != nil || len(chat) != 1 || chat[0].At != 8*time.Minute+9*time.Second {
		t.Errorf("ParseChat = %v, %v; want 8:09", chat, err)
	}
}

func TestParseVTTRejects(t *testing.T) {
	for _, body := range []string{"", "<html><body>Sign in</body></html>", `{"code":124}`} {
		if _, err := ParseVTT(strings.NewReader(body)); err == nil {
			t.Errorf("ParseVTT(%q) succeeded, want an error", body)
		}
	}
}

func TestParseChat(t *testing.T) {
	got := parseFile(t, "zoom_chat.txt", func(f *os.File) ([]Line, error) { return ParseChat(f) })
	want := []Line{
		{45 * time.Second, "Alex Rivera", "Here is the link: https://example.com/roadmap"},
		{130 * time.Second, "田中 由紀", "資料を共有します。 second line"},
		{3 * time.Minute, "Sam Okafor", "old format message"},
		{4*time.Minute + 5*time.Second, "Priya Nair", "tab format message"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}
