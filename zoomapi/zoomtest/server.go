// Package zoomtest is a fake Zoom: a real HTTP server with the lifecycle of
// httptest.Server that speaks Zoom's OAuth endpoints at its root and Zoom's REST API under
// /v2, with the behaviour recorded in docs/zoom-reference.md (rotating single-use refresh
// tokens, PKCE, the device grant, rate limits) plus fault switches and statistics for tests.
//
// Files: oauth_*.go serve the OAuth endpoints, rest_*.go the REST API, seed*.go make the
// seeded account, and the rest is the server's plumbing (faults, rate limits, statistics,
// the /control endpoints). A test file is named after the file it tests.
package zoomtest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Server is a running fake Zoom. OAuth lives at URL, REST at URL+"/v2".
type Server struct {
	// URL is the base URL, "http://127.0.0.1:PORT", with no trailing slash.
	URL string

	opts    Options
	ln      net.Listener
	srv     *http.Server
	mux     *http.ServeMux
	clients map[string]Client
	served  chan struct{}

	// secretsMu guards secrets; it is separate from mu so newSecret may be called with
	// mu held.
	secretsMu sync.Mutex
	secrets   []string

	// answersMu guards answers; it is separate from mu (and taken after it) because
	// answers are counted while a handler may hold mu.
	answersMu sync.Mutex
	answers   answerStats

	// mu guards all state below, including data.
	mu       sync.Mutex
	data     *dataset
	codes    map[string]*authCode
	devices  map[string]*deviceAuth // by device code
	userCode map[string]*deviceAuth // by user code
	grants   []*grant
	access   map[string]*accessToken
	refresh  map[string]*refreshToken
	faults   []Fault
	// accessTTL and refreshTTL are the lifetimes of new tokens (SetTokenLifetimes).
	accessTTL, refreshTTL time.Duration
	rates                 rateState
	stats                 Stats
}

// NewServer starts a fake Zoom configured by opts and returns it listening and serving.
// Like httptest.NewServer it panics if it cannot listen; use Start to get the error.
func NewServer(opts Options) *Server {
	s, err := Start(opts)
	if err != nil {
		panic(fmt.Sprintf("zoomtest: %v", err))
	}
	return s
}

// Start is NewServer returning an error instead of panicking (for cmd/zoomfake).
func Start(opts Options) (*Server, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	ln, err := listen(opts)
	if err != nil {
		return nil, err
	}
	s := &Server{
		URL: "http://" + ln.Addr().String(), opts: opts, ln: ln, served: make(chan struct{}),
		clients: map[string]Client{}, codes: map[string]*authCode{},
		devices: map[string]*deviceAuth{}, userCode: map[string]*deviceAuth{},
		access: map[string]*accessToken{}, refresh: map[string]*refreshToken{},
		stats: newStats(), answers: answerStats{routes: map[string]RouteStats{}},
		accessTTL: opts.AccessTokenTTL, refreshTTL: opts.RefreshTokenTTL,
	}
	for _, c := range opts.Clients {
		s.clients[c.ID] = c
	}
	s.data = newDataset(s.now(), opts)
	s.mux = http.NewServeMux()
	s.registerOAuth(s.mux)
	s.registerControl(s.mux)
	s.registerREST(s.mux)
	s.srv = &http.Server{Handler: s.middleware(s.mux), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(s.served)
		_ = s.srv.Serve(ln)
	}()
	return s, nil
}

// listen returns the fake's listener: in memory (Options.InMemory) or on Options.Addr.
func listen(opts Options) (net.Listener, error) {
	if opts.InMemory {
		return newMemListener(), nil
	}
	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", opts.Addr, err)
	}
	return ln, nil
}

