package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/bedside-health/bedside/fhir"
	"github.com/bedside-health/bedside/nlp"
)

func init() {
	register("fhir", command{
		summary: "write a note's findings, medications, vital signs, labs and allergies as a FHIR R4 Bundle",
		run:     runFHIR,
	})
}

const fhirUsage = `usage: bedside fhir < note.txt > bundle.json

Reads one clinical note (English or Chinese, plain text) from stdin and
writes a FHIR R4 Bundle of type collection: Condition for each finding of
the patient (negated: verificationStatus refuted; historical:
clinicalStatus inactive; hypothetical ones and other people's are left
out), Observation for vital signs and labs with UCUM units,
MedicationStatement and AllergyIntolerance. The ids are derived from the
note's text, so the same note gives the same bundle.
`

func runFHIR(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("fhir", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() { fmt.Fprint(stderr, fhirUsage) }
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "bedside fhir: unexpected argument %q; the note is read from stdin\n", fl.Arg(0))
		return 2
	}
	b, err := io.ReadAll(io.LimitReader(stdin, 8<<20))
	if err != nil {
		fmt.Fprintf(stderr, "bedside fhir: reading the note: %v\n", err)
		return 1
	}
	text := string(b)
	if strings.TrimSpace(text) == "" {
		fmt.Fprintln(stderr, "bedside fhir: the note is empty")
		return 2
	}
	out, err := fhir.Marshal(text, nlp.AnalyzeNote(text), fhir.Options{})
	if err != nil {
		fmt.Fprintf(stderr, "bedside fhir: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(append(out, '\n')); err != nil {
		fmt.Fprintf(stderr, "bedside fhir: writing: %v\n", err)
		return 1
	}
	return 0
}
