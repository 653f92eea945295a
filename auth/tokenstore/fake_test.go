package tokenstore

import (
	"sync"

	gokeyring "github.com/zalando/go-keyring"
)

// fakeBackend is an in-memory keyring with fault switches.
type fakeBackend struct {
	mu    sync.Mutex        // guards items and the switches
	items map[string]string // "service\x00user" -> secret
	// err, when set, is returned by every call (a broken keyring).
	err error
	// failSetUser, when set, makes Set of that user fail.
	failSetUser string
	// block, when set, makes every call wait for it to close (a pending unlock prompt).
	block chan struct{}
}

func newFakeBackend() *fakeBackend { return &fakeBackend{items: map[string]string{}} }

func (f *fakeBackend) enter() error {
	f.mu.Lock()
	block, err := f.block, f.err
	f.mu.Unlock()
	if block != nil {
		<-block
	}
	return err
}

func (f *fakeBackend) Get(s, u string) (string, error) {
	if err := f.enter(); err != nil {
		return "", err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	v, ok := f.items[s+"\x00"+u]
	if !ok {
		return "", gokeyring.ErrNotFound
	}
	return v, nil
}

func (f *fakeBackend) Set(s, u, p string) error {
	if err := f.enter(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if u == f.failSetUser {
		return gokeyring.ErrSetDataTooBig
	}
	if len(p) > 2560 { // Windows' Credential Manager limit, as go-keyring enforces it
		return gokeyring.ErrSetDataTooBig
	}
	f.items[s+"\x00"+u] = p
	return nil
}

func (f *fakeBackend) Delete(s, u string) error {
	if err := f.enter(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.items[s+"\x00"+u]; !ok {
		return gokeyring.ErrNotFound
	}
	delete(f.items, s+"\x00"+u)
	return nil
}

// sizes returns the length of every stored item.
func (f *fakeBackend) sizes() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := map[string]int{}
	for k, v := range f.items {
		m[k] = len(v)
	}
	return m
}
