package fhir

import (
	"crypto/sha1"
	"strings"
	"testing"
)

func TestSum1(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"the empty message", ""},
		{"the FIPS 180 example abc", "abc"},
		{"the two-block FIPS example", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"},
		{"a seed as the bundle writes it", "No fever.\x00condition\x000"},
		{"Chinese text", "否认药物过敏史，体温37.5℃"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := sum1([]byte(tc.in)), sha1.Sum([]byte(tc.in)); got != want {
				t.Errorf("sum1 = %x, crypto/sha1 %x", got, want)
			}
		})
	}
	t.Run("every length to 200 bytes, across the padding's block boundary", func(t *testing.T) {
		for n := range 201 {
			in := []byte(strings.Repeat("x", n))
			if got, want := sum1(in), sha1.Sum(in); got != want {
				t.Fatalf("length %d: sum1 = %x, crypto/sha1 %x", n, got, want)
			}
		}
	})
}

func FuzzSum1(f *testing.F) {
	f.Add([]byte(""))
	f.Add([]byte(strings.Repeat("a", 55)))
	f.Add([]byte(strings.Repeat("b", 64)))
	f.Fuzz(func(t *testing.T, in []byte) {
		if got, want := sum1(in), sha1.Sum(in); got != want {
			t.Fatalf("sum1(%q) = %x, crypto/sha1 %x", in, got, want)
		}
	})
}
