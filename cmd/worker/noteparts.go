package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/bedside-health/bedside/engine/clinical"
)

// findingsPerPart is how many findings one part of a note's analysis holds.
// The page decodes a part in one task: a 99k-character note has about 3,700
// findings, and decoding them as one JSON document held the page's main
// thread for over 400 ms, while 100 findings decode in about 12 ms.
const findingsPerPart = 100

// runContextParts is the note analysis as the page receives it
// (bedside.contextParts): parts[0] is the analysis object without its
// "findings" key (sections, medications, ...), and every later part is a
// JSON array of at most findingsPerPart findings, in the analysis's order.
// Concatenating the arrays gives the findings of runContext; a note with no
// findings is the header alone.
func (r *runtime) runContextParts(text string) (parts [][]byte, err error) {
	defer catch("context", &err)
	whole, err := r.runContext(text)
	if err != nil {
		return nil, err
	}
	return splitFindings(whole, findingsPerPart)
}

// splitFindings cuts an analysis object's findings list into parts of per
// findings each; the header keeps every other key as it was.
func splitFindings(whole []byte, per int) ([][]byte, error) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(whole, &obj); err != nil {
		return nil, &clinical.Error{Op: "context", Kind: clinical.Other, Err: fmt.Errorf("the analysis is not an object: %w", err)}
	}
	var findings []json.RawMessage
	if raw, ok := obj["findings"]; ok {
		if err := json.Unmarshal(raw, &findings); err != nil {
			return nil, &clinical.Error{Op: "context", Kind: clinical.Other, Err: fmt.Errorf("the findings are not a list: %w", err)}
		}
		delete(obj, "findings")
	}
	if per < 1 {
		return nil, &clinical.Error{Op: "context", Kind: clinical.Other, Err: errors.New("findings per part must be positive")}
	}
	header, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	parts := [][]byte{header}
	for lo := 0; lo < len(findings); lo += per {
		part, err := json.Marshal(findings[lo:min(lo+per, len(findings))])
		if err != nil {
			return nil, err
		}
		parts = append(parts, part)
	}
	return parts, nil
}
