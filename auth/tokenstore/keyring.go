package tokenstore

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	gokeyring "github.com/zalando/go-keyring"
	"golang.org/x/oauth2"
)

// backend is the system keyring: go-keyring's package functions, or a fake in tests.
type backend interface {
	Get(service, user string) (string, error)
	Set(service, user, password string) error
	Delete(service, user string) error
}

// systemBackend calls go-keyring, which talks to the Secret Service over D-Bus on Linux,
// to the Keychain on macOS and to the Credential Manager on Windows.
type systemBackend struct{}

func (systemBackend) Get(s, u string) (string, error) { return gokeyring.Get(s, u) }
func (systemBackend) Set(s, u, p string) error        { return gokeyring.Set(s, u, p) }
func (systemBackend) Delete(s, u string) error        { return gokeyring.Delete(s, u) }

// keyring keeps a token in two keyring items (see encode.go) so each stays far below the
// per-item limits of Windows (2,560 bytes) and macOS (~3,000 bytes).
type keyring struct {
	service, account string
	timeout          time.Duration
	be               backend

	mu sync.Mutex // serializes Load/Save/Delete so the two items of one token stay paired

	// waiting is set while a keyring call runs, including one left behind by a timeout;
	// later calls fail fast instead of leaking one goroutine each.
	waiting atomic.Bool
}

// NewKeyring returns a Store that keeps the token in the system keyring under service and
// account (see Account). Every keyring call runs on its own goroutine bounded by 5 s or the
// context's deadline, whichever is shorter, because a locked keyring can block forever on
// an unlock prompt; such a goroutine is left behind (Go cannot interrupt it) and an error
// wrapping ErrUnavailable says the keyring did not answer. Unlike Open, NewKeyring does not
// probe the keyring.
func NewKeyring(service, account string) Store {
	return newKeyring(OpenOptions{Service: service, Account: account})
}

func newKeyring(o OpenOptions) *keyring {
	k := &keyring{service: o.Service, account: o.Account, timeout: o.Timeout, be: o.backend}
	if k.service == "" {
		k.service = DefaultService
	}
	if k.timeout <= 0 {
		k.timeout = DefaultTimeout
	}
	if k.be == nil {
		k.be = systemBackend{}
	}
	return k
}

func (k *keyring) Kind() Kind { return KindKeyring }

func (k *keyring) Location() string {
	return fmt.Sprintf("%s (service %s, account %s)", keyringName(), k.service, k.account)
}

// keyringName names the system keyring go-keyring uses on this OS.
func keyringName() string {
	switch runtime.GOOS {
	case "darwin":
		return "macOS Keychain"
	case "windows":
		return "Windows Credential Manager"
	}
	return "Secret Service"
}

// accessAccount is the account of the item holding the access token.
func (k *keyring) accessAccount() string { return k.account + "/access" }

// probe looks up an item that never exists: success or "not found" means the keyring works.
func (k *keyring) probe(ctx context.Context) error {
	_, err := k.get(ctx, k.account+"/probe")
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

func (k *keyring) Load(ctx context.Context) (*oauth2.Token, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	main, err := k.get(ctx, k.account)
	if err != nil {
		return nil, err
	}
	access, err := k.get(ctx, k.accessAccount())
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	return decodeItems(main, access)
}

func (k *keyring) Save(ctx context.Context, t *oauth2.Token) error {
	if t == nil {
		return errNilToken
	}
	main, access, err := encodeItems(t)
	if err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	// The refresh token first: Zoom's refresh tokens are single-use, so the new one must be
	// kept even if writing the access token fails (Load then sees no access token and the
	// session refreshes).
	if err := k.set(ctx, k.account, main); err != nil {
		return err
	}
	if access == "" {
		return k.del(ctx, k.accessAccount())
	}
	return k.set(ctx, k.accessAccount(), access)
}

func (k *keyring) Delete(ctx context.Context) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	if err := k.del(ctx, k.accessAccount()); err != nil {
		return err
	}
	return k.del(ctx, k.account)
}

func (k *keyring) get(ctx context.Context, account string) (string, error) {
	return k.call(ctx, "read", func() (string, error) { return k.be.Get(k.service, account) })
}

func (k *keyring) set(ctx context.Context, account, value string) error {
	_, err := k.call(ctx, "write", func() (string, error) { return "", k.be.Set(k.service, account, value) })
	return err
}

// del deletes one item; a missing item is not an error.
func (k *keyring) del(ctx context.Context, account string) error {
	_, err := k.call(ctx, "delete", func() (string, error) { return "", k.be.Delete(k.service, account) })
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// call runs fn on its own goroutine and waits for it at most k.timeout or until ctx is
// done. On timeout the goroutine is leaked: a keyring call blocked on an unlock prompt
// cannot be interrupted. Its result channel is buffered so it can still finish and exit,
// and until it does, calls fail fast, so a store leaks at most one goroutine.
func (k *keyring) call(ctx context.Context, op string, fn func() (string, error)) (string, error) {
	type result struct {
		s   string
		err error
	}
	if !k.waiting.CompareAndSwap(false, true) {
		return "", &unavailableError{op: op, timeout: -2}
	}
	ch := make(chan result, 1)
	go func() {
		s, err := fn()
		k.waiting.Store(false)
		ch <- result{s, err}
	}()
	timer := time.NewTimer(k.timeout)
	defer timer.Stop()
	select {
	case r := <-ch:
		return r.s, classify(op, r.err)
	case <-timer.C:
		return "", &unavailableError{op: op, timeout: k.timeout}
	case <-ctx.Done():
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return "", &unavailableError{op: op, cause: ctx.Err(), timeout: -1}
		}
		return "", fmt.Errorf("keyring %s: %w", op, ctx.Err())
	}
}

// classify maps go-keyring's errors to this package's: not found, too big, or unavailable.
func classify(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gokeyring.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, gokeyring.ErrSetDataTooBig):
		return fmt.Errorf("keyring %s: %w", op, err)
	}
	return &unavailableError{op: op, cause: err}
}

// unavailableError says the keyring failed or did not answer, and what the user can do.
// It wraps ErrUnavailable and its cause.
type unavailableError struct {
	op      string
	cause   error         // nil when our own timeout fired
	timeout time.Duration // > 0: our timeout fired; -1: the context's deadline passed; -2: an earlier call still waits
}

func (e *unavailableError) Error() string {
	why := fmt.Sprintf("%s failed: %v", e.op, e.cause)
	switch {
	case e.timeout > 0:
		why = fmt.Sprintf("%s got no answer within %v; it may be locked and waiting for an unlock prompt", e.op, e.timeout)
	case e.timeout == -1:
		why = fmt.Sprintf("%s got no answer before the deadline; it may be locked and waiting for an unlock prompt", e.op)
	case e.timeout == -2:
		why = fmt.Sprintf("%s not tried: an earlier call still has no answer; it may be locked and waiting for an unlock prompt", e.op)
	}
	return fmt.Sprintf("the system keyring is not available (%s); %s, or choose file storage with "+
		"--token-store=file (tokens in a 0600 file)", why, keyringAdvice())
}

func (e *unavailableError) Unwrap() []error {
	if e.cause == nil {
		return []error{ErrUnavailable}
	}
	return []error{ErrUnavailable, e.cause}
}

// keyringAdvice says how to get a working keyring on this OS.
func keyringAdvice() string {
	switch runtime.GOOS {
	case "darwin":
		return "unlock the login keychain in Keychain Access"
	case "windows":
		return "check that Windows Credential Manager is running"
	}
	return "unlock or install a Secret Service keyring such as gnome-keyring"
}
