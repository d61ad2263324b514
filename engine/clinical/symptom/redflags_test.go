package symptom

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

// Each emergency rule, in each language, with the clinical context step:
// it fires when said, when said of someone else, and not when denied.
func TestEveryRedFlagInBothLanguages(t *testing.T) {
	tests := []struct {
		rule                 string
		en, enDenied         string
		zhText, zhDenied     string
		enOther, zhOtherText string
	}{
		{"chest-pain-breathless", "I have chest pain and I can't catch my breath", "no chest pain and no shortness of breath, just a cough",
			"胸口很痛，喘不上气", "没有胸痛，也没有气短，就是咳嗽", "my dad has chest pain and is short of breath", "我爸胸痛，喘不上气"},
		{"stroke-face", "my face is drooping on one side", "no facial droop",
			"突然口角歪斜", "无口角歪斜", "my dad's face is drooping on one side", "我妈妈突然嘴歪了"},
		{"stroke-speech", "my speech is slurred", "no slurred speech",
			"说话不清楚，言语不清", "无言语不清", "her speech is slurred", "我爸爸说话含糊不清"},
		{"seizure", "I am having a seizure", "no seizures",
			"我在抽搐", "无抽搐", "my son is having a seizure", "儿子正在抽搐"},
		{"vomiting-blood", "I have been vomiting blood", "no vomiting blood",
			"我吐血了", "没有吐血", "my husband is vomiting blood", "我老公吐血了"},
		{"fever-stiff-neck", "high fever and a stiff neck", "no fever and no stiff neck",
			"高烧，脖子僵硬", "无发热，无颈部僵硬", "my daughter has a high fever and a stiff neck", "女儿高烧，脖子僵硬"},
		{"loss-of-consciousness", "I fainted this morning", "I did not faint",
			"我今天早上晕倒了", "没有晕倒", "my grandad collapsed and is unresponsive", "爷爷突然晕倒了"},
		{"suicidal-thoughts", "I want to kill myself", "no suicidal thoughts",
			"我想自杀", "否认自杀念头", "my brother says he wants to kill himself", "我弟弟说他想自杀"},
		{"infant-fever", "my 6 week old baby has a fever", "my 6 week old baby has no fever",
			"两个月大的宝宝发烧", "两个月大的宝宝没有发烧", "my neighbour's 6 week old has a fever", "邻居家两个月大的宝宝发烧"},
		{"pregnancy-warning-signs", "I am 32 weeks pregnant with a severe headache and blurred vision", "I am 32 weeks pregnant, no headache, no blurred vision",
			"怀孕32周，剧烈头痛，视物模糊", "怀孕32周，无头痛，无视物模糊", "my wife is 32 weeks pregnant with a severe headache and blurred vision", "我老婆怀孕32周，剧烈头痛，视物模糊"},
		{"sudden-vision-loss", "I suddenly can't see out of my left eye", "no loss of vision",
			"突然看不见东西了", "否认突然失明", "my dad suddenly lost his vision", "我爸突然一只眼睛看不见了"},
		{"serious-injury", "I was hit by a car", "I was not hit by a car, I just tripped",
			"我被车撞了", "没有车祸", "my friend was stabbed in the leg", "我朋友被人捅了一刀"},
		{"head-injury-confusion", "I fell and hit my head and now I keep vomiting", "I hit my head but I am not drowsy, not confused and not vomiting",
			"摔倒撞到头，现在一直吐", "撞到头了，没有呕吐，没有嗜睡", "my mum fell and hit her head and now she's drowsy", "老人摔倒撞到头，现在迷迷糊糊的"},
	}
	for _, tt := range tests {
		cases := []struct {
			lang, kind, text string
			fire             bool
		}{
			{"English", "said", tt.en, true},
			{"English", "denied", tt.enDenied, false},
			{"English", "of someone else", tt.enOther, true},
			{"简体中文", "said", tt.zhText, true},
			{"简体中文", "denied", tt.zhDenied, false},
			{"简体中文", "of someone else", tt.zhOtherText, true},
		}
		for _, c := range cases {
			verb := "fires"
			if !c.fire {
				verb = "does not fire"
			}
			t.Run(tt.rule+" "+verb+" in "+c.lang+" when "+c.kind, func(t *testing.T) {
				got := firedIDs(c.text, NLPContext)
				if slices.Contains(got, tt.rule) != c.fire {
					t.Errorf("%q fired %v", c.text, got)
				}
			})
		}
	}
}

