package risk

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

// BenchmarkProb times the calibrated probability alone and with its
// integrated-gradients explanation, on the shipped weights: what a risk
// form costs with and without the "what pushed it" chart. For the
// survival model the "probability" is the risk score (log hazard).
func BenchmarkProb(b *testing.B) {
	inputs := map[string]string{
		"wdbc":     `{"radius_mean": 17.99, "texture_mean": 10.38, "perimeter_mean": 122.8, "area_mean": 1001, "smoothness_mean": 0.1184, "compactness_mean": 0.2776, "concavity_mean": 0.3001, "concave_points_mean": 0.1471, "symmetry_mean": 0.2419, "fractal_dimension_mean": 0.07871, "radius_se": 1.095, "texture_se": 0.9053, "perimeter_se": 8.589, "area_se": 153.4, "smoothness_se": 0.006399, "compactness_se": 0.04904, "concavity_se": 0.05373, "concave_points_se": 0.01587, "symmetry_se": 0.03003, "fractal_dimension_se": 0.006193, "radius_worst": 25.38, "texture_worst": 17.33, "perimeter_worst": 184.6, "area_worst": 2019, "smoothness_worst": 0.1622, "compactness_worst": 0.6656, "concavity_worst": 0.7119, "concave_points_worst": 0.2654, "symmetry_worst": 0.4601, "fractal_dimension_worst": 0.1189}`,
		"pima":     `{"pregnancies": 2, "glucose": 148, "blood_pressure": 72, "skin_thickness": 35, "insulin": 0, "bmi": 33.6, "diabetes_pedigree": 0.627, "age": 50}`,
		"heart":    `{"age": 63, "sex": 1, "cp": 1, "trestbps": 145, "chol": 233, "fbs": 1, "restecg": 2, "thalach": 150, "exang": 0, "oldpeak": 2.3, "slope": 3, "ca": 0, "thal": 6}`,
		"survival": `{"age": 55, "meno": 1, "size": 30, "grade": 3, "nodes": 4, "pgr": 50, "er": 80, "hormon": 0}`,
	}
	for _, name := range []string{"wdbc", "pima", "heart", "survival"} {
		w, err := os.ReadFile(filepath.Join("..", "..", "..", "web", "models", name+".safetensors"))
		if err != nil {
			b.Skipf("no shipped weights: %v", err)
		}
		loaded, err := clinical.Load(name, w)
		if err != nil {
			b.Fatal(err)
		}
		p := clinical.Unwrap(loaded).(*Predictor)
		r, err := p.spec.Schema.ParseJSON("bench", []byte(inputs[name]))
		if err != nil {
			b.Fatal(err)
		}
		if p.st != nil { // survival: the risk score, then the curves with their band and explanation
			b.Run(name+"/probability", func(b *testing.B) {
				for b.Loop() {
					p.logHazard(r)
				}
			})
			b.Run(name+"/with-explanation", func(b *testing.B) {
				for b.Loop() {
					p.survivalRecord(r)
				}
			})
			continue
		}
		b.Run(name+"/probability", func(b *testing.B) {
			for b.Loop() {
				p.prob(r)
			}
		})
		b.Run(name+"/with-explanation", func(b *testing.B) {
			for b.Loop() {
				p.riskRecord(r)
			}
		})
	}
}
