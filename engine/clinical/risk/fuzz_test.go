package risk

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/safetensors"
)

// tamperInputs are valid inputs of each model, so that a file the loader
// accepts is also run.
var tamperInputs = map[string]string{
	"wdbc":     `{"radius_mean": 17.99, "texture_mean": 10.38, "perimeter_mean": 122.8, "area_mean": 1001, "smoothness_mean": 0.1184, "compactness_mean": 0.2776, "concavity_mean": 0.3001, "concave_points_mean": 0.1471, "symmetry_mean": 0.2419, "fractal_dimension_mean": 0.07871, "radius_se": 1.095, "texture_se": 0.9053, "perimeter_se": 8.589, "area_se": 153.4, "smoothness_se": 0.006399, "compactness_se": 0.04904, "concavity_se": 0.05373, "concave_points_se": 0.01587, "symmetry_se": 0.03003, "fractal_dimension_se": 0.006193, "radius_worst": 25.38, "texture_worst": 17.33, "perimeter_worst": 184.6, "area_worst": 2019, "smoothness_worst": 0.1622, "compactness_worst": 0.6656, "concavity_worst": 0.7119, "concave_points_worst": 0.2654, "symmetry_worst": 0.4601, "fractal_dimension_worst": 0.1189}`,
	"pima":     `{"pregnancies": 2, "glucose": 148, "blood_pressure": 72, "skin_thickness": 35, "insulin": 0, "bmi": 33.6, "diabetes_pedigree": 0.627, "age": 50}`,
	"heart":    `{"age": 63, "sex": 1, "cp": 1, "trestbps": 145, "chol": 233, "fbs": 1, "restecg": 2, "thalach": 150, "exang": 0, "oldpeak": 2.3, "slope": 3, "ca": 0, "thal": 6}`,
	"survival": `{"age":55,"meno":1,"size":"20-50","grade":3,"nodes":3,"pgr":50,"er":80,"hormon":0}`,
}

var tamperModels = []string{"wdbc", "pima", "heart", "survival"}

// sourceWeights are a valid file of each model: the smoke files where the
// package has one, else the shipped weights.
func sourceWeights(t testing.TB, name string) []byte {
	paths := []string{filepath.Join("testdata", name+"-smoke.safetensors"), filepath.Join("..", "..", "..", "web", "models", name+".safetensors")}
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			return b
		}
	}
	t.Skipf("no weights for %s", name)
	return nil
}

