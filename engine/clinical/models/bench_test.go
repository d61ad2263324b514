package models_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
	_ "github.com/bedside-health/bedside/engine/clinical/models"
)

// BenchmarkPredict times what the worker does for one request: parse the
// JSON input, predict, explain, and encode the JSON answer, on the shipped
// weights. Probability benchmarks the same models without explanation
// where a model has one.
func BenchmarkPredict(b *testing.B) {
	for _, sp := range shippedPredictors(b) {
		b.Run(sp.name, func(b *testing.B) { benchPredict(b, sp.p, sp.in) })
	}
}

// shippedPredictor is a shipped model loaded for a benchmark, with its input.
type shippedPredictor struct {
	name, in string
	p        clinical.Predictor
}

// shippedPredictors loads every shipped model that has a benchmark input.
func shippedPredictors(b *testing.B) []shippedPredictor {
	b.Helper()
	dir := filepath.Join("..", "..", "..", "web", "models")
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		b.Skipf("no shipped manifest: %v", err)
	}
	m, err := clinical.ParseManifest(data)
	if err != nil {
		b.Fatal(err)
	}
	var out []shippedPredictor
	for _, e := range m.Models {
		in, ok := benchInputs[e.Name]
		if !ok {
			continue
		}
		w, err := os.ReadFile(filepath.Join(dir, e.File))
		if err != nil {
			b.Fatal(err)
		}
		p, err := clinical.Load(e.Name, w)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, shippedPredictor{e.Name, in, p})
	}
	return out
}

// benchPredict times one worker request: predict, then encode the answer.
func benchPredict(b *testing.B, p clinical.Predictor, in string) {
	for b.Loop() {
		out, err := p.Predict([]byte(in))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := json.Marshal(out); err != nil {
			b.Fatal(err)
		}
	}
}

var benchInputs = map[string]string{
	"symptom":    `{"text": "itchy red patches on my elbows, no fever"}`,
	"specialty":  `{"text": "HISTORY: 64 year old man with type 2 diabetes and chest pain on exertion. ASSESSMENT: stable angina, denies syncope. PLAN: stress test."}`,
	"department": `{"text": "乙肝小三阳，转氨酶有点高。需要抗病毒治疗吗？最近总觉得乏力，胃口也不好。"}`,
	"wdbc":       `{"radius_mean": 17.99, "texture_mean": 10.38, "perimeter_mean": 122.8, "area_mean": 1001, "smoothness_mean": 0.1184, "compactness_mean": 0.2776, "concavity_mean": 0.3001, "concave_points_mean": 0.1471, "symmetry_mean": 0.2419, "fractal_dimension_mean": 0.07871, "radius_se": 1.095, "texture_se": 0.9053, "perimeter_se": 8.589, "area_se": 153.4, "smoothness_se": 0.006399, "compactness_se": 0.04904, "concavity_se": 0.05373, "concave_points_se": 0.01587, "symmetry_se": 0.03003, "fractal_dimension_se": 0.006193, "radius_worst": 25.38, "texture_worst": 17.33, "perimeter_worst": 184.6, "area_worst": 2019, "smoothness_worst": 0.1622, "compactness_worst": 0.6656, "concavity_worst": 0.7119, "concave_points_worst": 0.2654, "symmetry_worst": 0.4601, "fractal_dimension_worst": 0.1189}`,
	"pima":       `{"pregnancies": 2, "glucose": 148, "blood_pressure": 72, "skin_thickness": 35, "insulin": 0, "bmi": 33.6, "diabetes_pedigree": 0.627, "age": 50}`,
	"heart":      `{"age": 63, "sex": 1, "cp": 1, "trestbps": 145, "chol": 233, "fbs": 1, "restecg": 2, "thalach": 150, "exang": 0, "oldpeak": 2.3, "slope": 3, "ca": 0, "thal": 6}`,
	"survival":   `{"age": 55, "meno": 1, "size": 30, "grade": 3, "nodes": 4, "pgr": 50, "er": 80, "hormon": 0}`,
}
