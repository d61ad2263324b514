package risk

import (
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/task"
)

func optional(f task.Field) task.Field {
	f.Optional = true
	return f
}

var heartFields = []task.Field{
	num("age", "Age", "years", 18, 100, 56, ""),
	cat("sex", "Sex", []float64{0, 1}, 1, "0 female, 1 male"),
	cat("cp", "Chest pain type", []float64{1, 2, 3, 4}, 4, "1 typical angina, 2 atypical angina, 3 non-anginal pain, 4 asymptomatic"),
	num("trestbps", "Resting blood pressure", "mmHg", 60, 250, 130, "systolic, on admission"),
	num("chol", "Serum cholesterol", "mg/dL", 80, 700, 243, ""),
	cat("fbs", "Fasting blood sugar > 120 mg/dL", []float64{0, 1}, 0, "1 true, 0 false"),
	cat("restecg", "Resting ECG", []float64{0, 1, 2}, 0, "0 normal, 1 ST-T wave abnormality, 2 probable or definite left ventricular hypertrophy"),
	num("thalach", "Maximum heart rate achieved", "bpm", 50, 250, 153, "during exercise testing"),
	cat("exang", "Exercise-induced angina", []float64{0, 1}, 0, "1 yes, 0 no"),
	num("oldpeak", "ST depression (exercise vs rest)", "mm", 0, 10, 0.8, ""),
	cat("slope", "Slope of peak exercise ST segment", []float64{1, 2, 3}, 1, "1 upsloping, 2 flat, 3 downsloping"),
	optional(cat("ca", "Major vessels coloured by fluoroscopy", []float64{0, 1, 2, 3}, 0, "0 to 3; may be left empty")),
	optional(cat("thal", "Thallium stress test", []float64{3, 6, 7}, 3, "3 normal, 6 fixed defect, 7 reversible defect; may be left empty")),
}

func init() {
	register(&Spec{
		Name: "heart", Title: "Coronary artery disease (Cleveland)", Version: "1.0.0", Dataset: "heart",
		Schema: &task.Schema{
			Fields:  heartFields,
			Outcome: []string{"num"},
			// num is the number of major vessels with > 50% narrowing
			// (0-4); the task is any disease, num > 0.
			Truth: codeTruth("num", map[string]bool{"0": false, "1": true, "2": true, "3": true, "4": true}),
		},
		Encodings: []Encoding{
			{}, {}, {OneHot: true}, {}, {Log: true}, {}, {OneHot: true}, {}, {}, {Log: true},
			{OneHot: true}, {OneHot: true}, {OneHot: true},
		},
		Labels: [2]string{"no coronary disease", "coronary disease"},
		// In this referral cohort typical angina goes with less disease
		// than the reference mix (mostly asymptomatic), and, other
		// findings held, older age can go with less: both against a
		// reader's expectation.
		Intuitions: []intuition{
			{Field: "cp", Applies: func(v, _ float64) bool { return v == 1 }, Raises: true},
			{Field: "age", Applies: func(v, ref float64) bool { return v > ref }, Raises: true},
		},
		// The network recipe that logistic regression is compared with.
		Fit: Fit{Hidden: []int{16, 8}, Dropout: 0.1, LR: 0.003, WeightDecay: 1e-2,
			MaxEpochs: 300, MinEpochs: 30, Patience: 40, Batch: 32},
		Folds: 5, Seeds: 5, Repeats: 10,
		Card: clinical.Card{
			Summary:     "Estimates the probability of angiographic coronary artery disease (any major vessel narrowed by more than 50%) from 13 clinical and exercise-test measures.",
			IntendedUse: "Teaching and research on coronary disease risk from clinical and exercise-test findings, with the contribution of each finding.",
			Users:       []string{"clinicians and students learning about decision support", "researchers"},
			OutOfScope: []string{
				"deciding whether a patient with chest pain needs urgent care: acute chest pain is an emergency, call emergency services",
				"replacing angiography, CT coronary angiography or a cardiologist's assessment",
				"patients unlike the Cleveland referral cohort (e.g. unselected primary care)",
			},
			Data: clinical.DataCredit{
				Name:    "Heart Disease (Cleveland Clinic Foundation), UCI Machine Learning Repository",
				Source:  "https://archive.ics.uci.edu/dataset/45/heart+disease",
				Licence: "CC BY 4.0",
				Credit:  "A. Janosi, W. Steinbrunn, M. Pfisterer, R. Detrano (Detrano et al. 1989)",
			},
			Limitations: []string{
				"A referral cohort from 1981-1984 with a high prevalence of disease; probabilities are too high for lower-risk settings.",
				"Only a couple of hundred patients: the figures are cross-validated on all 242 rows of train.csv and their intervals are wide.",
				"Predominantly men; performance in women is less certain.",
				"'ca' and 'thal' come from fluoroscopy and a thallium scan that are not routinely available; when missing they are imputed with the training mode.",
			},
		},
	})
}
