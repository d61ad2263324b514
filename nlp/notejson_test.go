package nlp

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// fill sets every exported field reachable from v to a random value, so
// that a field added to a record later, and not to the hand-written
// encoder, makes the comparison with json.Marshal fail.
func fill(rng *rand.Rand, v reflect.Value) {
	strs := []string{"", "fever", "<b>&", "\u2028\u2029", "\xff", "\"\\", "中文", "\x00\x1f"}
	switch v.Kind() {
	case reflect.String:
		v.SetString(strs[rng.IntN(len(strs))])
	case reflect.Int:
		v.SetInt(int64(rng.IntN(3) * (rng.IntN(2000) - 1000)))
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 0)
	case reflect.Slice:
		switch rng.IntN(4) {
		case 0:
			v.SetZero()
		case 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			n := 1 + rng.IntN(3)
			v.Set(reflect.MakeSlice(v.Type(), n, n))
			for i := range n {
				fill(rng, v.Index(i))
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(rng, v.Field(i))
			}
		}
	}
}

func TestNoteIsWrittenAsJSONMarshalWritesIt(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var n Note
		fill(rng, reflect.ValueOf(&n).Elem())
		checkNoteJSON(t, n)
	}
	checkNoteJSON(t, Note{})
}

func checkNoteJSON(t *testing.T, n Note) {
	t.Helper()
	want, err := json.Marshal(n)
	if err != nil {
		t.Fatal(err)
	}
	if got := n.AppendJSON(nil); !bytes.Equal(got, want) {
		t.Fatalf("AppendJSON = %s\njson.Marshal = %s", got, want)
	}
	want, _ = json.Marshal(n.Findings)
	if got := AppendFindingsJSON(nil, n.Findings); !bytes.Equal(got, want) {
		t.Fatalf("AppendFindingsJSON = %s\njson.Marshal = %s", got, want)
	}
}

// The analyses of the test notes, English and Chinese, are written as
// json.Marshal writes them.
func TestAnalysesAreWrittenAsJSONMarshalWritesThem(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no test notes in testdata")
	}
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(f), func(t *testing.T) { checkNoteJSON(t, AnalyzeNote(string(text))) })
	}
}

func FuzzNoteJSON(f *testing.F) {
	f.Add("No fever. Mother had breast cancer. Lasix 40 mg PO BID. BP 148/92. K 5.9 (H). Allergies: PCN (rash).")
	f.Add("患者发热三天，无咳嗽。")
	f.Fuzz(func(t *testing.T, text string) { checkNoteJSON(t, AnalyzeNote(text)) })
}
