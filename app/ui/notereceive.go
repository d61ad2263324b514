package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/bedside-health/bedside/app/platform"
	"github.com/bedside-health/bedside/engine/clinical"
	"github.com/bedside-health/bedside/nlp/record"
)

// receiveNoteContext asks for text's analysis and decodes it, calling pause
// before each part: a client that sends the analysis in parts
// (platform.PartedContext; the browser's, 100 findings a part) has it
// decoded a part per task, so a long note's thousands of findings never
// hold the main thread at once.
func receiveNoteContext(ctx context.Context, c platform.Client, text string, pause func()) (NoteContext, error) {
	pc, ok := c.(platform.PartedContext)
	if !ok {
		out, err := c.Context(ctx, text)
		if err != nil {
			return NoteContext{}, err
		}
		return decodeNoteContext(out, pause)
	}
	var nc NoteContext
	header := true
	err := pc.ContextParts(ctx, text, func(part []byte) error {
		// Pause first: the first part arrives in the task that took the
		// worker's message, which has work enough already.
		pause()
		if header {
			header = false
			return decodeHeader(part, &nc, pause)
		}
		// Halves of a part, each in its own task: a whole part of 100
		// findings, with the garbage collection it set off, took 20-30 ms
		// of CPU in one task.
		dec := json.NewDecoder(bytes.NewReader(part))
		if err := expectDelim(dec, '['); err != nil {
			return fmt.Errorf("findings: %w", err)
		}
		sl := newSlicer(pause)
		for dec.More() {
			var f record.Finding
			if err := dec.Decode(&f); err != nil {
				return fmt.Errorf("findings: %w", err)
			}
			nc.Findings = append(nc.Findings, f)
			sl.done(dec.More())
		}
		if err := expectDelim(dec, ']'); err != nil {
			return fmt.Errorf("findings: %w", err)
		}
		return nil
	})
	return nc, err
}

// findingsPerTask is how many of a part's findings are decoded per task at
// most, and decodeBudget how long a task decodes before it pauses: the
// first parts ran before the browser had compiled the decoder's code
// fully, and 50 findings took 20-29 ms of CPU there, against 5-14 ms later.
const findingsPerTask = 50

var decodeBudget = 6 * time.Millisecond

// slicer pauses a decoding task once it has decoded findingsPerTask
// elements or spent decodeBudget.
type slicer struct {
	pause func()
	start time.Time
	n     int
}

func newSlicer(pause func()) *slicer { return &slicer{pause: pause, start: time.Now()} }

// done counts an element decoded; more says whether another follows in
// the same task's list (the last needs no pause: one comes with the next
// part).
func (s *slicer) done(more bool) {
	s.n++
	if more && (s.n >= findingsPerTask || time.Since(s.start) >= decodeBudget) {
		s.pause()
		s.start, s.n = time.Now(), 0
	}
}

// decodeHeader decodes the analysis's first part, its lists other than the
// findings, an element at a time: a note full of medications, vitals, labs
// and allergies (2,000 of them) decoded at once held the main thread for
// 58-60 ms of CPU.
func decodeHeader(part []byte, nc *NoteContext, pause func()) error {
	dec := json.NewDecoder(bytes.NewReader(part))
	if err := expectDelim(dec, '{'); err != nil {
		return fmt.Errorf("header: %w", err)
	}
	sl := newSlicer(pause)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("header: %w", err)
		}
		key, _ := tok.(string)
		// Matched as json.Unmarshal matches a struct's fields, ignoring case.
		for _, name := range []string{"findings", "sections", "medications", "vitals", "labs", "allergies"} {
			if strings.EqualFold(key, name) {
				key = name
			}
		}
		switch key {
		case "findings":
			err = decodeList(dec, &nc.Findings, sl)
		case "sections":
			err = decodeList(dec, &nc.Sections, sl)
		case "medications":
			err = decodeList(dec, &nc.Medications, sl)
		case "vitals":
			err = decodeList(dec, &nc.Vitals, sl)
		case "labs":
			err = decodeList(dec, &nc.Labs, sl)
		case "allergies":
			err = decodeList(dec, &nc.Allergies, sl)
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return fmt.Errorf("header: %v: %w", key, err)
		}
	}
	return expectDelim(dec, '}')
}

// decodeList decodes the list (or null) next in dec into *dst, an element
// at a time, as json.Unmarshal would.
func decodeList[T any](dec *json.Decoder, dst *[]T, sl *slicer) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		*dst = nil
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("want a list, got %v", tok)
	}
	out := []T{}
	for dec.More() {
		var v T
		if err := dec.Decode(&v); err != nil {
			return err
		}
		out = append(out, v)
		sl.done(dec.More())
	}
	*dst = out
	return expectDelim(dec, ']')
}

// tokensPerPause is how many token weights are decoded between pauses.
const tokensPerPause = 500

// decodeTextPrediction decodes a text model's answer a token weight at a
// time, calling pause after every tokensPerPause of them, and skips the
// findings it carries (the note page has its own, from the context step):
// a long note's 17,000 token weights decoded at once held the main thread
// for about 190 ms.
func decodeTextPrediction(data []byte, pause func()) (*clinical.TextPrediction, error) {
	p := new(clinical.TextPrediction)
	rest := map[string]json.RawMessage{}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		switch key, _ := tok.(string); key {
		case "tokens":
			err = eachElement(dec, pause, func() error {
				var t clinical.TokenWeight
				if err := dec.Decode(&t); err != nil {
					return err
				}
				p.Tokens = append(p.Tokens, t)
				return nil
			})
		case "findings":
			err = eachElement(dec, pause, func() error {
				var skip json.RawMessage
				return dec.Decode(&skip)
			})
		default:
			var raw json.RawMessage
			err = dec.Decode(&raw)
			rest[key] = raw
		}
		if err != nil {
			return nil, fmt.Errorf("%v: %w", tok, err)
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return nil, err
	}
	// The rest is small; decoding it as one object keeps every other field
	// of the contract as TextPrediction defines it.
	others, err := json.Marshal(rest)
	if err != nil {
		return nil, err
	}
	return p, json.Unmarshal(others, p)
}

// eachElement calls one for each element of the list (or null) next in dec,
// and pause after every tokensPerPause elements.
func eachElement(dec *json.Decoder, pause func(), one func() error) error {
	tok, err := dec.Token()
	if err != nil || tok == nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("want a list, got %v", tok)
	}
	for i := 1; dec.More(); i++ {
		if err := one(); err != nil {
			return err
		}
		if i%tokensPerPause == 0 {
			pause()
		}
	}
	return expectDelim(dec, ']')
}
