package risk

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/task"
	"github.com/bedside-health/bedside/engine/metrics"
)

var update = flag.Bool("update", false, "retrain the testdata model and rewrite the golden predictions")

// synthPima is a small pima-shaped training set: outcome driven by
// glucose and BMI, insulin often unmeasured (0).
func synthPima(n int) string {
	s := uint64(1)
	next := func() float64 {
		s = s*6364136223846793005 + 1442695040888963407
		return float64(s>>11) / (1 << 53)
	}
	var b strings.Builder
	b.WriteString("pregnancies,glucose,blood_pressure,skin_thickness,insulin,bmi,diabetes_pedigree,age,outcome\n")
	for i := 0; i < n; i++ {
		glu, bmi := 70+120*next(), 20+25*next()
		ins := 0.0
		if next() < 0.6 {
			ins = 20 + 300*next()
		}
		y := 0
		if glu/200+bmi/60+0.3*next() > 1.05 {
			y = 1
		}
		fmt.Fprintf(&b, "%d,%.0f,%.0f,%.0f,%.0f,%.1f,%.3f,%.0f,%d\n", int(10*next()), glu, 50+40*next(), 10+30*next(), ins, bmi, 0.1+next(), 21+50*next(), y)
	}
	return b.String()
}

var goldenInputs = []string{
	`{"pregnancies":2,"glucose":150,"blood_pressure":70,"skin_thickness":0,"insulin":0,"bmi":35,"diabetes_pedigree":0.5,"age":45}`,
	`{"pregnancies":0,"glucose":90,"blood_pressure":60,"skin_thickness":20,"insulin":80,"bmi":22,"diabetes_pedigree":0.2,"age":25}`,
	`{"pregnancies":9,"glucose":199,"blood_pressure":null,"skin_thickness":40,"insulin":500,"bmi":60,"diabetes_pedigree":2.4,"age":70}`,
}

func loadGolden(t *testing.T) (clinical.Predictor, []byte) {
	t.Helper()
	path := filepath.Join("testdata", "pima-smoke.safetensors")
	if *update {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, "pima"), 0o755)
		if err := os.WriteFile(filepath.Join(dir, "pima", "train.csv"), []byte(synthPima(150)), 0o644); err != nil {
			t.Fatal(err)
		}
		tk, _ := task.Lookup("pima")
		tr, err := tk.Train(task.Config{DataDir: dir, Seed: 1, Smoke: true})
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, tr.Weights, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	w, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := clinical.Load("pima", w)
	if err != nil {
		t.Fatal(err)
	}
	return p, w
}

