package risk

import (
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/task"
)

func zeroMissing(f task.Field) task.Field {
	f.ZeroMissing, f.Optional = true, true
	return f
}

var pimaFields = []task.Field{
	num("pregnancies", "Pregnancies", "", 0, 20, 3, "number of times pregnant"),
	zeroMissing(num("glucose", "Plasma glucose (2 h OGTT)", "mg/dL", 30, 300, 117, "plasma glucose 2 hours into an oral glucose tolerance test; 0 or empty means not measured")),
	zeroMissing(num("blood_pressure", "Diastolic blood pressure", "mmHg", 20, 150, 72, "0 or empty means not measured")),
	zeroMissing(num("skin_thickness", "Triceps skinfold", "mm", 5, 110, 29, "0 or empty means not measured")),
	zeroMissing(num("insulin", "Serum insulin (2 h)", "µU/mL", 10, 1000, 125, "2-hour serum insulin; 0 or empty means not measured")),
	zeroMissing(num("bmi", "Body mass index", "kg/m²", 12, 80, 32, "0 or empty means not measured")),
	num("diabetes_pedigree", "Diabetes pedigree function", "", 0.05, 3, 0.37, "family-history score of the original study"),
	num("age", "Age", "years", 18, 100, 29, ""),
}

func init() {
	register(&Spec{
		Name: "pima", Title: "Diabetes within 5 years (Pima)", Version: "1.0.0", Dataset: "pima",
		Schema: &task.Schema{
			Fields:  pimaFields,
			Outcome: []string{"outcome"},
			Truth:   codeTruth("outcome", map[string]bool{"1": true, "0": false}),
		},
		Encodings: []Encoding{
			{Log: true},                  // pregnancies: counts, right-skewed
			{Indicator: true},            // glucose
			{Indicator: true},            // blood_pressure
			{Indicator: true},            // skin_thickness
			{Log: true, Indicator: true}, // insulin: heavily right-skewed, half missing
			{Indicator: true},            // bmi
			{Log: true},                  // diabetes_pedigree
			{Log: true},                  // age
		},
		Labels: [2]string{"no diabetes", "diabetes"},
		// Older than the reference patient, a reader expects more risk; in
		// these data the oldest women sometimes go with less.
		Intuitions: []intuition{{Field: "age", Applies: func(v, ref float64) bool { return v > ref }, Raises: true}},
		// The network recipe that logistic regression is compared with.
		Fit: Fit{Hidden: []int{32, 16}, Dropout: 0.2, LR: 0.003, WeightDecay: 1e-2,
			MaxEpochs: 300, MinEpochs: 30, Patience: 40, Batch: 32},
		Folds: 5, Seeds: 5, Repeats: 10,
		Card: clinical.Card{
			Summary:     "Estimates the probability of a diabetes diagnosis within five years from eight routine measures, handling unmeasured values explicitly.",
			IntendedUse: "Teaching and research on diabetes risk prediction with missing data; shows how each measure moves the estimate.",
			Users:       []string{"clinicians and students learning about decision support", "researchers"},
			OutOfScope: []string{
				"diagnosing diabetes (use HbA1c, fasting glucose or an OGTT read by a clinician)",
				"men, children, or populations unlike the original cohort (Pima women aged 21 and over)",
				"screening decisions for an individual",
			},
			Data: clinical.DataCredit{
				Name:    "Pima Indians Diabetes Database (NIDDK), UCI Machine Learning Repository",
				Source:  "https://archive.ics.uci.edu/ (Pima Indians Diabetes; originally NIDDK)",
				Licence: "distributed by UCI for research; credit the NIDDK and Smith et al. 1988",
				Credit:  "National Institute of Diabetes and Digestive and Kidney Diseases; J. W. Smith et al. (1988), ADAP learning algorithm",
			},
			Limitations: []string{
				"Cohort: women of Pima Indian heritage aged 21 or more near Phoenix, Arizona; risk differs by sex, ancestry and era.",
				"Zeros in glucose, blood pressure, skinfold, insulin and BMI mean 'not measured'; a true zero cannot be entered.",
				"Insulin and skinfold are missing for a third to a half of the cohort; missingness itself carries signal here and may not elsewhere.",
				"Five-year outcome as defined in the 1980s study (WHO criteria at the time).",
			},
		},
	})
}
