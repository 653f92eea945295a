package tokenstore

import (
	"context"
	"errors"
	"fmt"
)

// secretPrefix starts the keyring account of a client secret: "client-secret:<client id>".
const secretPrefix = "client-secret:"

// errNoClientID rejects a secret without the client ID that names its item.
var errNoClientID = errors.New("tokenstore: client secret needs a client ID")

// SecretAccount is the keyring account holding the client secret of clientID, under
// service DefaultService ("zoomtray").
func SecretAccount(clientID string) string { return secretPrefix + clientID }

// LoadClientSecret reads the client secret of a confidential Zoom app (docs/zoom-reference.md:
// such clients authenticate with HTTP Basic client_id:client_secret, even with PKCE) from
// the system keyring, where the set-up screen saved it so that it never sits in a config
// file. It returns an error wrapping ErrNotFound when none is stored and ErrUnavailable when
// the keyring cannot be used. Like the token store, the call runs on its own goroutine
// bounded by DefaultTimeout or ctx's deadline.
func LoadClientSecret(ctx context.Context, clientID string) (string, error) {
	return loadClientSecret(ctx, OpenOptions{}, clientID)
}

// SaveClientSecret stores the client secret of clientID in the system keyring, replacing
// any earlier one.
func SaveClientSecret(ctx context.Context, clientID, secret string) error {
	return saveClientSecret(ctx, OpenOptions{}, clientID, secret)
}

// DeleteClientSecret removes the client secret of clientID; deleting nothing is not an
// error.
func DeleteClientSecret(ctx context.Context, clientID string) error {
	return deleteClientSecret(ctx, OpenOptions{}, clientID)
}

// secretKeyring returns the keyring of the client secret items; o supplies the service,
// timeout and backend (tests).
func secretKeyring(o OpenOptions, clientID string) (*keyring, error) {
	if clientID == "" {
		return nil, errNoClientID
	}
	o.Account = SecretAccount(clientID)
	return newKeyring(o), nil
}

func loadClientSecret(ctx context.Context, o OpenOptions, clientID string) (string, error) {
	k, err := secretKeyring(o, clientID)
	if err != nil {
		return "", err
	}
	s, err := k.get(ctx, k.account)
	if err != nil {
		return "", fmt.Errorf("tokenstore: load client secret: %w", err)
	}
	return s, nil
}

func saveClientSecret(ctx context.Context, o OpenOptions, clientID, secret string) error {
	k, err := secretKeyring(o, clientID)
	if err != nil {
		return err
	}
	if secret == "" {
		return errors.New("tokenstore: empty client secret")
	}
	if len(secret) > MaxItemBytes {
		return fmt.Errorf("tokenstore: client secret of %d bytes exceeds %d", len(secret), MaxItemBytes)
	}
	if err := k.set(ctx, k.account, secret); err != nil {
		return fmt.Errorf("tokenstore: save client secret: %w", err)
	}
	return nil
}

func deleteClientSecret(ctx context.Context, o OpenOptions, clientID string) error {
	k, err := secretKeyring(o, clientID)
	if err != nil {
		return err
	}
	if err := k.del(ctx, k.account); err != nil {
		return fmt.Errorf("tokenstore: delete client secret: %w", err)
	}
	return nil
}
