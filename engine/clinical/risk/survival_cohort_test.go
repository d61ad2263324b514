package risk

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

// hasMessage reports whether ms holds code (with arg k = v when k is set).
func hasMessage(ms []clinical.Message, code, k, v string) bool {
	for _, m := range ms {
		if m.Code == code && (k == "" || m.Args[k] == v) {
			return true
		}
	}
	return false
}

func TestSurvivalReadsRealCohorts(t *testing.T) {
	p, _ := loadSurvivalGolden(t)
	base := survivalInputs[0]
	predict := func(t *testing.T, in string) *clinical.SurvivalPrediction {
		t.Helper()
		r, err := p.Predict([]byte(in))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		return r.(*clinical.SurvivalPrediction)
	}
	for _, tt := range []struct {
		size string
		band string
	}{{"8", "<=20"}, {"15", "<=20"}, {"20", "<=20"}, {"25", "20-50"}, {"50", "20-50"}, {"51", ">50"}, {"120", ">50"}, {`"20-50"`, "20-50"}} {
		t.Run(fmt.Sprintf("a size of %s is read as the band %s and the result says so", tt.size, tt.band), func(t *testing.T) {
			sp := predict(t, strings.Replace(base, `"20-50"`, tt.size, 1))
			if sp.SizeBand != tt.band || !hasMessage(sp.Warnings, clinical.MsgSizeBand, "band", tt.band) {
				t.Errorf("band %q, warnings %v; want %s", sp.SizeBand, sp.Warnings, tt.band)
			}
		})
	}
	t.Run("grade 1 is accepted, extrapolated one step below grade 2, and the result says so", func(t *testing.T) {
		g1 := predict(t, strings.Replace(base, `"grade":3`, `"grade":1`, 1))
		g2 := predict(t, strings.Replace(base, `"grade":3`, `"grade":2`, 1))
		if !hasMessage(g1.Warnings, clinical.MsgGradeExtrapolated, "field", "grade") {
			t.Errorf("warnings %v lack %s", g1.Warnings, clinical.MsgGradeExtrapolated)
		}
		if hasMessage(g2.Warnings, clinical.MsgGradeExtrapolated, "field", "grade") {
			t.Error("grade 2 is in the training data but is called extrapolated")
		}
		if g1.RiskScore == g2.RiskScore {
			t.Error("grade 1 is read as grade 2")
		}
	})
	t.Run("a missing receptor value is imputed with the training median and the result says so", func(t *testing.T) {
		sp := predict(t, strings.Replace(base, `"pgr":50`, `"pgr":null`, 1))
		if !hasMessage(sp.Warnings, clinical.MsgImputed, "field", "pgr") {
			t.Errorf("warnings %v lack the imputation of pgr", sp.Warnings)
		}
	})
	t.Run("a receptor value of 0 is a measured value, not missing", func(t *testing.T) {
		sp := predict(t, strings.Replace(base, `"pgr":50`, `"pgr":0`, 1))
		if hasMessage(sp.Warnings, clinical.MsgImputed, "field", "pgr") {
			t.Errorf("pgr 0 imputed: %v", sp.Warnings)
		}
	})
	t.Run("the cohort's years are stated with the result", func(t *testing.T) {
		sp := predict(t, base)
		if !hasMessage(sp.Warnings, clinical.MsgCohortYears, "from", "1978") || !hasMessage(sp.Warnings, clinical.MsgCohortYears, "to", "1993") {
			t.Errorf("warnings %v lack the cohort years", sp.Warnings)
		}
	})
	for i, in := range survivalInputs {
		t.Run(fmt.Sprintf("input %d's band holds its curve and stays within 0 to 1", i), func(t *testing.T) {
			sp := predict(t, in)
			width := 0.0
			for _, pt := range sp.Curve {
				if !(pt.Low <= pt.Survival+1e-9 && pt.Survival <= pt.High+1e-9 && pt.Low >= 0 && pt.High <= 1) {
					t.Fatalf("at %v days: %v not in [%v, %v]", pt.Days, pt.Survival, pt.Low, pt.High)
				}
				width += pt.High - pt.Low
			}
			if width == 0 || math.IsNaN(width) {
				t.Errorf("band of zero width over the whole curve: the members never disagree?")
			}
		})
	}
}
