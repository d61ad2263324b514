//go:build !(js && wasm)

package platform

func newSealer() sealer { return goSealer{} }

func newStore() store { return &memStore{} }

// SaveFile, ReadChosenFile and PersistStorage need a browser; natively
// (tests, pre-rendering) they say so.

func SaveFile(name, mime string, data []byte) error { return errNoBrowser }

func ReadChosenFile(id string) ([]byte, error) { return nil, errNoBrowser }

func PersistStorage() (bool, error) { return false, errNoBrowser }
