package nlp

import (
	"sort"
	"strconv"
	"strings"

	"github.com/bedside-health/bedside/nlp/rx"
)

// vitalForm is how one vital sign is written: a label, a value, a unit.
type vitalForm struct {
	name string
	re   *rx.Regexp // groups: value (and for bp the diastolic), unit
	ok   func(v float64) bool
	// need lists strings (lower case) one of which the text must hold for
	// the form to be tried: a cheap test that spares a regular expression
	// its pass over a long note
	need []string
}

// sep is what stands between a label and its value.
const vsep = `\s*(?:[:：=]|\bwas\b|\bof\b|\bis\b|\bat\b)?\s*`

var vitalForms = []vitalForm{
	{"bp", rx.MustCompile(rxTable, `(?:\b(?i:blood\s+pressure|b/p|bp|nibp|sbp/dbp)|\b(?-i:BP)|血压)`+vsep+`(\d{2,3})\s*/\s*(\d{2,3})(?:\s*((?i:mm\s*hg)|毫米汞柱))?`),
		func(v float64) bool { return v >= 40 && v <= 300 }, []string{"/"}},
	{"bp", rx.MustCompile(rxTable, `(?i)\b(\d{2,3})\s*/\s*(\d{2,3})\s*(mm\s*hg)`),
		func(v float64) bool { return v >= 40 && v <= 300 }, []string{"/"}},
	{"hr", rx.MustCompile(rxTable, `(?:\b(?i:heart\s+rate|pulse\s+rate|pulse|hr|tachycardic\s+to|bradycardic\s+to|tachycardic\s+at)|\b(?-i:P)|心率|脉搏|脉率)`+vsep+`(\d{2,3})(?:\s*((?i:bpm|beats\s+per\s+minute|beats/min|/min)|次/分钟|次/分|次/min|/分))?`),
		func(v float64) bool { return v >= 20 && v <= 250 }, nil},
	{"rr", rx.MustCompile(rxTable, `(?:\b(?i:respiratory\s+rate|resp\s+rate|respirations|resp|rr)|\b(?-i:R)|呼吸频率|呼吸)`+vsep+`(\d{1,2})(?:\s*((?i:breaths\s+per\s+minute|breaths/min|/min)|次/分钟|次/分|次/min|/分))?`),
		func(v float64) bool { return v >= 4 && v <= 80 }, nil},
	{"temp", rx.MustCompile(rxTable, `(?:\b(?i:temperature|temp|tmax|tcurrent|tc|tm)|\b(?-i:T)|体温)`+vsep+`(\d{2,3}(?:\.\d{1,2})?)(?:\s*((?i:°\s*[cf]|º\s*[cf]|degrees?\s+(?:celsius|fahrenheit|c|f)|deg\s*[cf]|c\b|f\b)|℃|℉))?`),
		func(v float64) bool { return v >= 30 && v <= 45 || v >= 86 && v <= 113 }, nil},
	{"spo2", rx.MustCompile(rxTable, `(?:\b(?i:spo2|sao2|o2\s+sat(?:uration)?s?|oxygen\s+saturation|pulse\s+ox(?:imetry)?|sat(?:uration)?s?|sp02)|血氧饱和度|指脉氧|氧饱和度)`+vsep+`(\d{2,3})\s*(%)?(?i:\s*(?:on\s+)?(?:ra\b|room\s+air\b|\d+\s*l\b|\d+\s*lpm\b|nc\b|nasal\s+cannula\b))?`),
		func(v float64) bool { return v >= 50 && v <= 100 }, []string{"sat", "sao", "sp0", "spo", "ox", "饱和", "指脉氧"}},
	{"spo2", rx.MustCompile(rxTable, `(?i)\b(\d{2,3})\s*(%)\s*(?:on\s+)?(?:ra\b|room\s+air|\d+\s*l\b|\d+\s*lpm|nc\b|nasal\s+cannula)`),
		func(v float64) bool { return v >= 50 && v <= 100 }, []string{"%"}},
	{"weight", rx.MustCompile(rxTable, `(?:\b(?i:weight|weighs|wt)|体重)`+vsep+`(\d{1,3}(?:\.\d{1,2})?)\s*((?i:kgs?|kilograms?|lbs?|pounds?)|公斤|千克)`),
		func(v float64) bool { return v > 0 && v <= 700 }, []string{"weigh", "wt", "体重"}},
	{"height", rx.MustCompile(rxTable, `(?:\b(?i:height|ht)|身高)`+vsep+`(\d{1,3}(?:\.\d{1,2})?)\s*((?i:cm|centimeters?|meters?|inches|in|m)|厘米)`),
		func(v float64) bool { return v > 0 && v <= 250 }, []string{"height", "ht", "身高"}},
}

