package platform

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// sealers are the cryptographies the vault is tested with; the wasm build
// adds WebCrypto's. Records are kept in memory: Node has no IndexedDB, and
// the browser tests cover the stored ones.
var sealers = map[string]sealer{"go": goSealer{}}

func TestVault(t *testing.T) {
	for name, s := range sealers {
		t.Run(name, func(t *testing.T) {
			// Few PBKDF2 rounds keep the test quick; the scheme is otherwise
			// the shipped one.
			testVault(t, &Vault{s: s, st: &memStore{}, iterations: 1000})
		})
	}
}

func testVault(t *testing.T, v *Vault) {
	t.Run("history is off until turned on", func(t *testing.T) {
		if on, err := v.Enabled(); on || err != nil {
			t.Fatalf("enabled=%v err=%v", on, err)
		}
		if err := v.Add(Entry{Input: "x"}); !errors.Is(err, ErrLocked) {
			t.Errorf("Add while off: %v", err)
		}
	})
	t.Run("a short passphrase is refused", func(t *testing.T) {
		if err := v.Enable("short"); !errors.Is(err, ErrShortPassphrase) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("entries round-trip through encryption", func(t *testing.T) {
		if err := v.Enable("correct horse battery"); err != nil {
			t.Fatal(err)
		}
		t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		for i, in := range []string{"no fever, itchy elbows", "头痛 🤕"} {
			if err := v.Add(Entry{Time: t0.Add(time.Duration(i) * time.Hour), Kind: "symptoms", Input: in, Summary: "s"}); err != nil {
				t.Fatal(err)
			}
		}
		got, bad, err := v.List()
		if err != nil || bad != 0 || len(got) != 2 {
			t.Fatalf("List: %v, %d unreadable, %v", got, bad, err)
		}
		if got[0].Input != "头痛 🤕" || got[1].Input != "no fever, itchy elbows" {
			t.Errorf("not newest first or not intact: %+v", got)
		}
	})
	t.Run("nothing readable is stored in the clear", func(t *testing.T) {
		recs, _ := v.st.all()
		for k, b := range recs {
			if strings.Contains(string(b), "itchy") || strings.Contains(string(b), "头痛") {
				t.Errorf("record %s holds plaintext: %s", k, b)
			}
		}
	})
	t.Run("a wrong passphrase is refused and changes nothing", func(t *testing.T) {
		v.Lock()
		if err := v.Unlock("wrong horse battery"); !errors.Is(err, ErrWrongPassphrase) {
			t.Fatalf("got %v", err)
		}
		if v.Unlocked() {
			t.Fatal("unlocked by a wrong passphrase")
		}
		if err := v.Unlock("correct horse battery"); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := v.List(); len(got) != 2 {
			t.Errorf("entries after unlock: %d", len(got))
		}
	})
	t.Run("a tampered entry is counted, not shown", func(t *testing.T) {
		recs, _ := v.st.all()
		for k, b := range recs {
			if k == metaKey {
				continue
			}
			var s sealed
			json.Unmarshal(b, &s)
			s.CT[0] ^= 1
			nb, _ := json.Marshal(s)
			v.st.put(k, nb)
			break
		}
		got, bad, err := v.List()
		if err != nil || bad != 1 || len(got) != 1 {
			t.Errorf("got %d entries, %d unreadable, %v", len(got), bad, err)
		}
	})
	t.Run("turning history off deletes everything", func(t *testing.T) {
		if err := v.Disable(); err != nil {
			t.Fatal(err)
		}
		if on, _ := v.Enabled(); on || v.Unlocked() {
			t.Error("still on after Disable")
		}
		if recs, _ := v.st.all(); len(recs) != 0 {
			t.Errorf("%d records left", len(recs))
		}
		if err := v.Unlock("correct horse battery"); !errors.Is(err, ErrNotEnabled) {
			t.Errorf("Unlock after Disable: %v", err)
		}
	})
}
