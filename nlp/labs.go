package nlp

import (
	"strings"

	"github.com/bedside-health/bedside/nlp/rx"
)

// labTail reads what follows a lab's name: a linking word, a value, a unit
// and a flag.
var labTail = rx.MustCompile(rxTable, `^(?:\s*(?i:level|count|value))?\s*(?:[:：=]|\b(?i:was|is|of|were|at|came\s+back|returned|now|up\s+to|down\s+to|peaked\s+at|rose\s+to|rising\s+to|increased\s+to|decreased\s+to|fell\s+to|dropped\s+to|trended\s+to|improved\s+to)\b)?\s*(<=|>=|<|>|≤|≥)?\s*(\d+(?:\.\d+)?|\.\d+)`+
	`(?:\s*(?i:((?:mg/dl|mmol/l|meq/l|µmol/l|μmol/l|umol/l|g/dl|g/l|mg/l|ng/ml|ng/dl|ng/l|pg/ml|µg/l|ug/l|mcg/l|u/l|iu/l|mu/l|miu/l|uiu/ml|µiu/ml|μiu/ml|miu/ml|k/ul|k/µl|k/mm3|x\s?10\^?9/l|×\s?10\^?9/l|10\^9/l|x\s?10\^?3/ul|10\^3/ul|x10e9/l|/ul|/mm3|/µl|mm/hr|mm/h|ml/min/1\.73\s?m2|ml/min|mg/g|mg/mmol|seconds|secs?|s|mmhg|fl|pg)\b|%)))?`+
	`(?:\s*(?:\(\s*)?((?-i:HH|LL|H|L)\b|(?i:high|low)\b|↑|↓)(?:\s*\))?)?`)

var flagCodes = map[string]string{"H": "H", "HH": "H", "high": "H", "↑": "H", "L": "L", "LL": "L", "low": "L", "↓": "L"}

var labUnits = map[string]string{
	"mg/dl": "mg/dL", "mmol/l": "mmol/L", "meq/l": "mEq/L", "µmol/l": "umol/L", "μmol/l": "umol/L", "umol/l": "umol/L",
	"g/dl": "g/dL", "g/l": "g/L", "mg/l": "mg/L", "ng/ml": "ng/mL", "ng/dl": "ng/dL", "ng/l": "ng/L", "pg/ml": "pg/mL",
	"µg/l": "ug/L", "ug/l": "ug/L", "mcg/l": "ug/L", "u/l": "U/L", "iu/l": "U/L", "mu/l": "mU/L", "miu/l": "mU/L",
	"uiu/ml": "u[IU]/mL", "µiu/ml": "u[IU]/mL", "μiu/ml": "u[IU]/mL", "miu/ml": "m[IU]/mL",
	"k/ul": "10*3/uL", "k/µl": "10*3/uL", "k/mm3": "10*3/uL", "x10^3/ul": "10*3/uL", "10^3/ul": "10*3/uL", "x10^9/l": "10*9/L",
	"×10^9/l": "10*9/L", "10^9/l": "10*9/L", "x109/l": "10*9/L", "x10e9/l": "10*9/L", "/ul": "/uL", "/µl": "/uL", "/mm3": "/uL",
	"mm/hr": "mm/h", "mm/h": "mm/h", "seconds": "s", "sec": "s", "secs": "s", "s": "s", "%": "%", "mmhg": "mm[Hg]",
	"fl": "fL", "pg": "pg", "ml/min": "mL/min", "mg/g": "mg/g", "mg/mmol": "mg/mmol",
}

// labUnit normalises a written unit to its UCUM code.
func labUnit(u string) string {
	l := strings.ToLower(strings.ReplaceAll(u, " ", ""))
	if c, ok := labUnits[l]; ok {
		return c
	}
	if strings.HasPrefix(l, "ml/min/1.73") {
		return "mL/min/{1.73_m2}"
	}
	return u
}

// findLabs finds the lab results of text outside the taken ranges.
func findLabs(text string, secs []Section, taken [][2]int) []Lab {
	lx := labLexicon()
	out := []Lab{}
	cur := runeCursor{text: text}
	for _, loc := range lx.findAll(text) {
		bs, ne := loc[0], loc[1]
		t := labTail.FindStringSubmatchIndex(text[ne:min(len(text), ne+80)])
		if t == nil {
			continue
		}
		be := ne + t[1]
		if overlapsAny(taken, bs, be) {
			continue
		}
		rest := text[ne:]
		// a number running into letters is not this lab's value ("PT 2x a week")
		if t[1] < len(rest) && asciiAlnum(rest[t[1]]) && asciiAlnum(rest[t[1]-1]) {
			continue
		}
		// "K 4/5 strength", "Hb 10/12": a fraction is not a result; "target
		// Hb 10-11": a range is a goal or a reference, not a result
		if t[1] < len(rest) && (rest[t[1]] == '/' || rest[t[1]] == '-' && t[1]+1 < len(rest) && rest[t[1]+1] >= '0' && rest[t[1]+1] <= '9') && t[6] < 0 {
			continue
		}
		// "once K < 5.3", "goal INR 2-3": a condition or a goal
		if conditionBefore.MatchString(text[max(0, bs-12):bs]) {
			continue
		}
		l := Lab{Name: lx.lookup(text[bs:ne]), Value: rest[t[4]:t[5]]}
		if t[2] >= 0 {
			l.Value = rest[t[2]:t[3]] + l.Value
		}
		if t[6] >= 0 {
			l.Unit = labUnit(rest[t[6]:t[7]])
		}
		if t[8] >= 0 {
			f := rest[t[8]:t[9]]
			if c, ok := flagCodes[f]; ok {
				l.Flag = c
			} else {
				l.Flag = flagCodes[strings.ToLower(f)]
			}
		}
		l.Span = cur.span(bs, be)
		l.Section = sectionName(secs, bs)
		out = append(out, l)
	}
	return out
}

// conditionBefore is a word that makes the lab after it a condition or a
// goal rather than a result.
var conditionBefore = rx.MustCompile(rxTable, `(?i)\b(?:once|if|when|until|unless|goal|target|keep|maintain)\s+$`)
