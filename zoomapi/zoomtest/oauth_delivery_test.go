package zoomtest

import (
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// TestRotationReply: the fake tells a refresh answer that reached the client from one it
// dropped after rotating the token.
func TestRotationReply(t *testing.T) {
	s := NewServer(Options{})
	t.Cleanup(s.Close)
	refresh := func(rt string) {
		form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/oauth/token?"+form.Encode(), nil)
		req.SetBasicAuth("demo-client", "demo-secret")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			// Read to the end, as a client that got the answer does: closing an unread
			// body hangs up, and the fake would rightly count that as not delivered.
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	_, rt1, err := s.IssueToken("demo-client", "alex@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.RotationReplyOf(rt1); ok {
		t.Error("a token never rotated has a reply")
	}
	refresh(rt1)
	// The client may read the whole answer before the handler has noted it delivered.
	var r RotationReply
	var ok bool
	testenv.Eventually(t, 20*time.Second, "the answered refresh noted as delivered", func() bool {
		r, ok = s.RotationReplyOf(rt1)
		return ok && r.Delivered && !r.At.IsZero()
	})
	_, rt2, _ := s.IssueToken("demo-client", "sam@example.com")
	s.SetFaults(Fault{Kind: FaultDropAfterCommit, Path: "/oauth/token", Count: 1})
	refresh(rt2)
	if s.GrantActive(rt2) {
		t.Fatal("the dropped refresh did not rotate the token")
	}
	if r, ok = s.RotationReplyOf(rt2); !ok || r.Delivered {
		t.Errorf("dropped refresh: reply %+v, %v; want not delivered", r, ok)
	}
}
