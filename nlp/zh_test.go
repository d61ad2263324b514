package nlp

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
)

// zhCase is one concept in one Chinese sentence with the context a
// Chinese-reading clinician gives it.
type zhCase struct {
	sentence, concept       string // concept: a canonical name of findings.tsv
	negation, temp, experer string
}

func runZhCases(t *testing.T, cases []zhCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.sentence, func(t *testing.T) {
			n := AnalyzeNote(c.sentence)
			checkZhNote(t, c.sentence, n)
			for _, f := range n.Findings {
				if f.Concept != c.concept {
					continue
				}
				if f.Negation != c.negation || f.Temporality != c.temp || f.Experiencer != c.experer {
					t.Fatalf("%s (%q): got %s/%s/%s, want %s/%s/%s", c.concept, f.Text, f.Negation, f.Temporality, f.Experiencer, c.negation, c.temp, c.experer)
				}
				return
			}
			t.Fatalf("%s not found in %+v", c.concept, n.Findings)
		})
	}
}

func TestChineseNegation(t *testing.T) {
	runZhCases(t, []zhCase{
		// triggers
		{"患者否认胸痛", "chest pain", Negated, Recent, Patient},
		{"无发热", "fever", Negated, Recent, Patient},
		{"未见皮疹", "rash", Negated, Recent, Patient},
		{"没有咳嗽", "cough", Negated, Recent, Patient},
		{"未诉头痛", "headache", Negated, Recent, Patient},
		{"腹痛不伴呕吐", "vomiting", Negated, Recent, Patient},
		{"排除肺栓塞", "pulmonary embolism", Negated, Recent, Patient},
		{"双肺未闻及干湿啰音", "rales", Negated, Recent, Patient},
		{"否认发热、咳嗽及胸痛", "chest pain", Negated, Recent, Patient},
		{"腹痛：无。", "abdominal pain", Negated, Recent, Patient},
		{"颈项强直（-）", "neck stiffness", Negated, Recent, Patient},
		{"水肿不明显", "edema", Negated, Recent, Patient},
		{"黄疸已消退", "jaundice", Negated, Recent, Patient},
		{"胸痛未再发作", "chest pain", Negated, Recent, Patient},
		{"头晕没有了", "dizziness", Negated, Recent, Patient},
		{"神志清楚，精神可", "altered mental status", Negated, Recent, Patient},
		// pseudo-triggers
		{"无明显诱因出现胸痛", "chest pain", Affirmed, Recent, Patient},
		{"胸痛无明显缓解", "chest pain", Affirmed, Recent, Patient},
		{"胸部不适2小时", "chest pain", Affirmed, Recent, Patient},
		{"原因不明的发热", "fever", Affirmed, Recent, Patient},
		{"发热待查", "fever", Affirmed, Recent, Patient},
		{"手脚不停地抽搐", "seizure", Affirmed, Recent, Patient},
		{"不断咳嗽", "cough", Affirmed, Recent, Patient},
		{"胸口不舒服，喘不过气", "shortness of breath", Affirmed, Recent, Patient},
		{"有点不舒服伴咳嗽", "cough", Affirmed, Recent, Patient},
		{"无症状乙肝携带者", "hepatitis", Affirmed, Recent, Patient},
		{"无痛性血尿", "hematuria", Affirmed, Recent, Patient},
		// scope ends
		{"无发热，但有咳嗽", "fever", Negated, Recent, Patient},
		{"无发热，但有咳嗽", "cough", Affirmed, Recent, Patient},
		{"无发热但有咳嗽", "cough", Affirmed, Recent, Patient},
		{"无头痛，呕吐2次", "vomiting", Affirmed, Recent, Patient},
		{"未见水肿。咳嗽明显", "cough", Affirmed, Recent, Patient},
		{"否认发热仅有咳嗽", "cough", Affirmed, Recent, Patient},
		// mixed script
		{"服用aspirin后无胸痛", "chest pain", Negated, Recent, Patient},
		{"否认COPD", "chronic obstructive pulmonary disease", Negated, Recent, Patient},
	})
}

