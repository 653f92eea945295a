package ui

import (
	"testing"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// TestAccountChangeClearsViews: after one account signs out and another signs in, neither
// the meetings nor the recordings of the first stay on screen, in either direction.
func TestAccountChangeClearsViews(t *testing.T) {
	sam := &service.Account{ID: "u2", Email: "sam@example.com", Name: "Sam Roe"}
	api := newFakeAPI()
	api.meetings = cannedMeetings()
	cannedRecordings(api)
	m, e := newTestMain(t, api, Options{Namespace: testNamespace})
	for _, step := range []struct {
		name string
		from *service.Account
		to   *service.Account
	}{{"alex to sam", alex, sam}, {"sam to alex", sam, alex}} {
		e.do(func() {
			m.Apply(service.Status{State: "signed_out"})
			m.Apply(service.Status{State: "signed_in", Account: step.from})
		})
		waitForJobs(t, e)
		e.do(func() {
			m.Tabs.Select(m.recTab)
			m.Recordings.Reset() // the first account's months, from the start
			m.Recordings.LoadMore()
		})
		waitForJobs(t, e)
		if len(m.Recordings.Items) == 0 || len(m.Home.Rows) == 0 {
			t.Fatalf("%s: nothing loaded for the first account", step.name)
		}
		api.mu.Lock()
		recs, meetings := api.recordings, api.meetings
		api.recordings = map[string][]zoomapi.Recording{} // the next account has none
		api.meetings = service.MeetingList{}
		api.mu.Unlock()
		e.do(func() {
			m.Apply(service.Status{State: "signed_out"})
			m.Apply(service.Status{State: "signed_in", Account: step.to})
		})
		waitForJobs(t, e)
		if n := len(m.Recordings.Items); n != 0 {
			t.Errorf("%s: %d recordings of the previous account still shown", step.name, n)
		}
		if n := len(m.Home.Rows); n != 0 {
			t.Errorf("%s: %d meetings of the previous account still shown", step.name, n)
		}
		api.mu.Lock()
		api.recordings, api.meetings = recs, meetings
		api.mu.Unlock()
		e.do(func() { m.Tabs.Select(m.Tabs.Items[0]) })
	}
}
