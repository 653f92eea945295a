package agent

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/zoomtray/zoomtray/notify"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// notifier delivers the service's meeting notifications (service.Options.Notify: once per
// meeting, Settings.NotifyMinutes before it starts), each on a goroutine it owns until the
// notification is answered or closed, the account signs out (EndAccount), or the agent
// stops; in the last two cases the notification is withdrawn from the screen.
type notifier struct {
	ctx     context.Context
	openURL func(string) error
	log     *slog.Logger
	wg      sync.WaitGroup
	// show is notify.Notify; a test seam (nil: notify.Notify).
	show func(ctx context.Context, title, body string, actions map[string]func()) error

	mu      sync.Mutex         // guards acct and endAcct
	acct    context.Context    // the current account's notifications; nil until the first
	endAcct context.CancelFunc // ends acct
}

// account returns the context of the current account's notifications, a child of ctx.
func (n *notifier) account() context.Context {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.acct == nil {
		n.acct, n.endAcct = context.WithCancel(n.ctx)
	}
	return n.acct
}

// EndAccount withdraws every notification shown so far (a sign-out): the next person at a
// shared computer finds none of the previous account's meetings or Join buttons.
func (n *notifier) EndAccount() {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.endAcct != nil {
		n.endAcct()
	}
	n.acct, n.endAcct = nil, nil
}

// newNotifier returns the notifier of an agent whose context is ctx. Join opens the link
// with service.OpenBrowser, which does not wait for the launcher: xdg-open may block until
// the browser exits, and the agent's shutdown waits for the notifications' goroutines.
func newNotifier(ctx context.Context, log *slog.Logger) *notifier {
	return &notifier{ctx: ctx, openURL: service.OpenBrowser, log: log}
}

// Notify shows "<topic> at 15:00" with a Join button that opens the join link.
func (n *notifier) Notify(m zoomapi.Meeting) {
	title := fmt.Sprintf("%s at %s", m.Topic, m.StartTime.Local().Format("15:04"))
	body := fmt.Sprintf("Starts in %d min", int(time.Until(m.StartTime).Round(time.Minute).Minutes()))
	actions := map[string]func(){}
	if u := m.JoinURL; u != "" {
		actions["Join"] = func() { _ = n.openURL(u) }
	}
	ctx := n.account()
	n.wg.Go(func() {
		show := n.show
		if show == nil {
			show = notify.Notify
		}
		err := show(ctx, title, body, actions)
		if err != nil && !errors.Is(err, context.Canceled) {
			n.log.Info("agent: notification not shown", "meeting", int64(m.ID), "err", err)
		}
	})
}

// Alert shows title and body without buttons: a failed tray click (tray.Options.Notify).
func (n *notifier) Alert(title, body string) {
	ctx := n.account()
	n.wg.Go(func() {
		show := n.show
		if show == nil {
			show = notify.Notify
		}
		if err := show(ctx, title, body, nil); err != nil && !errors.Is(err, context.Canceled) {
			n.log.Info("agent: alert not shown", "err", err)
		}
	})
}

// Wait waits for the notifications in flight; call it after the agent's context is done.
func (n *notifier) Wait() { n.wg.Wait() }
