package task

import (
	"math"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

func TestBandCoverage(t *testing.T) {
	// 20 rows, all followed to day 100, half with an event at day 50:
	// Kaplan-Meier S(80) is 0.5 in every risk group built by alternating.
	n := 20
	risk, tm := make([]float64, n), make([]float64, n)
	ev := make([]bool, n)
	for i := range risk {
		risk[i] = float64(i)
		tm[i] = 100
		if i%2 == 0 {
			tm[i], ev[i] = 50, true
		}
	}
	curve := func(s, lo, hi float64) []clinical.SurvivalPoint {
		return []clinical.SurvivalPoint{{Days: 0, Survival: 1, Low: 1, High: 1}, {Days: 60, Survival: s, Low: lo, High: hi}, {Days: 120, Survival: s, Low: lo, High: hi}}
	}
	same := func(c []clinical.SurvivalPoint) [][]clinical.SurvivalPoint {
		out := make([][]clinical.SurvivalPoint, n)
		for i := range out {
			out[i] = c
		}
		return out
	}
	tests := []struct {
		name      string
		curves    [][]clinical.SurvivalPoint
		coverage  float64
		meanWidth float64
	}{
		{"a band around the observed survival covers every group", same(curve(0.5, 0.4, 0.6)), 1, 0.2},
		{"a band that misses the observed survival covers no group", same(curve(0.8, 0.75, 0.85)), 0, 0.1},
		{"a band of zero width on the observed survival still covers", same(curve(0.5, 0.5, 0.5)), 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cov, w := BandCoverage(risk, tt.curves, tm, ev, 80, 2)
			if cov != tt.coverage || math.Abs(w-tt.meanWidth) > 1e-9 {
				t.Errorf("coverage %v width %v, want %v %v", cov, w, tt.coverage, tt.meanWidth)
			}
		})
	}
	t.Run("no rows give no coverage rather than a made-up one", func(t *testing.T) {
		if cov, _ := BandCoverage(nil, nil, nil, nil, 80, 10); !math.IsNaN(cov) {
			t.Errorf("coverage %v", cov)
		}
	})
}
