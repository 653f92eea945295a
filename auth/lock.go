package auth

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gofrs/flock"
)

// lockRetry is how often a waiting process retries the lock file. Refreshes take a few
// hundred milliseconds, so a short poll keeps the waiter's delay small.
const lockRetry = 20 * time.Millisecond

// errLockBusy means the lock file stayed held by another process until the context ended.
var errLockBusy = errors.New("auth: token lock held by another process")

// fileLock is the cross-process lock around refresh, sign-in and sign-out (as
// int128/kubelogin's token cache lock). Zoom's refresh tokens are single-use, so two
// processes sharing one token store must never refresh at the same time. A zero path means
// no cross-process lock (a memory-only store has nobody to share with).
type fileLock struct {
	path string
}

// acquire takes the exclusive lock, waiting until ctx ends. It returns the release func.
// flock(2) locks belong to the open file description, so each acquire opens its own file:
// two goroutines of one process exclude each other as well as two processes do.
func (l fileLock) acquire(ctx context.Context) (func(), error) {
	if l.path == "" {
		return func() {}, nil
	}
	if err := os.MkdirAll(filepath.Dir(l.path), 0o700); err != nil {
		return nil, fmt.Errorf("auth: lock dir: %w", err)
	}
	fl := flock.New(l.path, flock.SetPermissions(0o600))
	ok, err := fl.TryLockContext(ctx, lockRetry)
	if err != nil && ctx.Err() != nil {
		return nil, fmt.Errorf("%w: %w", errLockBusy, ctx.Err())
	}
	if err != nil {
		return nil, fmt.Errorf("auth: lock %s: %w", l.path, err)
	}
	if !ok {
		return nil, errLockBusy
	}
	return func() { _ = fl.Unlock() }, nil
}
