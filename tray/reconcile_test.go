package tray

import "testing"

// TestMatch checks which menu changes are applied in place (items keep their IDs) and
// which need a rebuild.
func TestMatch(t *testing.T) {
	open := Item{Label: "Open zoomtray", Action: ActOpenWindow}
	quit := Item{Label: "Quit", Action: ActQuit}
	sep := Item{Separator: true}
	m1 := Item{Label: "15:00  A", MeetingID: 1, Children: []Item{{Label: "Join", Action: ActJoin, MeetingID: 1}}}
	m2 := Item{Label: "16:00  B", MeetingID: 2, Children: []Item{{Label: "Join", Action: ActJoin, MeetingID: 2}}}
	m1Live := m1
	m1Live.Label = "Live  A"
	signIn := Item{Label: "Sign in…", Action: ActSignIn}
	signingIn := Item{Label: "Signing in…", Action: ActSignIn}
	signOut := Item{Label: "Sign out", Action: ActSignOut}
	tests := []struct {
		name      string
		live, to  []Item
		wantMatch bool
	}{
		{"same", []Item{m1, sep, open, quit}, []Item{m1, sep, open, quit}, true},
		{"label changes", []Item{m1, sep, open, signIn, quit}, []Item{m1Live, sep, open, signingIn, quit}, true},
		{"an item goes", []Item{m1, m2, sep, open, quit}, []Item{m2, sep, open, quit}, true},
		{"a hidden item comes back", []Item{m1, m2, sep, open, quit}, []Item{m1, m2, sep, open, quit}, true},
		{"an item comes before a live one", []Item{m2, sep, open}, []Item{m1, m2, sep, open}, false},
		{"another action in its place", []Item{open, signIn, sep, quit}, []Item{open, signOut, sep, quit}, false},
		{"a separator goes", []Item{m1, sep, open, quit}, []Item{open, quit}, false},
		{"a trailing separator goes", []Item{open, sep}, []Item{open}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var live []*node
			for _, it := range tt.live {
				live = append(live, &node{key: key(it), sep: it.Separator, item: it})
			}
			plan, ok := match(live, tt.to)
			if ok != tt.wantMatch {
				t.Fatalf("match = %v, want %v", ok, tt.wantMatch)
			}
			for _, n := range live {
				if it, used := plan[n]; used && key(it) != n.key {
					t.Errorf("item %q placed on a node of key %q", it.Label, n.key)
				}
			}
		})
	}
}
