package nlp

import (
	"strings"
	"testing"
	"unicode"
)

// zhAssertCase is a concept written as it appears in a Chinese sentence,
// with the context a Chinese-reading clinician gives it. Unlike zhCase it
// goes through Assert, as `bedside context` does, so a concept the lexicon
// does not list ("胃癌", "食物中毒") is located as written.
type zhAssertCase struct {
	sentence, concept                  string
	negation, temporality, experiencer string
}

func runZhAssertCases(t *testing.T, cases []zhAssertCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.sentence, func(t *testing.T) {
			f, _ := Assert(c.sentence, c.concept)
			got := [3]string{f.Negation, f.Temporality, f.Experiencer}
			want := [3]string{c.negation, c.temporality, c.experiencer}
			if got != want {
				t.Errorf("%s in %q: got %v, want %v", c.concept, c.sentence, got, want)
			}
			if f.Text != "" && f.Text != c.sentence[f.ByteStart:f.ByteEnd] {
				t.Errorf("span %q at [%d,%d) is not the text there", f.Text, f.ByteStart, f.ByteEnd)
			}
		})
	}
}

// TestChineseHedges: the colloquial and clinical ways of saying a finding
// may be there, which must read possible, not affirmed.
func TestChineseHedges(t *testing.T) {
	runZhAssertCases(t, []zhAssertCase{
		// positive
		{"好像有点发烧", "发烧", Possible, Recent, Patient},
		{"我好像发烧了", "发烧", Possible, Recent, Patient},
		{"可能是着凉了，有点咳嗽", "咳嗽", Affirmed, Recent, Patient},
		{"可能是肺炎", "肺炎", Possible, Recent, Patient},
		{"也许是胃炎", "胃炎", Possible, Recent, Patient},
		{"大概是感冒了", "感冒", Possible, Recent, Patient},
		{"似乎有些气短", "气短", Possible, Recent, Patient},
		{"怀疑是阑尾炎", "阑尾炎", Possible, Recent, Patient},
		{"医生怀疑我得了糖尿病", "糖尿病", Possible, Recent, Patient},
		{"肺癌待排", "肺癌", Possible, Recent, Patient},
		{"右肺占位，肺癌待查", "肺癌", Possible, Recent, Patient},
		{"未能排除肺栓塞", "肺栓塞", Possible, Recent, Patient},
		{"不能排除心梗", "心梗", Possible, Recent, Patient},
		{"心梗不除外", "心梗", Possible, Recent, Patient},
		{"不排除胰腺炎的可能", "胰腺炎", Possible, Recent, Patient},
		{"考虑病毒性心肌炎可能", "心肌炎", Possible, Recent, Patient},
		{"考虑急性胃肠炎可能性大", "胃肠炎", Possible, Recent, Patient},
		{"是食物中毒吗？", "食物中毒", Possible, Recent, Patient},
		{"会是阑尾炎吗", "阑尾炎", Possible, Recent, Patient},
		{"心梗？", "心梗", Possible, Recent, Patient},
		{"这种腹痛是阑尾炎吗？", "阑尾炎", Possible, Recent, Patient},
		{"发烧、咳嗽，是肺炎吗", "肺炎", Possible, Recent, Patient},
		{"发烧、咳嗽？", "发烧", Possible, Recent, Patient}, // a listed question doubts every item
		{"感觉像是偏头痛", "偏头痛", Possible, Recent, Patient},
		{"应该是胃炎", "胃炎", Possible, Recent, Patient},
		// pseudo: the hedge word that is not a hedge
		{"大概3天前开始发烧", "发烧", Affirmed, Recent, Patient}, // about how long, not whether
		{"咳嗽可能一周了", "咳嗽", Affirmed, Recent, Patient},
		{"考虑2型糖尿病", "糖尿病", Possible, Recent, Patient}, // a number that is no count
		{"发热待查", "发热", Affirmed, Recent, Patient},     // the fever is there; its cause is pending
		{"可能性不大的肺炎，目前咳嗽明显", "咳嗽", Affirmed, Recent, Patient},
		{"排除肺栓塞", "肺栓塞", Negated, Recent, Patient},
		{"宝宝脸上长了湿疹怎么办？", "湿疹", Affirmed, Recent, Patient}, // asks what to do about it
		{"发烧需要吃抗生素吗？", "发烧", Affirmed, Recent, Patient},
		{"咳嗽严重吗？", "咳嗽", Affirmed, Recent, Patient},
		{"胸痛剧烈给予吗啡止痛", "胸痛", Affirmed, Recent, Patient}, // morphine, no question
		{"是不是肺炎，需要住院吗", "肺炎", Possible, Recent, Patient},
		{"已排除心梗", "心梗", Negated, Recent, Patient},
		{"医生说不像是肺炎", "肺炎", Negated, Recent, Patient}, // not 像是
		{"心电图没问题，应该不是心梗", "心梗", Negated, Recent, Patient},
		// scope end
		{"考虑肺炎，患者咳嗽明显", "咳嗽", Affirmed, Recent, Patient},
		{"这种腹痛是阑尾炎吗？", "腹痛", Affirmed, Recent, Patient}, // the question is about the appendix
		{"诊断：胸闷待查", "胸闷", Affirmed, Recent, Patient},
		{"好像着凉了。头痛三天", "头痛", Affirmed, Recent, Patient},
		{"头痛厉害，是不是脑出血？", "头痛", Affirmed, Recent, Patient},
	})
}

