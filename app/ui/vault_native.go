//go:build !(js && wasm)

package ui

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"maps"
	"sync"
)

// goSealer is the same scheme as WebCrypto's: PBKDF2-HMAC-SHA256 to a
// 256-bit AES key, AES-GCM with a 96-bit random IV.
type goSealer struct{}

func (goSealer) random(n int) ([]byte, error) {
	b := make([]byte, n)
	_, err := rand.Read(b)
	return b, err
}

func (goSealer) derive(pass string, salt []byte, iterations int) (any, error) {
	k, err := pbkdf2.Key(sha256.New, pass, salt, iterations, 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

func (s goSealer) seal(key any, plaintext []byte) ([]byte, []byte, error) {
	g, ok := key.(cipher.AEAD)
	if !ok {
		return nil, nil, errors.New("not a key")
	}
	iv, err := s.random(g.NonceSize())
	if err != nil {
		return nil, nil, err
	}
	return iv, g.Seal(nil, iv, plaintext, nil), nil
}

func (goSealer) open(key any, iv, ct []byte) ([]byte, error) {
	g, ok := key.(cipher.AEAD)
	if !ok || len(iv) != g.NonceSize() {
		return nil, errors.New("cannot open")
	}
	return g.Open(nil, iv, ct, nil)
}

// memStore keeps records in memory: what native builds (tests, the
// server's pre-rendering) use instead of IndexedDB.
type memStore struct {
	mu sync.Mutex
	m  map[string][]byte
}

func (s *memStore) get(k string) ([]byte, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.m[k]
	return b, ok, nil
}

func (s *memStore) put(k string, v []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string][]byte{}
	}
	s.m[k] = append([]byte(nil), v...)
	return nil
}

func (s *memStore) all() (map[string][]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.m), nil
}

func (s *memStore) clear() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m = nil
	return nil
}

func newVault() *Vault {
	return &Vault{s: goSealer{}, st: &memStore{}, iterations: pbkdf2Iterations}
}

// clearBrowserData forgets stored preferences; natively there are none.
func clearBrowserData() error { return nil }
