package ui

// Example is one example patient for a calculator. The values are typical
// of each dataset's classes as published (class means and textbook
// presentations), not rows copied from the data.
type Example struct {
	Key    string // translation key of the button
	Values map[string]float64
}

func wdbcValues(mean, se, worst [10]float64) map[string]float64 {
	m := map[string]float64{}
	names := []string{"radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity", "concave_points", "symmetry", "fractal_dimension"}
	for i, n := range names {
		m[n+"_mean"], m[n+"_se"], m[n+"_worst"] = mean[i], se[i], worst[i]
	}
	return m
}

var examplePatients = map[string][]Example{
	"wdbc": {
		{Key: "example.wdbc.benign", Values: wdbcValues(
			[10]float64{12.1, 17.9, 78.1, 462.8, 0.0925, 0.0801, 0.0461, 0.0257, 0.174, 0.0629},
			[10]float64{0.284, 1.22, 2.0, 21.1, 0.0072, 0.0214, 0.026, 0.0099, 0.0206, 0.0036},
			[10]float64{13.4, 23.5, 87.0, 558.9, 0.125, 0.183, 0.166, 0.0744, 0.270, 0.0794})},
		{Key: "example.wdbc.malignant", Values: wdbcValues(
			[10]float64{17.5, 21.6, 115.4, 978.4, 0.103, 0.145, 0.161, 0.088, 0.193, 0.0627},
			[10]float64{0.609, 1.21, 4.32, 72.7, 0.0068, 0.0323, 0.0418, 0.0151, 0.0205, 0.0041},
			[10]float64{21.1, 29.3, 141.4, 1422.3, 0.145, 0.375, 0.451, 0.182, 0.323, 0.0915})},
	},
	"pima": {
		{Key: "example.pima.low", Values: map[string]float64{"pregnancies": 1, "glucose": 95, "blood_pressure": 70, "skin_thickness": 25, "insulin": 80, "bmi": 24.5, "diabetes_pedigree": 0.3, "age": 28}},
		{Key: "example.pima.high", Values: map[string]float64{"pregnancies": 6, "glucose": 170, "blood_pressure": 82, "skin_thickness": 35, "insulin": 200, "bmi": 38, "diabetes_pedigree": 0.9, "age": 52}},
	},
	"heart": {
		{Key: "example.heart.low", Values: map[string]float64{"age": 45, "sex": 0, "cp": 3, "trestbps": 120, "chol": 210, "fbs": 0, "restecg": 0, "thalach": 165, "exang": 0, "oldpeak": 0.2, "slope": 1, "ca": 0, "thal": 3}},
		{Key: "example.heart.high", Values: map[string]float64{"age": 63, "sex": 1, "cp": 4, "trestbps": 150, "chol": 290, "fbs": 1, "restecg": 2, "thalach": 118, "exang": 1, "oldpeak": 2.8, "slope": 2, "ca": 2, "thal": 7}},
	},
	"survival": {
		{Key: "example.survival.low", Values: map[string]float64{"age": 55, "meno": 1, "size": 15, "grade": 2, "nodes": 1, "pgr": 150, "er": 120, "hormon": 1}},
		{Key: "example.survival.high", Values: map[string]float64{"age": 45, "meno": 0, "size": 60, "grade": 3, "nodes": 12, "pgr": 5, "er": 10, "hormon": 0}},
	},
}