func TestChinesePossibility(t *testing.T) {
	runZhCases(t, []zhCase{
		{"不排除心梗", "myocardial infarction", Possible, Recent, Patient},
		{"考虑肺炎", "pneumonia", Possible, Recent, Patient},
		{"疑似脑梗死", "stroke", Possible, Recent, Patient},
		{"肺栓塞可能", "pulmonary embolism", Possible, Recent, Patient},
		{"急性心梗待排", "myocardial infarction", Possible, Recent, Patient},
		{"肺炎？", "pneumonia", Possible, Recent, Patient},
		{"不除外主动脉夹层", "aortic dissection", Possible, Recent, Patient},
		{"有没有可能是心梗", "myocardial infarction", Possible, Recent, Patient}, // not 没有
		{"我是不是得了糖尿病", "diabetes mellitus", Possible, Recent, Patient},
		// scope ends
		{"考虑肺炎，伴发热", "fever", Affirmed, Recent, Patient},
		{"咳嗽，肺炎?", "cough", Affirmed, Recent, Patient},
	})
}

func TestChineseTemporality(t *testing.T) {
	runZhCases(t, []zhCase{
		// history
		{"既往高血压病史10年", "hypertension", Affirmed, Historical, Patient},
		{"曾患肺结核", "tuberculosis", Affirmed, Historical, Patient},
		{"3年前诊断糖尿病", "diabetes mellitus", Affirmed, Historical, Patient},
		{"高血压10余年", "hypertension", Affirmed, Historical, Patient},
		{"阑尾炎术后", "appendicitis", Affirmed, Historical, Patient},
		{"有吸烟史", "tobacco use", Affirmed, Historical, Patient},
		{"无糖尿病史", "diabetes mellitus", Negated, Historical, Patient},
		{"否认高血压、糖尿病病史", "hypertension", Negated, Historical, Patient},
		{"半年前曾有脑梗", "stroke", Affirmed, Historical, Patient},
		// hypothetical
		{"如出现胸痛请立即就诊", "chest pain", Affirmed, Hypothetical, Patient},
		{"若有发热及时复诊", "fever", Affirmed, Hypothetical, Patient},
		{"一旦出现呼吸困难立即就医", "shortness of breath", Affirmed, Hypothetical, Patient},
		{"如有胸闷、气促等不适，及时就诊", "shortness of breath", Affirmed, Hypothetical, Patient},
		// recent, and pseudo
		{"发热3天", "fever", Affirmed, Recent, Patient},
		{"2天前出现胸痛", "chest pain", Affirmed, Recent, Patient},
		{"饮食如常，无发热", "fever", Negated, Recent, Patient},
		// scope ends
		{"既往体健，今日胸痛", "chest pain", Affirmed, Recent, Patient},
		{"高血压病史5年，现头痛1天", "headache", Affirmed, Recent, Patient},
	})
}

func TestChineseExperiencer(t *testing.T) {
	runZhCases(t, []zhCase{
		{"父亲有糖尿病", "diabetes mellitus", Affirmed, Recent, Other},
		{"母亲患高血压多年", "hypertension", Affirmed, Historical, Other},
		{"我妈妈有高血压", "hypertension", Affirmed, Recent, Other},
		{"有糖尿病家族史", "diabetes mellitus", Affirmed, Historical, Other},
		{"宝宝发烧了", "fever", Affirmed, Recent, Patient}, // a parent's own child is the patient
		// pseudo: a relative tells the patient's story
		{"家属代诉患者昏迷", "altered mental status", Affirmed, Recent, Patient},
		// scope ends
		{"父亲有高血压，患者有糖尿病", "diabetes mellitus", Affirmed, Recent, Patient},
		{"母亲及患者均有哮喘", "asthma", Affirmed, Recent, Patient},
		{"我妈说我发烧了", "fever", Affirmed, Recent, Patient},
		{"孩子没有咳嗽，就是有点流鼻涕", "nasal congestion", Affirmed, Recent, Patient},
		{"他孩子没有咳嗽，就是有点流鼻涕", "nasal congestion", Affirmed, Recent, Other}, // the subject carries over the comma
	})
}

