package nlp

var historicalRule = &rule{value: Historical, dir: forward | backward, window: -1}

var recentRule = &rule{value: "pseudo", window: -1}

var numberWords = map[string]int{
	"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "several": 3, "many": 3, "few": 3,
	"couple": 2, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
}

// appendTimeExpressions adds "<n> <unit> ago|prior|earlier|before",
// "<n> <unit> history of" and
// "in <year>" as temporality rules: historical when more than two weeks
// back (ConText's threshold), pseudo (recent) otherwise.
func appendTimeExpressions(ms []match, words []cword, skip []bool) []match {
	for i := 0; i+1 < len(words); i++ {
		if skip != nil && skip[i] {
			continue
		}
		w := words[i].key
		if w == "in" && i+1 < len(words) && isYear(words[i+1].key) {
			ms = append(ms, match{historicalRule, i, i + 2})
			continue
		}
		n, ok := numberWords[w]
		if !ok {
			n, ok = atoiPrefix(w)
		}
		if !ok || i+2 >= len(words) {
			continue
		}
		unit, ago := words[i+1].key, words[i+2].key
		end := i + 3
		switch ago {
		case "ago", "prior", "earlier", "before":
		case "history":
			if end < len(words) && words[end].key == "of" {
				end++
			}
		default:
			continue
		}
		days := 0
		switch unit {
		case "day", "d":
			days = n
		case "week", "wk", "w":
			days = 7 * n
		case "month", "mo", "mos", "m":
			days = 30 * n
		case "year", "yr", "yrs", "y", "decade":
			days = 365 * n
		default:
			continue
		}
		r := recentRule
		if days > 14 {
			r = historicalRule
		}
		ms = append(ms, match{r, i, end})
	}
	return ms
}

func isYear(s string) bool {
	if len(s) != 4 || (s[:2] != "19" && s[:2] != "20") {
		return false
	}
	for i := 2; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoiPrefix reads a small count at the start of w ("3", "10").
func atoiPrefix(w string) (int, bool) {
	n, i := 0, 0
	for ; i < len(w) && i < 4 && w[i] >= '0' && w[i] <= '9'; i++ {
		n = n*10 + int(w[i]-'0')
	}
	return n, i > 0 && i == len(w)
}
