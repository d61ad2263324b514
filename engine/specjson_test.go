package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/bedside-health/bedside/engine/jsonval"
)

func TestMarshalLayerSpecsWritesWhatJSONMarshalWrites(t *testing.T) {
	cases := [][]LayerSpec{nil, {}, {{Kind: "dense", Name: "l0", In: 3, Out: 4}, {Kind: "relu"}, {Kind: "dropout", P: 0.25}},
		{{Kind: "<&>", Name: "\u2028\xff", In: -1, Out: math.MaxInt64, P: 1e-7}}, {{P: 1e21}}, {{P: math.Copysign(0, -1)}}, {{P: math.NaN()}}, {{P: math.Inf(1)}}}
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := []string{"dense", "relu", "", "dropout", "é\"\\"}
	for range 500 {
		specs := make([]LayerSpec, rng.IntN(4))
		for i := range specs {
			specs[i] = LayerSpec{Kind: kinds[rng.IntN(len(kinds))], Name: kinds[rng.IntN(len(kinds))], In: rng.IntN(3) * rng.Int(), Out: rng.IntN(3), P: float64(rng.IntN(2)) * rng.Float64()}
		}
		cases = append(cases, specs)
	}
	for _, specs := range cases {
		want, wantErr := json.Marshal(specs)
		got, err := MarshalLayerSpecs(specs)
		if (err != nil) != (wantErr != nil) || err == nil && !bytes.Equal(got, want) {
			t.Fatalf("MarshalLayerSpecs(%+v) = %s, %v; json.Marshal: %s, %v", specs, got, err, want, wantErr)
		}
	}
}

var specDocs = []string{
	`[{"kind":"dense","name":"l0","in":3,"out":4},{"kind":"relu"},{"kind":"dropout","p":0.25}]`,
	`null`, `[]`, `[null]`, `{}`, `[1]`, `[{"kind":1}]`, `[{"in":1.5}]`, `[{"in":1,"in":null}]`, `[{"KIND":"x","Name":"y","ſ":1}]`,
	`[{"p":1e400}]`, `[{"in":9223372036854775808}]`, `[{"extra":[1,2]}]`, ``, `[`, `[{}] x`,
}

func checkSpecs(t *testing.T, doc []byte) {
	t.Helper()
	var want []LayerSpec
	wantErr := json.Unmarshal(doc, &want)
	got, err := UnmarshalLayerSpecs(doc)
	var te *jsonval.TypeError
	if (err != nil) != (wantErr != nil) || errors.As(err, &te) && err.Error() != wantErr.Error() {
		t.Fatalf("UnmarshalLayerSpecs(%q): error %v, json.Unmarshal: %v", doc, err, wantErr)
	}
	if err == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("UnmarshalLayerSpecs(%q) = %#v, json.Unmarshal: %#v", doc, got, want)
	}
}

func TestUnmarshalLayerSpecsReadsWhatJSONUnmarshalReads(t *testing.T) {
	for _, d := range specDocs {
		t.Run(d, func(t *testing.T) { checkSpecs(t, []byte(d)) })
	}
}

func FuzzUnmarshalLayerSpecs(f *testing.F) {
	for _, d := range specDocs {
		f.Add([]byte(d))
	}
	f.Fuzz(checkSpecs)
}
