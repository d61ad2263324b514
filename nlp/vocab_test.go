package nlp

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestBuildVocabulary(t *testing.T) {
	docs := [][]string{
		{"fever", "cough", "fever", "the"},
		{"cough", "rash", "the"},
		{"fever", "the", "itch"},
	}
	tests := []struct {
		name string
		opts VocabOptions
		want []string
	}{
		{"all terms by count then bytes", VocabOptions{}, []string{PadTerm, OOVTerm, "fever", "the", "cough", "itch", "rash"}},
		{"min count drops rare terms", VocabOptions{MinCount: 2}, []string{PadTerm, OOVTerm, "fever", "the", "cough"}},
		{"max size counts pad and oov", VocabOptions{MaxSize: 4}, []string{PadTerm, OOVTerm, "fever", "the"}},
		{"doc fraction drops terms in every document", VocabOptions{MaxDocFraction: 0.9}, []string{PadTerm, OOVTerm, "fever", "cough", "itch", "rash"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := BuildVocabulary(docs, tt.opts)
			if !reflect.DeepEqual(v.Terms(), tt.want) {
				t.Errorf("terms = %q, want %q", v.Terms(), tt.want)
			}
		})
	}
}

func TestVocabularyIDs(t *testing.T) {
	v := BuildVocabulary([][]string{{"fever", "cough", "fever"}}, VocabOptions{})
	if got := v.IDs([]string{"fever", "cough", "unseen"}); !reflect.DeepEqual(got, []int{2, 3, OOVID}) {
		t.Errorf("IDs = %v", got)
	}
	if v.Term(PadID) != PadTerm || v.Term(99) != OOVTerm || v.Term(-1) != OOVTerm || v.Len() != 4 {
		t.Errorf("Term/Len wrong: %q %q %d", v.Term(PadID), v.Term(99), v.Len())
	}
}

func TestVocabularyJSON(t *testing.T) {
	v := BuildVocabulary([][]string{{"fever", "咳嗽", "\"quoted\""}}, VocabOptions{})
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("it round-trips", func(t *testing.T) {
		w, err := ParseVocabulary(b)
		if err != nil || !reflect.DeepEqual(w.Terms(), v.Terms()) {
			t.Fatalf("round trip: %v, %q vs %q", err, w.Terms(), v.Terms())
		}
	})
	t.Run("it fits in a JSON string value", func(t *testing.T) {
		meta, _ := json.Marshal(map[string]string{"vocab": string(b)})
		var m map[string]string
		if err := json.Unmarshal(meta, &m); err != nil {
			t.Fatal(err)
		}
		if _, err := ParseVocabulary([]byte(m["vocab"])); err != nil {
			t.Fatal(err)
		}
	})
	for _, bad := range []struct{ name, in, want string }{
		{"a truncated vocabulary is rejected", `{"version":1,"terms":["<pad>"`, "vocabulary"},
		{"a future version is rejected", `{"version":2,"terms":["<pad>","<unk>"]}`, "version 2"},
		{"a vocabulary without pad and oov is rejected", `{"version":1,"terms":["fever"]}`, "<pad>"},
		{"a duplicated term is rejected", `{"version":1,"terms":["<pad>","<unk>","a","a"]}`, "twice"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			_, err := ParseVocabulary([]byte(bad.in))
			if err == nil || !strings.Contains(err.Error(), bad.want) {
				t.Fatalf("err = %v, want it to mention %q", err, bad.want)
			}
		})
	}
}

func FuzzParseVocabulary(f *testing.F) {
	f.Add([]byte(`{"version":1,"terms":["<pad>","<unk>","a"]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := ParseVocabulary(b)
		if err == nil && (v.Term(PadID) != PadTerm || v.ID(v.Term(v.Len()-1)) != v.Len()-1) {
			t.Fatalf("accepted an inconsistent vocabulary: %q", v.Terms())
		}
	})
}
