// Package risk holds Bedside's risk models on tabular data, all built the
// same way: a learned preprocessing step (imputation, missingness
// indicators, one-hot categories, log and clamping transforms,
// standardisation), an ensemble of small ReLU networks cross-fitted over
// folds x seeds (package engine/ensemble), a calibration fitted on the
// out-of-fold outputs, and integrated-gradient explanations summed back to
// the original inputs. Each model is a Spec:
//
//   - wdbc, pima, heart: binary outcomes; a prediction is a
//     *clinical.RiskPrediction. The recipe is chosen by repeated
//     stratified cross-validation on all of train.csv among tuned L2
//     logistic regression, the MLP ensemble (binary cross-entropy, Platt
//     scaling) and a wide-and-deep form, never shipping one worse than
//     logistic regression in log loss or AUC (select.go); the winner is
//     refit on all rows. A logistic regression is stored as a one-member
//     ensemble with no hidden layer, a wide-and-deep member as the plain
//     ReLU MLP it is exactly equal to, so the file format below holds for
//     every recipe.
//   - survival: recurrence-free survival after breast cancer (Rotterdam),
//     a DeepSurv-style Cox ensemble with a calibration slope fitted out of
//     fold, Breslow's baseline hazard to 10 years and risk groups from the
//     training tertiles; a prediction is a *clinical.SurvivalPrediction.
//
// Training reads DATA/<dataset>/train.csv (rotterdam for survival) and
// returns the weights and card to package task's caller; loading reads
// the weights bytes given to clinical.Load. The package writes no file.
//
// A weights file is safetensors. Its tensors are member k's float32
// parameters, "m<k>.dense<i>.weight" [out, in] and "m<k>.dense<i>.bias"
// [out], and nothing else. Its metadata (keys from engine/clinical/meta.go):
//
//   - bedside.model: the model's manifest name
//   - bedside.version: the model's version
//   - bedside.preprocess: JSON Encoder, one column per input; its width is
//     the networks' input width
//   - bedside.baseline: JSON mean encoded training row (the explanations'
//     reference point)
//   - bedside.layers: JSON []engine.LayerSpec of one member
//   - bedside.members: number of members, decimal (at most
//     ensemble.MaxMembers)
//   - bedside.calibration (binary): JSON {"a","b"}, p = sigmoid(a*logit + b)
//   - bedside.labels (binary): JSON [negative, positive]
//   - bedside.survival (survival): JSON {"slope","center","days","cumhaz",
//     "tertiles"}: log hazard = slope * mean output - center, S(t) =
//     exp(-cumhaz(t) * exp(log hazard))
//
// The loader checks all of it, against the Spec, before a predictor
// exists: a file that does not fit is a clinical.Corrupt error.
package risk
