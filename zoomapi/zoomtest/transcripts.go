package zoomtest

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// A Zoom audio transcript (file_type TRANSCRIPT, extension VTT) is WebVTT: numbered cues
// whose text is "Speaker Name: what they said", with times from the recording's start. A
// meeting chat (file_type CHAT, extension TXT) has one message per entry, "HH:MM:SS From
// Name to Everyone:" and the message on the next line after a tab, with times from the
// recording's start too. The fake writes both from the file's ID, so the same file always
// has the same text, in the languages its speakers speak.

// speaker is a participant of the fake's meetings, with what they say.
type speaker struct {
	name  string
	lines []string
}

// speakerPools are the people of the seeded meetings, by language: the host's language
// (User.Language) picks the pool, and every meeting mixes in one speaker of another one.
var speakerPools = map[string][]speaker{
	"en": {
		{"Alex Rivera", []string{
			"Good morning everyone, let's get started.",
			"The quarterly budget review is due next Friday.",
			"Can you share your screen so we can see the roadmap?",
			"We should ship the release candidate before the holidays.",
			"I'll follow up with the customer about the renewal contract.",
			"Let's move the database migration to the next sprint.",
			"Thanks, that's all I had for today.",
		}},
		{"Sam Okafor", []string{
			"The new onboarding flow tested well with five users.",
			"I think the dashboard needs a clearer empty state.",
			"We got positive feedback on the mobile prototype.",
			"Could we review the accessibility audit findings?",
			"I'll update the design system colours this week.",
		}},
		{"Priya Nair", []string{
			"Latency in the staging cluster went down by thirty percent.",
			"The incident postmortem is in the shared folder.",
			"We need one more reviewer for the security patch.",
			"Test coverage is now above eighty percent.",
		}},
	},
	"de": {
		{"Jonas Becker", []string{
			"Guten Morgen zusammen, fangen wir an.",
			"Der Kunde möchte das Angebot bis Donnerstag haben.",
			"Die Umsatzzahlen für das dritte Quartal sehen gut aus.",
			"Können wir den Vertrag nächste Woche verlängern?",
			"Ich schicke die Präsentation nach dem Meeting herum.",
		}},
		{"Lena Schmidt", []string{
			"Die Messe in München war ein großer Erfolg.",
			"Wir brauchen noch eine Freigabe von der Rechtsabteilung.",
			"Das Budget für Werbung ist schon ausgeschöpft.",
		}},
	},
	"ja": {
		{"田中 由紀", []string{
			"おはようございます。始めましょう。",
			"お客様から新しい問い合わせが三件ありました。",
			"サポート窓口の対応時間を延長する予定です。",
			"来週のリリースについて確認したいです。",
			"マニュアルの翻訳は今月中に終わります。",
		}},
		{"佐藤 健", []string{
			"ログイン画面の不具合は修正済みです。",
			"データベースのバックアップを毎日取っています。",
			"次回の会議は金曜日の午後です。",
		}},
	},
	"ru": {
		{"Ольга Иванова", []string{
			"Коллеги, давайте начнём встречу.",
			"Отчёт по продажам готов, я отправлю его сегодня.",
			"Нужно обсудить бюджет на следующий квартал.",
			"Клиент попросил перенести презентацию на среду.",
		}},
	},
	"ar": {
		{"ليلى حداد", []string{
			"صباح الخير جميعاً، لنبدأ الاجتماع.",
			"تم الانتهاء من ترجمة الموقع إلى العربية.",
			"نحتاج إلى موافقة الإدارة على الميزانية الجديدة.",
			"سأرسل ملخص الاجتماع بعد قليل.",
		}},
	},
}

// guestLanguages are the languages a meeting's extra speaker may speak.
var guestLanguages = []string{"en", "de", "ja", "ru", "ar"}

// chatLines are what participants type into the meeting chat.
var chatLines = []string{
	"Here is the link to the roadmap: https://example.com/roadmap",
	"Sorry, my microphone is not working.",
	"+1 to moving the migration",
	"Slides: https://example.com/slides.pdf",
	"資料を共有します。",
	"Спасибо, всё понятно!",
	"شكراً للجميع",
	"Danke für die Zusammenfassung!",
}

// transcriptRand is the generator of one file's text, seeded by its ID.
func transcriptRand(fileID string) *rand.Rand {
	h := fnv.New64a()
	_, _ = h.Write([]byte(fileID))
	return rand.New(rand.NewPCG(h.Sum64(), 15))
}

// meetingSpeakers returns the people of a meeting hosted by someone speaking lang: the
// pool of that language, and one guest of another language most of the time.
func meetingSpeakers(r *rand.Rand, lang string) []speaker {
	out := append([]speaker(nil), speakerPools[lang]...)
	if guest := guestLanguages[r.IntN(len(guestLanguages))]; guest != lang {
		pool := speakerPools[guest]
		out = append(out, pool[r.IntN(len(pool))])
	}
	return out
}

// baseLanguage is "en" for "en-US" and the like; unknown languages speak English.
func baseLanguage(tag string) string {
	lang, _, _ := strings.Cut(tag, "-")
	if _, ok := speakerPools[lang]; ok {
		return lang
	}
	return "en"
}

