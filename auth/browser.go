package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/internal/openurl"
)

// DefaultBrowserTimeout is how long a browser sign-in waits for the callback when
// BrowserOptions.Timeout is zero. A person who must first get through single sign-on and
// multi-factor prompts can take well over 5 minutes, and Zoom's 5-minute code lifetime
// starts only at the redirect that carries the code, so the listener waits 15 minutes.
const DefaultBrowserTimeout = 15 * time.Minute

// BrowserOptions tunes StartBrowser. The zero value is ready to use.
type BrowserOptions struct {
	// Timeout bounds the whole sign-in from StartBrowser to the callback. Default
	// DefaultBrowserTimeout (15 min).
	Timeout time.Duration
	// Logger receives progress lines without codes, tokens, state or verifier. Default:
	// discard.
	Logger *slog.Logger

	// open launches the browser (test seam). Default openurl.Open: a redirect page in the
	// runtime directory, so state and PKCE challenge are on no command line.
	open func(string) error
	// peerCheck allows or refuses each connection to the listener (test seam). Default
	// samePeerUser: on Linux only connections from this user's own processes.
	peerCheck func(net.Conn) error
	// exchange trades the code for a token (test seam for the fuzz target). Default: the
	// x/oauth2 code exchange with the PKCE verifier.
	exchange func(ctx context.Context, code string) (*oauth2.Token, error)
}

// BrowserLogin is one browser sign-in in progress: the authorization code grant with PKCE
// (RFC 7636, S256) through a loopback redirect (RFC 8252 §7.3). Its listener is bound from
// StartBrowser until Wait returns or Close is called.
type BrowserLogin struct {
	cfg      Config
	oauth    *oauth2.Config
	verifier string // PKCE code_verifier, never logged or shown
	state    string // RFC 6749 §10.12 CSRF state, never logged or shown
	authURL  string
	host     string // "127.0.0.1:PORT": the only Host header served (DNS-rebinding defence)
	log      *slog.Logger
	open     func(string) error
	exchange func(ctx context.Context, code string) (*oauth2.Token, error)
	deadline time.Time

	// ctx lives until Close, the deadline (cause ErrTimeout) or the end of StartBrowser's
	// ctx; the code exchange uses it.
	ctx    context.Context
	cancel context.CancelCauseFunc

	srv       *http.Server
	served    chan struct{} // closed when the server goroutine has returned
	finished  chan struct{} // closed by the one callback whose result is taken, after sending it
	result    chan flowResult
	accepted  atomic.Bool  // set by the one callback whose result is taken
	rejected  atomic.Int32 // callbacks refused for a wrong or malformed state
	foreign   atomic.Int32 // connections refused because another local user opened them
	closeOnce sync.Once
	waitOnce  sync.Once
	final     flowResult // written once under waitOnce
}

// flowResult is the single outcome of a sign-in.
type flowResult struct {
	tok *oauth2.Token
	err error
}

// StartBrowser binds the loopback listener on the first free port of cfg.RedirectPorts
// (127.0.0.1 only, never a wildcard address) and keeps it bound, so the redirect URI
// http://127.0.0.1:PORT/callback cannot be taken between choosing and serving. On Linux
// the listener closes every connection that another local user's process opened
// (samePeerUser), so that user cannot complete or end this sign-in. It
// prepares the authorize URL with a fresh state and an S256 PKCE challenge and no scope
// (Zoom grants the app's configured scopes). It does not open the browser: call Open, and
// show URL so the user can copy it. The sign-in lives until ctx ends, Wait returns or
// Close is called. A *PortsError (errors.Is ErrNoFreePort) reports the ports tried.
func StartBrowser(ctx context.Context, cfg Config, opts BrowserOptions) (*BrowserLogin, error) {
	if err := checkFlowConfig(cfg); err != nil {
		return nil, err
	}
	ln, port, err := listenLoopback(ctx, cfg.RedirectPorts)
	if err != nil {
		return nil, fmt.Errorf("browser sign-in: %w", err)
	}
	b := newBrowserLogin(ctx, cfg, opts, port)
	b.log.Info("browser sign-in: listening for the redirect", "port", port)
	check := opts.peerCheck
	if check == nil {
		check = samePeerUser
	}
	ln = &peerListener{Listener: ln, check: check, log: b.log, refused: &b.foreign}
	go func() {
		defer close(b.served)
		if err := b.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			b.log.Warn("browser sign-in: listener failed", "err", err)
		}
	}()
	go b.watch(b.deadline)
	return b, nil
}

