package risk

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/task"
)

func synthRotterdam(n int) string {
	s := uint64(2)
	next := func() float64 {
		s = s*6364136223846793005 + 1442695040888963407
		return float64(s>>11) / (1 << 53)
	}
	var b strings.Builder
	b.WriteString("rownames,pid,year,age,meno,size,grade,nodes,pgr,er,hormon,chemo,rtime,recur,dtime,death\n")
	sizes := []string{"<=20", "20-50", ">50"}
	for i := 0; i < n; i++ {
		nodes := int(8 * next() * next())
		t := 200 + 4000*next()/(1+float64(nodes))
		recur := 0
		if next() < 0.6 {
			recur = 1
		}
		fmt.Fprintf(&b, "%d,%d,1985,%.0f,%d,%s,%d,%d,%.0f,%.0f,%d,0,%.0f,%d,%.0f,0\n",
			i+1, i+1, 30+50*next(), int(2*next()), sizes[int(3*next())], 2+int(2*next()), nodes,
			300*next(), 300*next(), int(2*next()), t, recur, t+100)
	}
	return b.String()
}

var survivalInputs = []string{
	`{"age":55,"meno":1,"size":"20-50","grade":3,"nodes":3,"pgr":50,"er":80,"hormon":0}`,
	`{"age":40,"meno":0,"size":12,"grade":2,"nodes":0,"pgr":300,"er":250,"hormon":0}`,
	`{"age":70,"meno":1,"size":">50","grade":3,"nodes":40,"pgr":0,"er":5000,"hormon":1}`,
}

func loadSurvivalGolden(t *testing.T) (*Predictor, []byte) {
	t.Helper()
	path := filepath.Join("testdata", "survival-smoke.safetensors")
	if *update {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, "rotterdam"), 0o755)
		if err := os.WriteFile(filepath.Join(dir, "rotterdam", "train.csv"), []byte(synthRotterdam(200)), 0o644); err != nil {
			t.Fatal(err)
		}
		tr, err := survivalSpec.trainSurvival(task.Config{DataDir: dir, Seed: 1, Smoke: true})
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(path, tr.Weights, 0o644)
	}
	w, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p, err := clinical.Load("survival", w)
	if err != nil {
		t.Fatal(err)
	}
	return clinical.Unwrap(p).(*Predictor), w
}

