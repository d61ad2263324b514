package metrics_test

import (
	"fmt"

	"github.com/bedside-health/bedside/engine/metrics"
)

func ExampleAUC() {
	score := []float64{0.1, 0.4, 0.35, 0.8}
	pos := []bool{false, false, true, true}
	fmt.Println(metrics.AUC(score, pos))
	// Output: 0.75
}

func ExampleCIndex() {
	risk := []float64{4, 1, 2, 3}
	days := []float64{100, 200, 300, 400}
	event := []bool{true, false, true, true}
	fmt.Println(metrics.CIndex(risk, days, event))
	// Output: 0.75
}

func ExampleReliability() {
	bins, ece := metrics.Reliability([]float64{0.05, 0.15, 0.95, 0.85}, []bool{false, true, true, true}, 2)
	for _, b := range bins {
		fmt.Printf("%.1f-%.1f predicted %.2f observed %.2f n=%d\n", b.Low, b.High, b.MeanPred, b.FracTrue, b.N)
	}
	fmt.Printf("ECE %.2f\n", ece)
	// Output:
	// 0.0-0.5 predicted 0.10 observed 0.50 n=2
	// 0.5-1.0 predicted 0.90 observed 1.00 n=2
	// ECE 0.25
}
