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

func TestVaultExportImport(t *testing.T) {
	for name, s := range sealers {
		t.Run(name, func(t *testing.T) {
			newVault := func() *Vault { return &Vault{s: s, st: &memStore{}, iterations: 1000} }
			src := newVault()
			if err := src.Enable("correct horse battery"); err != nil {
				t.Fatal(err)
			}
			t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
			for i, in := range []string{`{"glucose":150}`, "头痛", "itchy elbows"} {
				if err := src.Add(Entry{Time: t0.Add(time.Duration(i) * time.Hour), Kind: "pima", Input: in, Summary: "42%"}); err != nil {
					t.Fatal(err)
				}
			}
			file, err := src.Export()
			if err != nil {
				t.Fatal(err)
			}
			t.Run("the file holds nothing readable", func(t *testing.T) {
				for _, w := range []string{"glucose", "itchy", "42%", "pima"} {
					if strings.Contains(string(file), w) {
						t.Errorf("the export holds %q in the clear", w)
					}
				}
			})
			t.Run("one entry is deleted and the others stay", func(t *testing.T) {
				got, _, _ := src.List()
				if err := src.Delete(got[0].ID); err != nil {
					t.Fatal(err)
				}
				after, _, _ := src.List()
				if len(after) != 2 || after[0].ID == got[0].ID {
					t.Errorf("after deleting %s: %+v", got[0].ID, after)
				}
			})
			t.Run("a locked history neither deletes nor exports", func(t *testing.T) {
				locked := newVault()
				locked.st = src.st
				if err := locked.Delete("x"); !errors.Is(err, ErrLocked) {
					t.Errorf("Delete: %v", err)
				}
				if _, err := locked.Export(); !errors.Is(err, ErrLocked) {
					t.Errorf("Export: %v", err)
				}
			})
			fail := []struct {
				name string
				data []byte
				pass string
				want error
			}{
				{"a wrong passphrase is refused", file, "wrong horse battery", ErrWrongPassphrase},
				{"an altered entry byte is refused", alter(t, file, "entries"), "correct horse battery", ErrDamagedExport},
				{"an altered salt reads as a wrong passphrase", alter(t, file, "salt"), "correct horse battery", ErrWrongPassphrase},
				{"a file cut short is not an export", file[:len(file)/2], "correct horse battery", ErrNotExport},
				{"another JSON file is not an export", []byte(`{"a":1}`), "correct horse battery", ErrNotExport},
				{"an absurd iteration count is refused before deriving", []byte(`{"format":"bedside-history","version":1,"salt":"AAAA","iterations":2000000000}`), "x", ErrDamagedExport},
			}
			for _, c := range fail {
				t.Run(c.name+" and nothing changes", func(t *testing.T) {
					dst := newVault()
					if _, err := dst.Import(c.data, c.pass); !errors.Is(err, c.want) {
						t.Fatalf("got %v, want %v", err, c.want)
					}
					if on, _ := dst.Enabled(); on {
						t.Error("a failed import turned history on")
					}
				})
			}
			t.Run("a fresh profile imports every entry under the same passphrase", func(t *testing.T) {
				dst := newVault()
				n, err := dst.Import(file, "correct horse battery")
				if err != nil || n != 3 {
					t.Fatalf("imported %d, %v", n, err)
				}
				dst.Lock()
				if err := dst.Unlock("correct horse battery"); err != nil {
					t.Fatalf("the imported history does not open with its passphrase: %v", err)
				}
				got, bad, _ := dst.List()
				if len(got) != 3 || bad != 0 || got[0].Input != "itchy elbows" {
					t.Errorf("imported %+v, %d unreadable", got, bad)
				}
				t.Run("importing again doubles nothing", func(t *testing.T) {
					if _, err := dst.Import(file, "correct horse battery"); err != nil {
						t.Fatal(err)
					}
					if got, _, _ := dst.List(); len(got) != 3 {
						t.Errorf("%d entries after a second import", len(got))
					}
				})
			})
			t.Run("a history with another passphrase takes the entries under its own key", func(t *testing.T) {
				dst := newVault()
				if err := dst.Enable("another long phrase"); err != nil {
					t.Fatal(err)
				}
				dst.Lock()
				if _, err := dst.Import(file, "correct horse battery"); !errors.Is(err, ErrLocked) {
					t.Errorf("import into a locked history: %v", err)
				}
				if err := dst.Unlock("another long phrase"); err != nil {
					t.Fatal(err)
				}
				if n, err := dst.Import(file, "correct horse battery"); err != nil || n != 3 {
					t.Fatalf("imported %d, %v", n, err)
				}
				dst.Lock()
				if err := dst.Unlock("another long phrase"); err != nil {
					t.Fatal(err)
				}
				if got, bad, _ := dst.List(); len(got) != 3 || bad != 0 {
					t.Errorf("%d entries, %d unreadable", len(got), bad)
				}
			})
		})
	}
}

// alter flips one byte inside a field of an export file.
func alter(t *testing.T, file []byte, field string) []byte {
	t.Helper()
	var f map[string]json.RawMessage
	if err := json.Unmarshal(file, &f); err != nil {
		t.Fatal(err)
	}
	switch field {
	case "salt":
		var b []byte
		json.Unmarshal(f["salt"], &b)
		b[0] ^= 1
		f["salt"], _ = json.Marshal(b)
	default:
		var s sealed
		json.Unmarshal(f[field], &s)
		s.CT[len(s.CT)/2] ^= 1
		f[field], _ = json.Marshal(s)
	}
	out, _ := json.Marshal(f)
	return out
}