func TestSurvivalGolden(t *testing.T) {
	p, _ := loadSurvivalGolden(t)
	var got []*clinical.SurvivalPrediction
	for _, in := range survivalInputs {
		r, err := p.Predict([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, r.(*clinical.SurvivalPrediction))
	}
	path := filepath.Join("testdata", "survival-smoke.golden.json")
	if *update {
		b, _ := json.MarshalIndent(got, "", " ")
		os.WriteFile(path, append(b, '\n'), 0o644)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var want []*clinical.SurvivalPrediction
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	for i := range want {
		g, w := got[i], want[i]
		if math.Abs(g.RiskScore-w.RiskScore) > 1e-5 || g.RiskGroup != w.RiskGroup || math.Abs(g.Survival5y-w.Survival5y) > 1e-5 {
			t.Errorf("input %d: risk %v %s S5 %v; golden %v %s %v", i, g.RiskScore, g.RiskGroup, g.Survival5y, w.RiskScore, w.RiskGroup, w.Survival5y)
		}
		for k := range w.Curve {
			if math.Abs(g.Curve[k].Survival-w.Curve[k].Survival) > 1e-5 {
				t.Fatalf("input %d: S(%v) = %v, golden %v", i, w.Curve[k].Days, g.Curve[k].Survival, w.Curve[k].Survival)
			}
		}
	}
}

func TestSurvivalPrediction(t *testing.T) {
	p, _ := loadSurvivalGolden(t)
	baseRisk := p.st.Slope*p.ens.Logit(p.base) - p.st.Center
	for i, in := range survivalInputs {
		r, err := p.Predict([]byte(in))
		if err != nil {
			t.Fatal(err)
		}
		sp := r.(*clinical.SurvivalPrediction)
		t.Run(fmt.Sprintf("input %d has a falling curve from 1 over 10 years", i), func(t *testing.T) {
			if len(sp.Curve) != horizon+1 || sp.Curve[0].Survival != 1 || math.Abs(sp.Curve[horizon].Days-3652.5) > 1e-9 {
				t.Fatalf("curve has %d points, ends at %v days", len(sp.Curve), sp.Curve[len(sp.Curve)-1].Days)
			}
			for k := 1; k < len(sp.Curve); k++ {
				if sp.Curve[k].Survival > sp.Curve[k-1].Survival {
					t.Fatalf("S rises at %v days", sp.Curve[k].Days)
				}
			}
			if !(sp.Survival1y >= sp.Survival5y && sp.Survival5y >= sp.Survival10y) {
				t.Errorf("S(1y) %v S(5y) %v S(10y) %v", sp.Survival1y, sp.Survival5y, sp.Survival10y)
			}
		})
		t.Run(fmt.Sprintf("input %d's contributions add up to its risk score", i), func(t *testing.T) {
			sum := 0.0
			for _, c := range sp.Contributions {
				sum += c.Contribution
			}
			if d := math.Abs(sum - (sp.RiskScore - baseRisk)); d > 0.05*math.Max(1, math.Abs(sp.RiskScore-baseRisk)) {
				t.Errorf("sum %v, risk difference %v", sum, sp.RiskScore-baseRisk)
			}
		})
	}
	t.Run("values beyond the training data are clamped with a warning", func(t *testing.T) {
		r, _ := p.Predict([]byte(survivalInputs[2]))
		ws := r.(*clinical.SurvivalPrediction).Warnings
		found := false
		for _, w := range ws {
			found = found || (w.Code == clinical.MsgClamped && w.Args["field"] == "nodes" && w.Args["value"] == "40")
		}
		if !found {
			t.Errorf("warnings %v, want nodes 40 clamped", ws)
		}
	})
	t.Run("a size in millimetres equals its category", func(t *testing.T) {
		a, _ := p.Predict([]byte(strings.Replace(survivalInputs[0], `"20-50"`, `35`, 1)))
		b, _ := p.Predict([]byte(survivalInputs[0]))
		if a.(*clinical.SurvivalPrediction).RiskScore != b.(*clinical.SurvivalPrediction).RiskScore {
			t.Error("35 mm and 20-50 differ")
		}
	})
}

func TestSurvivalBadInput(t *testing.T) {
	p, _ := loadSurvivalGolden(t)
	tests := []struct{ name, from, to, field string }{
		{"an unknown size category is named", `"20-50"`, `"big"`, "size"},
		{"a grade outside 1-3 is named", `"grade":3`, `"grade":4`, "grade"},
		{"negative nodes are named", `"nodes":3`, `"nodes":-1`, "nodes"},
		{"NaN receptors are named", `"pgr":50`, `"pgr":"NaN"`, "pgr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Predict([]byte(strings.Replace(survivalInputs[0], tt.from, tt.to, 1)))
			var ce *clinical.Error
			if !errors.As(err, &ce) || ce.Kind != clinical.Invalid || ce.Field != tt.field {
				t.Errorf("error %v, want Invalid %s", err, tt.field)
			}
		})
	}
}

func TestSurvivalLoadRefusesDamagedWeights(t *testing.T) {
	_, w := loadSurvivalGolden(t)
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"a truncated file", w[:len(w)-9]},
		{"a file without the survival state", []byte(strings.Replace(string(w), `"bedside.survival"`, `"bedside.survivaX"`, 1))},
	} {
		t.Run(tt.name+" is corrupt", func(t *testing.T) {
			_, err := clinical.Load("survival", tt.data)
			var ce *clinical.Error
			if !errors.As(err, &ce) || ce.Kind != clinical.Corrupt {
				t.Errorf("error = %v", err)
			}
		})
	}
}

func TestBreslow(t *testing.T) {
	// Equal risks: Breslow is Nelson-Aalen. Times 10 (event), 20 (censored),
	// 30 (event), 40 (event): H(10)=1/4, H(30)=1/4+1/2, H(40)=+1.
	days, h := breslow([]float64{0, 0, 0, 0}, []float64{10, 20, 30, 40}, []bool{true, false, true, true})
	if days[0] != 30.4375 || math.Abs(h[0]-0.75) > 1e-9 || math.Abs(h[1]-1.75) > 1e-9 {
		t.Errorf("H at %v, %v = %v, %v; want 0.75, 1.75", days[0], days[1], h[0], h[1])
	}
}

func TestSizeLevels(t *testing.T) {
	for _, tt := range []struct {
		mm   float64
		want float64
	}{{5, 0}, {20, 0}, {20.5, 1}, {50, 1}, {51, 2}} {
		if got := sizeLevel(tt.mm); got != tt.want {
			t.Errorf("%v mm -> %v, want %v", tt.mm, got, tt.want)
		}
	}
}
