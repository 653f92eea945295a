package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// DefaultDeviceMargin is added to every polling interval when DeviceOptions.Margin is zero,
// so clock drift and network delay never make a poll arrive early (RFC 8628 §3.5
// answers early polls with slow_down, which costs 5 s for good).
const DefaultDeviceMargin = 250 * time.Millisecond

// deviceGrantType is the RFC 8628 §3.4 grant type; Zoom also accepts "device_auth".
const deviceGrantType = "urn:ietf:params:oauth:grant-type:device_code"

// DeviceOptions tunes StartDevice. The zero value is ready to use.
type DeviceOptions struct {
	// Logger receives progress lines without codes or tokens. Default: discard.
	Logger *slog.Logger
	// Margin is added to the polling interval against clock drift. Default 250 ms; a
	// negative value means no margin.
	Margin time.Duration

	// now and after are the clock (test seams). Default time.Now and time.After.
	now   func() time.Time
	after func(time.Duration) <-chan time.Time
}

// withDefaults fills in the documented defaults.
func (o DeviceOptions) withDefaults() DeviceOptions {
	o.Logger = flowLogger(o.Logger)
	switch {
	case o.Margin == 0:
		o.Margin = DefaultDeviceMargin
	case o.Margin < 0:
		o.Margin = 0
	}
	if o.now == nil {
		o.now = time.Now
	}
	if o.after == nil {
		o.after = time.After
	}
	return o
}

// DeviceLogin is one phone/QR sign-in in progress: the device authorization grant
// (RFC 8628). Show UserCode and VerificationURI, or encode VerificationURIComplete as a
// QR code (a phone signed in to Zoom approves from it in one step), then call Wait.
type DeviceLogin struct {
	UserCode                string
	VerificationURI         string
	VerificationURIComplete string
	// Expiry is when the codes stop working (Zoom: 15 minutes).
	Expiry time.Time
	// Interval is the minimum time between polls the server asked for (Zoom: 5 s).
	Interval time.Duration

	cfg        Config
	given      DeviceOptions // as passed to StartDevice, for Renew
	opts       DeviceOptions // defaults applied
	deviceCode string        // never logged or shown
}

// StartDevice requests a device code (RFC 8628 §3.1) with Zoom's client authentication,
// HTTP Basic. A public (PKCE-only) client gets ErrDeviceGrantUnavailable with
// ErrPublicClient at once: Zoom documents the device grant only with the client secret. x/oauth2's
// DeviceAuth sends no Basic header, so this request is built here. When the Zoom app lacks
// the device grant ("Use App on Device"), the error matches ErrDeviceGrantUnavailable; a
// wrong client ID or secret is a *TokenError matching ErrInvalidClient instead, so the UI
// does not hide the QR option for a typo. A 2xx answer that is not a device authorization
// response (an HTML page, malformed JSON, Zoom's `{"code":200,...}` denial) is a
// *TokenError matching ErrInvalidResponse.
func StartDevice(ctx context.Context, cfg Config, opts DeviceOptions) (*DeviceLogin, error) {
	if err := checkFlowConfig(cfg); err != nil {
		return nil, err
	}
	if cfg.Public() {
		return nil, fmt.Errorf("device sign-in: %w: %w", ErrDeviceGrantUnavailable, ErrPublicClient)
	}
	given := opts
	opts = opts.withDefaults()
	endpoint := cfg.OAuth2("").Endpoint.DeviceAuthURL
	status, body, err := postTokenForm(ctx, cfg, endpoint, url.Values{})
	if err != nil {
		return nil, fmt.Errorf("device sign-in: request a device code: %w", err)
	}
	if status < 200 || status > 299 || tokenErrorFromBody(body).Code != "" {
		return nil, fmt.Errorf("device sign-in: request a device code: %w", deviceCodeError(status, body))
	}
	dr, err := decodeDeviceResponse(body, opts.now())
	if err != nil {
		return nil, fmt.Errorf("device sign-in: request a device code: %w", invalidAnswer(status, body, err.Error()))
	}
	opts.Logger.Info("device sign-in: waiting for approval", "expires_in", dr.Expiry.Sub(opts.now()).Round(time.Second), "interval", dr.Interval)
	return &DeviceLogin{
		UserCode:                dr.UserCode,
		VerificationURI:         dr.VerificationURI,
		VerificationURIComplete: dr.VerificationURIComplete,
		Expiry:                  dr.Expiry,
		Interval:                dr.Interval,
		cfg:                     cfg,
		given:                   given,
		opts:                    opts,
		deviceCode:              dr.DeviceCode,
	}, nil
}

