package nlp

import (
	"sort"
	"strings"
	"sync"

	"github.com/bedside-health/bedside/nlp/rx"
)

var medicationLexicon = sync.OnceValue(func() *nameLexicon {
	lx, err := compileNames(mustRead("medications.tsv"), "medications.tsv")
	if err != nil {
		panic(err) // embedded data; TestMedicationLexicon catches it
	}
	return lx
})

var labLexicon = sync.OnceValue(func() *nameLexicon {
	lx, err := compileNames(mustRead("labs.tsv"), "labs.tsv")
	if err != nil {
		panic(err)
	}
	return lx
})

// coded is a written form and the code it stands for.
type coded struct {
	re   *rx.Regexp
	code string // may hold $1, $2 for the form's groups
}

func codes(pairs ...string) []coded {
	out := make([]coded, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, coded{rx.MustCompile(rxTable, `^(?i:`+pairs[i]+`)`), pairs[i+1]})
	}
	return out
}

// match finds the first form at the start of s that does not run into a
// letter or a digit ("pr" is not a route in "prn"); it returns the code
// and the length read.
func matchCoded(cs []coded, s string) (string, int) {
	for _, c := range cs {
		loc := c.re.FindStringSubmatchIndex(s)
		if loc == nil || loc[1] == 0 {
			continue
		}
		if n := loc[1]; n < len(s) && asciiAlnum(s[n]) && asciiAlnum(s[n-1]) {
			continue
		}
		n := loc[1]
		if s[n-1] == '.' && strings.Count(s[:n], ".") == 1 {
			n-- // "BID." ends a sentence; "b.i.d." keeps its dots
		}
		return string(c.re.ExpandString(nil, c.code, s, loc)), n
	}
	return "", 0
}

func asciiAlnum(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
}

var routes = codes(
	`p\.?o\.?|by\s+mouth|orally|oral|口服`, "PO",
	`i\.?v\.?\s*(?:push|piggyback|bolus|drip)?|intravenous(?:ly)?|静脉滴注|静脉注射|静滴|静推|静脉`, "IV",
	`i\.?m\.?|intramuscular(?:ly)?|肌肉注射|肌内注射|肌注`, "IM",
	`s\.?c\.?|s\.?q\.?|sub-?q|subcut|subcutaneous(?:ly)?|皮下注射|皮下`, "SC",
	`s\.?l\.?|sublingual(?:ly)?|舌下含服|舌下`, "SL",
	`p\.?r\.?|per\s+rectum|rectal(?:ly)?|纳肛`, "PR",
	`inhaled|inhalation|via\s+nebulizer|nebulized|nebs?|mdi|inh|雾化吸入|雾化|吸入`, "INH",
	`topical(?:ly)?|外用`, "TOP",
	`transdermal(?:ly)?`, "TD",
	`intranasal(?:ly)?|nasally|each\s+nostril`, "NAS",
	`(?:per|via)\s+(?:ng|peg|g)\s*-?tube|per\s+tube|鼻饲`, "NG",
)

var frequencies = codes(
	`q\.?\s?(\d+)\s?(?:-|to)\s?(\d+)\s?h(?:ours?|rs?|r)?\.?`, "Q${1}-${2}H",
	`every\s+(\d+)\s*(?:-|to)\s*(\d+)\s*hours?`, "Q${1}-${2}H",
	`q\.?\s?(\d+)\s?h(?:ours?|rs?|r)?\.?`, "Q${1}H",
	`every\s+(\d+)\s+hours?`, "Q${1}H",
	`每(\d+)小时一次|每(\d+)小时`, "Q${1}H",
	`b\.?i\.?d\.?|twice\s+(?:a\s+|per\s+)?day|twice\s+daily|two\s+times\s+(?:a\s+|per\s+)?day|每日两次|每日2次|每日二次|一日两次|一日2次|每天两次|每天2次|日两次`, "BID",
	`t\.?i\.?d\.?|three\s+times\s+(?:a\s+|per\s+)?(?:day|daily)|每日三次|每日3次|一日三次|一日3次|每天三次|每天3次`, "TID",
	`q\.?i\.?d\.?|four\s+times\s+(?:a\s+|per\s+)?(?:day|daily)|每日四次|每日4次|一日四次|一日4次`, "QID",
	`q\.?h\.?s\.?|at\s+bedtime|nightly|every\s+night|at\s+night|睡前|每晚`, "QHS",
	`q\.?a\.?m\.?|every\s+morning|in\s+the\s+morning|每早|晨起`, "QAM",
	`q\.?p\.?m\.?|every\s+evening|in\s+the\s+evening`, "QPM",
	`q\.?o\.?d\.?|every\s+other\s+day|隔日一次|隔日`, "QOD",
	`q\.?d\.?|daily|once\s+(?:a\s+)?day|once\s+daily|every\s+day|每日一次|每日1次|一日一次|一日1次|每天一次|每天1次|每日|每天`, "QD",
	`q\.?\s?week|weekly|once\s+(?:a\s+)?week|every\s+week|每周一次|每周`, "WEEKLY",
	`stat|once|x\s?1|立即|单次`, "ONCE",
)