// TestChineseDeniedLists: a finding form that denies itself ("无压痛",
// "不发热") heads a list the denial reaches, as a trigger would.
func TestChineseDeniedLists(t *testing.T) {
	runZhAssertCases(t, []zhAssertCase{
		{"腹软，无压痛及反跳痛", "反跳痛", Negated, Recent, Patient},
		{"不发热、咳嗽", "咳嗽", Negated, Recent, Patient},
		// pseudo: a normal finding is no denial
		{"体温正常、咳嗽", "咳嗽", Affirmed, Recent, Patient},
		// scope end
		{"无压痛，有反跳痛", "反跳痛", Affirmed, Recent, Patient},
		{"无压痛伴反跳痛", "反跳痛", Affirmed, Recent, Patient},
	})
}

// TestChineseGone: a symptom that is gone now is denied.
func TestChineseGone(t *testing.T) {
	runZhAssertCases(t, []zhAssertCase{
		{"吃了药，咳嗽已经好了", "咳嗽", Negated, Recent, Patient},
		{"头痛好了", "头痛", Negated, Recent, Patient},
		// pseudo: better is still there
		{"头痛好多了", "头痛", Affirmed, Recent, Patient},
		{"咳嗽好了一些", "咳嗽", Affirmed, Recent, Patient},
		// scope end
		{"头痛好了，还有点咳嗽", "咳嗽", Affirmed, Recent, Patient},
	})
}

