package risk

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

	"github.com/bedside-health/bedside/engine"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/jsonval"
	"github.com/bedside-health/bedside/engine/safetensors"
)

func randomFloat(rng *rand.Rand) float64 {
	switch rng.IntN(6) {
	case 0:
		return 0
	case 1:
		return math.Float64frombits(rng.Uint64())
	default:
		return rng.NormFloat64() * math.Pow(10, float64(rng.IntN(40)-20))
	}
}

func randomFloats(rng *rand.Rand) []float64 {
	if rng.IntN(4) == 0 {
		return nil
	}
	v := make([]float64, rng.IntN(4))
	for i := range v {
		v[i] = randomFloat(rng)
	}
	return v
}

func sameBytes(t *testing.T, what string, got []byte, err error, v any) {
	t.Helper()
	want, wantErr := json.Marshal(v)
	if (err != nil) != (wantErr != nil) || err == nil && !bytes.Equal(got, want) {
		t.Fatalf("%s(%+v) = %s, %v; json.Marshal: %s, %v", what, v, got, err, want, wantErr)
	}
}

func TestMetadataIsWrittenAsJSONMarshalWroteIt(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	names := []string{"age", "", "<bp>", "\u2028", "\xff"}
	for range 500 {
		e := &Encoder{Width: rng.IntN(40) - 2}
		if rng.IntN(5) > 0 {
			e.Columns = make([]Column, rng.IntN(4))
		}
		for i := range e.Columns {
			e.Columns[i] = Column{Name: names[rng.IntN(len(names))], OneHot: rng.IntN(2) == 0, Log: rng.IntN(2) == 0, Indicator: rng.IntN(2) == 0, Clip: rng.IntN(2) == 0,
				Impute: randomFloat(rng), Mean: randomFloat(rng), SD: randomFloat(rng), Levels: randomFloats(rng), Lo: randomFloat(rng), Hi: randomFloat(rng)}
		}
		got, err := marshalEncoder(e)
		sameBytes(t, "marshalEncoder", got, err, e)
		c := calibration{randomFloat(rng), randomFloat(rng)}
		got, err = marshalCalibration(c)
		sameBytes(t, "marshalCalibration", got, err, c)
		f := randomFloats(rng)
		got, err = marshalFloats(f)
		sameBytes(t, "marshalFloats", got, err, f)
		st := survState{randomFloat(rng), randomFloat(rng), randomFloats(rng), randomFloats(rng), randomFloats(rng)}
		got, err = marshalSurvState(st)
		sameBytes(t, "marshalSurvState", got, err, st)
	}
	got, err := marshalEncoder(nil)
	sameBytes(t, "marshalEncoder", got, err, (*Encoder)(nil))
	for _, s := range [][]string{{"no", "yes"}, {"<", "\u2029"}, nil} {
		got, err := marshalStrings(s)
		sameBytes(t, "marshalStrings", got, err, s)
	}
}

var metaDocs = []string{
	`{"columns":[{"name":"age","impute":50,"mean":0.1,"sd":1,"lo":20,"hi":90},{"name":"cp","one_hot":true,"impute":1,"mean":0,"sd":1,"levels":[1,2,3],"lo":1,"hi":3}],"width":4}`,
	`{"slope":0.9,"center":-0.1,"days":[30,60],"cumhaz":[0.01,0.02],"tertiles":[-0.5,0.5]}`, `{"a":1.2,"b":-0.3}`, `[0.5,1,null]`,
	`null`, `{}`, `[]`, ``, `{"columns":null}`, `{"columns":{}}`, `{"columns":[null,1]}`, `{"columns":[{"levels":[1,"x"]}]}`, `{"columns":[{"sd":1e999}]}`,
	`{"COLUMNS":[{"NAME":"a","One_Hot":true}],"Width":2.5}`, `{"a":"1","b":null}`, `{"days":[1,2],"days":[null]}`, `{"tertiles":1}`, `{"slope":true}`,
	`[1,"x"]`, `{"width":1}x`,
}

