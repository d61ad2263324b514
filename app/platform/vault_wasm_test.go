//go:build js && wasm

package platform

import (
	"bytes"
	"testing"
)

func init() { sealers["webcrypto"] = webSealer{} }

// A history sealed by the browser must open with the same scheme in Go and
// back, or the two implementations the tests rely on are not the same.
func TestWebCryptoMatchesGo(t *testing.T) {
	salt := []byte("0123456789abcdef")
	plain := []byte("头痛 and no fever")
	pairs := []struct {
		name     string
		from, to sealer
	}{
		{"what WebCrypto seals Go opens", webSealer{}, goSealer{}},
		{"what Go seals WebCrypto opens", goSealer{}, webSealer{}},
	}
	for _, p := range pairs {
		t.Run(p.name, func(t *testing.T) {
			kf, err := p.from.derive("correct horse battery", salt, 1000)
			if err != nil {
				t.Fatal(err)
			}
			kt, err := p.to.derive("correct horse battery", salt, 1000)
			if err != nil {
				t.Fatal(err)
			}
			iv, ct, err := p.from.seal(kf, plain)
			if err != nil {
				t.Fatal(err)
			}
			got, err := p.to.open(kt, iv, ct)
			if err != nil || !bytes.Equal(got, plain) {
				t.Fatalf("opened %q, %v", got, err)
			}
		})
	}
}