// TestChineseHypotheticals: conditions and advice about what may happen.
func TestChineseHypotheticals(t *testing.T) {
	runZhAssertCases(t, []zhAssertCase{
		// positive
		{"胸痛时可含服硝酸甘油", "胸痛", Affirmed, Hypothetical, Patient},
		{"头痛时可服用布洛芬", "头痛", Affirmed, Hypothetical, Patient},
		{"发热时可物理降温", "发热", Affirmed, Hypothetical, Patient},
		{"胸痛发作时舌下含服硝酸甘油", "胸痛", Affirmed, Hypothetical, Patient},
		{"术后有出血风险", "出血", Affirmed, Hypothetical, Patient},
		{"吸烟会增加肺癌风险", "肺癌", Affirmed, Hypothetical, Patient},
		{"腹泻严重时容易脱水", "脱水", Affirmed, Hypothetical, Patient},
		{"高热时可能会抽搐", "抽搐", Possible, Hypothetical, Patient},
		{"要是发烧的话就吃退烧药", "发烧", Affirmed, Hypothetical, Patient},
		{"万一出现呼吸困难马上打120", "呼吸困难", Affirmed, Hypothetical, Patient},
		{"假如胸痛加重请立即就医", "胸痛", Affirmed, Hypothetical, Patient},
		{"如果咳血就马上来医院", "咳血", Affirmed, Hypothetical, Patient},
		{"一旦出现抽搐立即送医", "抽搐", Affirmed, Hypothetical, Patient},
		{"若头痛加剧，请及时复诊", "头痛", Affirmed, Hypothetical, Patient},
		{"如出现黑便、呕血等情况及时就诊", "黑便", Affirmed, Hypothetical, Patient},
		{"出院后如有发热及时就诊", "发热", Affirmed, Hypothetical, Patient},
		{"如再次出现胸闷，及时来院", "胸闷", Affirmed, Hypothetical, Patient},
		{"万一孩子抽搐了怎么办？", "抽搐", Affirmed, Hypothetical, Patient}, // asks what to do, not whether
		{"头痛时可以吃止痛药吗？", "头痛", Affirmed, Hypothetical, Patient},
		// pseudo
		{"最近有没有发烧？", "发烧", Possible, Recent, Patient}, // a question alone still doubts
		{"如前所述，患者头痛三天", "头痛", Affirmed, Recent, Patient},
		{"饮食如常，咳嗽两天", "咳嗽", Affirmed, Recent, Patient},
		{"发热时最高体温39℃", "发热", Affirmed, Recent, Patient}, // a past fever's peak, not advice
		{"高血压是脑卒中的危险因素", "高血压", Affirmed, Recent, Patient},
		// scope end
		{"如有胸痛及时就诊。目前无发热", "发热", Negated, Recent, Patient},
		{"要是发烧的话就吃药，现在咳嗽", "咳嗽", Affirmed, Recent, Patient},
	})
}

// TestChineseHistory: what is over, died of, or happened long ago.
func TestChineseHistory(t *testing.T) {
	runZhAssertCases(t, []zhAssertCase{
		// positive
		{"其父亲死于胃癌", "胃癌", Affirmed, Historical, Other},
		{"爷爷因肺癌去世", "肺癌", Affirmed, Historical, Other},
		{"母亲因脑出血去世", "脑出血", Affirmed, Historical, Other},
		{"外婆心梗病逝", "心梗", Affirmed, Historical, Other},
		{"其兄10年前死于心梗", "心梗", Affirmed, Historical, Other},
		{"其母于5年前因乳腺癌病故", "乳腺癌", Affirmed, Historical, Other},
		{"曾患肺结核，已治愈", "肺结核", Affirmed, Historical, Patient},
		{"患者曾患胆囊炎", "胆囊炎", Affirmed, Historical, Patient},
		{"多年前患过乙肝", "乙肝", Affirmed, Historical, Patient},
		{"小时候得过哮喘", "哮喘", Affirmed, Historical, Patient},
		{"十多年前做过阑尾炎手术", "阑尾炎", Affirmed, Historical, Patient},
		{"年轻时有过胃溃疡", "胃溃疡", Affirmed, Historical, Patient},
		{"以前得过肺炎", "肺炎", Affirmed, Historical, Patient},
		{"小的时候有哮喘", "哮喘", Affirmed, Historical, Patient},
		{"自幼患哮喘", "哮喘", Affirmed, Historical, Patient},
		{"婴儿期有湿疹", "湿疹", Affirmed, Historical, Patient},
		{"患过水痘", "水痘", Affirmed, Historical, Patient},
		// pseudo
		{"曾经不吸烟，现在咳嗽", "咳嗽", Affirmed, Recent, Patient},
		{"死亡率高的心梗", "心梗", Affirmed, Recent, Patient},
		// scope end
		{"小时候得过哮喘，现在发烧", "发烧", Affirmed, Recent, Patient},
		{"父亲死于胃癌，患者腹痛2天", "腹痛", Affirmed, Recent, Patient},
	})
}