// watch shuts the listener down on its own once the sign-in is over, whether or not anyone
// is in Wait: after the one accepted callback, at the deadline (RFC 8252 §8.3: the
// listener must not stay open longer than the sign-in), or when StartBrowser's ctx ends.
func (b *BrowserLogin) watch(deadline time.Time) {
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case <-b.finished:
	case <-b.ctx.Done():
	case <-timer.C:
		b.cancel(ErrTimeout)
	}
	_ = b.Close()
}

// newBrowserLogin prepares everything but the listener.
func newBrowserLogin(ctx context.Context, cfg Config, opts BrowserOptions, port int) *BrowserLogin {
	host := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	redirect := "http://" + host + "/callback"
	b := &BrowserLogin{
		cfg:      cfg,
		oauth:    cfg.OAuth2(redirect),
		verifier: oauth2.GenerateVerifier(),
		state:    randomState(),
		host:     host,
		log:      flowLogger(opts.Logger),
		open:     opts.open,
		exchange: opts.exchange,
		served:   make(chan struct{}),
		finished: make(chan struct{}),
		result:   make(chan flowResult, 1),
	}
	b.authURL = b.oauth.AuthCodeURL(b.state, oauth2.S256ChallengeOption(b.verifier))
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = DefaultBrowserTimeout
	}
	b.deadline = time.Now().Add(timeout)
	b.ctx, b.cancel = context.WithCancelCause(ctx)
	if b.open == nil {
		b.open = openurl.Open
	}
	if b.exchange == nil {
		b.exchange = b.exchangeCode
	}
	b.srv = &http.Server{
		Handler:           http.HandlerFunc(b.serveCallback),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      time.Minute, // the handler waits for the code exchange
		IdleTimeout:       10 * time.Second,
		ErrorLog:          slog.NewLogLogger(b.log.Handler(), slog.LevelDebug),
	}
	return b
}

// URL returns the authorize URL. It is always available, to show and copy when no
// browser opens.
func (b *BrowserLogin) URL() string { return b.authURL }

// RedirectURI returns http://127.0.0.1:PORT/callback for the bound port.
func (b *BrowserLogin) RedirectURI() string { return b.oauth.RedirectURL }

// Deadline is when the listener gives up waiting for the callback (ErrTimeout), so the
// UI can show the time left.
func (b *BrowserLogin) Deadline() time.Time { return b.deadline }

// Open launches the browser at URL on its own goroutine and returns at once. The channel
// receives the launcher's result once (nil when the launcher started; that says nothing
// about whether the user signs in) and is never closed. The launcher itself cannot be
// cancelled; Close does not wait for it.
func (b *BrowserLogin) Open() <-chan error {
	ch := make(chan error, 1)
	go func() {
		err := b.open(b.authURL)
		if err != nil {
			err = &openError{err: err, url: b.authURL, state: b.state}
			b.log.Warn("browser sign-in: could not open the browser", "err", err)
		}
		ch <- err
	}()
	return ch
}

// Wait blocks until the sign-in has one result: the token from the code exchange, a
// *CallbackError (errors.Is ErrAccessDenied when the user declined), ErrMissingCode, a
// *TokenError from the exchange (errors.Is ErrInvalidGrant; ErrInvalidResponse when Zoom
// answered 200 without a token), ErrTimeout when Timeout passed (joined with
// ErrStateMismatch if callbacks with a wrong state were refused), or ctx.Err(). A
// callback with a wrong state never ends the wait (RFC 6749 §10.12): it is a stale tab or
// a forged request, so it gets an error page and the genuine callback is still accepted. Wait then closes the listener. Later calls return the same result.
func (b *BrowserLogin) Wait(ctx context.Context) (*oauth2.Token, error) {
	b.waitOnce.Do(func() {
		b.final = b.wait(ctx)
		_ = b.Close()
		if b.final.err != nil {
			b.log.Warn("browser sign-in: failed", "err", b.final.err)
		} else {
			b.log.Info("browser sign-in: signed in")
		}
	})
	return b.final.tok, b.final.err
}

func (b *BrowserLogin) wait(ctx context.Context) flowResult {
	timer := time.NewTimer(time.Until(b.deadline))
	defer timer.Stop()
	select {
	case r := <-b.result:
		return r
	case <-ctx.Done():
		return flowResult{err: ctx.Err()}
	case <-b.ctx.Done():
		return b.ended()
	case <-timer.C:
		return b.timedOut()
	}
}