// deviceCodeError classifies an error answer of the devicecode endpoint. Zoom's answer for
// an app without the device grant is not documented; the fake answers 400
// unauthorized_client, RFC 6749 §5.2's code for "not authorized to use this grant type".
// unsupported_grant_type and a 404 (no such endpoint, e.g. a host without the grant) mean
// the same to the user. invalid_client stays a credentials error.
func deviceCodeError(status int, body []byte) error {
	te := tokenErrorFromBody(body)
	te.Status = status
	switch {
	case te.Code == "unauthorized_client", te.Code == "unsupported_grant_type",
		te.Code == "" && status == 404:
		return fmt.Errorf("%w: %w", ErrDeviceGrantUnavailable, te)
	}
	return te
}

// Renew requests a fresh device code with the same configuration, for when the old one
// expired while the user still waits. The old DeviceLogin is no longer useful.
func (d *DeviceLogin) Renew(ctx context.Context) (*DeviceLogin, error) {
	return StartDevice(ctx, d.cfg, d.given)
}

// Wait polls the token endpoint (RFC 8628 §3.4–3.5) until the user approves or declines
// or the code expires. It waits Interval plus the margin before every poll; slow_down adds
// 5 s to the interval for good; authorization_pending and transient failures (network
// errors, 5xx, 429) poll again at the interval, so one blip does not abort the sign-in.
// It returns the token, an error matching ErrAccessDenied or ErrDeviceCodeExpired (also
// when Expiry passes locally), another *TokenError, or ctx.Err(). A 2xx answer without a
// token (an HTML page, malformed JSON, Zoom's `{"code":200,...}` denial) ends the wait with
// a *TokenError matching ErrInvalidResponse: it is not retried, because the device code
// may have been spent on it.
//
// x/oauth2's DeviceAccessToken is not used: it has no margin, no clock seam, sends no Basic
// client authentication, and gives up on the first transport error.
func (d *DeviceLogin) Wait(ctx context.Context) (*oauth2.Token, error) {
	log, interval := d.opts.Logger, d.Interval
	for polls := 1; ; polls++ {
		wait := interval + d.opts.Margin
		if left := d.Expiry.Sub(d.opts.now()); left < wait {
			if err := d.sleep(ctx, max(left, 0)); err != nil {
				return nil, err
			}
			log.Warn("device sign-in: code expired locally", "polls", polls-1)
			return nil, fmt.Errorf("device sign-in: %w", ErrDeviceCodeExpired)
		}
		if err := d.sleep(ctx, wait); err != nil {
			return nil, err
		}
		tok, err := d.poll(ctx)
		var te *TokenError
		switch {
		case err == nil:
			log.Info("device sign-in: approved", "polls", polls)
			return tok, nil
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case errors.As(err, &te) && te.Code == "authorization_pending":
		case errors.As(err, &te) && te.Code == "slow_down":
			interval += 5 * time.Second
			log.Warn("device sign-in: server asked to slow down", "interval", interval)
		case pollTransient(err):
			log.Warn("device sign-in: poll failed, retrying", "err", err)
		default:
			log.Warn("device sign-in: failed", "err", err, "polls", polls)
			return nil, fmt.Errorf("device sign-in: %w", err)
		}
	}
}

// sleep waits d on the clock seam or returns ctx.Err().
func (d *DeviceLogin) sleep(ctx context.Context, dur time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-d.opts.after(dur):
		return nil
	}
}

// poll makes one device access token request (RFC 8628 §3.4).
func (d *DeviceLogin) poll(ctx context.Context) (*oauth2.Token, error) {
	form := url.Values{"grant_type": {deviceGrantType}, "device_code": {d.deviceCode}}
	status, body, err := postTokenForm(ctx, d.cfg, d.cfg.OAuth2("").Endpoint.TokenURL, form)
	if err != nil {
		return nil, &pollNetError{err: err}
	}
	return tokenAnswer(status, body, d.opts.now())
}

// pollNetError marks a failure worth retrying at the next interval.
type pollNetError struct{ err error }

func (e *pollNetError) Error() string { return "poll: " + e.err.Error() }
func (e *pollNetError) Unwrap() error { return e.err }

// pollTransient reports network errors, 5xx and 429 answers.
func pollTransient(err error) bool {
	var tr *pollNetError
	var te *TokenError
	return errors.As(err, &tr) || (errors.As(err, &te) && te.transient())
}

