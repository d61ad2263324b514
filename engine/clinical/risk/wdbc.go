package risk

import (
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/engine/clinical/task"
)

// The Wisconsin Diagnostic Breast Cancer features: ten nucleus measures of
// a fine-needle aspirate, each as mean, standard error and worst value.
// Plausible ranges are 0 to about twice the largest training value;
// defaults are training medians.
var wdbcFields = []task.Field{
	num("radius_mean", "radius (mean)", "", 0, 55, 13.4, ""),
	num("texture_mean", "texture (mean)", "", 0, 79, 18.77, ""),
	num("perimeter_mean", "perimeter (mean)", "", 0, 380, 86.54, ""),
	num("area_mean", "area (mean)", "", 0, 5100, 553, ""),
	num("smoothness_mean", "smoothness (mean)", "", 0, 0.33, 0.09589, ""),
	num("compactness_mean", "compactness (mean)", "", 0, 0.7, 0.09312, ""),
	num("concavity_mean", "concavity (mean)", "", 0, 0.86, 0.06141, ""),
	num("concave_points_mean", "concave points (mean)", "", 0, 0.41, 0.03377, ""),
	num("symmetry_mean", "symmetry (mean)", "", 0, 0.61, 0.1794, ""),
	num("fractal_dimension_mean", "fractal dimension (mean)", "", 0, 0.2, 0.06167, ""),
	num("radius_se", "radius (standard error)", "", 0, 5.1, 0.3275, ""),
	num("texture_se", "texture (standard error)", "", 0, 9.8, 1.108, ""),
	num("perimeter_se", "perimeter (standard error)", "", 0, 38, 2.303, ""),
	num("area_se", "area (standard error)", "", 0, 1100, 24.67, ""),
	num("smoothness_se", "smoothness (standard error)", "", 0, 0.063, 0.006353, ""),
	num("compactness_se", "compactness (standard error)", "", 0, 0.28, 0.02033, ""),
	num("concavity_se", "concavity (standard error)", "", 0, 0.8, 0.02599, ""),
	num("concave_points_se", "concave points (standard error)", "", 0, 0.11, 0.01082, ""),
	num("symmetry_se", "symmetry (standard error)", "", 0, 0.16, 0.01872, ""),
	num("fractal_dimension_se", "fractal dimension (standard error)", "", 0, 0.06, 0.003119, ""),
	num("radius_worst", "radius (worst)", "", 0, 73, 14.96, ""),
	num("texture_worst", "texture (worst)", "", 0, 100, 25.46, ""),
	num("perimeter_worst", "perimeter (worst)", "", 0, 510, 97.66, ""),
	num("area_worst", "area (worst)", "", 0, 8600, 686.5, ""),
	num("smoothness_worst", "smoothness (worst)", "", 0, 0.45, 0.1315, ""),
	num("compactness_worst", "compactness (worst)", "", 0, 2.2, 0.2099, ""),
	num("concavity_worst", "concavity (worst)", "", 0, 2.6, 0.2274, ""),
	num("concave_points_worst", "concave points (worst)", "", 0, 0.59, 0.09942, ""),
	num("symmetry_worst", "symmetry (worst)", "", 0, 1.4, 0.2827, ""),
	num("fractal_dimension_worst", "fractal dimension (worst)", "", 0, 0.42, 0.08023, "")}

func init() {
	enc := make([]Encoding, len(wdbcFields))
	register(&Spec{
		Name: "wdbc", Title: "Breast mass malignancy from cytology (WDBC)", Version: "1.0.0", Dataset: "wdbc",
		Schema: &task.Schema{
			Fields:  wdbcFields,
			Outcome: []string{"diagnosis"},
			Truth:   codeTruth("diagnosis", map[string]bool{"M": true, "B": false}),
		},
		Encodings: enc,
		Labels:    [2]string{"benign", "malignant"},
		// The network recipe that logistic regression is compared with.
		Fit: Fit{Hidden: []int{32, 16}, Dropout: 0.2, LR: 0.003, WeightDecay: 1e-2,
			MaxEpochs: 300, MinEpochs: 30, Patience: 40, Batch: 32},
		Folds: 5, Seeds: 5, Repeats: 10,
		Card: clinical.Card{
			Summary:     "Estimates the probability that a breast mass is malignant from 30 digitised fine-needle-aspirate nucleus measurements.",
			IntendedUse: "Teaching and research on how cytology features relate to malignancy, and on calibrated, explained risk models. The inputs are the computed image features of the WDBC study, not a pathologist's reading.",
			Users:       []string{"clinicians and students learning about decision support", "researchers"},
			OutOfScope: []string{
				"diagnosing or ruling out breast cancer in a patient",
				"features measured with another imaging or segmentation pipeline than the original study's",
				"lesions other than breast masses sampled by fine-needle aspiration",
			},
			Data: clinical.DataCredit{
				Name:    "Wisconsin Diagnostic Breast Cancer (WDBC), UCI Machine Learning Repository",
				Source:  "https://archive.ics.uci.edu/dataset/17/breast+cancer+wisconsin+diagnostic",
				Licence: "CC BY 4.0",
				Credit:  "W. H. Wolberg, W. N. Street, O. L. Mangasarian (1995), University of Wisconsin",
			},
			Limitations: []string{
				"Trained on a few hundred aspirates from one institution in the early 1990s; other populations, devices and segmentation software shift the features.",
				"The figures are cross-validated on the 456 rows of train.csv (one institution): see the intervals and the spread over folds, whose lower ends are what can be relied on; no external cohort was scored by Bedside.",
				"Calibration at the extremes rests on few cases.",
				"Contributions explain the model's score relative to an average training case, not the biology.",
			},
		},
	})
}
