package localapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/zoomtray/zoomtray/internal/transcripts"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// requestTimeout bounds a single request (not the Login, Watch and Download streams): the
// agent may retry Zoom calls, so it is generous.
const requestTimeout = 2 * time.Minute

// baseURL is the URL prefix of every request; the host is ignored by the socket.
const baseURL = "http://zoomtray.local"

// Client is the agent's API over its socket. It implements Agent: errors come back
// as *service.ErrorInfo (errors.As works), streams end when ctx is done.
type Client struct {
	path string
	// unary has a timeout; stream has none, since Login, Watch and Download last long.
	unary, stream *http.Client
}

var _ Agent = (*Client)(nil)

// Dial connects to the agent listening on socketPath. It returns an error matching
// ErrNoAgent when nobody listens there (no socket, or a stale one).
func Dial(ctx context.Context, socketPath string) (*Client, error) {
	d := net.Dialer{Timeout: dialTimeout}
	conn, err := d.DialContext(ctx, "unix", socketPath)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &noAgentError{path: socketPath, err: err}
	}
	conn.Close()
	tr := &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return d.DialContext(ctx, "unix", socketPath)
		},
		ResponseHeaderTimeout: requestTimeout,
		MaxIdleConns:          4,
		IdleConnTimeout:       30 * time.Second,
	}
	return &Client{
		path:   socketPath,
		unary:  &http.Client{Transport: tr, Timeout: requestTimeout},
		stream: &http.Client{Transport: tr},
	}, nil
}

// noAgentError is Dial's failure: it matches ErrNoAgent and service.ErrNoAgent, and
// errors.As finds the *service.ErrorInfo (KindNoAgent) that ui/text words.
type noAgentError struct {
	path string
	err  error
}

func (e *noAgentError) Error() string {
	return fmt.Sprintf("no zoomtray agent listens on %s: %v", e.path, e.err)
}

func (e *noAgentError) Unwrap() []error { return []error{ErrNoAgent, service.ErrNoAgent, e.err} }

// Close releases idle connections.
func (c *Client) Close() error {
	c.unary.CloseIdleConnections()
	return nil
}

// do sends a request and decodes a JSON answer into out (when not nil).
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	resp, err := c.send(ctx, c.unary, method, path, in, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if out == nil {
		return nil
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("localapi: decode %s: %w", path, err)
	}
	return nil
}

// send sends a request; a non-2xx answer is returned as its *service.ErrorInfo.
func (c *Client) send(ctx context.Context, hc *http.Client, method, path string, in any, hdr http.Header) (*http.Response, error) {
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return nil, fmt.Errorf("localapi: encode: %w", err)
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, baseURL+path, body)
	if err != nil {
		return nil, fmt.Errorf("localapi: %w", err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	if in != nil {
		req.Header.Set("Content-Type", typeJSON)
	}
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("localapi: %s %s: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		defer resp.Body.Close()
		return nil, readError(resp)
	}
	return resp, nil
}

// Status returns the agent's status.
func (c *Client) Status(ctx context.Context) (service.Status, error) {
	var st service.Status
	err := c.do(ctx, http.MethodGet, "/v1/status", nil, &st)
	return st, err
}

// Meetings returns the upcoming meetings, fetched afresh when refresh is set.
func (c *Client) Meetings(ctx context.Context, refresh bool) (service.MeetingList, error) {
	var ml service.MeetingList
	p := "/v1/meetings"
	if refresh {
		p += "?refresh=1"
	}
	err := c.do(ctx, http.MethodGet, p, nil, &ml)
	return ml, err
}

// Recordings returns the cloud recordings in [from, to].
func (c *Client) Recordings(ctx context.Context, from, to time.Time) ([]zoomapi.Recording, error) {
	q := url.Values{"from": {from.Format(time.RFC3339Nano)}, "to": {to.Format(time.RFC3339Nano)}}
	var ans recordingsAnswer
	if err := c.do(ctx, http.MethodGet, "/v1/recordings?"+q.Encode(), nil, &ans); err != nil {
		return nil, err
	}
	if len(ans.Failed) == 0 {
		return ans.Recordings, nil
	}
	pe := &zoomapi.PartialError{}
	for _, f := range ans.Failed {
		pe.Failed = append(pe.Failed, zoomapi.FailedRange{From: f.From, To: f.To, Err: f.Error})
	}
	return ans.Recordings, pe
}

// Search asks the agent to search the transcript index.
func (c *Client) Search(ctx context.Context, q transcripts.Query) (service.SearchResult, error) {
	var res service.SearchResult
	err := c.do(ctx, http.MethodPost, "/v1/search", q, &res)
	return res, err
}

// RecordingPasscode returns the play passcode of the recording of the meeting with uuid.
func (c *Client) RecordingPasscode(ctx context.Context, uuid string) (string, error) {
	var a passcodeAnswer
	err := c.do(ctx, http.MethodGet, "/v1/recordings/passcode?"+url.Values{"uuid": {uuid}}.Encode(), nil, &a)
	return a.Passcode, err
}

// NewMeeting creates an instant meeting.
func (c *Client) NewMeeting(ctx context.Context, topic string) (*zoomapi.Meeting, error) {
	var m zoomapi.Meeting
	if err := c.do(ctx, http.MethodPost, "/v1/meetings", newMeetingRequest{Topic: topic}, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// StartURL returns a start link with a fresh ZAK. It is never logged.
func (c *Client) StartURL(ctx context.Context, meetingID int64) (string, error) {
	var a urlAnswer
	err := c.do(ctx, http.MethodGet, meetingPath(meetingID, "start-url"), nil, &a)
	return a.URL, err
}

// Start asks the agent to open the start link.
func (c *Client) Start(ctx context.Context, meetingID int64) (service.StartResult, error) {
	var res service.StartResult
	err := c.do(ctx, http.MethodPost, meetingPath(meetingID, "start"), nil, &res)
	return res, err
}

// JoinURL returns the meeting's join link.
func (c *Client) JoinURL(ctx context.Context, meetingID int64) (string, error) {
	var a urlAnswer
	err := c.do(ctx, http.MethodGet, meetingPath(meetingID, "join-url"), nil, &a)
	return a.URL, err
}

// Logout signs out in the agent.
func (c *Client) Logout(ctx context.Context) (service.LogoutResult, error) {
	var res service.LogoutResult
	err := c.do(ctx, http.MethodPost, "/v1/logout", nil, &res)
	return res, err
}

// OpenWindow asks the agent to show its window (the single-instance hand-over).
func (c *Client) OpenWindow(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, "/v1/window", nil, nil)
}

// Activity reports user input in the kiosk window to the agent, which postpones the idle
// sign-out.
func (c *Client) Activity(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, "/v1/activity", nil, nil)
}

// Restart asks the agent to stop and start again, so it reads its settings anew (after the
// window's settings screen saved them). The agent removes its socket before the new one
// starts, so the new agent's single-instance check does not see the old one.
func (c *Client) Restart(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, "/v1/restart", nil, nil)
}

// Quit asks the agent to stop.
func (c *Client) Quit(ctx context.Context) error {
	return c.do(ctx, http.MethodPost, "/v1/quit", nil, nil)
}

func meetingPath(id int64, what string) string {
	return "/v1/meetings/" + strconv.FormatInt(id, 10) + "/" + what
}