// TestChineseOthers: whose finding it is. A parent writing about their own
// child ("我儿子发烧了", "宝宝拉肚子") writes about the one the question is
// for: the patient. Someone else's child ("邻居家孩子", "她女儿") is other.
// The symptom checker's red flags fire for anyone, so only the context
// label follows this.
func TestChineseOthers(t *testing.T) {
	runZhAssertCases(t, []zhAssertCase{
		// positive
		{"同餐者也出现腹泻", "腹泻", Affirmed, Recent, Other},
		{"同事最近得了流感", "流感", Affirmed, Recent, Other},
		{"室友发烧三天了", "发烧", Affirmed, Recent, Other},
		{"邻居家孩子得了手足口病", "手足口病", Affirmed, Recent, Other},
		{"我儿子昨天开始发烧", "发烧", Affirmed, Recent, Patient},
		{"女儿今天早上吐了两次", "吐", Affirmed, Recent, Patient},
		{"宝宝拉肚子两天了", "拉肚子", Affirmed, Recent, Patient},
		{"我家孩子咳嗽一周，晚上咳得厉害", "咳嗽", Affirmed, Recent, Patient},
		{"孩子发烧39度，精神不好", "发烧", Affirmed, Recent, Patient},
		{"同住的家人也有咳嗽", "咳嗽", Affirmed, Recent, Other},
		{"同事家的女儿得了癫痫", "癫痫", Affirmed, Recent, Other},
		{"她儿子有哮喘", "哮喘", Affirmed, Recent, Other},
		{"患者女儿有乙肝", "乙肝", Affirmed, Recent, Other},
		{"其子患糖尿病", "糖尿病", Affirmed, Recent, Other},
		{"父亲有高血压，孩子咳嗽三天", "咳嗽", Affirmed, Recent, Patient}, // the child ends the father's scope
		{"婆婆高血压好多年了", "高血压", Affirmed, Historical, Other},
		{"我媳妇产后头痛得厉害", "头痛", Affirmed, Recent, Other},
		{"家里没有人得心脏病", "心脏病", Negated, Recent, Other},
		{"身边有人得了流感", "流感", Affirmed, Recent, Other},
		// family-history negations
		{"否认家族遗传病史", "家族遗传病", Negated, Historical, Other},
		{"否认家族性遗传病史", "遗传病", Negated, Historical, Other},
		// without "史" a family statement is not history by itself
		{"家族中无类似疾病", "类似疾病", Negated, Recent, Other},
		{"否认家族中有高血压", "高血压", Negated, Recent, Other},
		{"家族史：否认糖尿病", "糖尿病", Negated, Historical, Other},
		{"否认家族肿瘤史", "肿瘤", Negated, Historical, Other},
		// pseudo: the relative tells, the patient has it
		{"妈妈说我发烧了", "发烧", Affirmed, Recent, Patient},
		{"家属代诉患者抽搐", "抽搐", Affirmed, Recent, Patient},
		{"同事送来，患者昏迷", "昏迷", Affirmed, Recent, Patient},
		{"宝妈产后头晕", "头晕", Affirmed, Recent, Patient}, // a mother writing of herself
		// scope end
		{"室友发烧，我也开始咳嗽", "咳嗽", Affirmed, Recent, Patient},
		{"父亲有高血压。我头痛", "头痛", Affirmed, Recent, Patient},
	})
}

// TestChineseTraditional: a note typed in Traditional characters meets
// the Simplified lexicons, and offsets still point into what was typed.
func TestChineseTraditional(t *testing.T) {
	runZhAssertCases(t, []zhAssertCase{
		{"頭痛三天", "頭痛", Affirmed, Recent, Patient},
		{"否認發燒", "發燒", Negated, Recent, Patient},
		{"沒有咳嗽", "咳嗽", Negated, Recent, Patient},
		{"胸悶兩小時", "胸悶", Affirmed, Recent, Patient},
		{"無嘔吐", "嘔吐", Negated, Recent, Patient},
		{"腹瀉可能", "腹瀉", Possible, Recent, Patient},
		{"父親有呼吸困難", "呼吸困難", Affirmed, Recent, Other},
		{"既往高血壓病史", "高血壓", Affirmed, Historical, Patient},
		{"如出現胸痛請立即就醫", "胸痛", Affirmed, Hypothetical, Patient},
		{"否認頭痛", "头痛", Negated, Recent, Patient}, // a Simplified concept finds Traditional text
	})
}

