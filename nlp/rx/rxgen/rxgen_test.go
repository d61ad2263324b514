package rxgen

import (
	"regexp/syntax"
	"testing"
)

// patterns exercise every construct the packages' patterns use: case
// folding (with the Kelvin sign and the long s), classes, \b, anchors,
// Unicode classes, counted, lazy and nested repetition, empty matches and
// groups that do not take part.
var patterns = []string{
	`(?i)\bchest (?:pain|pains)\b`,
	`(?i)\b(?:no|not|never)\b|n['’]t\b|没有|没`,
	`(?i)^(?:\d+-(?:year|month)s?-old|\d+|man|woman)$`,
	`(?:对)?([\p{Han}A-Za-z]{2,8}?)过敏(?:史)?(?:[(（]([^()（）]{1,12})[)）])?`,
	`^[\s\-*•·]*(?:\d+[.)、]\s*)?`,
	`(?i)\s+(?:and|or|&)\s+|和|及`,
	`(?:\b(?i:blood\s+pressure|bp)|\b(?-i:BP)|血压)\s*(?:[:：=]|\bwas\b)?\s*(\d{2,3})\s*/\s*(\d{2,3})(?:\s*((?i:mm\s*hg)|毫米汞柱))?`,
	`(?i)\b(\d{2,3})\s*(%)\s*(?:on\s+)?(?:ra\b|room\s+air)`,
	`x*`, `a|`, `(a*)+b`, `(|a)*`, `(a|ab)(c|bcd)(d*)`, `.{0,3}压`, `(?i)k`, `(?i)s+`, `[^a-z\n]+`,
	`(?:\w+ ){0,3}yellow`, `(?i)once\s+$`, `不会(?:去)?$`, `(?i)[k-s]+`, `(?i)[^k]`, `\S+`, `abc`, `^abc`,
	// Matches start only at some runes and conditions (rx skips the rest):
	`(?m)^b`, `\Bb`, `(?i)\bs\w*`, `(?i)\b(?:kilo|ſt|胸)\b`, `(?m)(?:^|x)b$`, `[^\x00-\x{10FFFF}]`,
}

var texts = []string{
	"", "a", "ab", "abcd", "aab", "xxx", "chest pain", "Chest Pains and CHEST PAIN", "I can't breathe, I don't know",
	"没有胸痛，也没发烧", "52-year-old", "woman", "对青霉素过敏（皮疹）", "对花生过敏史", "  - 2. aspirin", "• penicillin",
	"nuts and eggs or milk & soy 和 鸡蛋 及 牛奶", "BP 120/80 mmHg, blood pressure was 130 / 85", "bp: 99/60 毫米汞柱",
	"SpO2 97% on RA, 92 % room air", "胸口压着", "胸口好像被压了", "\u212a\u017f s S ſ", "my skin and eyes are turning yellow",
	"call once ", "我不会去", "\xff\xfeabc\xffabc", "abc\nabc", "yellow yellow", "\n\n", "xx yy\tzz",
	"a\nb ab bb\nxb", "Ster ſter \u212ailo kilo ſt 胸 痛", "\xffb\xff kilo\xff",
}

func TestSameAsRegexp(t *testing.T) {
	for _, expr := range patterns {
		for _, text := range texts {
			Same(t, expr, text)
		}
	}
}

// The rx package numbers instructions and conditions as regexp/syntax does.
func TestOpcodes(t *testing.T) {
	if syntax.InstRuneAnyNotNL != 10 || syntax.InstAlt != 0 || syntax.InstMatch != 4 || syntax.InstRune != 7 {
		t.Fatal("regexp/syntax renumbered its instructions; update rx's constants")
	}
	if syntax.EmptyBeginLine != 1 || syntax.EmptyNoWordBoundary != 32 || syntax.FoldCase != 1 {
		t.Fatal("regexp/syntax renumbered its empty-width flags; update rx's constants")
	}
}

func FuzzSameAsRegexp(f *testing.F) {
	for i, text := range texts {
		f.Add(patterns[i%len(patterns)], text)
	}
	f.Fuzz(func(t *testing.T, expr, text string) {
		if _, err := Encode(expr); err != nil {
			return
		}
		if len(expr) > 200 || len(text) > 1000 {
			return
		}
		Same(t, expr, text)
	})
}
