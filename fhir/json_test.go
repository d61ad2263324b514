package fhir

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/bedside-health/bedside/nlp"
)

// fill sets every exported field reachable from v to a random value, so
// that a field added to a FHIR type, and not to the writer, fails the
// comparison with encoding/json.
func fill(rng *rand.Rand, v reflect.Value, depth int) {
	strs := []string{"", "fever", "<b>&", "\u2028", "\xff", "\"\\", "中文", "\x01"}
	nums := []Number{"0", "-1.5", "37.1", "1e3", "", "0.01"}
	switch v.Kind() {
	case reflect.String:
		if v.Type() == reflect.TypeFor[Number]() {
			v.SetString(string(nums[rng.IntN(len(nums))]))
		} else {
			v.SetString(strs[rng.IntN(len(strs))])
		}
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 0)
	case reflect.Pointer:
		if depth < 6 && rng.IntN(3) > 0 {
			v.Set(reflect.New(v.Type().Elem()))
			fill(rng, v.Elem(), depth+1)
		} else {
			v.SetZero()
		}
	case reflect.Slice:
		switch k := rng.IntN(4); {
		case k == 0 || depth >= 6:
			v.SetZero()
		case k == 1:
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		default:
			n := 1 + rng.IntN(2)
			v.Set(reflect.MakeSlice(v.Type(), n, n))
			for i := range n {
				fill(rng, v.Index(i), depth+1)
			}
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(rng, v.Field(i), depth+1)
			}
		}
	}
}

func checkBundleJSON(t *testing.T, b BundleResource) {
	t.Helper()
	want, wantErr := json.MarshalIndent(b, "", " ")
	got, err := marshalIndent(b)
	if (err != nil) != (wantErr != nil) || err == nil && !bytes.Equal(got, want) {
		t.Fatalf("marshalIndent = %s, %v\njson.MarshalIndent = %s, %v", got, err, want, wantErr)
	}
}

func TestBundleIsWrittenAsMarshalIndentWritesIt(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		var b BundleResource
		fill(rng, reflect.ValueOf(&b).Elem(), 0)
		checkBundleJSON(t, b)
	}
	checkBundleJSON(t, BundleResource{})
	files, _ := filepath.Glob(filepath.Join("..", "nlp", "testdata", "*.txt"))
	if len(files) == 0 {
		t.Fatal("no test notes")
	}
	for _, f := range files {
		text, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			checkBundleJSON(t, Bundle(string(text), nlp.AnalyzeNote(string(text)), Options{}))
		})
	}
}

func TestNumberIsWrittenAsAJSONNumber(t *testing.T) {
	for _, s := range []string{"", "0", "-0", "1.50", "1e3", "1E+3", "-1.5e-7", "007", "1.", ".5", "+1", "x", "1 ", "NaN", "0x10", "12345678901234567890123"} {
		want, wantErr := json.Marshal(json.Number(s))
		got, err := Number(s).MarshalJSON()
		if (err != nil) != (wantErr != nil) || err == nil && !bytes.Equal(got, want) {
			t.Errorf("Number(%q) = %s, %v; json.Number: %s, %v", s, got, err, want, wantErr)
		}
	}
}

func FuzzBundleJSON(f *testing.F) {
	f.Add("BP 148/92, HR 88. Lasix 20-40 mg PO BID PRN. K 5.9 (H). No fever. Allergies: PCN (rash). NKDA.")
	f.Add("患者发热三天，无咳嗽。")
	f.Fuzz(func(t *testing.T, text string) { checkBundleJSON(t, Bundle(text, nlp.AnalyzeNote(text), Options{})) })
}
