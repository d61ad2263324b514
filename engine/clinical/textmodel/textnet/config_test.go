package textnet

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bedside-health/bedside/engine/jsonval"
)

func TestMarshalConfigWritesWhatJSONMarshalWrites(t *testing.T) {
	cases := []Config{{}, {Vocab: 5000, Embed: 32, Hidden: 64, Attention: 32, Classes: 12, Pad: 0, Dropout: 0.3},
		{Pad: -1, Dropout: 1e-7}, {Vocab: math.MaxInt64, Dropout: 1e21}, {Dropout: math.NaN()}, {Dropout: math.Inf(-1)}}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		cases = append(cases, Config{rng.Int(), rng.IntN(100), -rng.IntN(5), rng.IntN(2), rng.Int(), rng.IntN(3) - 1, rng.Float64()})
	}
	for _, c := range cases {
		want, wantErr := json.Marshal(c)
		got, err := MarshalConfig(c)
		if (err != nil) != (wantErr != nil) || !bytes.Equal(got, want) {
			t.Fatalf("MarshalConfig(%+v) = %s, %v; json.Marshal: %s, %v", c, got, err, want, wantErr)
		}
	}
}

var configDocs = []string{`{"vocab":5000,"embed":32,"hidden":64,"attention":32,"classes":12,"pad":0,"dropout":0.3}`,
	`null`, `{}`, `[]`, `{"VOCAB":1,"x":[{}]}`, `{"vocab":1.5}`, `{"vocab":"1"}`, `{"dropout":1e400}`, `{"pad":null}`, `{"vocab":1,"vocab":2}`, ``, `{"vocab":1}x`}

func checkConfig(t *testing.T, doc []byte) {
	t.Helper()
	want, got := Config{Pad: 7}, Config{Pad: 7}
	wantErr := json.Unmarshal(doc, &want)
	err := UnmarshalConfig(doc, &got)
	var te *jsonval.TypeError
	if (err != nil) != (wantErr != nil) || err == nil && got != want || errors.As(err, &te) && err.Error() != wantErr.Error() {
		t.Fatalf("UnmarshalConfig(%q) = %+v, %v; json.Unmarshal: %+v, %v", doc, got, err, want, wantErr)
	}
}

func TestUnmarshalConfigReadsWhatJSONUnmarshalReads(t *testing.T) {
	for _, d := range configDocs {
		t.Run(d, func(t *testing.T) { checkConfig(t, []byte(d)) })
	}
}

func FuzzUnmarshalConfig(f *testing.F) {
	for _, d := range configDocs {
		f.Add([]byte(d))
	}
	f.Fuzz(checkConfig)
}