func TestChineseSections(t *testing.T) {
	text := "【主诉】胸痛2小时\n现病史：患者无明显诱因出现胸痛。\n既往史：高血压。\n家族史 母亲糖尿病\n出院医嘱：如有胸痛随诊。\n诊断明确，无发热。"
	n := AnalyzeNote(text)
	checkZhNote(t, text, n)
	var names []string
	for _, s := range n.Sections {
		names = append(names, s.Name+"="+s.Title)
	}
	want := "chief_complaint=主诉 history_of_present_illness=现病史 past_medical_history=既往史 family_history=家族史 discharge_instructions=出院医嘱"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("sections %s, want %s", got, want)
	}
	for _, tc := range []struct{ text, section, temp, exp string }{
		{"高血压", "past_medical_history", Historical, Patient},
		{"糖尿病", "family_history", Historical, Other},
		{"发热", "discharge_instructions", Hypothetical, Patient}, // "诊断明确" is no heading
	} {
		found := false
		for _, f := range n.Findings {
			if f.Text == tc.text {
				found = true
				if f.Section != tc.section || f.Temporality != tc.temp || f.Experiencer != tc.exp {
					t.Errorf("%s: section %s %s/%s, want %s %s/%s", tc.text, f.Section, f.Temporality, f.Experiencer, tc.section, tc.temp, tc.exp)
				}
			}
		}
		if !found {
			t.Errorf("%s not found", tc.text)
		}
	}
}

func TestLanguage(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"患者否认胸痛", "zh"},
		{"No chest pain.", "en"},
		{"", "en"},
		{"服用aspirin 100mg和metformin，无胸痛", "zh"},
		{"Patient 王伟 presents with chest pain", "en"},
		{"\xff\xfe胸痛", "zh"},
	} {
		if got := Language(c.text); got != c.want {
			t.Errorf("Language(%q) = %s, want %s", c.text, got, c.want)
		}
	}
}

func TestChineseAssert(t *testing.T) {
	for _, c := range []struct {
		sentence, concept, negation string
		err                         bool
	}{
		{"患者否认胸痛", "胸痛", Negated, false},
		{"患者否认胸痛", "chest pain", Negated, true},
		{"不排除心梗", "myocardial infarction", Possible, true},
		{"无发热，但有咳嗽", "cough", Affirmed, true},
		{"无发热", "头痛", Negated, true},
	} {
		f, err := Assert(c.sentence, c.concept)
		if f.Negation != c.negation || (err != nil) != c.err {
			t.Errorf("Assert(%q, %q) = %s, %v; want %s, error %v", c.sentence, c.concept, f.Negation, err, c.negation, c.err)
		}
	}
}

