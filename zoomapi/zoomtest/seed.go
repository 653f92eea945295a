package zoomtest

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// seedPCG1 and seedPCG2 fix the seed data: the same clock gives the same users, meetings
// and recordings on every run, so tests of other packages are stable.
const (
	seedPCG1 = 20261125
	seedPCG2 = 84
)

// User is a Zoom user of the fake, as GET /users/me describes it (docs/zoom-reference.md,
// "Endpoints the app uses").
type User struct {
	ID        string
	Email     string
	FirstName string
	LastName  string
	Timezone  string
	AccountID string
	// Type is 1 Basic or 2 Licensed.
	Type      int
	PMI       int64
	Language  string
	Dept      string
	CreatedAt time.Time
}

// DisplayName is "First Last", as Zoom shows it.
func (u *User) DisplayName() string { return u.FirstName + " " + u.LastName }

// Meeting is a meeting of the fake. Instant meetings (Type 1) exist for start links but
// are never listed, as in Zoom.
type Meeting struct {
	ID       int64
	UUID     string
	HostID   string
	Topic    string
	Type     int       // 1 instant, 2 scheduled, 3 recurring no fixed time, 8 recurring fixed time
	Start    time.Time // first start; zero for type 3
	Duration int       // minutes
	Timezone string
	Agenda   string
	Created  time.Time
	UsePMI   bool
	AllDay   bool
	// Live marks a meeting in progress (seeded, or started through a start link).
	Live bool
	// Occurrences are the starts of a type 8 meeting, in order.
	Occurrences []time.Time
	// Invitees are the user IDs invited without hosting (GET /users/me/upcoming_meetings).
	Invitees    []string
	Password    string
	EncPassword string
}

// dataset is the fake's state behind the REST API. Server.mu guards it.
type dataset struct {
	rng        *rand.Rand
	accountID  string
	userList   []*User
	usersByID  map[string]*User   // userList by ID, so that one account can hold many users
	byEmail    map[string]*User   // userList by email
	byMeeting  map[int64]*Meeting // meetings by ID
	meetings   []*Meeting
	meetingsOf map[string][]*Meeting // by user ID: the meetings a user hosts or is invited to
	recordings []*Recording
	recByUUID  map[string]*Recording   // recordings by meeting UUID
	recsOf     map[string][]*Recording // by host ID: the recordings a user hosts
	files      map[string]*RecordingFile
	zaks       map[string]zakGrant
	pages      map[string]pageCursor
	creates    map[string]int // user ID + "/" + UTC date -> meetings created that day
	started    []int64
	zaksIssued int
	recRange   bool // Options.RecordingRangeReject
	shapes     Shapes
}

// newDataset seeds users, meetings and 13 months of recordings relative to now.
func newDataset(now time.Time, opts Options) *dataset {
	d := &dataset{
		rng:       rand.New(rand.NewPCG(seedPCG1, seedPCG2)),
		files:     map[string]*RecordingFile{},
		recByUUID: map[string]*Recording{}, recsOf: map[string][]*Recording{},
		zaks:     map[string]zakGrant{},
		pages:    map[string]pageCursor{},
		creates:  map[string]int{},
		recRange: opts.RecordingRangeReject,
		shapes:   opts.Shapes,

		usersByID: map[string]*User{}, meetingsOf: map[string][]*Meeting{},
		byEmail: map[string]*User{}, byMeeting: map[int64]*Meeting{},
	}
	d.accountID = d.randB64(16)
	d.seedUsers(now)
	d.seedMeetings(now)
	d.seedRecordings(now)
	d.addTranscriptRecordings(d.userList[0], now, opts.TranscriptRecordings)
	if opts.Shapes.RecordingInProgress {
		d.addRecordingInProgress(d.userList[0], now)
	}
	return d
}

