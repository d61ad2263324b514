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
	// ErrNotExport means the file is not a history export at all.
	ErrNotExport = errors.New("not a Bedside history file")
	// ErrDamagedExport means the passphrase was right but the entries do
	// not open: the file was altered or cut short.
	ErrDamagedExport = errors.New("history file damaged or altered")
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
	del(key string) error
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

	mu    sync.Mutex
	key   any // nil while locked
	state int // what Enabled last found: stateUnknown, stateOff or stateOn
}

const (
	stateUnknown = iota
	stateOff
	stateOn
)

func (v *Vault) setState(on bool) {
	v.mu.Lock()
	v.state = map[bool]int{false: stateOff, true: stateOn}[on]
	v.mu.Unlock()
}

// Known reports, without touching storage, whether history was found on
// when last looked (known is false before the first look). A result page
// renders from it: it cannot wait on IndexedDB.
func (v *Vault) Known() (known, enabled bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.state != stateUnknown, v.state == stateOn
}

// Enabled reports whether history has been turned on (a header exists).
func (v *Vault) Enabled() (bool, error) {
	_, ok, err := v.st.get(metaKey)
	if err == nil {
		v.setState(ok)
	}
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
	v.key, v.state = key, stateOn
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

// Delete removes one entry.
func (v *Vault) Delete(id string) error {
	if v.currentKey() == nil {
		return ErrLocked
	}
	return v.st.del("entry:" + id)
}

// Disable deletes the history and its header and forgets the key.
func (v *Vault) Disable() error {
	v.Lock()
	err := v.st.clear()
	if err == nil {
		v.setState(false)
	}
	return err
}

// exportFile is a whole history in one file: the vault's header (salt,
// iteration count, sealed check value) and every entry sealed as one
// record under the same key, so the file opens with the history's
// passphrase and nothing else, and any altered byte fails authentication.
type exportFile struct {
	Format     string `json:"format"`
	Version    int    `json:"version"`
	Salt       []byte `json:"salt"`
	Iterations int    `json:"iterations"`
	Check      sealed `json:"check"`
	Entries    sealed `json:"entries"`
}

const exportFormat = "bedside-history"

// maxImportIterations bounds the PBKDF2 count a file may ask for: a
// crafted file must not freeze the tab for hours.
const maxImportIterations = 10_000_000

// Export seals every readable entry into one file. The history must be
// unlocked.
func (v *Vault) Export() ([]byte, error) {
	key := v.currentKey()
	if key == nil {
		return nil, ErrLocked
	}
	b, ok, err := v.st.get(metaKey)
	if err != nil {
		return nil, err
	}
	var m meta
	if !ok || json.Unmarshal(b, &m) != nil {
		return nil, ErrNotEnabled
	}
	entries, _, err := v.List()
	if err != nil {
		return nil, err
	}
	if entries == nil {
		entries = []Entry{}
	}
	plain, _ := json.Marshal(entries)
	iv, ct, err := v.s.seal(key, plain)
	if err != nil {
		return nil, err
	}
	return json.Marshal(exportFile{Format: exportFormat, Version: 1, Salt: m.Salt, Iterations: m.Iterations, Check: m.Check, Entries: sealed{iv, ct}})
}

// Import opens a file made by Export with its passphrase and adds its
// entries (an entry already here is replaced by the same one, not
// doubled). Everything is decrypted before anything is written, so a wrong
// passphrase or an altered file changes nothing. When history is off, the
// file's header becomes this history's, so the same passphrase opens it;
// when it is on it must be unlocked, and entries are re-sealed under its key.
func (v *Vault) Import(data []byte, pass string) (int, error) {
	var f exportFile
	if json.Unmarshal(data, &f) != nil || f.Format != exportFormat {
		return 0, ErrNotExport
	}
	if f.Version != 1 || f.Iterations <= 0 || f.Iterations > maxImportIterations || len(f.Salt) == 0 {
		return 0, ErrDamagedExport
	}
	fkey, err := v.s.derive(pass, f.Salt, f.Iterations)
	if err != nil {
		return 0, err
	}
	if plain, err := v.s.open(fkey, f.Check.IV, f.Check.CT); err != nil || string(plain) != checkPlaintext {
		return 0, ErrWrongPassphrase
	}
	plain, err := v.s.open(fkey, f.Entries.IV, f.Entries.CT)
	if err != nil {
		return 0, ErrDamagedExport
	}
	var entries []Entry
	if json.Unmarshal(plain, &entries) != nil {
		return 0, ErrDamagedExport
	}
	on, err := v.Enabled()
	if err != nil {
		return 0, err
	}
	switch {
	case !on:
		b, _ := json.Marshal(meta{Salt: f.Salt, Iterations: f.Iterations, Check: f.Check})
		if err := v.st.clear(); err != nil {
			return 0, err
		}
		if err := v.st.put(metaKey, b); err != nil {
			return 0, err
		}
		v.mu.Lock()
		v.key, v.state = fkey, stateOn
		v.mu.Unlock()
	case !v.Unlocked():
		return 0, ErrLocked
	}
	for i, e := range entries {
		if e.ID == "" {
			e.ID = strconv.FormatInt(e.Time.UnixNano(), 36)
		}
		if err := v.Add(e); err != nil {
			return i, err
		}
	}
	return len(entries), nil
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

func (s *memStore) del(k string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, k)
	return nil
}
