package symptom

import (
	"slices"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

func firedIDs(text string, ctx Context) []string {
	var ids []string
	for _, f := range MatchRules(text, ctx) {
		ids = append(ids, f.Rule.ID)
	}
	return ids
}

// The patterns alone (every match counts): each red flag fires on the ways
// patients say it and stays quiet on the look-alikes of the dataset.
func TestRulePatterns(t *testing.T) {
	tests := []patternCase{
		{"chest pain with breathlessness is an emergency", "I have chest pain and I'm short of breath.", []string{"chest-pain-breathless"}, nil},
		{"chest pain spreading to the arm is an emergency", "Crushing pain in my chest that spreads to my left arm.", []string{"chest-pain-cardiac-signs"}, nil},
		{"chest pain with sweating is an emergency", "Chest pain and I'm sweating a lot", []string{"chest-pain-cardiac-signs"}, nil},
		{"chest pain alone is urgent, not an emergency", "I get chest pain after big meals.", []string{"chest-pain"}, []string{"chest-pain-breathless", "chest-pain-cardiac-signs"}},
		{"a drooping face is a stroke sign", "My face is drooping on the left side", []string{"stroke-face"}, nil},
		{"a typographic apostrophe still matches", "I can’t lift my right arm since this morning", []string{"stroke-arm"}, nil},
		{"slurred speech is a stroke sign", "my husband says my speech is slurred", []string{"stroke-speech"}, nil},
		{"weakness in both arms and legs is not a stroke sign", "back pain, a cough, and weakness in my arms and legs", nil, []string{"stroke-arm"}},
		{"difficulty breathing is an emergency", "I've been coughing a lot with difficulty breathing.", []string{"breathing-difficulty"}, nil},
		{"not being able to breathe is an emergency", "I cannot breathe properly", []string{"breathing-difficulty"}, nil},
		{"bad breath is not a breathing problem", "I have bad breath and a sour taste in my mouth", nil, []string{"breathing-difficulty", "shortness-of-breath"}},
		{"shortness of breath alone is urgent", "I get short of breath climbing stairs", []string{"shortness-of-breath"}, []string{"breathing-difficulty"}},
		{"blue lips are an emergency", "his lips are turning blue", []string{"cyanosis"}, nil},
		{"vomiting blood is an emergency", "I threw up blood this morning", []string{"vomiting-blood"}, nil},
		{"blood in vomit is an emergency", "I occasionally get bloody vomit and dark, tarry stools.", []string{"vomiting-blood", "black-stools"}, nil},
		{"black stools are an emergency", "my stools have been black", []string{"black-stools"}, nil},
		{"blood in the stool alone is not black stools", "I've noticed some blood in my stool", nil, []string{"black-stools", "vomiting-blood", "severe-bleeding"}},
		{"bleeding that will not stop is an emergency", "the cut is bleeding and it won't stop, bleeding heavily", []string{"severe-bleeding"}, nil},
		{"fever with a stiff neck is an emergency", "high fever and a stiff neck since yesterday", []string{"fever-stiff-neck"}, nil},
		{"a stiff neck without fever is not meningitis", "headaches, blurred vision, and a stiff neck", nil, []string{"fever-stiff-neck"}},
		{"a rash that does not fade is an emergency", "there is a rash that doesn't fade when I press a glass on it", []string{"rash-does-not-fade"}, nil},
		{"fainting is an emergency", "I fainted at work today", []string{"loss-of-consciousness"}, nil},
		{"passing out is an emergency", "I keep passing out", []string{"loss-of-consciousness"}, nil},
		{"a seizure is an emergency", "I had a seizure last night", []string{"seizure"}, nil},
		{"coughing fits are not seizures", "periodic coughing fits and back pain", nil, []string{"seizure"}},
		{"the worst headache ever is an emergency", "the worst headache of my life came on suddenly", []string{"thunderclap-headache"}, nil},
		{"sudden confusion is an emergency", "she suddenly became confused", []string{"sudden-confusion"}, nil},
		{"a swollen throat is anaphylaxis", "My throat is swollen, and I have difficulty breathing.", []string{"anaphylaxis-throat", "breathing-difficulty"}, nil},
		{"swollen lips with wheezing is anaphylaxis", "my lips swell and I get wheezing", []string{"anaphylaxis-swelling-breathing"}, nil},
		{"swollen lips alone are not anaphylaxis", "Sometimes the skin around my eyes and my lips swells.", nil, []string{"anaphylaxis-swelling-breathing", "anaphylaxis-throat"}},
		{"suicidal thoughts are an emergency", "I have been having suicidal thoughts", []string{"suicidal-thoughts"}, nil},
		{"wanting to end one's life is an emergency", "some days I want to end my life", []string{"suicidal-thoughts"}, nil},
		{"not peeing all day is severe dehydration", "I've been vomiting and haven't peed all day", []string{"severe-dehydration"}, nil},
		{"yellow eyes are urgent", "the whites of my eyes have turned yellow", []string{"yellow-skin-or-eyes"}, nil},
		{"coughing up blood is urgent", "I've been coughing up blood", []string{"coughing-blood"}, nil},
		{"an overdose is an emergency", "my friend took too many pills an hour ago", []string{"overdose-poisoning"}, nil},
		{"a swallowed button battery is an emergency", "my toddler swallowed a button battery", []string{"overdose-poisoning"}, nil},
		{"a large burn is an emergency", "he has a large burn on his chest from boiling water", []string{"severe-burns"}, nil},
		{"a small burn is not an emergency", "I burned my finger on the stove", nil, []string{"severe-burns"}},
		{"a headache in pregnancy with blurred vision is an emergency", "I'm 34 weeks pregnant with a severe headache and blurred vision", []string{"pregnancy-warning-signs"}, nil},
		{"a headache without pregnancy is not pre-eclampsia", "severe headache and blurred vision", nil, []string{"pregnancy-warning-signs"}},
		{"a newborn with a temperature is an emergency", "my newborn has a temperature of 38.2", []string{"infant-fever"}, nil},
		{"a six-week-old with a fever is an emergency", "our 6 week old has a fever", []string{"infant-fever"}, nil},
		{"a two-year-old with a fever is not an infant fever", "my 2 year old has a fever", nil, []string{"infant-fever"}},
		{"a limp, unresponsive baby is an emergency", "the baby is limp and unresponsive", []string{"floppy-unresponsive-child"}, nil},
		{"someone else's suicidal words are an emergency", "my brother says he wants to kill himself", []string{"suicidal-thoughts"}, nil},
		{"her arm she cannot lift is a stroke sign", "she can't lift her arm", []string{"stroke-arm"}, nil},
		{"an itchy rash fires nothing", "I have an itchy rash on my arms and some scaly patches", nil, []string{"chest-pain", "breathing-difficulty", "loss-of-consciousness"}},
		{"a neck that is really stiff with a fever is an emergency", "my neck is really stiff and I have a fever", []string{"fever-stiff-neck"}, nil},
		{"ending it all is suicidal", "I can't stop thinking about ending it all", []string{"suicidal-thoughts"}, nil},
		{"cut wrists are self-harm", "I have cut my wrists", []string{"suicidal-thoughts"}, nil},
		{"coughing up lots of blood with chest pain is an emergency", "I'm coughing up lots of blood and my chest hurts", []string{"chest-pain-coughing-blood"}, nil},
		{"a baby without a wet nappy all day is severe dehydration", "my baby hasn't had a wet nappy all day", []string{"severe-dehydration"}, nil},
		{"twenty sleeping pills is an overdose", "I took 20 sleeping pills", []string{"overdose-poisoning"}, nil},
		{"two tablets is no overdose", "I took 2 paracetamol tablets for my headache", nil, []string{"overdose-poisoning"}},
		{"grey and clammy is a sepsis sign", "my grandad has gone grey and clammy", []string{"sepsis-skin"}, nil},
		{"hair going grey is no sepsis sign", "my hair is going grey and the sky is grey", nil, []string{"sepsis-skin"}},
		{"a ten-day-old who feels very hot is an infant fever", "my baby is 10 days old and feels very hot", []string{"infant-fever"}, nil},
		{"a stabbing pain is no stabbing", "a sharp, stabbing pain in my belly", nil, []string{"serious-injury"}},
		{"a car that was hit is no injury to a person", "someone hit my car in the car park, I am fine", nil, []string{"serious-injury"}},
		{"a leg bent the wrong way after a crash is a serious injury", "I was hit by a car and my leg is bent the wrong way", []string{"serious-injury"}, nil},
		{"sudden blindness is an emergency", "my dad suddenly went blind in one eye", []string{"sudden-vision-loss"}, nil},
		{"blurred vision for months is not sudden vision loss", "my vision has been a bit blurry for months", nil, []string{"sudden-vision-loss"}},
		{"a head injury with vomiting is an emergency", "she fell and hit her head and now she's drowsy and being sick", []string{"head-injury-confusion"}, nil},
		{"a head injury and feeling fit is no emergency", "I bumped my head but I'm fit and well", nil, []string{"head-injury-confusion"}},
		{"Chinese: vomiting a lot of blood", "吐了好多血", []string{"vomiting-blood"}, nil},
		{"Chinese: spitting sputum is not vomiting blood", "吐痰有点黄", nil, []string{"vomiting-blood"}},
		{"Chinese: a very stiff neck with a high fever", "发高烧，脖子很硬", []string{"fever-stiff-neck"}, nil},
		{"Chinese: one side's hand and foot cannot move", "我爸突然右边手脚都动不了了", []string{"stroke-arm"}, nil},
		{"Chinese: severe chest pain with sweating", "我爷爷胸口剧痛，满头大汗", []string{"chest-pain-cardiac-signs"}, nil},
		{"Chinese: chest pressure with a numb left arm", "胸口像被大石头压着，左胳膊也麻", []string{"chest-pain-cardiac-signs"}, nil},
		{"Chinese: much blood after a car crash", "被车撞了，腿流了很多血", []string{"serious-injury", "severe-bleeding"}, nil},
		{"Chinese: stung by a bee is no stabbing", "被蜜蜂刺了一下，有点肿", nil, []string{"serious-injury"}},
		{"Chinese: not breathing", "他突然倒在地上，没有呼吸了", []string{"breathing-difficulty", "loss-of-consciousness"}, nil},
		{"a face that looks lopsided is a stroke sign", "her face looks lopsided", []string{"stroke-face"}, nil},
		{"a first fit is a seizure", "husband had a fit for the first time ever", []string{"seizure"}, nil},
		{"drinking dishwasher liquid is poisoning", "toddler drank some dishwasher liquid", []string{"overdose-poisoning"}, nil},
		{"washing-up liquid on a sponge is no poisoning", "I use washing-up liquid on a sponge", nil, []string{"overdose-poisoning"}},
		{"no fluids kept down for two days is severe dehydration", "I haven't been able to keep any fluids down for two days", []string{"severe-dehydration"}, nil},
		{"Chinese: fainted away", "我奶奶突然晕过去了", []string{"loss-of-consciousness"}, nil},
		{"Chinese: a whole box of medicine", "女儿吃了一整盒退烧药", []string{"overdose-poisoning"}, nil},
		{"Chinese: one side of the face crooked", "我爸脸一边歪了", []string{"stroke-face"}, nil},
		{"Chinese: breathing very hard and lips purple", "呼吸特别困难，嘴唇都紫了", []string{"breathing-difficulty", "cyanosis"}, nil},
		{"Chinese: drank laundry liquid", "孩子喝了洗衣液", []string{"overdose-poisoning"}, nil},
		{"Chinese: fever with delirious talk", "我妈发烧，说胡话", []string{"fever-confusion"}, nil},
		{"Chinese: a large patch of white skin after a scald", "被烫伤了，一大片皮肤发白", []string{"severe-burns"}, nil},
		{"Chinese: blood keeps spurting", "血一直喷出来", []string{"severe-bleeding"}, nil},
		{"Chinese: swollen face and lips and wheezy", "脸和嘴唇肿起来了，还有点喘", []string{"anaphylaxis-swelling-breathing"}, nil},
		{"Chinese: wanting to jump from a building", "我现在就想跳楼", []string{"suicidal-thoughts"}, nil},
		{"Chinese: washing clothes with laundry liquid is no poisoning", "用洗衣液洗衣服，手有点干", nil, []string{"overdose-poisoning"}},
	}
	checkPatterns(t, tests)
}

// patternCase is a text and the rules its patterns alone must and must
// not fire.
type patternCase struct {
	name string
	text string
	want []string // rule IDs that must fire
	not  []string // rule IDs that must not fire
}

func checkPatterns(t *testing.T, tests []patternCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := firedIDs(tt.text, nil)
			for _, id := range tt.want {
				if !slices.Contains(got, id) {
					t.Errorf("%q fired %v, want %s", tt.text, got, id)
				}
			}
			for _, id := range tt.not {
				if slices.Contains(got, id) {
					t.Errorf("%q fired %s, it must not", tt.text, id)
				}
			}
		})
	}
}

