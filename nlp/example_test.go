package nlp_test

import (
	"fmt"

	"github.com/bedside-health/bedside/nlp"
)

func ExampleTokenize() {
	for _, t := range nlp.Tokenize("T 38.5°C, metformin b.i.d.") {
		fmt.Printf("%s %s [%d,%d)\n", t.Text, t.Kind, t.Start, t.End)
	}
	// Output:
	// T word [0,1)
	// 38.5°C number [2,8)
	// , punct [8,9)
	// metformin word [10,19)
	// b.i.d. word [20,26)
}

func ExampleSentences() {
	for _, s := range nlp.Sentences("Seen by Dr. Smith. Denies fever.\n1. Cough\n2. Rash") {
		fmt.Println(s.Text)
	}
	// Output:
	// Seen by Dr. Smith.
	// Denies fever.
	// 1. Cough
	// 2. Rash
}

func ExamplePipeline() {
	p, _ := nlp.ParsePipeline(nlp.DefaultSpec)
	fmt.Println(p.Strings("Pt denies SOB, no fevers since 2 days."))
	// Output: [pt deni short breath no fever sinc <num> day]
}

func ExampleBuildVocabulary() {
	p, _ := nlp.ParsePipeline("lower,punct")
	docs := [][]string{p.Strings("No fever, cough."), p.Strings("Cough and rash.")}
	v := nlp.BuildVocabulary(docs, nlp.VocabOptions{MinCount: 1})
	fmt.Println(v.IDs(p.Strings("cough, fever, headache")))
	b, _ := v.MarshalJSON()
	fmt.Println(string(b))
	// Output:
	// [2 4 1]
	// {"version":1,"terms":["\u003cpad\u003e","\u003cunk\u003e","cough","and","fever","no","rash"]}
}