// TestGolden pins the predictions of a fixed weights file, natively and
// under GOOS=js GOARCH=wasm, to 1e-5.
func TestGolden(t *testing.T) {
	p, _ := loadGolden(t)
	var got []*clinical.RiskPrediction
	for _, in := range goldenInputs {
		r, err := p.Predict([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r.(*clinical.RiskPrediction))
	}
	path := filepath.Join("testdata", "pima-smoke.golden.json")
	if *update {
		b, _ := json.MarshalIndent(got, "", "  ")
		os.WriteFile(path, append(b, '\n'), 0o644)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want []*clinical.RiskPrediction
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	for i := range want {
		if math.Abs(got[i].Probability-want[i].Probability) > 1e-5 || got[i].Label != want[i].Label {
			t.Errorf("input %d: probability %v (%s), golden %v (%s)", i, got[i].Probability, got[i].Label, want[i].Probability, want[i].Label)
		}
		for j := range want[i].Contributions {
			if math.Abs(got[i].Contributions[j].Contribution-want[i].Contributions[j].Contribution) > 1e-5 {
				t.Errorf("input %d, %s: contribution %v, golden %v", i, want[i].Contributions[j].Feature,
					got[i].Contributions[j].Contribution, want[i].Contributions[j].Contribution)
			}
		}
	}
}

// The contributions are integrated gradients from the mean training row,
// so they add up to the calibrated logit minus the baseline's.
func TestContributionsAddUp(t *testing.T) {
	cp, _ := loadGolden(t)
	p := clinical.Unwrap(cp).(*Predictor)
	baseLogit := p.cal.A*p.ens.Logit(p.base) + p.cal.B
	for i, in := range goldenInputs {
		r, _ := p.Predict([]byte(in))
		rp := r.(*clinical.RiskPrediction)
		sum := 0.0
		for _, c := range rp.Contributions {
			sum += c.Contribution
		}
		logit := math.Log(rp.Probability / (1 - rp.Probability))
		if d := math.Abs(sum - (logit - baseLogit)); d > 0.05*math.Max(1, math.Abs(logit-baseLogit)) {
			t.Errorf("input %d: contributions sum to %.4f, logit difference is %.4f", i, sum, logit-baseLogit)
		}
	}
}

func TestPredictRefusesBadInput(t *testing.T) {
	p, _ := loadGolden(t)
	tests := []struct{ name, in, field string }{
		{"a missing required field is named", `{"glucose":100}`, "pregnancies"},
		{"an out-of-range glucose is named", strings.Replace(goldenInputs[1], `"glucose":90`, `"glucose":900`, 1), "glucose"},
		{"a misspelt field is named", strings.Replace(goldenInputs[1], `"bmi"`, `"bmii"`, 1), "bmii"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Predict([]byte(tt.in))
			var ce *clinical.Error
			if !errors.As(err, &ce) || ce.Kind != clinical.Invalid || ce.Field != tt.field {
				t.Errorf("error = %v, want Invalid for %s", err, tt.field)
			}
		})
	}
}

func TestLoadRefusesDamagedWeights(t *testing.T) {
	_, w := loadGolden(t)
	tests := []struct {
		name string
		data []byte
	}{
		{"empty bytes", nil},
		{"a truncated file", w[:len(w)/2]},
		{"another model's weights", []byte(strings.Replace(string(w), `"bedside.model":"pima"`, `"bedside.model":"heart"`, 1))},
		{"a broken preprocessing record", []byte(strings.Replace(string(w), `"bedside.preprocess":"{`, `"bedside.preprocess":"[`, 1))},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is corrupt", func(t *testing.T) {
			_, err := clinical.Load("pima", tt.data)
			var ce *clinical.Error
			if !errors.As(err, &ce) || ce.Kind != clinical.Corrupt {
				t.Errorf("error = %v, want Corrupt", err)
			}
		})
	}
}

func TestEncoder(t *testing.T) {
	fields := []task.Field{{}, {}}
	fields[0].Name, fields[1].Name = "x", "c"
	fields[1].Categories = []float64{1, 2, 3}
	enc := []Encoding{{Log: true, Indicator: true, Clip: true}, {OneHot: true}}
	rows := []task.Record{
		{Values: []float64{0, 1}, Missing: []bool{false, false}},
		{Values: []float64{math.E - 1, 3}, Missing: []bool{false, false}},
		{Values: []float64{math.NaN(), 3}, Missing: []bool{true, false}},
	}
	e, err := fitEncoder(fields, enc, rows)
	if err != nil {
		t.Fatal(err)
	}
	if e.Width != 5 || strings.Join(e.Names(), "|") != "x|x missing|c=1|c=2|c=3" {
		t.Fatalf("width %d names %v", e.Width, e.Names())
	}
	// log1p values 0, 1 and the imputed median (e-1 -> 1 after log1p... median of 0 and e-1)
	got := e.Encode(make([]float64, 5), task.Record{Values: []float64{1000, 2}, Missing: []bool{false, false}})
	// 1000 is clipped to e-1 (the training maximum) before log1p.
	want := (1 - e.Columns[0].Mean) / e.Columns[0].SD
	if math.Abs(got[0]-want) > 1e-12 || got[1] != 0 || got[2] != 0 || got[3] != 1 || got[4] != 0 {
		t.Errorf("encoded %v, want [%v 0 0 1 0]", got, want)
	}
	if owners := e.Owners(); fmt.Sprint(owners) != "[0 0 1 1 1]" {
		t.Errorf("owners %v", owners)
	}
}

func TestPlattOnOutOfFoldLogits(t *testing.T) {
	// A sanity check of the calibration step used by train: perfectly
	// calibrated logits keep slope ~1.
	var z []float64
	var y []bool
	for i := 0; i < 2000; i++ {
		x := float64(i%200)/25 - 4
		z = append(z, x)
		y = append(y, float64((i*7919)%1000)/1000 < metrics.Sigmoid(x))
	}
	a, b := metrics.FitPlatt(z, y)
	if math.Abs(a-1) > 0.15 || math.Abs(b) > 0.15 {
		t.Errorf("a %v b %v", a, b)
	}
}
