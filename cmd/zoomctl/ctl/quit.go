package ctl

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/zoomtray/zoomtray/localapi"
)

// quitWait bounds how long quit waits for the agent's socket to go away.
const quitWait = 15 * time.Second

// quit stops the running agent (its local API's Quit) and waits until its socket is gone,
// so a zoomtray started right after is not handed over to the stopping agent. Without an
// agent there is nothing to stop; it never starts an in-process service.
func (a *app) quit(args []string) error {
	if err := a.noArgs("quit", args, nil); err != nil {
		return err
	}
	path, err := a.socketPath()
	if err != nil {
		return err
	}
	c, err := localapi.Dial(a.ctx, path)
	if errors.Is(err, localapi.ErrNoAgent) {
		fmt.Fprintln(a.env.Stdout, "zoomtray is not running.")
		return nil
	}
	if err != nil {
		return err
	}
	err = c.Quit(a.ctx)
	c.Close()
	if err != nil {
		return err
	}
	if err := waitGone(a.ctx, path); err != nil {
		return err
	}
	fmt.Fprintln(a.env.Stdout, "zoomtray stopped.")
	return nil
}

// waitGone polls the socket at path until no agent answers, for at most quitWait.
func waitGone(ctx context.Context, path string) error {
	ctx, cancel := context.WithTimeout(ctx, quitWait)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		c, err := localapi.Dial(ctx, path)
		if errors.Is(err, localapi.ErrNoAgent) {
			return nil
		}
		if err == nil {
			c.Close()
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the agent did not stop within %v: %w", quitWait, ctx.Err())
		case <-tick.C:
		}
	}
}
