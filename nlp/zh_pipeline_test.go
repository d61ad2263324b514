package nlp

import (
	"strings"
	"testing"
)

func TestZhSpec(t *testing.T) {
	p, err := ParsePipeline(ZhSpec)
	if err != nil || p.String() != ZhSpec {
		t.Fatalf("ParsePipeline(%q) = %v, %v", ZhSpec, p, err)
	}
	for _, c := range []struct{ in, want string }{
		{"乙肝大三阳，HBV-DNA 3.5×10^6怎么办？", "乙|肝|大|三|阳|hbvdna|<num>|×|<num>|^|<num>|怎|么|办"},
		{"做了ＣＴ和B超，血压１４０/９０", "做|了|ct|和|b|超|血|压|<num>/<num>"},
		{"I have hepatitis B", "i|have|hepatitis|b"},
	} {
		got := strings.Join(p.Strings(c.in), "|")
		if got != c.want {
			t.Errorf("%q: got %s, want %s", c.in, got, c.want)
		}
	}
}

// TestZhCharsSplitsAndKeepsOffsets feeds the step a term the tokenizer
// would never make, as a caller building terms by hand might.
func TestZhCharsSplitsAndKeepsOffsets(t *testing.T) {
	text := "x胃痛ab３"
	ts := ZhChars.Apply([]Term{{Text: text, Kind: Word, Start: 0, End: 6, ByteStart: 0, ByteEnd: len(text)}})
	var got []string
	for _, tm := range ts {
		got = append(got, tm.Text)
		if tm.End-tm.Start < 1 || tm.ByteStart < 0 || tm.ByteEnd > len(text) {
			t.Fatalf("bad offsets %+v", tm)
		}
	}
	if strings.Join(got, "|") != "x|胃|痛|ab3" {
		t.Fatalf("got %v", got)
	}
	if ts[1].Start != 1 || ts[1].ByteStart != 1 || ts[1].ByteEnd != 4 || text[ts[3].ByteStart:ts[3].ByteEnd] != "ab３" || ts[3].End != 6 {
		t.Fatalf("offsets %+v", ts)
	}
}
