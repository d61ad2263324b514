package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

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
			return json.Unmarshal(part, &nc)
		}
		// Halves of a part, each in its own task: a whole part of 100
		// findings, with the garbage collection it set off, took 20-30 ms
		// of CPU in one task.
		dec := json.NewDecoder(bytes.NewReader(part))
		if err := expectDelim(dec, '['); err != nil {
			return fmt.Errorf("findings: %w", err)
		}
		for i := 1; dec.More(); i++ {
			var f record.Finding
			if err := dec.Decode(&f); err != nil {
				return fmt.Errorf("findings: %w", err)
			}
			nc.Findings = append(nc.Findings, f)
			if i%findingsPerTask == 0 && dec.More() {
				pause()
			}
		}
		if err := expectDelim(dec, ']'); err != nil {
			return fmt.Errorf("findings: %w", err)
		}
		return nil
	})
	return nc, err
}

// findingsPerTask is how many of a part's findings are decoded per task.
const findingsPerTask = 50

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
