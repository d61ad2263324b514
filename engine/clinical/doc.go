// Package clinical is the contract between Bedside's clinical models and
// everything that runs them: the command line, the inference worker, the
// JavaScript API and the UI. It holds no model; the packages under it do.
//
// # The contract
//
// A model is shipped as one weights file (safetensors layout, see package
// engine/safetensors) plus a model card (Card), listed in
// web/models/manifest.json (Manifest, Entry) with its sha256 and size. Load
// turns verified weight bytes into a Predictor and guards it: a panic in a
// loader or in Predict becomes an *Error instead of killing the program (in
// the browser, the worker). Predict takes one input as JSON and returns a
// Prediction, one of three closed types: *TextPrediction (symptom,
// specialty, department), *RiskPrediction (wdbc, pima, heart) and *SurvivalPrediction
// (survival). The same bytes in give the same JSON out natively and in
// WebAssembly.
//
// Errors are *Error{Op, Kind, Field}. ErrorKind.Code is the stable name that
// crosses the worker protocol; String is for people. What a model says about
// a prediction (a value outside the training data, an unsure answer, a red
// flag) is a Message: a code and its parameters, never a sentence, so that
// the UI says it in English or 简体中文.
//
// # The packages under it
//
//   - task: input schemas and their validation, seeded splits, the training
//     registry and scoring (what `bedside train` and `bedside eval` run).
//   - risk: the risk family (tabular and survival ensembles) and its four
//     models, wdbc, pima, heart and survival.
//   - textmodel: the text family (embedding, bidirectional GRU, attention and
//     a wide bag-of-words branch, ensembled), used by symptom, specialty and
//     department.
//   - symptom, specialty, department: the text models; symptom adds the
//     triage rules; department reads Chinese (characters, nlp.ZhSpec).
//   - models: imports every model, for programs that serve or train them.
//
// Only packages under engine/clinical may import nlp; the generic engine
// (engine, engine/safetensors, engine/metrics, engine/ensemble) knows no
// patient, word or screen.
//
// # What is in a weights file
//
// Every key of every weights file's "__metadata__" is named in meta.go. A
// tensor name "m<k>.NAME" is ensemble member k's tensor NAME.
//
// wdbc, pima and heart (risk family, binary outcome):
//
//	m<k>.dense<i>.weight, m<k>.dense<i>.bias   float32, member k's MLP
//	bedside.model        the model name
//	bedside.version      its version
//	bedside.preprocess   JSON encoder {"columns","width"}: per input, the
//	                     imputation value, clipping range, log, one-hot
//	                     levels, mean and sd; width is the encoded length
//	bedside.baseline     JSON []float64: the mean encoded training row (the
//	                     integrated-gradients baseline)
//	bedside.calibration  JSON {"a","b"}: p = sigmoid(a*mean logit + b)
//	bedside.labels       JSON [negative, positive] class names
//	bedside.layers       JSON []engine.LayerSpec of one member
//	bedside.members      the number of members
//
// survival (risk family, Cox): the same tensors and keys except
// bedside.calibration and bedside.labels, plus
//
//	bedside.survival     JSON {"slope","center","days","cumhaz","tertiles"}:
//	                     log hazard = slope * mean member output - center;
//	                     S(t) = exp(-cumhaz(t) * exp(log hazard)) on the
//	                     monthly grid days; risk groups cut at tertiles
//
// symptom, specialty and department (text family):
//
//	m<k>.emb.weight           embedding (int8 rows, with m<k>.emb.weight.scale)
//	m<k>.rnn.{fwd,bwd}.{weight_ih,weight_hh,bias_ih,bias_hh}
//	                          bidirectional GRU
//	m<k>.att.{weight,bias,v}  additive attention pooling
//	m<k>.out.weight, .bias    output layer
//	m<k>.wide.weight, .bias   wide bag-of-words branch (int8 rows + .scale)
//	wide.idf                  the wide branch's IDF weights
//	bedside.text              JSON header: name, version, labels, the nlp
//	                          spec, members, max_tokens, max_runes, bigrams,
//	                          temperature, min_confidence, drop_unasserted
//	bedside.vocab             JSON nlp vocabulary of the recurrent branch
//	bedside.wide_vocab        JSON nlp vocabulary of the wide branch
//	engine.text               JSON architecture of one member
package clinical