// TestZhTradFold checks the fold table against the lexicons: it never
// changes a character the lexicons are written in, and it only folds to
// one; and a note in Traditional characters reads as its Simplified twin,
// with offsets into the text as typed.
func TestZhTradFold(t *testing.T) {
	lexChars := map[rune]bool{}
	for _, name := range []string{"zh_findings.tsv", "zh_negation.tsv", "zh_temporality.tsv", "zh_experiencer.tsv", "zh_terminators.tsv", "zh_sections.tsv"} {
		b, err := lexiconFS.ReadFile("lexicon/" + name)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "#") {
				continue
			}
			for _, r := range line {
				if unicode.Is(unicode.Han, r) {
					lexChars[r] = true
				}
			}
		}
	}
	if len(zhTradFold()) < 300 {
		t.Fatalf("%d pairs, want the few hundred of the lexicons", len(zhTradFold()))
	}
	for trad, simp := range zhTradFold() {
		if lexChars[trad] {
			t.Errorf("%c is written in the lexicons and would be folded to %c", trad, simp)
		}
		if !lexChars[simp] {
			t.Errorf("%c folds to %c, which no lexicon uses", trad, simp)
		}
	}
	for _, c := range []struct{ name, trad, simp string }{
		{"a chief complaint", "主訴：頭痛、發燒3天，伴嘔吐、腹瀉。", "主诉：头痛、发烧3天，伴呕吐、腹泻。"},
		{"denials and a history", "否認胸悶及呼吸困難。既往史：高血壓10年。", "否认胸闷及呼吸困难。既往史：高血压10年。"},
		{"a relative and advice", "父親有糖尿病。如出現咳嗽加重，請及時就診", "父亲有糖尿病。如出现咳嗽加重，请及时就诊"},
		{"mixed with a 4-byte rune and a bad byte", "𠀋頭痛\xff無發熱", "𠀋头痛\xff无发热"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tn, sn := AnalyzeNote(c.trad), AnalyzeNote(c.simp)
			checkZhNote(t, c.trad, tn)
			if len(tn.Findings) != len(sn.Findings) || len(tn.Sections) != len(sn.Sections) {
				t.Fatalf("%d findings, %d sections; the Simplified text has %d, %d", len(tn.Findings), len(tn.Sections), len(sn.Findings), len(sn.Sections))
			}
			for i, f := range tn.Findings {
				g := sn.Findings[i]
				if f.Concept != g.Concept || f.Negation != g.Negation || f.Temporality != g.Temporality || f.Experiencer != g.Experiencer || f.Section != g.Section || f.Start != g.Start || f.End != g.End {
					t.Errorf("%q: %+v, the Simplified twin %+v", f.Text, f, g)
				}
			}
		})
	}
}

// FuzzAssertChinese: any sentence and concept on the Chinese path, the
// concept located as written: no panic, valid values, and a span that is
// the text at its offsets and, when found, holds the concept.
func FuzzAssertChinese(f *testing.F) {
	f.Add("否认家族遗传病史", "家族遗传病")
	f.Add("腹软，无压痛及反跳痛", "反跳痛")
	f.Add("否認發燒", "发烧")
	f.Add("主诉：头痛\n头痛", "头痛")
	f.Add("胸痛？", "？")
	f.Add("\xff无\xfe发热", "\xfe发")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, sentence, concept string) {
		if len(sentence)+len(concept) > maxFuzzLen {
			t.Skip("long inputs are TestHugeInputs' job")
		}
		fd, err := DefaultEngine().assertChinese(sentence, concept)
		checkValues(t, fd)
		if fd.Text != "" && (fd.ByteEnd > len(sentence) || sentence[fd.ByteStart:fd.ByteEnd] != fd.Text) {
			t.Fatalf("span [%d,%d) %q not in the sentence", fd.ByteStart, fd.ByteEnd, fd.Text)
		}
		if err == nil && !strings.Contains(strings.Join(phraseUnits(fd.Text), ""), strings.Join(phraseUnits(concept), "")) {
			t.Fatalf("found %q for %q", fd.Text, concept)
		}
	})
}
