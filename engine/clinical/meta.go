package clinical

// Metadata keys of the shipped weights files (the safetensors
// "__metadata__" map; every value is a string, JSON where it says so). This
// file owns every key name a model family writes; the package doc lists
// which keys each file holds.
const (
	// Risk and survival files (wdbc, pima, heart, survival).

	MetaModel       = "bedside.model"       // the model's manifest name
	MetaVersion     = "bedside.version"     // the model's version
	MetaPreprocess  = "bedside.preprocess"  // JSON encoder: one column per input
	MetaCalibration = "bedside.calibration" // JSON {"a","b"}: p = sigmoid(a*logit + b)
	MetaBaseline    = "bedside.baseline"    // JSON []float64: the mean encoded training row
	MetaLabels      = "bedside.labels"      // JSON [negative, positive]
	MetaLayers      = "bedside.layers"      // JSON []engine.LayerSpec of one ensemble member
	MetaMembers     = "bedside.members"     // number of ensemble members, decimal
	MetaSurvival    = "bedside.survival"    // JSON curve state: slope, centre, baseline hazard, tertiles

	// Text files (symptom, specialty).

	MetaTextHeader = "bedside.text"       // JSON header: name, version, labels, preprocessing, calibration
	MetaVocab      = "bedside.vocab"      // JSON nlp.Vocabulary of the recurrent branch
	MetaWideVocab  = "bedside.wide_vocab" // JSON nlp.Vocabulary of the wide (bag-of-words) branch
	MetaTextConfig = "engine.text"        // JSON architecture of one member: vocabulary, dimensions, classes
)
