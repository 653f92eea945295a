package tray

import (
	"context"
	"strconv"

	"fyne.io/systray"
)

// maxHidden bounds the hidden items kept for reuse; past it the menu is rebuilt.
const maxHidden = 16

// node is one live menu item and the Item it stands for now. The loop goroutine owns it;
// its forwarder only hands the node to the loop, which reads item when it dispatches.
type node struct {
	key      string
	sep      bool
	mi       *systray.MenuItem // nil for a separator
	item     Item
	hidden   bool
	children []*node
	ctx      context.Context // the menu generation: its forwarders stop with it
}

// key is an item's identity: what a click on it does. An item keeps its dbusmenu ID
// across changes only while its key stays the same, so a click sent just before a change
// still does what the clicked item said, never what another item now says.
func key(it Item) string {
	switch {
	case it.Separator:
		return "---"
	case it.Action == ActNone && it.MeetingID != 0:
		return "meeting " + strconv.FormatInt(it.MeetingID, 10)
	case it.Action == ActNone:
		return "label " + it.Label
	}
	return strconv.Itoa(int(it.Action)) + " " + strconv.FormatInt(it.MeetingID, 10)
}

// reconcile updates the live menu to items in place and reports whether it could:
// fyne.io/systray appends new items at the end of their menu and cannot hide or remove a
// separator, so an item that must appear before a live one, or a separator that must
// go, needs a rebuild. Items that are no longer wanted are hidden and kept for reuse.
func (r *runner) reconcile(items []Item) bool {
	if r.menu == nil || r.gen == nil {
		return false
	}
	plan, ok := match(r.menu, items)
	if !ok {
		return false
	}
	hidden := 0
	for _, n := range r.menu {
		if it, wanted := plan[n]; wanted {
			r.update(n, it)
			continue
		}
		hidden++
		r.setHidden(n, true)
	}
	return hidden <= maxHidden
}

// match pairs each wanted item with a live node of the same key, in order, skipping
// live non-separator nodes (to be hidden). It fails when an item has no such node after
// the previous match, or when a separator would have to be skipped.
func match(live []*node, items []Item) (map[*node]Item, bool) {
	plan := make(map[*node]Item, len(items))
	p := 0
	for _, it := range items {
		k := key(it)
		q := p
		for q < len(live) && live[q].key != k {
			if live[q].sep {
				return nil, false
			}
			q++
		}
		if q == len(live) {
			return nil, false
		}
		plan[live[q]] = it
		p = q + 1
	}
	for _, n := range live[p:] {
		if n.sep {
			return nil, false
		}
	}
	return plan, true
}

// update makes n show it: label, enabled state, visibility and submenu.
func (r *runner) update(n *node, it Item) {
	if n.sep {
		return
	}
	if it.Label != n.item.Label {
		n.mi.SetTitle(it.Label)
	}
	if d := disabled(it); d != disabled(n.item) || n.hidden {
		if d {
			n.mi.Disable()
		} else {
			n.mi.Enable()
		}
	}
	r.setHidden(n, false)
	n.item = it
	r.updateChildren(n, it.Children)
}

// updateChildren reconciles a submenu; when it cannot be done in place, the children are
// replaced (new items are appended to the submenu, so order is kept).
func (r *runner) updateChildren(n *node, items []Item) {
	if plan, ok := match(n.children, items); ok && len(plan) == len(n.children) {
		for _, c := range n.children {
			r.update(c, plan[c])
		}
		return
	}
	for _, c := range n.children {
		c.mi.Remove() // closes its click channel, which ends its forwarder
	}
	n.children = nil
	for _, c := range items {
		n.children = append(n.children, r.create(n.ctx, n.mi, c))
	}
}

// setHidden hides or shows n.
func (r *runner) setHidden(n *node, hide bool) {
	if n.sep || n.hidden == hide {
		return
	}
	if hide {
		n.mi.Hide()
	} else {
		n.mi.Show()
	}
	n.hidden = hide
}

// create adds it under parent (nil: the top level), with its submenu, and forwards its
// clicks until the item is removed or ctx (the menu generation) ends.
func (r *runner) create(ctx context.Context, parent *systray.MenuItem, it Item) *node {
	n := &node{key: key(it), item: it, ctx: ctx}
	if it.Separator {
		n.sep = true
		if parent == nil {
			systray.AddSeparator()
		} else {
			parent.AddSeparator()
		}
		return n
	}
	if parent == nil {
		n.mi = systray.AddMenuItem(it.Label, "")
	} else {
		n.mi = parent.AddSubMenuItem(it.Label, "")
	}
	if disabled(it) {
		n.mi.Disable()
	}
	for _, c := range it.Children {
		n.children = append(n.children, r.create(ctx, n.mi, c))
	}
	if it.Action != ActNone {
		r.forward(ctx, n)
	}
	return n
}

// disabled reports whether it is greyed out: disabled, or a label (heading) that is not a
// submenu.
func disabled(it Item) bool {
	return it.Disabled || it.Action == ActNone && len(it.Children) == 0
}

// forward hands n's clicks to the loop until n's item is removed or ctx ends.
func (r *runner) forward(ctx context.Context, n *node) {
	ch := n.mi.ClickedCh
	r.fwd.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case _, ok := <-ch:
				if !ok { // the item was removed
					return
				}
				select {
				case r.clicks <- n:
				case <-ctx.Done():
					return
				}
			}
		}
	})
}
