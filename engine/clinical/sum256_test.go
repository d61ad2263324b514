package clinical

import (
	"crypto/sha256"
	"encoding/hex"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

func TestSum256(t *testing.T) {
	t.Run("the FIPS 180-4 examples hash to their published digests", func(t *testing.T) {
		for _, c := range []struct{ in, want string }{
			{"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
			{"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
			{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
		} {
			got := sum256([]byte(c.in))
			if hex.EncodeToString(got[:]) != c.want {
				t.Errorf("sum256(%q) = %x, want %s", c.in, got, c.want)
			}
		}
	})
	t.Run("every length across the padding's block boundaries equals crypto/sha256", func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 4))
		b := make([]byte, 1100)
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		for n := 0; n <= len(b); n++ {
			if got, want := sum256(b[:n]), sha256.Sum256(b[:n]); got != want {
				t.Fatalf("length %d: %x, want %x", n, got, want)
			}
		}
	})
	t.Run("the shipped weights hash as crypto/sha256 hashes them", func(t *testing.T) {
		files, _ := filepath.Glob(filepath.Join("..", "..", "web", "models", "*.safetensors"))
		if len(files) == 0 {
			t.Skip("no shipped weights")
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := sum256(b), sha256.Sum256(b); got != want {
				t.Errorf("%s: %x, want %x", f, got, want)
			}
		}
	})
}

func FuzzSum256(f *testing.F) {
	f.Add([]byte("abc"))
	f.Add(make([]byte, 55))
	f.Add(make([]byte, 64))
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := sum256(b), sha256.Sum256(b); got != want {
			t.Fatalf("%x, want %x", got, want)
		}
	})
}
