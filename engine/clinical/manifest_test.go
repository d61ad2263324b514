package clinical

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/bedside-health/bedside/engine/jsonval"
)

var manifestDocs = []string{
	`{"models":[{"name":"heart","version":"1","file":"heart.safetensors","card":"heart.card.json","sha256":"ab","bytes":12,"kind":"tabular","title":"Heart"}]}`,
	`null`, `{}`, `[]`, ``, `{"models":null}`, `{"models":[null]}`, `{"models":[1]}`, `{"models":[{"bytes":1.5}]}`, `{"models":[{"bytes":"1"}]}`,
	`{"models":[{"NAME":"a","Sha256":"b","x":{}}]}`, `{"models":[{"name":"a"},{"name":"b"}],"models":[{"name":null}]}`, `{"models":[{"bytes":9223372036854775808}]}`,
	`{"models":[]} x`,
}

func checkManifest(t *testing.T, doc []byte) {
	t.Helper()
	var te *jsonval.TypeError
	var m, wm Manifest
	err, wantErr := unmarshalManifest(doc, &m), json.Unmarshal(doc, &wm)
	if (err != nil) != (wantErr != nil) || err == nil && !reflect.DeepEqual(m, wm) || errors.As(err, &te) && err.Error() != wantErr.Error() {
		t.Fatalf("unmarshalManifest(%q) = %+v, %v; json.Unmarshal: %+v, %v", doc, m, err, wm, wantErr)
	}
	var e, we Entry
	err, wantErr = UnmarshalEntry(doc, &e), json.Unmarshal(doc, &we)
	if (err != nil) != (wantErr != nil) || err == nil && e != we || errors.As(err, &te) && err.Error() != wantErr.Error() {
		t.Fatalf("UnmarshalEntry(%q) = %+v, %v; json.Unmarshal: %+v, %v", doc, e, err, we, wantErr)
	}
}

func TestManifestIsReadAsJSONUnmarshalReadIt(t *testing.T) {
	shipped, err := os.ReadFile(filepath.Join("..", "..", "web", "models", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("the shipped manifest", func(t *testing.T) { checkManifest(t, shipped) })
	var m struct{ Models []json.RawMessage }
	json.Unmarshal(shipped, &m)
	for _, e := range m.Models {
		t.Run("a shipped entry", func(t *testing.T) { checkManifest(t, e) })
	}
	for _, d := range manifestDocs {
		t.Run(d, func(t *testing.T) { checkManifest(t, []byte(d)) })
	}
}

func FuzzManifestAsEncodingJSON(f *testing.F) {
	for _, d := range manifestDocs {
		f.Add([]byte(d))
	}
	f.Fuzz(checkManifest)
}