var prn = codes(`p\.?r\.?n\.?|as\s+needed|when\s+needed|必要时|需要时`, "PRN")

// doseRE reads a dose and its unit at the start of the text after a name.
var doseRE = rx.MustCompile(rxTable, `^(?i)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|\.\d+)(?:\s*(?:-|to|/)\s*(\d+(?:\.\d+)?))?\s*`+
	`(mcg/kg/min|mcg/min|mg/kg|mg/hr|mg/h|units?/hr|units?/h|units?/kg|mg|mcg|µg|μg|ug|grams?|gm|g|milligrams?|micrograms?|international\s+units|units?|iu|u|ml|meq|mmol|%|puffs?|tabs?|tablets?|caps?|capsules?|drops?|sprays?|patch(?:es)?|毫克|微克|克|单位|毫升|片|粒|喷)`)

var unitNames = map[string]string{
	"gram": "g", "grams": "g", "gm": "g", "milligram": "mg", "milligrams": "mg",
	"microgram": "mcg", "micrograms": "mcg", "µg": "mcg", "μg": "mcg", "ug": "mcg",
	"unit": "units", "u": "units", "iu": "units", "international units": "units",
	"ml": "mL", "meq": "mEq", "puffs": "puff", "tab": "tablet", "tabs": "tablet", "tablets": "tablet",
	"cap": "capsule", "caps": "capsule", "capsules": "capsule", "drops": "drop", "sprays": "spray",
	"patches": "patch", "毫克": "mg", "微克": "mcg", "克": "g", "单位": "units", "毫升": "mL",
	"片": "tablet", "粒": "capsule", "喷": "puff",
	"mcg/kg/min": "mcg/kg/min", "mg/kg": "mg/kg", "mg/hr": "mg/h", "unit/hr": "units/h", "units/hr": "units/h", "unit/h": "units/h",
}

func unitName(u string) string {
	l := strings.ToLower(strings.Join(strings.Fields(u), " "))
	if c, ok := unitNames[l]; ok {
		return c
	}
	return l
}

// medGap is what may stand between a name and its attributes: spaces,
// a colon or comma, a dash, or a brand name in brackets.
var medGap = rx.MustCompile(rxTable, `^[ \t,:\-–]*(?:[(（][^()（）\n]{1,30}[)）][ \t,:\-–]*)?`)

// unknownDrugRE finds a drug the lexicon does not know, by its shape: a
// word with a dose and a unit. It is kept only when a route or frequency
// follows too, which prose with numbers seldom has.
var unknownDrugRE = rx.MustCompile(rxTable, `\b([A-Za-z][A-Za-z\-]{3,})\s+(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?i:mg|mcg|g|units|unit|ml|meq)\b`)

// notDrugs are words that come before a dose without naming a drug.
var notDrugs = map[string]bool{
	"total": true, "dose": true, "doses": true, "given": true, "received": true, "receiving": true,
	"take": true, "takes": true, "taking": true, "took": true, "daily": true, "about": true,
	"approximately": true, "than": true, "increased": true, "decreased": true, "additional": true,
	"bolus": true, "extra": true, "plus": true, "then": true, "start": true, "started": true,
	"continue": true, "continued": true, "titrate": true, "titrated": true, "from": true,
	"over": true, "every": true, "tablet": true, "tablets": true, "each": true, "another": true,
	"weighs": true, "weight": true, "dosing": true, "load": true, "loading": true, "drip": true,
	"infusion": true, "increase": true, "decrease": true, "reduce": true, "reduced": true,
	"change": true, "changed": true, "switch": true, "switched": true, "restart": true,
	"restarted": true, "resume": true, "resumed": true, "hold": true, "held": true, "stop": true,
	"stopped": true, "discontinue": true, "discontinued": true, "prescribed": true, "with": true,
}