func TestRulesAreDocumented(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if r.ID == "" || r.When == "" || r.Source == "" {
			t.Errorf("rule %+v lacks an id, a description or a source", r)
		}
		if _, ok := levelRank[r.Level]; !ok {
			t.Errorf("rule %s has unknown level %q", r.ID, r.Level)
		}
		if seen[r.ID] {
			t.Errorf("rule id %s used twice", r.ID)
		}
		seen[r.ID] = true
	}
	for _, label := range []string{"Acne", "Pneumonia", "urinary tract infection"} {
		if _, _, ok := DiseaseLevel(label); !ok {
			t.Errorf("disease %q has no urgency level", label)
		}
	}
	if len(diseaseLevels) != 24 {
		t.Errorf("%d diseases have a level, want all 24", len(diseaseLevels))
	}
}

// fakeContext marks a span negated when "no " or "not " comes right before
// it, historical after "years ago", other after "my father": enough to test
// that Assess obeys the context it is given.
func fakeContext(text string, start, end int) (string, string, string) {
	before := strings.ToLower(text[:start])
	neg, temp, exp := "affirmed", "recent", "patient"
	if strings.HasSuffix(before, "no ") || strings.HasSuffix(before, "not ") {
		neg = "negated"
	}
	if strings.Contains(strings.ToLower(text[end:]), "years ago") {
		temp = "historical"
	}
	if strings.Contains(before, "my father") {
		exp = "other"
	}
	return neg, temp, exp
}

