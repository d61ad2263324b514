package clinical

import (
	"errors"
	"io/fs"
)

// ManifestFile is the manifest's name inside a models directory.
const ManifestFile = "manifest.json"

// ErrNotInManifest is returned (wrapped) by LoadFS when the manifest does
// not list the model, so that a command can say how to train it.
var ErrNotInManifest = errors.New("not in the manifest")

// LoadFS reads a models directory (manifest.json and the weights it lists),
// verifies the named model's weights against the manifest's size and sha256
// and builds its predictor. Every program that serves models from a
// directory (bedside predict and eval, the Beam pipeline) loads through it,
// so none of them can skip the check.
func LoadFS(fsys fs.FS, name string) (Predictor, Entry, error) {
	data, err := fs.ReadFile(fsys, ManifestFile)
	if err != nil {
		return nil, Entry{}, err
	}
	m, err := ParseManifest(data)
	if err != nil {
		return nil, Entry{}, err
	}
	e, ok := m.Find(name)
	if !ok {
		return nil, e, &Error{Op: "load " + name, Kind: NotFound, Err: ErrNotInManifest}
	}
	w, err := fs.ReadFile(fsys, e.File)
	if err != nil {
		return nil, e, err
	}
	if err := e.Verify(w); err != nil {
		return nil, e, err
	}
	p, err := Load(name, w)
	return p, e, err
}