// ended is the result once b.ctx is done: the callback's result if one was taken (the
// listener closes itself after it), a timeout, or the cancellation.
func (b *BrowserLogin) ended() flowResult {
	select {
	case r := <-b.result:
		return r
	default:
	}
	if errors.Is(context.Cause(b.ctx), ErrTimeout) {
		return b.timedOut()
	}
	return flowResult{err: b.ctx.Err()}
}

// timedOut is ErrTimeout, joined with ErrStateMismatch when callbacks were refused.
func (b *BrowserLogin) timedOut() flowResult {
	if n := b.rejected.Load(); n > 0 {
		return flowResult{err: fmt.Errorf("%w; %d callback(s) refused: %w", ErrTimeout, n, ErrStateMismatch)}
	}
	return flowResult{err: ErrTimeout}
}

// Close cancels the sign-in and shuts the listener down, letting a page being written
// finish (bounded to 2 s). It waits for the server goroutine and is idempotent. The
// listener also closes on its own after the accepted callback, at the timeout, and when
// StartBrowser's ctx ends.
func (b *BrowserLogin) Close() error {
	var err error
	b.closeOnce.Do(func() {
		b.cancel(nil)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if b.srv.Shutdown(ctx) != nil {
			err = b.srv.Close()
		}
		<-b.served
	})
	return err
}

// exchangeCode trades the authorization code for a token (RFC 6749 §4.1.3) with the PKCE
// verifier (RFC 7636 §4.5), through cfg.HTTPClient, with Zoom's client authentication as
// x/oauth2's Exchange would send it. The request is built here, as the device poll's is,
// so that the answer's body can be classified: an error answer is a *TokenError
// (errors.Is ErrInvalidGrant for a used or expired code), and a 2xx answer without a token
// (an HTML page, malformed JSON, Zoom's `{"code":200,...}` denial) is a *TokenError
// matching ErrInvalidResponse. x/oauth2 reports those as untyped parse errors.
func (b *BrowserLogin) exchangeCode(ctx context.Context, code string) (*oauth2.Token, error) {
	form := url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"redirect_uri":  {b.oauth.RedirectURL},
		"code_verifier": {b.verifier},
	}
	status, body, err := postTokenForm(ctx, b.cfg, b.oauth.Endpoint.TokenURL, form)
	if err != nil {
		return nil, fmt.Errorf("exchange authorization code: %w", err)
	}
	tok, err := tokenAnswer(status, body, time.Now())
	if err != nil {
		return nil, fmt.Errorf("exchange authorization code: %w", err)
	}
	return tok, nil
}

// listenLoopback binds 127.0.0.1 on the first port of ports that is free.
func listenLoopback(ctx context.Context, ports []int) (net.Listener, int, error) {
	var lc net.ListenConfig
	errs := make([]error, 0, len(ports))
	for _, p := range ports {
		if p <= 0 || p > 65535 {
			errs = append(errs, fmt.Errorf("port %d: not a TCP port", p))
			continue
		}
		ln, err := lc.Listen(ctx, "tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
		if err == nil {
			return ln, p, nil
		}
		if ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		errs = append(errs, err)
	}
	return nil, 0, &PortsError{Ports: ports, Errs: errs}
}

// randomState returns 256 random bits, base64url-encoded.
func randomState() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// checkFlowConfig validates what the sign-in flows need from cfg.
func checkFlowConfig(cfg Config) error {
	if cfg.ClientID == "" {
		return errors.New("sign-in: no Zoom client ID configured")
	}
	u, err := url.Parse(cfg.OAuthURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("sign-in: OAuth URL %q is not an http(s) URL", cfg.OAuthURL)
	}
	return nil
}

// flowHTTPClient is cfg.HTTPClient or a client with a 30 s timeout that honours the proxy
// environment (http.DefaultTransport).
func flowHTTPClient(cfg Config) *http.Client {
	if cfg.HTTPClient != nil {
		return cfg.HTTPClient
	}
	return &http.Client{Timeout: 30 * time.Second}
}

// flowLogger is l or a logger that discards.
func flowLogger(l *slog.Logger) *slog.Logger {
	if l != nil {
		return l
	}
	return slog.New(slog.DiscardHandler)
}

// openError hides the authorize URL (it carries the state) from a launcher's message.
type openError struct {
	err        error
	url, state string
}

func (e *openError) Error() string {
	s := strings.ReplaceAll(e.err.Error(), e.url, "<sign-in URL>")
	return "open browser: " + strings.ReplaceAll(s, e.state, "<state>")
}

func (e *openError) Unwrap() error { return e.err }