func TestAssess(t *testing.T) {
	mild := []clinical.ClassProb{{Label: "Common Cold", Prob: 0.9}, {Label: "allergy", Prob: 0.05}}
	tests := []struct {
		name      string
		text      string
		classes   []clinical.ClassProb
		uncertain bool
		wantLevel string
		wantFlag  string
	}{
		{"a red flag overrides a mild diagnosis", "runny nose, and chest pain with shortness of breath", mild, false, Emergency, "chest-pain-breathless"},
		{"a negated red flag does not fire", "runny nose, no chest pain", mild, false, SelfCare, ""},
		{"someone else's red flag fires too", "my father had a seizure", mild, false, Emergency, "seizure"},
		{"a past red flag does not fire", "I had a seizure 5 years ago", mild, false, SelfCare, ""},
		{"the classifier's level applies without flags", "cough and high fever", []clinical.ClassProb{{Label: "Pneumonia", Prob: 0.8}}, false, Urgent, ""},
		{"a plausible second disease raises the level", "fever and chills", []clinical.ClassProb{{Label: "Common Cold", Prob: 0.6}, {Label: "Malaria", Prob: 0.3}}, false, Urgent, ""},
		{"an uncertain answer is at least see-doctor", "blah", mild, true, SeeDoctor, ""},
		{"red flags fire even when nothing else is known", "I can't breathe", nil, true, Emergency, "breathing-difficulty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Assess(tt.text, tt.classes, tt.uncertain, fakeContext, nil)
			if got.Level != tt.wantLevel {
				t.Errorf("level = %s, want %s (%+v)", got.Level, tt.wantLevel, got)
			}
			if tt.wantFlag != "" && !slices.Contains(got.RedFlags, tt.wantFlag) {
				t.Errorf("red flags = %v, want %s", got.RedFlags, tt.wantFlag)
			}
			if tt.wantFlag == "" && tt.wantLevel != Emergency && len(got.RedFlags) > 0 && got.Level == Emergency {
				t.Errorf("unexpected emergency flags %v", got.RedFlags)
			}
			if got.Level == Emergency && (len(got.Reasons) == 0 || got.Reasons[0].Code != clinical.MsgCallEmergency) {
				t.Errorf("an emergency must say to call emergency services first, got %v", got.Reasons)
			}
		})
	}
}

