package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/bedside-health/bedside/engine/clinical"
	_ "github.com/bedside-health/bedside/engine/clinical/models" // registers every model
	"github.com/bedside-health/bedside/engine/clinical/task"
)

const manifestFile = clinical.ManifestFile

// lookupTask finds a registered task or explains which exist.
func lookupTask(name string) (*task.Task, error) {
	if name == "" {
		return nil, errors.New("-model is required")
	}
	t, ok := task.Lookup(name)
	if !ok {
		var names []string
		for _, t := range task.All() {
			names = append(names, t.Name)
		}
		return nil, fmt.Errorf("unknown model %q (known: %v)", name, names)
	}
	return t, nil
}

// readManifest reads dir/manifest.json; a missing file is an empty manifest
// when allowMissing is set.
func readManifest(dir string, allowMissing bool) (*clinical.Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, manifestFile))
	if errors.Is(err, fs.ErrNotExist) && allowMissing {
		return &clinical.Manifest{}, nil
	}
	if err != nil {
		return nil, err
	}
	return clinical.ParseManifest(data)
}

// writeManifest writes m sorted by name, so the file depends only on its
// entries and not on the order models were trained in.
func writeManifest(dir string, m *clinical.Manifest) error {
	sort.Slice(m.Models, func(i, j int) bool { return m.Models[i].Name < m.Models[j].Name })
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return writeFileAtomic(filepath.Join(dir, manifestFile), append(data, '\n'))
}

// writeFileAtomic replaces path in one rename, so that a crash mid-write
// never leaves a truncated weights file next to a manifest that vouches
// for it.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path))
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// loadModel reads a model's weights from dir, verifies them against the
// manifest and builds its predictor.
func loadModel(dir, name string) (clinical.Predictor, clinical.Entry, error) {
	p, e, err := clinical.LoadFS(os.DirFS(dir), name)
	switch {
	case errors.Is(err, clinical.ErrNotInManifest):
		return nil, e, fmt.Errorf("model %q is not in %s (train it with: bedside train -model %s -out %s)",
			name, filepath.Join(dir, manifestFile), name, dir)
	case err != nil && e.Name == "":
		return nil, e, fmt.Errorf("reading the manifest in %s: %w", dir, err)
	}
	return p, e, err
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
