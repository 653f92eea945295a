package zoomapi

import (
	"context"
	"net/http"
	"net/url"
)

// listPage is one page of a Zoom list whose items are under "meetings" (the meetings and
// the recordings lists alike); next_page_token is empty on the last page.
type listPage[T any] struct {
	NextPageToken string `json:"next_page_token"`
	Meetings      []T    `json:"meetings"`
}

// allPages reads every page of GET path with query q, passing each next_page_token back
// as Zoom's pagination asks, and fails with errTooManyPages after maxPages pages.
func allPages[T any](ctx context.Context, c *Client, path string, q url.Values) ([]T, error) {
	var all []T
	for range maxPages {
		var p listPage[T]
		if err := c.do(ctx, call{method: http.MethodGet, path: path, query: q, want: "meetings"}, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Meetings...)
		if p.NextPageToken == "" {
			return all, nil
		}
		q.Set("next_page_token", p.NextPageToken)
	}
	return nil, errTooManyPages
}
