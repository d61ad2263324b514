package textmodel

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/textmodel/textnet"
	"github.com/bedside-health/bedside/engine/jsonval"
	"github.com/bedside-health/bedside/engine/safetensors"
	"github.com/bedside-health/bedside/nlp"
)

func TestMarshalHeaderWritesWhatJSONMarshalWrites(t *testing.T) {
	cases := []fileHeader{{}, {Name: "symptom", Version: "1", Labels: []string{"a", "<b>"}, Spec: "en|stem", Members: 5, MaxTokens: 64, MaxRunes: 4000, Bigrams: true, Temperature: 1.3, MinConfidence: 0.4, DropUnasserted: true},
		{Labels: []string{}, Temperature: 1e-7, MinConfidence: 1e21}, {Temperature: math.NaN()}, {MinConfidence: math.Inf(1)}, {Name: "\u2028\xff&"}}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		h := fileHeader{Name: string(rune(rng.IntN(0x3000))), Members: rng.Int(), MaxTokens: -rng.IntN(9), Bigrams: rng.IntN(2) == 0, Temperature: rng.NormFloat64(), MinConfidence: rng.Float64() / 1e9}
		for range rng.IntN(3) {
			h.Labels = append(h.Labels, string(rune(rng.IntN(0x3000))))
		}
		cases = append(cases, h)
	}
	for _, h := range cases {
		want, wantErr := json.Marshal(h)
		got, err := marshalHeader(h)
		if (err != nil) != (wantErr != nil) || !bytes.Equal(got, want) {
			t.Fatalf("marshalHeader(%+v) = %s, %v; json.Marshal: %s, %v", h, got, err, want, wantErr)
		}
	}
}

var headerDocs = []string{`{"name":"symptom","version":"1","labels":["a","b"],"spec":"en","members":5,"max_tokens":64,"max_runes":4000,"bigrams":true,"temperature":1.3,"min_confidence":0.4,"drop_unasserted":true}`,
	`null`, `{}`, `[]`, `{"LABELS":["a"],"x":{}}`, `{"labels":["a","b"],"labels":[null]}`, `{"labels":["a",1]}`, `{"labels":[]}`, `{"labels":null}`,
	`{"members":1.5}`, `{"temperature":"1"}`, `{"bigrams":1}`, `{"min_confidence":1e999}`, ``, `{} {}`}

func checkHeader(t *testing.T, doc []byte) {
	t.Helper()
	var want, got fileHeader
	wantErr := json.Unmarshal(doc, &want)
	err := unmarshalHeader(doc, &got)
	var te *jsonval.TypeError
	if (err != nil) != (wantErr != nil) || err == nil && !reflect.DeepEqual(got, want) || errors.As(err, &te) && err.Error() != wantErr.Error() {
		t.Fatalf("unmarshalHeader(%q) = %+v, %v; json.Unmarshal: %+v, %v", doc, got, err, want, wantErr)
	}
}

func TestUnmarshalHeaderReadsWhatJSONUnmarshalReads(t *testing.T) {
	for _, d := range headerDocs {
		t.Run(d, func(t *testing.T) { checkHeader(t, []byte(d)) })
	}
}

func FuzzUnmarshalHeader(f *testing.F) {
	for _, d := range headerDocs {
		f.Add([]byte(d))
	}
	f.Fuzz(checkHeader)
}

// Every shipped text model's JSON metadata reads and writes back to the
// same bytes, so training writes what it wrote with encoding/json.
func TestShippedTextMetadataWritesBack(t *testing.T) {
	for _, name := range []string{"symptom", "specialty", "department"} {
		t.Run(name, func(t *testing.T) {
			w, err := os.ReadFile(filepath.Join("..", "..", "..", "web", "models", name+".safetensors"))
			if err != nil {
				t.Fatal(err)
			}
			f, err := safetensors.Decode(w)
			if err != nil {
				t.Fatal(err)
			}
			raw := []byte(f.Metadata[clinical.MetaTextHeader])
			checkHeader(t, raw)
			var h fileHeader
			if err := unmarshalHeader(raw, &h); err != nil {
				t.Fatal(err)
			}
			if b, _ := marshalHeader(h); !bytes.Equal(b, raw) {
				t.Errorf("the header writes back as %s, not %s", b, raw)
			}
			raw = []byte(f.Metadata[clinical.MetaTextConfig])
			var c textnet.Config
			if err := textnet.UnmarshalConfig(raw, &c); err != nil {
				t.Fatal(err)
			}
			if b, _ := textnet.MarshalConfig(c); !bytes.Equal(b, raw) {
				t.Errorf("the config writes back as %s, not %s", b, raw)
			}
			for _, key := range []string{clinical.MetaVocab, clinical.MetaWideVocab} {
				raw, ok := f.Metadata[key]
				if !ok {
					continue
				}
				v, err := nlp.ParseVocabulary([]byte(raw))
				if err != nil {
					t.Fatal(err)
				}
				if b, _ := v.MarshalJSON(); !bytes.Equal(b, []byte(raw)) {
					t.Errorf("%s writes back differently", key)
				}
			}
		})
	}
}
