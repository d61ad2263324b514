// Package textmodel is the family of the text models (symptom, specialty,
// department):
// a seed ensemble of textnet networks (embedding → BiGRU → attention) whose
// logits may be summed with a wide TF-IDF logistic-regression branch, with
// the clinical preprocessing in front (nlp pipeline, negation and context,
// section-aware truncation) and temperature calibration behind. A model
// package describes itself with a TaskSpec and calls Register, which makes
// it trainable (bedside train) and loadable (clinical.Load).
//
// # Weights file
//
// A safetensors file. Tensors, for each ensemble member k (F32 unless
// noted):
//
//	m<k>.emb.weight                 [vocab, embed], F32 or I8 rows
//	m<k>.emb.weight.scale           [vocab], with I8 rows only
//	m<k>.rnn.fwd.weight_ih          [3·hidden, embed], and rnn.bwd.*
//	m<k>.rnn.fwd.weight_hh          [3·hidden, hidden]
//	m<k>.rnn.fwd.bias_ih, bias_hh   [3·hidden]
//	m<k>.att.weight                 [attention, 2·hidden]
//	m<k>.att.bias, att.v            [attention]
//	m<k>.out.weight, out.bias       [classes, 2·hidden], [classes]
//	m<k>.wide.weight                [classes, wide vocab], F32 or I8 rows, with a wide branch
//	m<k>.wide.weight.scale          [classes], with I8 rows only
//	m<k>.wide.bias                  [classes], with a wide branch
//	wide.idf                        [wide vocab], with a wide branch
//
// Metadata (keys in engine/clinical/meta.go):
//
//	clinical.MetaTextHeader  JSON: name, version, labels (one per class),
//	                         nlp pipeline spec, members, max_tokens,
//	                         max_runes, bigrams, temperature,
//	                         min_confidence, drop_unasserted
//	clinical.MetaVocab       JSON nlp.Vocabulary of the recurrent branch
//	clinical.MetaWideVocab   JSON nlp.Vocabulary of the wide branch (absent
//	                         without one)
//	clinical.MetaTextConfig  JSON textnet.Config shared by every member
//
// Loading checks the whole file before anything runs: the header, that
// labels, vocabularies and configuration agree with every tensor's shape,
// that int8 rows have their scales, that every value is finite, and at
// most 64 members; a file that fails is a *clinical.Error of kind Corrupt.
package textmodel