// rebuild decodes w, lets edit change it and encodes it again, so that
// the tampered file is still well-formed safetensors.
func rebuild(t testing.TB, w []byte, edit func(f *safetensors.File)) []byte {
	f, err := safetensors.Decode(w)
	if err != nil {
		t.Fatal(err)
	}
	for i := range f.Tensors {
		f.Tensors[i].Data = append([]byte(nil), f.Tensors[i].Data...)
	}
	edit(f)
	var buf bytes.Buffer
	if err := safetensors.Encode(&buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func tensor(f *safetensors.File, name string) *safetensors.Tensor {
	for i := range f.Tensors {
		if f.Tensors[i].Name == name {
			return &f.Tensors[i]
		}
	}
	return nil
}

// extraLevel adds one level to the first one-hot column (or, in a model
// without one, to the first column), leaving the width as it was: the
// file that used to make Encode write past the end of its input.
func extraLevel(t testing.TB, f *safetensors.File) {
	var enc Encoder
	if err := json.Unmarshal([]byte(f.Metadata[clinical.MetaPreprocess]), &enc); err != nil {
		t.Fatal(err)
	}
	j := 0
	for k, c := range enc.Columns {
		if c.OneHot {
			j = k
			break
		}
	}
	c := &enc.Columns[j]
	c.Levels = append(c.Levels, 99)
	f.Metadata[clinical.MetaPreprocess] = mustJSON(marshalEncoder(&enc))
}

// tampers are the ways a file can be damaged while staying decodable
// (except where the damage is to the container itself).
var tampers = []struct {
	name string
	make func(t testing.TB, w []byte) []byte
}{
	{"an extra one-hot level in the preprocessing", func(t testing.TB, w []byte) []byte {
		return rebuild(t, w, func(f *safetensors.File) { extraLevel(t, f) })
	}},
	{"a first-layer weight with its shape swapped", func(t testing.TB, w []byte) []byte {
		return rebuild(t, w, func(f *safetensors.File) {
			x := tensor(f, "m0.dense0.weight")
			x.Shape = []int{x.Shape[1], x.Shape[0]}
		})
	}},
	{"a NaN weight", func(t testing.TB, w []byte) []byte {
		return rebuild(t, w, func(f *safetensors.File) {
			// dense0 exists in every recipe (a logistic regression has no other).
			binary.LittleEndian.PutUint32(tensor(f, "m0.dense0.weight").Data, math.Float32bits(float32(math.NaN())))
		})
	}},
	{"an infinite baseline value", func(t testing.TB, w []byte) []byte {
		return rebuild(t, w, func(f *safetensors.File) {
			var base []any
			json.Unmarshal([]byte(f.Metadata[clinical.MetaBaseline]), &base)
			base[0] = json.RawMessage("1e999")
			f.Metadata[clinical.MetaBaseline] = mustJSON(json.Marshal(base))
		})
	}},
	{"one member more in the metadata than in the tensors", func(t testing.TB, w []byte) []byte {
		return rebuild(t, w, func(f *safetensors.File) {
			n, _ := strconv.Atoi(f.Metadata[clinical.MetaMembers])
			f.Metadata[clinical.MetaMembers] = strconv.Itoa(n + 1)
		})
	}},
	{"one member fewer in the metadata than in the tensors", func(t testing.TB, w []byte) []byte {
		return rebuild(t, w, func(f *safetensors.File) {
			n, _ := strconv.Atoi(f.Metadata[clinical.MetaMembers])
			f.Metadata[clinical.MetaMembers] = strconv.Itoa(n - 1)
		})
	}},
	{"a member count beyond the cap", func(t testing.TB, w []byte) []byte {
		return rebuild(t, w, func(f *safetensors.File) { f.Metadata[clinical.MetaMembers] = "100000" })
	}},
	{"truncated data", func(t testing.TB, w []byte) []byte { return w[:len(w)-9] }},
	{"a garbage header", func(t testing.TB, w []byte) []byte {
		b := append([]byte(nil), w...)
		n := binary.LittleEndian.Uint64(b)
		for i := uint64(0); i < n; i++ {
			b[8+i] = "#garbage!"[i%9]
		}
		return b
	}},
}

// survivalTampers damage what only a survival file has.
var survivalTampers = []struct {
	name string
	edit func(st map[string]any)
}{
	{"a non-finite slope", func(st map[string]any) { st["slope"] = json.RawMessage("1e999") }},
	{"a falling baseline hazard", func(st map[string]any) {
		h := st["cumhaz"].([]any)
		h[len(h)-1] = -1.0
	}},
	{"days for fewer baseline hazards", func(st map[string]any) { st["days"] = st["days"].([]any)[1:] }},
	{"unordered tertiles", func(st map[string]any) { st["tertiles"] = []float64{1, -1} }},
}

// predictUnguarded runs a loaded file without the recover guards, so
// that a panic fails the test rather than becoming an error.
func predictUnguarded(t testing.TB, p clinical.Predictor, name string) {
	pr := clinical.Unwrap(p).(*Predictor)
	r, err := pr.spec.Schema.ParseJSON("fuzz", []byte(tamperInputs[name]))
	if err != nil {
		t.Fatal(err)
	}
	if pr.st != nil {
		pr.survivalRecord(r)
	} else {
		pr.riskRecord(r)
	}
}

func TestLoadRefusesTamperedWeights(t *testing.T) {
	for _, name := range tamperModels {
		w := sourceWeights(t, name)
		t.Run(name+" rebuilt unchanged still loads and predicts", func(t *testing.T) {
			p, err := clinical.Load(name, rebuild(t, w, func(*safetensors.File) {}))
			if err != nil {
				t.Fatal(err)
			}
			predictUnguarded(t, p, name)
		})
		for _, tt := range tampers {
			t.Run(name+" with "+tt.name+" is corrupt", func(t *testing.T) {
				_, err := clinical.Load(name, tt.make(t, w))
				var ce *clinical.Error
				if !errors.As(err, &ce) || ce.Kind != clinical.Corrupt {
					t.Errorf("error = %v, want Corrupt", err)
				}
			})
		}
	}
	w := sourceWeights(t, "survival")
	for _, tt := range survivalTampers {
		t.Run("survival with "+tt.name+" is corrupt", func(t *testing.T) {
			b := rebuild(t, w, func(f *safetensors.File) {
				var st map[string]any
				json.Unmarshal([]byte(f.Metadata[clinical.MetaSurvival]), &st)
				tt.edit(st)
				f.Metadata[clinical.MetaSurvival] = mustJSON(json.Marshal(st))
			})
			_, err := clinical.Load("survival", b)
			var ce *clinical.Error
			if !errors.As(err, &ce) || ce.Kind != clinical.Corrupt {
				t.Errorf("error = %v, want Corrupt", err)
			}
		})
	}
}

// FuzzLoad checks that no file makes the loader or a prediction on an
// accepted file panic; the seeds are each model's file and its tampered
// versions.
func FuzzLoad(f *testing.F) {
	for i, name := range tamperModels {
		w := sourceWeights(f, name)
		f.Add(uint8(i), w)
		for _, tt := range tampers {
			f.Add(uint8(i), tt.make(f, w))
		}
	}
	f.Fuzz(func(t *testing.T, model uint8, data []byte) {
		name := tamperModels[int(model)%len(tamperModels)]
		p, err := clinical.Load(name, data)
		if err != nil {
			var ce *clinical.Error
			if !errors.As(err, &ce) || ce.Kind != clinical.Corrupt {
				t.Fatalf("error = %v, want Corrupt", err)
			}
			return
		}
		predictUnguarded(t, p, name)
	})
}
