package nlp

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/bedside-health/bedside/nlp/jsonval"
)

func TestVocabularyIsWrittenAsJSONMarshalWroteIt(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"a", "<", ">", "&", "\u2028", "\xff", "\"", "é", "中", " "}
	cases := []vocabJSON{{Version: 1}, {Version: 1, Terms: []string{}}, {Version: -3, Terms: []string{PadTerm, OOVTerm, "fever"}}}
	for range 300 {
		j := vocabJSON{Version: rng.IntN(3), Terms: []string{}}
		for range rng.IntN(5) {
			j.Terms = append(j.Terms, alphabet[rng.IntN(len(alphabet))]+alphabet[rng.IntN(len(alphabet))])
		}
		cases = append(cases, j)
	}
	for _, j := range cases {
		want, _ := json.Marshal(j)
		if got := marshalVocab(j); !bytes.Equal(got, want) {
			t.Fatalf("marshalVocab(%+v) = %s, json.Marshal: %s", j, got, want)
		}
	}
}

var vocabDocs = []string{`{"version":1,"terms":["<pad>","<unk>","fever"]}`, `null`, `{}`, `[]`, ``, `{"VERSION":1,"Terms":null}`, `{"terms":["a",1]}`,
	`{"terms":["a","b"],"terms":[null]}`, `{"version":1.0}`, `{"version":"1"}`, `{"terms":"a"}`, `{"x":[{}]}`, `{"version":1} 1`}

func checkVocab(t *testing.T, doc []byte) {
	t.Helper()
	var got, want vocabJSON
	err, wantErr := unmarshalVocab(doc, &got), json.Unmarshal(doc, &want)
	var te *jsonval.TypeError
	if (err != nil) != (wantErr != nil) || err == nil && !reflect.DeepEqual(got, want) || errors.As(err, &te) && err.Error() != wantErr.Error() {
		t.Fatalf("unmarshalVocab(%q) = %+v, %v; json.Unmarshal: %+v, %v", doc, got, err, want, wantErr)
	}
}

func TestVocabularyIsReadAsJSONUnmarshalReadIt(t *testing.T) {
	for _, d := range vocabDocs {
		t.Run(d, func(t *testing.T) { checkVocab(t, []byte(d)) })
	}
}

func FuzzVocabularyAsEncodingJSON(f *testing.F) {
	for _, d := range vocabDocs {
		f.Add([]byte(d))
	}
	f.Fuzz(checkVocab)
}
