package platform

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"maps"
	"sort"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// History is off by default. When the user turns it on, every entry is
// sealed with AES-GCM under a key derived from their passphrase with PBKDF2
// (SHA-256); the key lives only in memory for the session, and only the
// salt, the iteration count and a sealed check value are stored next to the
// entries. The browser implementation (vault_wasm.go) uses WebCrypto and
// IndexedDB; the native one (vault_nowasm.go) uses Go's crypto and memory so
// the same logic is tested without a browser.

// Errors a settings page turns into messages.
var (
	ErrWrongPassphrase = errors.New("wrong passphrase")
	ErrShortPassphrase = errors.New("passphrase too short")
	ErrLocked          = errors.New("history is locked")
	ErrNotEnabled      = errors.New("history is off")
)

// MinPassphrase is in characters; PBKDF2 slows guessing, it cannot save a
// four-letter passphrase.
const MinPassphrase = 8

// VaultIterations follows OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
const VaultIterations = 600000

const checkPlaintext = "bedside-history-v1"

// Entry is one saved result.
type Entry struct {
	ID      string    `json:"id"`
	Time    time.Time `json:"time"`
	Kind    string    `json:"kind"` // symptoms, notes, wdbc, pima, heart, survival
	Input   string    `json:"input"`
	Summary string    `json:"summary"`
}

// sealer is the cryptography: key derivation and authenticated encryption.
type sealer interface {
	random(n int) ([]byte, error)
	derive(pass string, salt []byte, iterations int) (any, error)
	seal(key any, plaintext []byte) (iv, ct []byte, err error)
	open(key any, iv, ct []byte) ([]byte, error) // error on a wrong key or tampering
}

// store is where sealed records live: key to bytes.
type store interface {
	get(key string) ([]byte, bool, error)
	put(key string, value []byte) error
	all() (map[string][]byte, error)
	clear() error
}

// sealed is one encrypted record as stored.
type sealed struct {
	IV []byte `json:"iv"`
	CT []byte `json:"ct"`
}

// meta is the vault's header record.
type meta struct {
	Salt       []byte `json:"salt"`
	Iterations int    `json:"iterations"`
	Check      sealed `json:"check"`
}

const metaKey = "meta"

// Vault is the encrypted history. Its methods block (WebCrypto and
// IndexedDB are asynchronous underneath), so call them from ctx.Async.
type Vault struct {
	s          sealer
	st         store
	iterations int

	mu  sync.Mutex
	key any // nil while locked
}

// Enabled reports whether history has been turned on (a header exists).
func (v *Vault) Enabled() (bool, error) {
	_, ok, err := v.st.get(metaKey)
	return ok, err
}

// Unlocked reports whether entries can be written and read this session.
func (v *Vault) Unlocked() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.key != nil
}

// Enable turns history on with a new passphrase, replacing any old history.
func (v *Vault) Enable(pass string) error {
	if utf8.RuneCountInString(pass) < MinPassphrase {
		return ErrShortPassphrase
	}
	if err := v.st.clear(); err != nil {
		return err
	}
	salt, err := v.s.random(16)
	if err != nil {
		return err
	}
	key, err := v.s.derive(pass, salt, v.iterations)
	if err != nil {
		return err
	}
	iv, ct, err := v.s.seal(key, []byte(checkPlaintext))
	if err != nil {
		return err
	}
	b, _ := json.Marshal(meta{Salt: salt, Iterations: v.iterations, Check: sealed{iv, ct}})
	if err := v.st.put(metaKey, b); err != nil {
		return err
	}
	v.mu.Lock()
	v.key = key
	v.mu.Unlock()
	return nil
}

// Unlock derives the key from pass and checks it against the stored check
// value. A wrong passphrase returns ErrWrongPassphrase and changes nothing.
func (v *Vault) Unlock(pass string) error {
	b, ok, err := v.st.get(metaKey)
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotEnabled
	}
	var m meta
	if err := json.Unmarshal(b, &m); err != nil || m.Iterations <= 0 {
		return errors.New("history header is damaged; turn history off and on again")
	}
	key, err := v.s.derive(pass, m.Salt, m.Iterations)
	if err != nil {
		return err
	}
	plain, err := v.s.open(key, m.Check.IV, m.Check.CT)
	if err != nil || string(plain) != checkPlaintext {
		return ErrWrongPassphrase
	}
	v.mu.Lock()
	v.key = key
	v.mu.Unlock()
	return nil
}

// Lock forgets the key.
func (v *Vault) Lock() {
	v.mu.Lock()
	v.key = nil
	v.mu.Unlock()
}

func (v *Vault) currentKey() any {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.key
}

// Add seals and stores one entry.
func (v *Vault) Add(e Entry) error {
	key := v.currentKey()
	if key == nil {
		return ErrLocked
	}
	if e.ID == "" {
		e.ID = strconv.FormatInt(e.Time.UnixNano(), 36)
	}
	plain, _ := json.Marshal(e)
	iv, ct, err := v.s.seal(key, plain)
	if err != nil {
		return err
	}
	b, _ := json.Marshal(sealed{iv, ct})
	return v.st.put("entry:"+e.ID, b)
}

// List opens every entry, newest first. Entries that fail to open (damaged
// storage) are counted, not fatal.
func (v *Vault) List() (entries []Entry, unreadable int, err error) {
	key := v.currentKey()
	if key == nil {
		return nil, 0, ErrLocked
	}
	recs, err := v.st.all()
	if err != nil {
		return nil, 0, err
	}
	for k, b := range recs {
		if k == metaKey {
			continue
		}
		var s sealed
		var e Entry
		if json.Unmarshal(b, &s) != nil {
			unreadable++
			continue
		}
		plain, err := v.s.open(key, s.IV, s.CT)
		if err != nil || json.Unmarshal(plain, &e) != nil {
			unreadable++
			continue
		}
		entries = append(entries, e)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Time.After(entries[j].Time) })
	return entries, unreadable, nil
}

// Disable deletes the history and its header and forgets the key.
func (v *Vault) Disable() error {
	v.Lock()
	return v.st.clear()
}

// NewVault returns the vault of this build: WebCrypto and IndexedDB in the
// browser, Go's crypto and memory natively. The app passes VaultIterations;
// tests pass fewer to run quickly. Unlock uses the count stored when the
// vault was enabled, so a vault always opens with the count it was made with.
func NewVault(iterations int) *Vault {
	return &Vault{s: newSealer(), st: newStore(), iterations: iterations}
}

// goSealer is the same scheme as WebCrypto's: PBKDF2-HMAC-SHA256 to a
// 256-bit AES key, AES-GCM with a 96-bit random IV. It is built for wasm
// too, so the tests there can check that the two interoperate.
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
// server's pre-rendering) use instead of IndexedDB, and what the wasm tests
// use under Node, which has none.
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
