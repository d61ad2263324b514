//go:build !(js && wasm)

package platform

func newSealer() sealer { return goSealer{} }

func newStore() store { return &memStore{} }