// postTokenForm POSTs form to an OAuth endpoint with Zoom's client authentication, as
// x/oauth2's AuthStyleInHeader and AuthStyleInParams do (RFC 6749 §2.3.1): a confidential
// client sends HTTP Basic with the URL-encoded ID and secret; a public client sends only
// client_id, which both kinds also put in the body as Zoom's devicecode endpoint expects.
// The body read is capped at 1 MiB.
func postTokenForm(ctx context.Context, cfg Config, endpoint string, form url.Values) (int, []byte, error) {
	form.Set("client_id", cfg.ClientID)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if !cfg.Public() {
		req.SetBasicAuth(url.QueryEscape(cfg.ClientID), url.QueryEscape(cfg.ClientSecret))
	}
	resp, err := flowHTTPClient(cfg).Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return 0, nil, fmt.Errorf("read answer: %w", err)
	}
	return resp.StatusCode, body, nil
}

// deviceResponse is a decoded RFC 8628 §3.2 device authorization response.
type deviceResponse struct {
	DeviceCode              string
	UserCode                string
	VerificationURI         string
	VerificationURIComplete string
	Expiry                  time.Time
	Interval                time.Duration
}

// Bounds applied to a device authorization response.
const (
	maxDeviceInterval = 5 * time.Minute
	maxDeviceLifetime = 24 * time.Hour
)

// decodeDeviceResponse decodes and checks a device authorization response received at
// now. device_code, user_code and an http(s) verification_uri are required; a missing
// interval is 5 s (RFC 8628 §3.2) and a missing expires_in is Zoom's 900 s. Absurd values
// are clamped so a hostile server cannot make the client poll in a tight loop or wait
// forever. An error names what the answer lacks ("device_code or user_code"), never the
// body; StartDevice turns it into a *TokenError matching ErrInvalidResponse.
func decodeDeviceResponse(body []byte, now time.Time) (*deviceResponse, error) {
	var v struct {
		DeviceCode              string      `json:"device_code"`
		UserCode                string      `json:"user_code"`
		VerificationURI         string      `json:"verification_uri"`
		VerificationURL         string      `json:"verification_url"` // a common misspelling
		VerificationURIComplete string      `json:"verification_uri_complete"`
		ExpiresIn               json.Number `json:"expires_in"`
		Interval                json.Number `json:"interval"`
	}
	if err := json.Unmarshal(body, &v); err != nil {
		return nil, errors.New("device_code, user_code and verification_uri")
	}
	if v.VerificationURI == "" {
		v.VerificationURI = v.VerificationURL
	}
	switch {
	case v.DeviceCode == "", v.UserCode == "":
		return nil, errors.New("device_code or user_code")
	case !httpURL(v.VerificationURI):
		return nil, errors.New("an http(s) verification_uri")
	}
	if v.VerificationURIComplete != "" && !httpURL(v.VerificationURIComplete) {
		v.VerificationURIComplete = ""
	}
	return &deviceResponse{
		DeviceCode:              v.DeviceCode,
		UserCode:                v.UserCode,
		VerificationURI:         v.VerificationURI,
		VerificationURIComplete: v.VerificationURIComplete,
		Expiry:                  now.Add(deviceSeconds(v.ExpiresIn, 900*time.Second, time.Second, maxDeviceLifetime)),
		Interval:                deviceSeconds(v.Interval, 5*time.Second, time.Second, maxDeviceInterval),
	}, nil
}

// deviceSeconds reads a JSON number of seconds, def when absent or not a number, clamped to
// [lo, hi].
func deviceSeconds(n json.Number, def, lo, hi time.Duration) time.Duration {
	f, err := n.Float64()
	if err != nil || math.IsNaN(f) || f <= 0 {
		return def
	}
	if f > hi.Seconds() {
		return hi
	}
	return max(time.Duration(f*float64(time.Second)), lo)
}

// httpURL reports whether s is an absolute http(s) URL with a host.
func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// decodeTokenResponse decodes a successful token response (RFC 6749 §5.1), keeping the
// raw fields (Zoom's api_url and scope) reachable through Token.Extra.
func decodeTokenResponse(body []byte, now time.Time) (*oauth2.Token, error) {
	var raw map[string]any
	var v struct {
		AccessToken  string      `json:"access_token"`
		TokenType    string      `json:"token_type"`
		RefreshToken string      `json:"refresh_token"`
		ExpiresIn    json.Number `json:"expires_in"`
	}
	if json.Unmarshal(body, &v) != nil || json.Unmarshal(body, &raw) != nil {
		return nil, errors.New("token answer is not valid JSON")
	}
	if v.AccessToken == "" {
		return nil, errors.New("token answer lacks access_token")
	}
	tok := &oauth2.Token{AccessToken: v.AccessToken, TokenType: v.TokenType, RefreshToken: v.RefreshToken}
	if secs, err := v.ExpiresIn.Int64(); err == nil && secs > 0 {
		tok.ExpiresIn = secs
		tok.Expiry = now.Add(time.Duration(secs) * time.Second)
	}
	return tok.WithExtra(raw), nil
}