func (d *dataset) seedUsers(now time.Time) {
	for i, u := range []User{
		{Email: "alex@example.com", FirstName: "Alex", LastName: "Rivera", Timezone: "America/New_York", Type: 2, Language: "en-US", Dept: "Engineering"},
		{Email: "jonas@example.com", FirstName: "Jonas", LastName: "Becker", Timezone: "Europe/Berlin", Type: 2, Language: "de-DE", Dept: "Sales"},
		{Email: "yuki@example.com", FirstName: "Yuki", LastName: "Tanaka", Timezone: "Asia/Tokyo", Type: 2, Language: "ja-JP", Dept: "Support"},
		{Email: "sam@example.com", FirstName: "Sam", LastName: "Okafor", Timezone: "Europe/London", Type: 1, Language: "en-GB", Dept: "Design"},
	} {
		u.ID = d.randB64(16)
		u.AccountID = d.accountID
		u.PMI = 5551234560 + int64(i)*1111
		u.CreatedAt = now.AddDate(-3, -i, 0).UTC().Truncate(time.Second)
		d.addUser(&u)
	}
}

// addUser stores u, whose ID is set.
func (d *dataset) addUser(u *User) {
	d.userList = append(d.userList, u)
	d.usersByID[u.ID] = u
	d.byEmail[u.Email] = u
}

// users returns every user, the default one (alex@example.com) first.
func (d *dataset) users() []*User { return d.userList }

// userByEmail returns the user with that email, or nil.
func (d *dataset) userByEmail(email string) *User { return d.byEmail[email] }

// userByID returns the user with that ID, or nil.
func (d *dataset) userByID(id string) *User { return d.usersByID[id] }

// meetingByID returns the meeting with that numeric ID, or nil.
func (d *dataset) meetingByID(id int64) *Meeting { return d.byMeeting[id] }

// randB64 returns n random bytes in unpadded URL base64, like Zoom's user IDs.
func (d *dataset) randB64(n int) string {
	return base64.RawURLEncoding.EncodeToString(d.randBytes(n))
}

func (d *dataset) randBytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(d.rng.Uint32())
	}
	return b
}

// newMeetingID returns an 11-digit meeting ID, as Zoom's are.
func (d *dataset) newMeetingID() int64 {
	for {
		id := 81000000000 + d.rng.Int64N(9000000000)
		if d.meetingByID(id) == nil {
			return id
		}
	}
}

// newUUID returns a meeting UUID: 16 bytes in standard base64, as Zoom sends them.
func (d *dataset) newUUID() string { return base64.StdEncoding.EncodeToString(d.randBytes(16)) }

// newFileID returns a recording file ID in Zoom's hyphenated form.
func (d *dataset) newFileID() string {
	b := d.randBytes(16)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

const alnum = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"

func (d *dataset) randAlnum(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alnum[d.rng.IntN(len(alnum))]
	}
	return string(b)
}

// addMeeting fills IDs and passwords of m and stores it.
func (d *dataset) addMeeting(m *Meeting) *Meeting {
	if m.ID == 0 {
		m.ID = d.newMeetingID()
	}
	if m.UUID == "" {
		m.UUID = d.newUUID()
	}
	if m.Password == "" {
		m.Password = d.randAlnum(6)
	}
	m.EncPassword = d.randAlnum(32)
	if m.Type == 8 && m.Start.IsZero() && len(m.Occurrences) > 0 {
		m.Start = m.Occurrences[0]
	}
	d.meetings = append(d.meetings, m)
	d.byMeeting[m.ID] = m
	for _, id := range append([]string{m.HostID}, m.Invitees...) {
		d.meetingsOf[id] = append(d.meetingsOf[id], m)
	}
	return m
}

// mustLoad loads a seed time zone; the seed zones are in every tzdata. A zone is read
// once per process: seeding asks for one per day of 13 months, each a file read.
func mustLoad(name string) *time.Location {
	if loc, ok := seedZones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	seedZones.Store(name, loc)
	return loc
}

var seedZones sync.Map // zone name → *time.Location

// errNoUser is returned by the seed helpers for an unknown email.
func errNoUser(email string) error { return fmt.Errorf("zoomtest: no user %q", email) }

func orTime(v, def time.Time) time.Time {
	if v.IsZero() {
		return def
	}
	return v
}
