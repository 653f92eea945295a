package config

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// maxSecretFile bounds what ReadSecretFile reads: a client secret is a few dozen bytes.
const maxSecretFile = 64 << 10

// ReadSecretFile returns the secret held in the file path, or read from stdin when path is
// "-", without surrounding white space (a trailing newline). On Unix a file that another
// user may read (group or other permission bits) is refused: the secret must not be
// shared, so the file must be mode 0600 or stricter.
func ReadSecretFile(path string, stdin io.Reader) (string, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(io.LimitReader(stdin, maxSecretFile))
		if err != nil {
			return "", fmt.Errorf("read the secret from standard input: %w", err)
		}
	} else if data, err = readPrivateFile(path); err != nil {
		return "", err
	}
	secret := strings.TrimSpace(string(data))
	if secret == "" {
		return "", errors.New("the secret file is empty")
	}
	return secret, nil
}

// readPrivateFile reads path after checking, on the open file, that only its owner may
// read it.
func readPrivateFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	if err := checkPrivate(path, fi); err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(f, maxSecretFile))
}