// Every rule is the same in 简体中文: the patterns alone fire on the ways
// patients and families write each sign, and stay quiet on look-alikes.
func TestRulePatternsChinese(t *testing.T) {
	tests := []patternCase{
		{"chest pain with breathlessness is an emergency", "胸口很痛，喘不上气", []string{"chest-pain-breathless"}, nil},
		{"chest pain spreading to the arm is an emergency", "胸痛，放射到左臂，出冷汗", []string{"chest-pain-cardiac-signs"}, nil},
		{"chest pain alone is urgent", "饭后有点胸闷", []string{"chest-pain"}, []string{"chest-pain-breathless"}},
		{"a drooping mouth is a stroke sign", "我爸爸突然口角歪斜", []string{"stroke-face"}, nil},
		{"an arm that cannot be lifted is a stroke sign", "妈妈突然左侧手臂无力", []string{"stroke-arm"}, nil},
		{"slurred speech is a stroke sign", "说话含糊不清，言语不清", []string{"stroke-speech"}, nil},
		{"difficulty breathing is an emergency", "呼吸困难，说不出整句话", []string{"breathing-difficulty"}, nil},
		{"blue lips are an emergency", "孩子嘴唇发紫", []string{"cyanosis"}, nil},
		{"vomiting blood is an emergency", "今天早上吐血了", []string{"vomiting-blood"}, nil},
		{"black stools are an emergency", "这两天拉黑便", []string{"black-stools"}, nil},
		{"bleeding that will not stop is an emergency", "伤口血流不止，按压也止不住", []string{"severe-bleeding"}, nil},
		{"fever with a stiff neck is an emergency", "高烧，脖子僵硬", []string{"fever-stiff-neck"}, nil},
		{"a rash that does not fade is an emergency", "身上的皮疹压之不褪色", []string{"rash-does-not-fade"}, nil},
		{"fainting is an emergency", "刚才突然晕倒了", []string{"loss-of-consciousness"}, nil},
		{"a seizure is an emergency", "儿子正在抽搐", []string{"seizure"}, nil},
		{"a sudden severe headache is an emergency", "突然剧烈头痛，从未有过的头痛", []string{"thunderclap-headache"}, nil},
		{"sudden confusion is an emergency", "奶奶突然糊涂了，胡言乱语", []string{"sudden-confusion"}, nil},
		{"a swollen throat is anaphylaxis", "吃了花生后喉咙发紧，舌头肿", []string{"anaphylaxis-throat"}, nil},
		{"swollen lips with wheezing is anaphylaxis", "嘴唇肿了，还喘不上气", []string{"anaphylaxis-swelling-breathing"}, nil},
		{"suicidal thoughts are an emergency", "我不想活了，想自杀", []string{"suicidal-thoughts"}, nil},
		{"not passing urine all day is severe dehydration", "一直吐，一整天都没有小便", []string{"severe-dehydration"}, nil},
		{"an overdose is an emergency", "他吃了一整瓶安眠药", []string{"overdose-poisoning"}, nil},
		{"pesticide is poisoning", "老人喝了农药", []string{"overdose-poisoning"}, nil},
		{"a large burn is an emergency", "被开水大面积烫伤", []string{"severe-burns"}, nil},
		{"pregnancy with a headache and blurred vision is an emergency", "怀孕30周，头痛，视物模糊，脸肿", []string{"pregnancy-warning-signs"}, nil},
		{"a headache without pregnancy is not pre-eclampsia", "头痛，视物模糊", nil, []string{"pregnancy-warning-signs"}},
		{"a febrile two-month-old is an emergency", "两个月大的宝宝发烧", []string{"infant-fever"}, nil},
		{"a floppy baby is an emergency", "宝宝软绵绵的没反应", []string{"floppy-unresponsive-child"}, nil},
		{"yellow eyes are urgent", "眼睛发黄", []string{"yellow-skin-or-eyes"}, nil},
		{"coughing blood is urgent", "痰中带血", []string{"coughing-blood"}, nil},
		{"an itchy rash fires nothing", "手臂上有瘙痒的红疹", nil, []string{"chest-pain", "rash-does-not-fade", "breathing-difficulty"}},
		{"a cough and runny nose fire nothing", "咳嗽，流鼻涕，嗓子有点疼", nil, []string{"chest-pain", "breathing-difficulty", "anaphylaxis-throat"}},
	}
	checkPatterns(t, tests)
}

// Every emergency rule has a Chinese form for each of its signs, so that no
// emergency is English-only.
func TestEveryEmergencySignHasChinese(t *testing.T) {
	for _, r := range rules {
		if r.Level != Emergency {
			continue
		}
		for i, g := range r.all {
			if g.zh == nil {
				t.Errorf("rule %s: sign %d has no Chinese form", r.ID, i)
			}
		}
	}
}