// TestChineseLexicons checks that the Chinese lexicons use the English
// canonical names: the loader refuses any other.
func TestChineseLexicons(t *testing.T) {
	lx := zhLex()
	concepts := map[string]bool{}
	for _, c := range lx.concepts {
		concepts[c] = true
	}
	if len(concepts) < 200 {
		t.Fatalf("%d Chinese concepts, want at least 200", len(concepts))
	}
	fsys := copyMap(map[string]string{})
	for _, name := range []string{"findings.tsv", "sections.tsv", "zh_findings.tsv", "zh_negation.tsv", "zh_temporality.tsv", "zh_experiencer.tsv", "zh_terminators.tsv", "zh_sections.tsv"} {
		b, err := lexiconFS.ReadFile("lexicon/" + name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = string(b)
	}
	fsys["zh_findings.tsv"] += "chest pains\t胸口剧痛\n"
	en, sec, err := englishNames(fsys.FS())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loadZhLexicon(fsys.FS(), en, sec); err == nil || !strings.Contains(err.Error(), "zh_findings.tsv") {
		t.Fatalf("a concept not in findings.tsv: error %v", err)
	}
}

// TestAnalyzeNoteChineseGolden pins the analysis of a synthetic Chinese
// discharge summary. Review the diff by eye before running with -update:
// go test ./nlp -run TestAnalyzeNoteChineseGolden -args -update
func TestAnalyzeNoteChineseGolden(t *testing.T) {
	text, err := os.ReadFile("testdata/zh_discharge_note.txt")
	if err != nil {
		t.Fatal(err)
	}
	n := AnalyzeNote(string(text))
	checkZhNote(t, string(text), n)
	got, err := json.MarshalIndent(n, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	const golden = "testdata/zh_discharge_note.golden.json"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("AnalyzeNote(zh_discharge_note.txt) differs from %s; run go test ./nlp -run TestAnalyzeNoteChineseGolden -args -update and review the diff", golden)
	}
}

// checkZhNote is checkFindings made strict for the Chinese path: rune
// offsets agree with the bytes even for invalid UTF-8, findings do not
// overlap, and every span is valid UTF-8.
func checkZhNote(t *testing.T, text string, n Note) {
	t.Helper()
	checkFindings(t, text, n)
	prevEnd, prevStart, runes := 0, 0, 0 // runes counts text[:prevStart]
	for _, f := range n.Findings {
		if f.ByteStart < prevEnd {
			t.Fatalf("finding %q at %d overlaps the one before (ends %d)", f.Text, f.ByteStart, prevEnd)
		}
		if !utf8.ValidString(f.Text) {
			t.Fatalf("finding %q is not valid UTF-8", f.Text)
		}
		runes += utf8.RuneCountInString(text[prevStart:f.ByteStart])
		if f.Start != runes || f.End != runes+utf8.RuneCountInString(f.Text) {
			t.Fatalf("finding %q runes [%d,%d), want [%d,%d)", f.Text, f.Start, f.End, runes, runes+utf8.RuneCountInString(f.Text))
		}
		prevEnd, prevStart = f.ByteEnd, f.ByteStart
	}
	for _, s := range n.Sections {
		if !utf8.ValidString(s.Title) || utf8.RuneCountInString(text[:s.ByteStart]) != s.Start || utf8.RuneCountInString(text[:s.ByteEnd]) != s.End || utf8.RuneCountInString(text[:s.BodyByteStart]) != s.BodyStart {
			t.Fatalf("section %+v: offsets disagree with the text", s)
		}
	}
}

func FuzzAnalyzeNoteChinese(f *testing.F) {
	if b, err := os.ReadFile("testdata/zh_discharge_note.txt"); err == nil {
		f.Add(string(b))
	}
	for _, s := range []string{"患者否认胸痛", "无明显诱因出现胸痛", "【主诉】", "主诉：\n", "无发热，但有咳嗽", "既往高血压病史10年", "3年前", "十五年半前", "2019年", "\xff无\xfe发热", "？？", "（-）", "胸痛：无", "ＣＯＰＤ病史", "否認發燒，頭痛三天", "𠀋頭痛\xff無"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > maxFuzzLen {
			t.Skip("long inputs are TestHugeInputs' job")
		}
		e := DefaultEngine()
		checkZhNote(t, s, e.analyzeChinese(s)) // whatever Language says
		fd, _ := e.assertChinese(s, "胸痛")
		checkValues(t, fd)
		if fd.Text != "" && (fd.ByteEnd > len(s) || s[fd.ByteStart:fd.ByteEnd] != fd.Text) {
			t.Fatalf("Assert span [%d,%d) %q not in the text", fd.ByteStart, fd.ByteEnd, fd.Text)
		}
	})
}

func FuzzLanguage(f *testing.F) {
	f.Add("患者否认胸痛")
	f.Add("no fever")
	f.Fuzz(func(t *testing.T, s string) {
		if l := Language(s); l != "en" && l != "zh" {
			t.Fatalf("Language(%q) = %q", s, l)
		}
	})
}

func TestChineseHugeInput(t *testing.T) {
	size := 256 << 10
	if testing.Short() || runtime.GOOS == "js" {
		size = 32 << 10
	}
	for _, unit := range []string{"否认发热、咳嗽、胸痛，既往高血压病史，父亲有糖尿病、", "无\n", "胸痛", "。"} {
		s := strings.Repeat(unit, size/len(unit))
		checkZhNote(t, s, AnalyzeNote(s))
	}
}

