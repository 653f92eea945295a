package zoomapi

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
)

// tokenBody is the answer of GET /users/me/zak and GET /users/me/token?type=zak.
type tokenBody struct {
	Token string `json:"token"`
}

// errNoZAK is returned when Zoom answers a ZAK request without a token.
var errNoZAK = errors.New("zoomapi: empty ZAK in response")

// ZAK returns a fresh Zoom Access Key, which lets the Zoom client start a meeting as its
// host. It asks GET /users/me/zak (valid 5 minutes, scope user_zak:read) and, when the
// token lacks that scope (error 4711), GET /users/me/token?type=zak (valid 2 hours, scope
// user:read). Fetch it just before use and never store or log it.
func (c *Client) ZAK(ctx context.Context) (string, error) {
	var tb tokenBody
	err := c.do(ctx, call{method: http.MethodGet, path: "/users/me/zak", want: "token"}, &tb)
	if MissingScopes(err) != nil {
		q := url.Values{"type": {"zak"}}
		err = c.do(ctx, call{method: http.MethodGet, path: "/users/me/token", query: q, want: "token"}, &tb)
	}
	if err != nil {
		return "", err
	}
	if tb.Token == "" {
		return "", errNoZAK
	}
	return tb.Token, nil
}

// StartURL returns the link that starts meetingID as its host in the browser, which hands
// over to the installed Zoom client: "<web host>/s/<id>?zak=<fresh ZAK>". The web host is
// the REST base's scheme and host without a leading "api." (https://zoom.us). The link
// holds a ZAK: open it, never log it.
func (c *Client) StartURL(ctx context.Context, meetingID int64) (string, error) {
	if c.baseErr != nil {
		return "", c.baseErr
	}
	zak, err := c.ZAK(ctx)
	if err != nil {
		return "", err
	}
	return c.web + "/s/" + strconv.FormatInt(meetingID, 10) + "?zak=" + url.QueryEscape(zak), nil
}

// StartURLScheme returns the Zoom client link that starts meetingID as its host:
// "zoommtg://<host>/start?confno=<id>&zak=<zak>&pwd=<password>" (pwd omitted when empty).
// host is the web host name, e.g. "zoom.us". Since late 2025 this link has been reported to
// ask some users to sign in, so the https StartURL is the default and this a preference.
func StartURLScheme(host string, meetingID int64, zak, password string) string {
	s := "zoommtg://" + host + "/start?confno=" + strconv.FormatInt(meetingID, 10) + "&zak=" + url.QueryEscape(zak)
	if password != "" {
		s += "&pwd=" + url.QueryEscape(password)
	}
	return s
}

// JoinURLScheme returns the Zoom client link that joins meetingID:
// "zoommtg://<host>/join?confno=<id>&pwd=<password>" (pwd omitted when empty).
func JoinURLScheme(host string, meetingID int64, password string) string {
	s := "zoommtg://" + host + "/join?confno=" + strconv.FormatInt(meetingID, 10)
	if password != "" {
		s += "&pwd=" + url.QueryEscape(password)
	}
	return s
}
