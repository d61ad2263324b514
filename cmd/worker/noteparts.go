package main

import (
	"errors"
	"slices"

	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/nlp"
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
	n, err := r.analysis(text)
	if err != nil {
		return nil, err
	}
	return splitFindings(n, findingsPerPart)
}

// headerKeys are the header's keys in byte order, the order in which
// json.Marshal wrote the map the header was before issue 15 (the page
// reads them by name; the order keeps the bytes as they were).
var headerKeys = func() []string {
	keys := slices.DeleteFunc(slices.Clone(nlp.NoteKeys), func(k string) bool { return k == "findings" })
	slices.Sort(keys)
	return keys
}()

// splitFindings writes the analysis n as its parts, findings per per.
func splitFindings(n nlp.Note, per int) ([][]byte, error) {
	if per < 1 {
		return nil, &clinical.Error{Op: "context", Kind: clinical.Other, Err: errors.New("findings per part must be positive")}
	}
	header := []byte{'{'}
	for i, k := range headerKeys {
		if i > 0 {
			header = append(header, ',')
		}
		header = append(append(append(header, '"'), k...), '"', ':')
		header = n.AppendListJSON(header, k)
	}
	parts := [][]byte{append(header, '}')}
	for lo := 0; lo < len(n.Findings); lo += per {
		parts = append(parts, nlp.AppendFindingsJSON(nil, n.Findings[lo:min(lo+per, len(n.Findings))]))
	}
	return parts, nil
}