// TestChineseHeldOut runs Chinese sentences written and labelled after the
// Chinese lexicons were done; as in TestContextHeldOut, each figure has a
// floor one wrong row below what was measured. The first, blind runs are
// in testdata/README.md; later fixes make these rows seen, not blind.
func TestChineseHeldOut(t *testing.T) {
	for _, c := range []struct {
		file                   string
		negF1, tempAcc, expAcc float64 // floors
		rows                   int     // the rows they were measured on
	}{
		// measured: negation F1 1.000 (tp 19), temporality 0.969 (63/65:
		// row 15's death of a relative reads historical), experiencer
		// 0.954 (62/65: rows 7, 8 and 23 label a parent's own child other,
		// the later blind batches patient, which the engine follows); see
		// the README
		{"zh_context_heldout.tsv", 0.97, 0.953, 0.938, 65},
		// written blind by another hand after the hedges, conditions,
		// deaths, companions and the Traditional fold were added; first run
		// negation F1 0.989 (tp 43 fn 1), temporality 0.977, experiencer
		// 0.962; measured after the general fixes it showed: negation F1
		// 1.000 (tp 44), temporality 0.985 (128/130: the two family-history
		// section rows, see the README), experiencer 1.000
		{"zh_context_heldout2.tsv", 0.988, 0.976, 0.992, 130},
	} {
		t.Run(c.file, func(t *testing.T) {
			rows := readGolden(t, "testdata/"+c.file)
			if len(rows) < c.rows {
				t.Fatalf("%d rows, want at least the %d the floors were set on", len(rows), c.rows)
			}
			s := scoreGolden(t, rows, false)
			t.Log(s)
			if f := s.negF1(); f < c.negF1 {
				t.Errorf("negation F1 %.3f below its floor %.3f", f, c.negF1)
			}
			if a := s.tempAcc(); a < c.tempAcc {
				t.Errorf("temporality accuracy %.3f below its floor %.3f", a, c.tempAcc)
			}
			if a := s.expAcc(); a < c.expAcc {
				t.Errorf("experiencer accuracy %.3f below its floor %.3f", a, c.expAcc)
			}
		})
	}
}

// TestChineseRandomText stitches lexicon words, punctuation, spaces and bad
// bytes at random: the fuzzers find panics, this finds them in the
// combinations of triggers, findings and headings that only the lexicons
// make likely.
func TestChineseRandomText(t *testing.T) {
	pieces := []string{"否认", "无", "未见", "不排除", "考虑", "？", "既往", "病史", "史", "3年前", "十五年半", "2019年", "如出现", "父亲", "患者", "但",
		"胸痛", "发热", "咳嗽", "高血压", "糖尿病", "腹软", "无力", "，", "、", "。", "：", "（-）", "\n", " ", "主诉", "【", "】", "既往史", "家族史",
		"COPD", "aspirin", "38.5℃", "\xff", "\xe4\xb8", "50岁时", "个月", "星期", "小时"}
	rng := rand.New(rand.NewPCG(1, 2))
	n := 3000
	if testing.Short() || runtime.GOOS == "js" {
		n = 300
	}
	for range n {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		checkZhNote(t, s, DefaultEngine().analyzeChinese(s))
		f, _ := DefaultEngine().assertChinese(s, "胸痛")
		checkValues(t, f)
	}
}

func TestChineseGestationalAge(t *testing.T) {
	tests := []struct{ name, sentence, concept, want string }{
		{"a gestational age is now, not long ago", "怀孕34周，头痛得厉害", "怀孕", Recent},
		{"a pregnancy week count is now", "妊娠20周，头痛", "头痛", Recent},
		{"three years ago is still the past", "3年前曾怀孕", "怀孕", Historical},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Assert(tt.sentence, tt.concept)
			if err != nil {
				t.Fatal(err)
			}
			if f.Temporality != tt.want {
				t.Errorf("%s in %q: %s, want %s", tt.concept, tt.sentence, f.Temporality, tt.want)
			}
		})
	}
}

func TestChineseSectionsFromEngine(t *testing.T) {
	secs := DefaultEngine().Sections("主诉：胸痛2小时。\n既往史：高血压10年。\n家族史：父亲糖尿病。")
	var names []string
	for _, s := range secs {
		names = append(names, s.Name)
	}
	if len(names) != 3 {
		t.Fatalf("sections %v, want the three headings", names)
	}
}
