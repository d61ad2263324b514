package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/task"
)

// run calls the command line in-process.
func run(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = dispatch(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// lcg is a tiny deterministic generator for synthetic rows.
type lcg uint64

func (g *lcg) next() float64 {
	*g = *g*6364136223846793005 + 1442695040888963407
	return float64(uint64(*g)>>11) / (1 << 53)
}

// synthPima writes n rows shaped like pima/train.csv whose outcome
// depends on glucose and BMI, with zeros for unmeasured insulin.
func synthPima(n int, seed uint64) string {
	g := lcg(seed)
	var b strings.Builder
	b.WriteString("pregnancies,glucose,blood_pressure,skin_thickness,insulin,bmi,diabetes_pedigree,age,outcome\n")
	for i := 0; i < n; i++ {
		glu := 70 + 120*g.next()
		bmi := 20 + 25*g.next()
		ins := 0.0
		if g.next() < 0.6 {
			ins = 20 + 300*g.next()
		}
		y := 0
		if glu/200+bmi/60+0.3*g.next() > 1.05 {
			y = 1
		}
		fmt.Fprintf(&b, "%d,%.0f,%.0f,%.0f,%.0f,%.1f,%.3f,%.0f,%d\n",
			int(10*g.next()), glu, 50+40*g.next(), 10+30*g.next(), ins, bmi, 0.1+g.next(), 21+50*g.next(), y)
	}
	return b.String()
}

// synthRotterdam writes n rows shaped like rotterdam/train.csv; more nodes
// mean earlier recurrence.
func synthRotterdam(n int, seed uint64) string {
	g := lcg(seed)
	var b strings.Builder
	b.WriteString("rownames,pid,year,age,meno,size,grade,nodes,pgr,er,hormon,chemo,rtime,recur,dtime,death\n")
	sizes := []string{"<=20", "20-50", ">50"}
	for i := 0; i < n; i++ {
		nodes := int(8 * g.next() * g.next())
		t := 200 + 4000*g.next()/(1+float64(nodes))
		recur := 0
		if g.next() < 0.6 {
			recur = 1
		}
		fmt.Fprintf(&b, "%d,%d,1985,%.0f,%d,%s,%d,%d,%.0f,%.0f,%d,0,%.0f,%d,%.0f,0\n",
			i+1, i+1, 30+50*g.next(), int(2*g.next()), sizes[int(3*g.next())], 2+int(2*g.next()), nodes,
			300*g.next(), 300*g.next(), int(2*g.next()), t, recur, t+100)
	}
	return b.String()
}

// survivalEval turns synthRotterdam rows into the eval format of issue 7.
func survivalEval(t *testing.T, rotterdam string) string {
	lines := strings.Split(strings.TrimSpace(rotterdam), "\n")
	var b strings.Builder
	b.WriteString("age,meno,size,grade,nodes,pgr,er,hormon,time,event\n")
	for _, l := range lines[1:] {
		c := strings.Split(l, ",")
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", c[3], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[12], c[13])
	}
	return b.String()
}

func writeFile(t *testing.T, path, data string) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func keys(m map[string]any) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	sort.Strings(k)
	return k
}

// trained returns a models directory with smoke-trained pima and survival
// models from synthetic data (no dataset needed, so it runs everywhere).
func trained(t *testing.T) (data, models string) {
	t.Helper()
	data = t.TempDir()
	writeFile(t, filepath.Join(data, "pima", "train.csv"), synthPima(150, 1))
	writeFile(t, filepath.Join(data, "rotterdam", "train.csv"), synthRotterdam(200, 2))
	models = filepath.Join(t.TempDir(), "models")
	code, out, errs := run(t, "", "train", "-model", "pima,survival", "-smoke", "-data", data, "-out", models)
	if code != 0 {
		t.Fatalf("train exit %d\nstdout %s\nstderr %s", code, out, errs)
	}
	return data, models
}

func TestTrain(t *testing.T) {
	data, models := trained(t)
	t.Run("train writes weights, cards and a manifest that vouches for them", func(t *testing.T) {
		raw, err := os.ReadFile(filepath.Join(models, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		m, err := clinical.ParseManifest(raw)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Models) != 2 || m.Models[0].Name != "pima" || m.Models[1].Name != "survival" {
			t.Fatalf("manifest models = %+v", m.Models)
		}
		for _, e := range m.Models {
			w, err := os.ReadFile(filepath.Join(models, e.File))
			if err != nil {
				t.Fatal(err)
			}
			if err := e.Verify(w); err != nil {
				t.Errorf("%s: %v", e.Name, err)
			}
			var card clinical.Card
			cj, err := os.ReadFile(filepath.Join(models, e.Card))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(cj, &card); err != nil {
				t.Fatal(err)
			}
			if card.Name != e.Name || card.Version != e.Version || card.Disclaimer != clinical.Disclaimer ||
				len(card.Metrics) == 0 || card.Parameters == 0 || len(card.Inputs) != 8 || card.Data.Licence == "" {
				t.Errorf("%s: card is incomplete: %+v", e.Name, card)
			}
			if e.Kind != map[string]string{"pima": "tabular", "survival": "survival"}[e.Name] {
				t.Errorf("%s: kind %q", e.Name, e.Kind)
			}
		}
	})
	t.Run("a second run gives byte-identical files", func(t *testing.T) {
		again := filepath.Join(t.TempDir(), "models")
		if code, _, errs := run(t, "", "train", "-model", "pima,survival", "-smoke", "-data", data, "-out", again); code != 0 {
			t.Fatalf("train: %s", errs)
		}
		for _, f := range []string{"manifest.json", "pima.safetensors", "pima.card.json", "survival.safetensors", "survival.card.json"} {
			a, _ := os.ReadFile(filepath.Join(models, f))
			b, _ := os.ReadFile(filepath.Join(again, f))
			if !bytes.Equal(a, b) || len(a) == 0 {
				t.Errorf("%s differs between runs", f)
			}
		}
	})
	t.Run("an unknown model is refused by name", func(t *testing.T) {
		code, _, errs := run(t, "", "train", "-model", "nope", "-data", data, "-out", t.TempDir())
		if code != 2 || !strings.Contains(errs, `unknown model "nope"`) {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
	t.Run("missing training data is reported", func(t *testing.T) {
		code, _, errs := run(t, "", "train", "-model", "wdbc", "-data", t.TempDir(), "-out", t.TempDir())
		if code != 1 || !strings.Contains(errs, "no training data") {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
}

func TestEval(t *testing.T) {
	data, models := trained(t)
	dir := t.TempDir()
	pimaCSV := filepath.Join(data, "pima", "train.csv")
	survCSV := writeFile(t, filepath.Join(dir, "surv.csv"), survivalEval(t, synthRotterdam(120, 3)))
	good := strings.SplitN(synthPima(3, 9), "\n", 2)
	header, rows := good[0]+"\n", good[1]
	t.Run("binary eval prints n and exactly the binary metrics", func(t *testing.T) {
		code, out, errs := run(t, "", "eval", "-model", "pima", "-data", pimaCSV, "-models", models)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("stdout is not one JSON object: %q", out)
		}
		if got := strings.Join(keys(m), ","); got != "accuracy,auc,brier,n,sensitivity,specificity" {
			t.Errorf("keys = %s", got)
		}
		if m["n"].(float64) != 150 {
			t.Errorf("n = %v", m["n"])
		}
	})
	t.Run("survival eval prints n, c_index, integrated_brier and the band's coverage and width at 5 years", func(t *testing.T) {
		code, out, errs := run(t, "", "eval", "-model", "survival", "-data", survCSV, "-models", models)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatalf("stdout is not one JSON object: %q", out)
		}
		if got := strings.Join(keys(m), ","); got != "band_coverage_5y,band_width_5y,c_index,integrated_brier,n" {
			t.Errorf("keys = %s", got)
		}
	})
	bad := []struct {
		name, csv, want string
	}{
		{"a missing column is named", strings.Replace(header, ",insulin", ",insulinn", 1) + rows, `column "insulin": missing from the header`},
		{"an unparsable number names row and column", header + "1,abc,70,20,0,30,0.5,40,1\n", `row 1 (line 2), column "glucose": not a number: "abc"`},
		{"NaN names row and column", header + rows + "1,100,70,20,0,NaN,0.5,40,1\n", `row 4 (line 5), column "bmi": NaN is not a usable number`},
		{"an out-of-range value names row and column", header + "1,100,70,20,0,30,0.5,240,1\n", `row 1 (line 2), column "age": 240 is out of the plausible range 18 to 100 years`},
		{"an unknown outcome names row and column", header + "1,100,70,20,0,30,0.5,40,yes\n", `row 1 (line 2), column "outcome": unknown outcome "yes"`},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			f := writeFile(t, filepath.Join(t.TempDir(), "bad.csv"), tt.csv)
			code, out, errs := run(t, "", "eval", "-model", "pima", "-data", f, "-models", models)
			if code != 1 || out != "" || !strings.Contains(errs, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errs, tt.want)
			}
		})
	}
	t.Run("an unknown category names row and column", func(t *testing.T) {
		csv := "age,meno,size,grade,nodes,pgr,er,hormon,time,event\n50,1,<=20,2,0,10,10,0,100,1\n50,1,huge,2,0,10,10,0,100,1\n"
		f := writeFile(t, filepath.Join(t.TempDir(), "bad.csv"), csv)
		code, _, errs := run(t, "", "eval", "-model", "survival", "-data", f, "-models", models)
		if code != 1 || !strings.Contains(errs, `row 2 (line 3), column "size": unknown category "huge"`) {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
	t.Run("skip-bad scores the good rows and reports how many were skipped", func(t *testing.T) {
		f := writeFile(t, filepath.Join(t.TempDir(), "mixed.csv"), header+rows+"1,abc,70,20,0,30,0.5,40,1\n1,100,70,20,0,30,0.5,240,0\n")
		code, out, errs := run(t, "", "eval", "-model", "pima", "-data", f, "-models", models, "-skip-bad")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			t.Fatal(err)
		}
		if m["n"].(float64) != 3 || m["skipped"].(float64) != 2 || !strings.Contains(errs, "2 rows skipped") {
			t.Errorf("stdout %s stderr %s", out, errs)
		}
	})
	t.Run("weights that do not match the manifest are refused", func(t *testing.T) {
		tampered := filepath.Join(t.TempDir(), "models")
		os.MkdirAll(tampered, 0o755)
		for _, f := range []string{"manifest.json", "pima.safetensors", "pima.card.json"} {
			b, _ := os.ReadFile(filepath.Join(models, f))
			if f == "pima.safetensors" {
				b[len(b)-1] ^= 1
			}
			os.WriteFile(filepath.Join(tampered, f), b, 0o644)
		}
		code, _, errs := run(t, "", "eval", "-model", "pima", "-data", pimaCSV, "-models", tampered)
		if code != 1 || !strings.Contains(errs, "does not match the manifest") {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
}

func TestPredict(t *testing.T) {
	_, models := trained(t)
	in := `{"pregnancies":2,"glucose":150,"blood_pressure":70,"skin_thickness":0,"insulin":0,"bmi":35,"diabetes_pedigree":0.5,"age":45}
{"pregnancies":2,"glucose":"high","blood_pressure":70,"skin_thickness":20,"insulin":80,"bmi":35,"diabetes_pedigree":0.5,"age":45}

{"pregnancies":0,"glucose":90,"blood_pressure":60,"skin_thickness":20,"insulin":80,"bmi":22,"diabetes_pedigree":0.2,"age":25}
`
	t.Run("JSON lines in give one JSON line out per input, errors in place", func(t *testing.T) {
		code, out, errs := run(t, in, "predict", "-model", "pima", "-models", models)
		if code != 1 {
			t.Errorf("exit %d, want 1 because a row was bad", code)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 3 {
			t.Fatalf("%d output lines, want 3:\n%s", len(lines), out)
		}
		var p clinical.RiskPrediction
		if err := json.Unmarshal([]byte(lines[0]), &p); err != nil || p.Model != "pima" || len(p.Contributions) != 8 || !(p.Probability > 0 && p.Probability < 1) {
			t.Errorf("line 1 = %s", lines[0])
		}
		if !p.Contributions[3].Missing || !p.Contributions[4].Missing || len(p.Warnings) < 2 {
			t.Errorf("zeros in skinfold and insulin should be reported missing: %s", lines[0])
		}
		var e rowError
		if err := json.Unmarshal([]byte(lines[1]), &e); err != nil || e.Row != 2 || !strings.Contains(e.Error, "glucose") {
			t.Errorf("line 2 = %s", lines[1])
		}
		if !strings.Contains(errs, "row 2") {
			t.Errorf("stderr %q does not name the row", errs)
		}
	})
	t.Run("CSV in gives JSON lines out", func(t *testing.T) {
		csv := "age,meno,size,grade,nodes,pgr,er,hormon\n50,1,<=20,2,0,10,10,0\n61,1,35,3,4,5,50,1\n"
		code, out, errs := run(t, csv, "predict", "-model", "survival", "-models", models)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errs)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 2 {
			t.Fatalf("%d lines", len(lines))
		}
		var p clinical.SurvivalPrediction
		if err := json.Unmarshal([]byte(lines[1]), &p); err != nil {
			t.Fatal(err)
		}
		if len(p.Curve) != 121 || p.Curve[0].Survival != 1 || p.Curve[120].Days < 3652 || p.RiskGroup == "" || len(p.Contributions) != 8 {
			t.Errorf("prediction = %+v", p)
		}
		for k := 1; k < len(p.Curve); k++ {
			if p.Curve[k].Survival > p.Curve[k-1].Survival {
				t.Fatalf("S(t) increases at %v days", p.Curve[k].Days)
			}
		}
	})
	t.Run("a bad CSV row is answered with an error line naming row and column", func(t *testing.T) {
		csv := "age,meno,size,grade,nodes,pgr,er,hormon\n50,1,<=20,2,0,10,10,0\n50,1,<=20,4,0,10,10,0\n"
		code, out, _ := run(t, csv, "predict", "-model", "survival", "-models", models)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if code != 1 || len(lines) != 2 || !strings.Contains(lines[1], `row 2 (line 3), column \"grade\": unknown category 4`) {
			t.Errorf("exit %d, output %s", code, out)
		}
	})
	t.Run("a model that is not in the manifest is reported", func(t *testing.T) {
		code, _, errs := run(t, "{}", "predict", "-model", "wdbc", "-models", models)
		if code != 1 || !strings.Contains(errs, "not in") {
			t.Errorf("exit %d, stderr %q", code, errs)
		}
	})
}

// dataDir finds the shared datasets: $BEDSIDE_DATA, or ../shared/data next
// to the repository.
func dataDir(t *testing.T) string {
	t.Helper()
	dirs := []string{os.Getenv("BEDSIDE_DATA"), filepath.Join("..", "..", "..", "shared", "data")}
	for _, d := range dirs {
		if d == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "wdbc", "train.csv")); err == nil {
			return d
		}
	}
	t.Skip("datasets not found (set BEDSIDE_DATA or place them in ../shared/data): skipping the smoke run on real data")
	return ""
}

// TestSmokeRealData trains every tabular and survival model for a few
// epochs on the first rows of the real datasets and evaluates them.
func TestSmokeRealData(t *testing.T) {
	src := dataDir(t)
	data := t.TempDir()
	for _, d := range []string{"wdbc", "pima", "heart", "rotterdam"} {
		raw, err := os.ReadFile(filepath.Join(src, d, "train.csv"))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitAfter(string(raw), "\n")
		writeFile(t, filepath.Join(data, d, "train.csv"), strings.Join(lines[:min(len(lines), 121)], ""))
	}
	models := filepath.Join(t.TempDir(), "models")
	code, _, errs := run(t, "", "train", "-model", "wdbc,pima,heart,survival", "-smoke", "-data", data, "-out", models)
	if code != 0 {
		t.Fatalf("train exit %d: %s", code, errs)
	}
	for _, m := range []string{"wdbc", "pima", "heart"} {
		t.Run(m+" evaluates on its own rows", func(t *testing.T) {
			code, out, errs := run(t, "", "eval", "-model", m, "-data", filepath.Join(data, m, "train.csv"), "-models", models)
			if code != 0 || !strings.Contains(out, `"auc"`) || !strings.Contains(out, `"n":120`) {
				t.Errorf("exit %d, stdout %s, stderr %s", code, out, errs)
			}
		})
	}
}

// TestShippedCardsMatchEval checks that `bedside eval` on each shipped
// model's validation split reproduces the figures on its card, so that the
// cards cannot drift from the weights.
func TestShippedCardsMatchEval(t *testing.T) {
	src := os.Getenv("BEDSIDE_DATA")
	if src == "" {
		src = filepath.Join("..", "..", "..", "shared", "data")
	}
	models := filepath.Join("..", "..", "web", "models")
	for _, m := range []string{"wdbc", "pima", "heart", "survival", "symptom", "specialty", "department"} {
		t.Run(m+"'s card matches eval on its validation split", func(t *testing.T) {
			tk, ok := task.Lookup(m)
			if !ok {
				t.Fatalf("no task %q", m)
			}
			if _, err := os.Stat(filepath.Join(src, tk.Dataset, "train.csv")); err != nil {
				t.Skipf("skipping: the %s data set is absent (%v); set BEDSIDE_DATA or place the data sets in ../shared/data", tk.Dataset, err)
			}
			raw, err := os.ReadFile(filepath.Join(models, m+".card.json"))
			if err != nil {
				t.Skipf("no shipped card: %v", err)
			}
			var card clinical.Card
			if err := json.Unmarshal(raw, &card); err != nil {
				t.Fatal(err)
			}
			textCV := card.Selection != nil && len(card.Selection.Candidates) > 0 && card.Selection.Candidates[0].Name == "bigru_ensemble"
			if textCV && card.Selection.Winner != "bigru_ensemble" {
				// a text model is shipped with its own recipe, so that
				// recipe must have held up against the baseline
				t.Errorf("%s ships its recipe, but cross-validation chose %s: %s", m, card.Selection.Winner, card.Selection.Verdict)
			}
			if card.Selection != nil && !textCV {
				checkSelectedCard(t, m, &card, models, src)
				return
			}
			val := filepath.Join(t.TempDir(), "val.csv")
			if code, _, errs := run(t, "", "split", "-model", m, "-data", src, "-out", val); code != 0 {
				t.Fatalf("split: %s", errs)
			}
			code, out, errs := run(t, "", "eval", "-model", m, "-data", val, "-models", models)
			if code != 0 {
				t.Fatalf("eval: %s", errs)
			}
			var got map[string]float64
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			checked := 0
			for _, metric := range card.Metrics {
				v, ok := got[metric.Name]
				if !ok {
					continue
				}
				checked++
				if math.Abs(v-metric.Value) > 6e-5 || int(got["n"]) != metric.N {
					t.Errorf("%s: eval %v (n %v), card %v (n %d)", metric.Name, v, got["n"], metric.Value, metric.N)
				}
			}
			if checked < 2 {
				t.Errorf("only %d card metrics found in eval output %s", checked, out)
			}
		})
	}
}

// checkSelectedCard checks a card whose recipe was chosen by
// cross-validation and whose model was then trained on all of train.csv:
// no split is held out from it, so its figures are out-of-fold and cannot
// be re-measured from the weights. What can be checked is that the card
// describes these weights (parameters, the winner's form), that the winner
// follows the rule against logistic regression, and that the figures cover
// every row of train.csv.
func checkSelectedCard(t *testing.T, m string, card *clinical.Card, models, src string) {
	t.Helper()
	w, err := os.ReadFile(filepath.Join(models, m+".safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := clinical.Load(m, w)
	if err != nil {
		t.Fatal(err)
	}
	if n := clinical.Unwrap(p).(interface{ Params() int }).Params(); n != card.Parameters {
		t.Errorf("weights have %d parameters, card says %d", n, card.Parameters)
	}
	sel := card.Selection
	score := func(cand, metric string) float64 {
		for _, c := range sel.Candidates {
			if c.Name != cand {
				continue
			}
			for _, sc := range c.Scores {
				if sc.Name == metric {
					return sc.Mean
				}
			}
		}
		t.Fatalf("no %s score for %s", metric, cand)
		return 0
	}
	if sel.Winner != "logreg" && (score(sel.Winner, "auc") < score("logreg", "auc") || score(sel.Winner, "log_loss") > score("logreg", "log_loss")) {
		t.Errorf("%s shipped although worse than logistic regression", sel.Winner)
	}
	if (sel.Winner == "logreg") != strings.HasPrefix(card.Architecture, "logistic regression") {
		t.Errorf("winner %s, architecture %q", sel.Winner, card.Architecture)
	}
	tk, _ := task.Lookup(m)
	f, err := os.Open(filepath.Join(src, tk.Dataset, "train.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err := tk.Read(f, task.ReadOptions{Truth: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, metric := range card.Metrics {
		if metric.N != len(tab.Inputs) {
			t.Errorf("%s on %d rows, train.csv has %d", metric.Name, metric.N, len(tab.Inputs))
		}
	}
}