var vitalUnits = map[string]string{
	"mmhg": "mmHg", "毫米汞柱": "mmHg",
	"bpm": "/min", "beats per minute": "/min", "beats/min": "/min", "/min": "/min", "次/分钟": "/min", "次/分": "/min", "次/min": "/min", "/分": "/min",
	"breaths per minute": "/min", "breaths/min": "/min",
	"℃": "Cel", "℉": "[degF]", "%": "%",
	"kg": "kg", "kgs": "kg", "kilogram": "kg", "kilograms": "kg", "公斤": "kg", "千克": "kg",
	"lb": "[lb_av]", "lbs": "[lb_av]", "pound": "[lb_av]", "pounds": "[lb_av]",
	"cm": "cm", "centimeter": "cm", "centimeters": "cm", "厘米": "cm", "m": "m", "meter": "m", "meters": "m", "米": "m",
	"in": "[in_i]", "inches": "[in_i]",
}

// vitalUnit normalises a written unit to its UCUM code.
func vitalUnit(name, u string) string {
	l := strings.ToLower(strings.Join(strings.Fields(u), " "))
	l = strings.ReplaceAll(l, "mm hg", "mmhg")
	if c, ok := vitalUnits[l]; ok {
		return c
	}
	if name == "temp" {
		if strings.HasSuffix(l, "f") || strings.Contains(l, "fahrenheit") {
			return "[degF]"
		}
		return "Cel"
	}
	return l
}

// impliedUnit is the unit a value without one is read in.
func impliedUnit(name string, v float64) string {
	switch name {
	case "bp":
		return "mmHg"
	case "hr", "rr":
		return "/min"
	case "spo2":
		return "%"
	case "temp":
		if v > 50 {
			return "[degF]"
		}
		return "Cel"
	}
	return ""
}

// findVitals finds the vital signs of text outside the taken ranges.
func findVitals(text string, secs []Section, taken [][2]int) []Vital {
	var out []Vital
	var mine [][2]int
	lower := strings.ToLower(text)
	for _, f := range vitalForms {
		if !containsAny(lower, f.need) {
			continue
		}
		for _, loc := range f.re.FindAllStringSubmatchIndex(text, -1) {
			bs, be := loc[0], loc[1]
			if overlapsAny(taken, bs, be) || overlapsAny(mine, bs, be) {
				continue
			}
			if be < len(text) && asciiAlnum(text[be]) && asciiAlnum(text[be-1]) {
				continue // "37 cmH2O", "120 mgs": the number is not what it looked like
			}
			v, err := strconv.ParseFloat(text[loc[2]:loc[3]], 64)
			if err != nil || !f.ok(v) {
				continue
			}
			value := text[loc[2]:loc[3]]
			ui := 4
			if f.name == "bp" {
				d, err := strconv.ParseFloat(text[loc[4]:loc[5]], 64)
				if err != nil || d < 20 || d > 200 || d >= v {
					continue
				}
				value += "/" + text[loc[4]:loc[5]]
				ui = 6
			}
			vt := Vital{Name: f.name, Value: value}
			if ui < len(loc) && loc[ui] >= 0 {
				vt.Unit = vitalUnit(f.name, text[loc[ui]:loc[ui+1]])
			} else {
				vt.Unit, vt.UnitInferred = impliedUnit(f.name, v), true
				if vt.Unit == "" {
					continue
				}
			}
			vt.Span = Span{ByteStart: bs, ByteEnd: be}
			out = append(out, vt)
			mine = addRange(mine, bs, be)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ByteStart < out[j].ByteStart })
	cur := runeCursor{text: text}
	for i := range out {
		out[i].Span = cur.span(out[i].ByteStart, out[i].ByteEnd)
		out[i].Section = sectionName(secs, out[i].ByteStart)
	}
	if out == nil {
		out = []Vital{}
	}
	return out
}

// containsAny reports whether s holds one of subs; no subs means yes.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return len(subs) == 0
}
