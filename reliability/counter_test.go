package reliability

import (
	"net/http"
	"strings"
	"sync"
)

// counter is an http.RoundTripper that counts the requests the app sends whose method
// and path match, before net/http's own transparent retry of an idempotent request on a
// reused connection (which the fake's stats may also see). It is how the matrix counts
// requests the fake never answers (the timeout fault's abandoned requests).
type counter struct {
	base         http.RoundTripper
	method, path string
	mu           sync.Mutex // guards n
	n            int
}

// RoundTrip counts r when it matches and passes it on.
func (c *counter) RoundTrip(r *http.Request) (*http.Response, error) {
	if (c.method == "" || r.Method == c.method) && strings.HasPrefix(r.URL.Path, c.path) {
		c.mu.Lock()
		c.n++
		c.mu.Unlock()
	}
	return c.base.RoundTrip(r)
}

// count returns the requests counted so far.
func (c *counter) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