// routeBefore reads a route written just before a name ("IV furosemide").
var routeBeforeRE = rx.MustCompile(rxTable, `(?i)\b(iv|po|im|sc|sq|sl|oral|intravenous|inhaled|nebulized|topical)\s+$|(口服|静脉滴注|静滴|静推|静脉注射|肌注|皮下注射|舌下含服|雾化吸入|吸入)\s*$`)

// findMedications finds the medications of text outside the taken byte
// ranges (allergies).
func findMedications(text string, secs []Section, taken [][2]int) []Medication {
	lx := medicationLexicon()
	out := []Medication{}
	cur := runeCursor{text: text}
	labs := labLexicon()
	type hit struct {
		bs, be int
		name   string
		known  bool
	}
	var hits []hit
	for _, loc := range lx.findAll(text) {
		hits = append(hits, hit{loc[0], loc[1], lx.lookup(text[loc[0]:loc[1]]), true})
	}
	for _, loc := range unknownDrugRE.FindAllStringSubmatchIndex(text, -1) {
		w := text[loc[2]:loc[3]]
		lw := strings.ToLower(w)
		if notDrugs[lw] || IsStopword(lw) || labs.isName(w) || lx.isName(w) {
			continue // not a drug, or a known name found above
		}
		hits = append(hits, hit{loc[2], loc[3], lw, false})
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].bs < hits[j].bs })
	lastEnd := -1
	for _, h := range hits {
		if h.bs < lastEnd || overlapsAny(taken, h.bs, h.be) {
			continue
		}
		m := Medication{Name: h.name}
		start, end := h.bs, h.be
		if pre := text[max(0, h.bs-24):h.bs]; routeBeforeRE.MatchString(pre) {
			loc := routeBeforeRE.FindStringIndex(pre)
			if r, _ := matchCoded(routes, strings.TrimSpace(pre[loc[0]:])); r != "" {
				m.Route = r
				start = h.bs - len(pre) + loc[0]
			}
		}
		end = readMedicationTail(text, end, &m)
		if !h.known && m.Route == "" && m.Frequency == "" {
			continue
		}
		m.Span = cur.span(start, end)
		m.Section = sectionName(secs, start)
		out = append(out, m)
		lastEnd = end
	}
	return out
}

// readMedicationTail reads dose, unit, route and frequency after a name
// ending at byte i, in any order, on the same line; it returns where the
// last one read ends.
func readMedicationTail(text string, i int, m *Medication) int {
	end := i
	limit := min(len(text), i+120)
	if nl := strings.IndexByte(text[i:limit], '\n'); nl >= 0 {
		limit = i + nl
	}
	pos := i
	freq, asNeeded := "", false
	defer func() {
		if asNeeded {
			freq = strings.TrimSpace(freq + " PRN")
		}
		m.Frequency = freq
	}()
	for range 6 {
		rest := text[pos:limit]
		gap := medGap.FindStringIndex(rest)
		g := 0
		if gap != nil {
			g = gap[1]
		}
		rest = rest[g:]
		if rest == "" {
			break
		}
		if m.Dose == "" {
			if loc := doseRE.FindStringSubmatchIndex(rest); loc != nil && !(loc[1] < len(rest) && asciiAlnum(rest[loc[1]]) && asciiAlnum(rest[loc[1]-1])) {
				m.Dose = rest[loc[2]:loc[3]]
				if loc[4] >= 0 {
					m.Dose += "-" + rest[loc[4]:loc[5]]
				}
				m.Unit = unitName(rest[loc[6]:loc[7]])
				pos += g + loc[1]
				end = pos
				continue
			}
		}
		if m.Route == "" {
			if r, n := matchCoded(routes, rest); n > 0 {
				m.Route = r
				pos += g + n
				end = pos
				continue
			}
		}
		if !asNeeded {
			if _, n := matchCoded(prn, rest); n > 0 {
				asNeeded = true
				pos += g + n
				end = pos
				continue
			}
		}
		if freq == "" {
			if f, n := matchCoded(frequencies, rest); n > 0 {
				freq = strings.ToUpper(f)
				pos += g + n
				end = pos
				continue
			}
		}
		break
	}
	return end
}
