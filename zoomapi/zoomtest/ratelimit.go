package zoomtest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// rateCategory is Zoom's rate-limit label of an endpoint (docs/zoom-reference.md, "Rate limits").
type rateCategory int

// The rate-limit categories.
const (
	rateLight rateCategory = iota
	rateMedium
	rateHeavy
)

// String returns the category as Zoom's X-RateLimit-Category header spells it.
func (c rateCategory) String() string {
	return [...]string{"Light", "Medium", "Heavy"}[c]
}

// limits are one plan's rate limits; a zero daily limit means none.
type limits struct {
	perSecond [3]int
	daily     [3]int
}

// planLimits are Zoom's per-account limits (docs/zoom-reference.md, "Rate limits"): Free 4/2/1
// per second with 6,000 Light and 2,000 Medium requests a day; Pro 30/20/10; Business+
// 80/60/40.
var planLimits = map[Plan]limits{
	PlanFree:     {perSecond: [3]int{4, 2, 1}, daily: [3]int{6000, 2000, 0}},
	PlanPro:      {perSecond: [3]int{30, 20, 10}},
	PlanBusiness: {perSecond: [3]int{80, 60, 40}},
}

// rateState counts the account's requests in the current second and UTC day. The fake is
// one Zoom account: like Zoom's, its limits apply to the requests of every user, app and
// token of the account together (only the daily create limit is per user, in
// dataset.creates).
type rateState struct {
	second    int64
	perSecond [3]int
	day       string
	daily     [3]int
}

// nextMidnightUTC is when Zoom's daily limits reset.
func nextMidnightUTC(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, time.UTC)
}

// allow counts one request of cat and reports which limit it exceeds: "" when none,
// else "qps" or "daily". s.mu must be held.
func (s *Server) allow(cat rateCategory) string {
	now := s.now()
	st := &s.rates
	if sec := now.Unix(); sec != st.second {
		st.second, st.perSecond = sec, [3]int{}
	}
	if day := now.UTC().Format(time.DateOnly); day != st.day {
		st.day, st.daily = day, [3]int{}
	}
	lim := planLimits[s.opts.Plan]
	if lim.daily[cat] > 0 && st.daily[cat] >= lim.daily[cat] {
		return "daily"
	}
	if st.perSecond[cat] >= lim.perSecond[cat] {
		return "qps"
	}
	st.perSecond[cat]++
	st.daily[cat]++
	return ""
}

// authREST authenticates a REST request as Zoom does: a valid "Authorization: Bearer"
// access token (else 401 code 124), a grant holding at least one of scopes, classic or
// granular alternatives (else 400 code 4711), and the plan's per-second and daily rate
// limits for cat (else 429 with Zoom's body and X-RateLimit-* headers). On failure it has
// written the answer and returns ok=false. It takes and releases s.mu itself.
func (s *Server) authREST(w http.ResponseWriter, r *http.Request, cat rateCategory, scopes ...string) (u *User, ok bool) {
	token, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	defer s.mu.Unlock()
	a, known := s.access[strings.TrimSpace(token)]
	switch {
	case !found || !known || a.g.revoked:
		writeAPIError(w, http.StatusUnauthorized, 124, "Invalid access token.")
		return nil, false
	case !s.now().Before(a.exp):
		writeAPIError(w, http.StatusUnauthorized, 124, "Access token is expired.")
		return nil, false
	case len(scopes) > 0 && !slices.ContainsFunc(scopes, func(sc string) bool { return slices.Contains(a.g.scopes, sc) }):
		writeAPIError(w, http.StatusBadRequest, 4711,
			fmt.Sprintf("Invalid access token, does not contain scopes:[%s].", strings.Join(scopes, ", ")))
		return nil, false
	}
	switch s.allow(cat) {
	case "daily":
		w.Header().Set("X-RateLimit-Limit", strconv.Itoa(planLimits[s.opts.Plan].daily[cat]))
		writeDailyLimit(w, cat, nextMidnightUTC(s.now()), msgDailyLimit)
		return nil, false
	case "qps":
		writeQPSLimit(w, cat, planLimits[s.opts.Plan].perSecond[cat], s.now())
		return nil, false
	}
	s.writeQuota(w, cat)
	u = s.data.userByID(a.g.userID)
	if u == nil {
		writeAPIError(w, http.StatusNotFound, 1001, "User does not exist: "+a.g.userID+".")
		return nil, false
	}
	return u, true
}
