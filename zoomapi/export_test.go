package zoomapi

import (
	"context"
	"time"
)

// SetClock replaces the client's clock and retry sleep, so that tests in package
// zoomapi_test record backoff waits instead of spending them.
func SetClock(c *Client, now func() time.Time, sleep func(ctx context.Context, d time.Duration) error) {
	c.now, c.sleep = now, sleep
}
