package clinical

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"testing"
	"testing/fstest"
)

func TestLoadFSRefusesWhatTheManifestDoesNotVouchFor(t *testing.T) {
	weights := []byte("weights")
	sum := sha256.Sum256(weights)
	manifest := `{"models":[{"name":"m","file":"m.safetensors","sha256":"` + hex.EncodeToString(sum[:]) + `","bytes":7}]}`
	cases := []struct {
		name  string
		fsys  fstest.MapFS
		model string
		check func(error) bool
	}{
		{"a directory without a manifest is a missing file", fstest.MapFS{}, "m",
			func(err error) bool { return errors.Is(err, fs.ErrNotExist) }},
		{"a model the manifest does not list is not in the manifest", fstest.MapFS{
			ManifestFile: {Data: []byte(manifest)}, "m.safetensors": {Data: weights}}, "other",
			func(err error) bool { return errors.Is(err, ErrNotInManifest) }},
		{"weights with another sha256 are corrupt", fstest.MapFS{
			ManifestFile: {Data: []byte(manifest)}, "m.safetensors": {Data: []byte("weightz")}}, "m",
			func(err error) bool { var e *Error; return errors.As(err, &e) && e.Kind == Corrupt }},
		{"a listed file that is missing is a missing file", fstest.MapFS{
			ManifestFile: {Data: []byte(manifest)}}, "m",
			func(err error) bool { return errors.Is(err, fs.ErrNotExist) }},
		{"verified weights of an unregistered model are not found", fstest.MapFS{
			ManifestFile: {Data: []byte(manifest)}, "m.safetensors": {Data: weights}}, "m",
			func(err error) bool { var e *Error; return errors.As(err, &e) && e.Kind == NotFound }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, _, err := LoadFS(c.fsys, c.model)
			if p != nil || err == nil || !c.check(err) {
				t.Fatalf("LoadFS = %v, %v", p, err)
			}
		})
	}
}