// checkMeta decodes doc into each metadata type by hand and with
// json.Unmarshal and fails on any difference.
func checkMeta(t *testing.T, doc []byte) {
	t.Helper()
	compare := func(what string, got, want any, err, wantErr error) {
		t.Helper()
		var te *jsonval.TypeError
		if (err != nil) != (wantErr != nil) || err == nil && !reflect.DeepEqual(got, want) || errors.As(err, &te) && err.Error() != wantErr.Error() {
			t.Fatalf("%s(%q) = %+v, %v; json.Unmarshal: %+v, %v", what, doc, got, err, want, wantErr)
		}
	}
	var e, we Encoder
	compare("unmarshalEncoder", e, we, unmarshalEncoder(doc, &e), json.Unmarshal(doc, &we))
	var s, ws survState
	compare("unmarshalSurvState", s, ws, unmarshalSurvState(doc, &s), json.Unmarshal(doc, &ws))
	var c, wc calibration
	compare("unmarshalCalibration", c, wc, unmarshalCalibration(doc, &c), json.Unmarshal(doc, &wc))
	var f, wf []float64
	compare("unmarshalFloats", f, wf, unmarshalFloats(doc, &f), json.Unmarshal(doc, &wf))
}

func TestMetadataIsReadAsJSONUnmarshalReadIt(t *testing.T) {
	for _, d := range metaDocs {
		t.Run(d, func(t *testing.T) { checkMeta(t, []byte(d)) })
	}
}

// Every shipped risk and survival file's metadata reads as before and
// writes back to the same bytes.
func TestShippedMetadataReadsAndWritesBack(t *testing.T) {
	for _, name := range []string{"heart", "pima", "wdbc", "survival"} {
		t.Run(name, func(t *testing.T) {
			w, err := os.ReadFile(filepath.Join("..", "..", "..", "web", "models", name+".safetensors"))
			if err != nil {
				t.Fatal(err)
			}
			f, err := safetensors.Decode(w)
			if err != nil {
				t.Fatal(err)
			}
			meta := func(k string) []byte {
				v, ok := f.Metadata[k]
				if !ok && k != clinical.MetaSurvival && k != clinical.MetaCalibration {
					t.Fatalf("no %s", k)
				}
				checkMeta(t, []byte(v))
				return []byte(v)
			}
			var e Encoder
			raw := meta(clinical.MetaPreprocess)
			if err := unmarshalEncoder(raw, &e); err != nil {
				t.Fatal(err)
			}
			if b, _ := marshalEncoder(&e); !bytes.Equal(b, raw) {
				t.Errorf("the encoder writes back as %s, not %s", b, raw)
			}
			var base []float64
			raw = meta(clinical.MetaBaseline)
			if err := unmarshalFloats(raw, &base); err != nil {
				t.Fatal(err)
			}
			if b, _ := marshalFloats(base); !bytes.Equal(b, raw) {
				t.Errorf("the baseline writes back as %s, not %s", b, raw)
			}
			raw = []byte(f.Metadata[clinical.MetaLayers])
			specs, err := engine.UnmarshalLayerSpecs(raw)
			if err != nil {
				t.Fatal(err)
			}
			if b, _ := engine.MarshalLayerSpecs(specs); !bytes.Equal(b, raw) {
				t.Errorf("the layer specs write back as %s, not %s", b, raw)
			}
			if raw, ok := f.Metadata[clinical.MetaLabels]; ok {
				var labels []string
				json.Unmarshal([]byte(raw), &labels)
				if b, _ := marshalStrings(labels); string(b) != raw {
					t.Errorf("the labels write back as %s, not %s", b, raw)
				}
			}
			if raw := meta(clinical.MetaSurvival); len(raw) > 0 {
				var st survState
				if err := unmarshalSurvState(raw, &st); err != nil {
					t.Fatal(err)
				}
				if b, _ := marshalSurvState(st); !bytes.Equal(b, raw) {
					t.Errorf("the survival state writes back as %s, not %s", b, raw)
				}
			}
			if raw := meta(clinical.MetaCalibration); len(raw) > 0 {
				var c calibration
				if err := unmarshalCalibration(raw, &c); err != nil {
					t.Fatal(err)
				}
				if b, _ := marshalCalibration(c); !bytes.Equal(b, raw) {
					t.Errorf("the calibration writes back as %s, not %s", b, raw)
				}
			}
		})
	}
}

func FuzzMetadataAsEncodingJSON(f *testing.F) {
	for _, d := range metaDocs {
		f.Add([]byte(d))
	}
	f.Fuzz(checkMeta)
}