// TestBlindRedFlags scores the shipped checker on messages written by
// people who had not seen the rules, per language: emergencies caught,
// false emergencies and abstentions.
//
// testdata/redflags_blind.tsv (197 messages: 56 English and 48 Chinese
// emergencies, 48 and 45 non-emergencies): the rules were improved after
// its first blind run (English 36/56 caught, Chinese 34/48), so it guards
// what was fixed and is no longer a blind measure.
//
// testdata/redflags_blind2.tsv (200 messages, 50 emergencies and 50 others
// per language, by a writer who had never seen the code), scored once at
// commit d80de22 before any change: English 40/50 emergencies caught, 3/50
// false emergencies, 37/100 abstained; Chinese 42/50 caught, 3/50 false
// emergencies, 100/100 abstained (the classifier reads English only; the
// red flags ran on every one). The misses and false emergencies were then
// fixed by general patterns, so it too is no longer blind.
func TestBlindRedFlags(t *testing.T) {
	p := shipped(t)
	for _, file := range []string{"redflags_blind.tsv", "redflags_blind2.tsv"} {
		t.Run(file, func(t *testing.T) { scoreBlind(t, p, file) })
	}
}

type blindTally struct{ emergencies, caught, others, false, abstained int }

func scoreBlind(t *testing.T, p clinical.Predictor, file string) map[string]*blindTally {
	f, err := os.Open(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	by := map[string]*blindTally{"en": {}, "zh": {}}
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), "\t", 3)
		if len(parts) != 3 || by[parts[0]] == nil {
			continue
		}
		b, _ := json.Marshal(map[string]string{"text": parts[2]})
		out, err := p.Predict(b)
		if err != nil {
			t.Fatal(err)
		}
		pr := out.(*clinical.TextPrediction)
		emergency := pr.Triage.Level == Emergency
		tl := by[parts[0]]
		if pr.Abstain {
			tl.abstained++
		}
		if parts[1] == "emergency" {
			tl.emergencies++
			if emergency {
				tl.caught++
			} else {
				t.Errorf("missed emergency (%s): %s", parts[0], parts[2])
			}
		} else {
			tl.others++
			if emergency {
				tl.false++
				t.Logf("false emergency (%s): %s", parts[0], parts[2])
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"en", "zh"} {
		tl := by[lang]
		t.Logf("%s %s: %d/%d emergencies caught, %d/%d false emergencies, %d/%d abstained", file, lang, tl.caught, tl.emergencies, tl.false, tl.others, tl.abstained, tl.emergencies+tl.others)
		if tl.emergencies < 40 || tl.others < 40 {
			t.Errorf("%s: only %d emergencies and %d others", lang, tl.emergencies, tl.others)
		}
		if tl.false*20 > tl.others {
			t.Errorf("%s: %d of %d non-emergencies called emergencies (more than 5%%)", lang, tl.false, tl.others)
		}
	}
	return by
}

// Words that contain a red flag's words but deny it, read with the
// clinical context step.
func TestDenialsThatLookLikeRedFlags(t *testing.T) {
	for _, c := range []struct{ name, text, rule string }{
		{"no breathing difficulty is not 'no breathing'", "没有胸痛，也没有呼吸困难，就是咳嗽", "breathing-difficulty"},
		{"a stabbing pain denied is no injury", "no stabbing pain in my belly any more", "serious-injury"},
		{"a seizure as a child is history", "had a seizure as a kid, none since, can I drive", "seizure"},
		{"anaphylaxis years ago is history", "had anaphylaxis to peanuts years ago, need a repeat prescription", "anaphylaxis-throat"},
		{"Chinese: never having thought of self-harm", "心情不好，但没有想过伤害自己", "suicidal-thoughts"},
		{"Chinese: asking what a heart attack feels like", "心梗有哪些症状？想了解一下", "heart-attack"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := firedIDs(c.text, NLPContext); slices.Contains(got, c.rule) {
				t.Errorf("%q fired %v", c.text, got)
			}
		})
	}
}

// The context fixes that quiet old or denied mentions must not quiet a
// red flag said now.
func TestOldMentionsDoNotHideNewOnes(t *testing.T) {
	for _, c := range []struct{ name, text, rule string }{
		{"a seizure years ago and one now", "he had a seizure years ago and now he is having a seizure again", "seizure"},
		{"a 3 yr old's poisoning is now, not history", "my 3 yr old drank some bleach by accident", "overdose-poisoning"},
		{"Chinese: a heart attack now", "我爸好像心梗了，胸口剧痛", "heart-attack"},
		{"Chinese: wanting to hurt oneself", "我很想伤害自己", "suicidal-thoughts"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := firedIDs(c.text, NLPContext); !slices.Contains(got, c.rule) {
				t.Errorf("%q fired %v, want %s", c.text, got, c.rule)
			}
		})
	}
}