// withDefaults fills in the documented zero-value defaults and validates opts.
func (o Options) withDefaults() (Options, error) {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	if o.Addr == "" {
		o.Addr = "127.0.0.1:0"
	}
	if len(o.Clients) == 0 {
		o.Clients = DefaultClients()
	}
	for i := range o.Clients {
		if len(o.Clients[i].Scopes) == 0 {
			o.Clients[i].Scopes = AllScopes
		}
	}
	def(&o.AccessTokenTTL, 3599*time.Second)
	def(&o.RefreshTokenTTL, 90*24*time.Hour)
	def(&o.CodeTTL, 5*time.Minute)
	def(&o.DeviceCodeTTL, 900*time.Second)
	def(&o.DeviceInterval, 5*time.Second)
	if o.Plan == "" {
		o.Plan = PlanPro
	}
	if _, ok := planLimits[o.Plan]; !ok {
		return o, fmt.Errorf("unknown plan %q", o.Plan)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o, nil
}

// Close stops the server at once and waits until it has stopped serving.
func (s *Server) Close() {
	_ = s.srv.Close()
	<-s.served
}

// Shutdown stops the server gracefully, waiting for active requests until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.srv.Shutdown(ctx)
	<-s.served
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

func (s *Server) now() time.Time { return s.opts.Now() }

// client returns the registered client with id.
func (s *Server) client(id string) (Client, bool) {
	c, ok := s.clients[id]
	return c, ok
}

// defaultUser is the user pre-selected on consent pages: the first seeded user.
func (s *Server) defaultUser() *User {
	s.mu.Lock()
	defer s.mu.Unlock()
	if us := s.data.users(); len(us) > 0 {
		return us[0]
	}
	return nil
}

// lookupUser returns the seeded user with email, or the default user for "".
func (s *Server) lookupUser(email string) *User {
	if email == "" {
		return s.defaultUser()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data.userByEmail(email)
}

// AddUser adds a user to the fake's one account, as an admin adding a seat would, so that
// many agents can each sign in as their own user while sharing the account's per-second
// rate limits. Zero fields get defaults: ID random, names from the email, Timezone UTC,
// Type 2 (Licensed), PMI unique, CreatedAt now.
func (s *Server) AddUser(u User) error {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.data
	if u.Email == "" || d.userByEmail(u.Email) != nil {
		return fmt.Errorf("zoomtest: user %q is empty or exists", u.Email)
	}
	u.ID = cmp.Or(u.ID, d.randB64(16))
	u.AccountID = d.accountID
	u.FirstName = cmp.Or(u.FirstName, u.Email)
	u.Timezone = cmp.Or(u.Timezone, "UTC")
	u.Type = cmp.Or(u.Type, 2)
	u.Language = cmp.Or(u.Language, "en-US")
	if u.PMI == 0 {
		u.PMI = 6000000000 + int64(len(d.userList))
	}
	u.CreatedAt = orTime(u.CreatedAt, now.UTC().Truncate(time.Second))
	d.addUser(&u)
	return nil
}

// SetMeetingTopic changes the topic of the meeting with id, as its host editing it in
// Zoom would: every list shows the new topic from the next request on.
func (s *Server) SetMeetingTopic(id int64, topic string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.data.meetingByID(id)
	if m == nil {
		return fmt.Errorf("zoomtest: no meeting %d", id)
	}
	m.Topic = topic
	return nil
}

// Handler returns the fake's HTTP handler (OAuth, REST and control routes with faults and
// statistics), for an in-memory transport that serves many simulated clients without
// sockets. Handlers that hang up a connection (the reset and drop faults) need a real
// connection and only work through URL. It is the fleet simulator's way in: a direct call
// costs a quarter of a request over the in-memory pipes (Options.InMemory), which keep
// real HTTP (streamed bodies, hang-ups) for protocol tests (BenchmarkInMemory).
func (s *Server) Handler() http.Handler { return s.srv.Handler }

// writeQuota adds the per-second quota headers of an answer that passed the rate limit,
// when Options.RateLimitHeaders asks for them: the category, X-RateLimit-Type QPS, the
// account's limit and what remains of it in the current second. s.mu must be held.
func (s *Server) writeQuota(w http.ResponseWriter, cat rateCategory) {
	if !s.opts.RateLimitHeaders {
		return
	}
	limit := planLimits[s.opts.Plan].perSecond[cat]
	h := w.Header()
	h.Set("X-RateLimit-Category", cat.String())
	h.Set("X-RateLimit-Type", "QPS")
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(limit-s.rates.perSecond[cat], 0)))
}
