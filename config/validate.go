package config

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// All validation of single settings lives here. Each parser takes a string (flags, the
// environment, Set) or a TOML value (files) and returns the message part of an *Error.

// str returns v as a string, or an error naming the TOML type given instead.
func str(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", errf("must be a string, not %s", tomlType(v))
	}
	return s, nil
}

// tomlType names the TOML type of a decoded value.
func tomlType(v any) string {
	switch v.(type) {
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case []any, []map[string]any:
		return "an array"
	case map[string]any:
		return "a table"
	case time.Time:
		return "a date-time"
	}
	return fmt.Sprintf("%T", v)
}

// parseToken accepts a client ID or secret: any text without spaces or control characters.
func parseToken(v any, dst *string) error {
	s, err := str(v)
	if err != nil {
		return err
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }); i >= 0 {
		return errf("must not contain spaces or control characters")
	}
	*dst = s
	return nil
}

// Zoom clouds selectable by name (docs/zoom-reference.md "Hosts").
var presets = map[string][2]string{
	"zoom.us":     {"https://zoom.us", "https://api.zoom.us/v2"},
	"zoomgov.com": {"https://zoomgov.com", "https://api.zoomgov.com/v2"},
}

// parseZoomURL accepts a preset name or a URL that parseURL accepts.
func parseZoomURL(v any, dst *string) error {
	if s, ok := v.(string); ok {
		if p, ok := presets[strings.ToLower(s)]; ok {
			*dst = p[0]
			return nil
		}
	}
	if err := parseURL(v, dst); err != nil {
		return fmt.Errorf("%w, or one of the presets zoom.us, zoomgov.com", err)
	}
	return nil
}

// defaultAPIURL is the REST base of an OAuth base URL: the preset's, else base + "/v2"
// (the fake Zoom serves REST under /v2 of its OAuth host).
func defaultAPIURL(zoomURL string) string {
	for _, p := range presets {
		if p[0] == zoomURL {
			return p[1]
		}
	}
	return zoomURL + "/v2"
}

// parseURL accepts an https URL, or http on a loopback host (tests, the fake Zoom), with
// no query, fragment or user info; a trailing slash is dropped.
func parseURL(v any, dst *string) error {
	s, err := str(v)
	if err != nil {
		return err
	}
	const msg = "must be an https URL, or http on a loopback host"
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" {
		return errf("%s", msg)
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && loopback(u.Hostname())) {
		return errf("%s", msg)
	}
	*dst = strings.TrimRight(u.Scheme+"://"+u.Host+u.EscapedPath(), "/")
	return nil
}

// loopback reports whether host is localhost or a loopback IP address.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// parsePorts accepts "53682,53683" or a TOML array of integers: 1 to 10 distinct ports
// in 1024–65535 (unprivileged, so the app can listen without rights).
func parsePorts(v any, dst *[]int) error {
	var items []any
	switch x := v.(type) {
	case string:
		for _, p := range strings.Split(x, ",") {
			items = append(items, strings.TrimSpace(p))
		}
	case []any:
		items = x
	default:
		return errf("must be a list of port numbers, not %s", tomlType(v))
	}
	if len(items) == 0 || len(items) > 10 {
		return errf("must list 1 to 10 port numbers, not %d", len(items))
	}
	var ports []int
	for _, it := range items {
		p, err := port(it)
		if err != nil {
			return err
		}
		if slices.Contains(ports, p) {
			return errf("port %d is listed twice", p)
		}
		ports = append(ports, p)
	}
	*dst = ports
	return nil
}

// port parses one port number.
func port(v any) (int, error) {
	var n int64
	var err error
	switch x := v.(type) {
	case int64:
		n = x
	case string:
		n, err = strconv.ParseInt(x, 10, 32)
	default:
		err = errf("not a number")
	}
	if err != nil || n < 1024 || n > 65535 {
		return 0, errf("%q is not a port number (1024–65535)", fmt.Sprint(v))
	}
	return int(n), nil
}

// parseTokenStore accepts keyring, file or memory.
func parseTokenStore(v any, dst *string) error {
	s, err := str(v)
	if err != nil {
		return err
	}
	if !slices.Contains([]string{"keyring", "file", "memory"}, s) {
		return errf("unknown token store %q (want keyring, file or memory)", s)
	}
	*dst = s
	return nil
}

// parseReminder accepts off, notification or window.
func parseReminder(v any, dst *string) error {
	s, err := str(v)
	if err != nil {
		return err
	}
	if !slices.Contains([]string{ReminderOff, ReminderNotification, ReminderWindow}, s) {
		return errf("unknown reminder %q (want off, notification or window)", s)
	}
	*dst = s
	return nil
}

// parsePath accepts an absolute file path.
func parsePath(v any, dst *string) error {
	s, err := str(v)
	if err != nil {
		return err
	}
	if !filepath.IsAbs(s) {
		return errf("%q is not an absolute path", s)
	}
	*dst = filepath.Clean(s)
	return nil
}

// parseInt accepts an integer in [lo, hi], as a string or a TOML integer.
func parseInt(v any, lo, hi int64, dst *int) error {
	n, ok := v.(int64)
	if s, isStr := v.(string); isStr {
		var err error
		n, err = strconv.ParseInt(s, 10, 64)
		ok = err == nil
	}
	if !ok || n < lo || n > hi {
		return errf("%q is not a whole number from %d to %d", fmt.Sprint(v), lo, hi)
	}
	*dst = int(n)
	return nil
}

// parseBool accepts true/false (and Go's other spellings in strings: 1, 0, t, f).
func parseBool(v any, dst *bool) error {
	b, ok := v.(bool)
	if s, isStr := v.(string); isStr {
		var err error
		b, err = strconv.ParseBool(s)
		ok = err == nil
	}
	if !ok {
		return errf("%q is not true or false", fmt.Sprint(v))
	}
	*dst = b
	return nil
}

// parseDuration accepts a Go duration such as "30m" or "1h30m", from 0 (off) to 7 days.
func parseDuration(v any, dst *time.Duration) error {
	s, err := str(v)
	if err != nil {
		return err
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 || d > 7*24*time.Hour {
		return errf("%q is not a duration such as 30m or 1h30m (0 to 168h)", s)
	}
	*dst = d
	return nil
}

// parseClock accepts a 24-hour time "HH:MM", or "" for none.
func parseClock(v any, dst *string) error {
	s, err := str(v)
	if err != nil {
		return err
	}
	if s != "" {
		t, err := time.Parse("15:04", s)
		if err != nil {
			return errf("%q is not a time of day HH:MM (00:00–23:59)", s)
		}
		s = t.Format("15:04")
	}
	*dst = s
	return nil
}
