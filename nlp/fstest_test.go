package nlp

import (
	"io/fs"
	"testing/fstest"
)

// fstestMap builds an in-memory lexicon directory for tests.
type fstestMap map[string]string

func (m fstestMap) FS() fs.FS {
	out := fstest.MapFS{}
	for k, v := range m {
		out[k] = &fstest.MapFile{Data: []byte(v)}
	}
	return out
}

func copyMap(m map[string]string) fstestMap {
	out := fstestMap{}
	for k, v := range m {
		out[k] = v
	}
	return out
}