// appendVTTTime appends d as a WebVTT timestamp, HH:MM:SS.mmm.
func appendVTTTime(b []byte, d time.Duration) []byte {
	ms := d.Milliseconds()
	b = appendPadded(b, ms/3600000, 2)
	b = append(b, ':')
	b = appendPadded(b, ms/60000%60, 2)
	b = append(b, ':')
	b = appendPadded(b, ms/1000%60, 2)
	b = append(b, '.')
	return appendPadded(b, ms%1000, 3)
}

// appendPadded appends n (not negative) in decimal with leading zeros to width digits.
func appendPadded(b []byte, n int64, width int) []byte {
	digits := 1
	for x := n; x >= 10; x /= 10 {
		digits++
	}
	for ; digits < width; digits++ {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, n, 10)
}

// transcriptVTT returns the WebVTT transcript of a recording of length d: a cue every few
// seconds (about 1 KB a minute, as Zoom's are), each "Speaker: line". Every server seeds a
// few megabytes of them, so it appends bytes: formatting them with fmt was most of a
// server's start.
func transcriptVTT(fileID, lang string, d time.Duration) []byte {
	r := transcriptRand(fileID)
	people := meetingSpeakers(r, lang)
	b := make([]byte, 0, int(d/time.Minute+1)*1100)
	b = append(b, "WEBVTT\n"...)
	at := time.Duration(r.IntN(3000)) * time.Millisecond
	for n := 1; at < d; n++ {
		p := people[r.IntN(len(people))]
		line := p.lines[r.IntN(len(p.lines))]
		end := min(at+time.Duration(2500+r.IntN(5000))*time.Millisecond, d)
		b = append(b, '\n')
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, '\n')
		b = appendVTTTime(b, at)
		b = append(b, " --> "...)
		b = appendVTTTime(b, end)
		b = append(b, '\n')
		b = append(b, p.name...)
		b = append(b, ": "...)
		b = append(b, line...)
		b = append(b, '\n')
		at = end + time.Duration(r.IntN(800))*time.Millisecond
	}
	return b
}

// chatTXT returns the chat file of a recording of length d: a few messages.
func chatTXT(fileID, lang string, d time.Duration) []byte {
	r := transcriptRand(fileID)
	people := meetingSpeakers(r, lang)
	var b strings.Builder
	n := 3 + r.IntN(8)
	for i := range n {
		at := d * time.Duration(i+1) / time.Duration(n+1)
		s := int(at.Seconds())
		fmt.Fprintf(&b, "%02d:%02d:%02d From %s to Everyone:\n\t%s\n", s/3600, s/60%60, s%60,
			people[r.IntN(len(people))].name, chatLines[r.IntN(len(chatLines))])
	}
	return []byte(b.String())
}

// fileText returns the text a TRANSCRIPT or CHAT file serves, nil for other types.
func fileText(f *RecordingFile, lang string) []byte {
	d := f.End.Sub(f.Start)
	switch f.FileType {
	case "TRANSCRIPT":
		return transcriptVTT(f.ID, lang, d)
	case "CHAT":
		return chatTXT(f.ID, lang, d)
	}
	return nil
}

// addTranscriptRecordings adds n one-hour recordings of u with a transcript and a chat
// (Options.TranscriptRecordings), evenly spread over the 12 months before now.
func (d *dataset) addTranscriptRecordings(u *User, now time.Time, n int) {
	span := now.Sub(now.AddDate(-1, 0, 0))
	for i := range n {
		start := now.Add(-span + span*time.Duration(i)/time.Duration(n)).UTC().Truncate(time.Minute)
		topic := fmt.Sprintf("%s #%d", recordingTopics[i%len(recordingTopics)], i+1)
		d.newRecording(u, topic, start, time.Hour, transcriptKinds())
	}
}

// transcriptKinds are the files of a recording made for search: MP4, TRANSCRIPT and CHAT.
func transcriptKinds() []fileKind { return []fileKind{fileKinds[0], fileKinds[2], fileKinds[3]} }

// newRecording stores a completed recording of u's meeting that started at start and
// lasted length, with a file of each of kinds (the TRANSCRIPT and CHAT files with their
// text, the others of their kind's smallest size), and returns it.
func (d *dataset) newRecording(u *User, topic string, start time.Time, length time.Duration, kinds []fileKind) *Recording {
	start = start.UTC()
	r := &Recording{
		UUID: d.newUUID(), ID: d.newMeetingID(), HostID: u.ID, Type: 2, Start: start, Topic: topic,
		Timezone: u.Timezone, Duration: int(length / time.Minute),
		SharePath: "/rec/share/" + d.randAlnum(40), PlayPasscode: d.randAlnum(32),
	}
	for _, k := range kinds {
		f := &RecordingFile{
			ID: d.newFileID(), MeetingUUID: r.UUID, Start: start, End: start.Add(length),
			FileType: k.fileType, Extension: k.ext, RecordingType: k.recType, Playable: k.playable,
			Size: k.minSize, Status: "completed",
		}
		if text := fileText(f, baseLanguage(u.Language)); text != nil {
			f.text, f.Size = text, int64(len(text))
		}
		r.Files = append(r.Files, f)
		d.files[f.ID] = f
	}
	d.storeRecording(r)
	return r
}

// TextBytes is the size of every transcript and chat file the fake serves.
func (s *Server) TextBytes() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for _, f := range s.data.files {
		n += int64(len(f.text))
	}
	return n
}
