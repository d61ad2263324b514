package ui

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/bedside-health/bedside/engine/clinical"
)

// checkSymptoms runs the symptom page on text (and the structured answers,
// field by field as the form sets them) with the shipped model.
func checkSymptoms(t *testing.T, fake *fakeClient, text string, about ...[2]string) (*Symptoms, string) {
	t.Helper()
	e, ctx := harness(t, fake)
	s := &Symptoms{}
	s.OnMount(ctx)
	for _, a := range about {
		s.setAbout(a[0], a[1])
	}
	s.setText(text)
	s.submit(ctx)
	e.ConsumeAll()
	if s.result == nil {
		t.Fatalf("no result for %q: %s", text, s.failure)
	}
	return s, html(s)
}

// withRegion sets the region for one test.
func withRegion(t *testing.T, r Region) {
	old := region
	SetRegion(r)
	t.Cleanup(func() { region = old })
}

// mustBeOnlyEmergency checks that the page is the emergency card and
// nothing of the ordinary result: no conditions, no classifier reasons, no
// advice for a milder level.
func mustBeOnlyEmergency(t *testing.T, s *Symptoms, page, number string) {
	t.Helper()
	if !emergency(s.result) {
		t.Fatalf("the shipped model does not call %q an emergency: %+v", s.asked, s.result.Triage)
	}
	mustContain(t, page, `id="emergency"`, `href="tel:`+number+`"`)
	mustShow(t, page, trf("emergency.call", number), tr("emergency.wait.2"), regionName(region))
	for _, f := range s.result.Triage.RedFlags {
		mustShow(t, page, tr("flag."+f))
	}
	mustNotContain(t, page, `id="result-h"`, `class="bars"`, `class="bar"`, escaped(tr("symptoms.conditions")), escaped(tr("symptoms.considered")))
	for _, level := range []string{"self-care", "see-doctor", "urgent"} {
		mustNotContain(t, page, escaped(triageAdvice(level)))
	}
	for _, c := range s.result.Classes[:min(topClasses, len(s.result.Classes))] {
		mustNotContain(t, page, escaped(message(clinical.Message{Code: clinical.MsgDiseaseLevel, Args: map[string]string{"label": c.Label}})))
	}
	if i, j := strings.Index(page, `id="emergency"`), strings.Index(page, "<h1"); i > j {
		t.Error("the emergency card is not above the page heading")
	}
}

func TestEmergencyShowsOnlyTheCallCard(t *testing.T) {
	cases := []struct {
		name   string
		lang   Lang
		region Region
		number string
		text   string
		about  [][2]string
	}{
		{"crushing chest pain in China calls 120", English, China, "120", "Crushing chest pain and I am short of breath", nil},
		{"crushing chest pain in the US calls 911", English, US, "911", "Crushing chest pain and I am short of breath", nil},
		{"the UK calls 999", English, UK, "999", "Crushing chest pain and I am short of breath", nil},
		{"Australia calls 000", English, Australia, "000", "Crushing chest pain and I am short of breath", nil},
		{"Chinese chest pain and breathlessness in Chinese", Chinese, China, "120", "胸口很痛，喘不上气", nil},
		{"Chinese chest pain and breathlessness read in English", English, Europe, "112", "胸口很痛，喘不上气", nil},
		{"someone else's drooping face is a stroke", English, US, "911", "my dad's face is drooping on one side", nil},
		{"a fever in a baby under 3 months", English, UK, "999", "she has a fever", [][2]string{{"who", "other"}, {"age", "under-3-months"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fake := &fakeClient{}
			withRegion(t, c.region)
			s, page := func() (*Symptoms, string) {
				e, ctx := harness(t, fake)
				SetLang(c.lang)
				s := &Symptoms{}
				s.OnMount(ctx)
				for _, a := range c.about {
					s.setAbout(a[0], a[1])
				}
				s.setText(c.text)
				s.submit(ctx)
				e.ConsumeAll()
				return s, html(s)
			}()
			if s.result == nil {
				t.Fatalf("no result: %s", s.failure)
			}
			mustBeOnlyEmergency(t, s, page, c.number)
			if c.lang == Chinese {
				mustContain(t, page, "拨打 "+c.number)
				mustNotContain(t, page, "Call emergency services")
			}
		})
	}
	t.Run("the same text without the baby's age is no emergency", func(t *testing.T) {
		s, _ := checkSymptoms(t, &fakeClient{}, "she has a fever")
		if emergency(s.result) {
			t.Errorf("a fever alone is an emergency: %+v", s.result.Triage)
		}
	})
}

func TestStructuredStep(t *testing.T) {
	sent := func(t *testing.T, fake *fakeClient) map[string]any {
		t.Helper()
		for _, c := range fake.calls {
			if in, ok := strings.CutPrefix(c, "predict "+symptomModel+" "); ok {
				var m map[string]any
				if err := json.Unmarshal([]byte(in), &m); err != nil {
					t.Fatal(err)
				}
				return m
			}
		}
		t.Fatal("the model was not asked")
		return nil
	}
	t.Run("nothing chosen sends no about", func(t *testing.T) {
		fake := &fakeClient{}
		checkSymptoms(t, fake, "itchy elbows")
		if _, ok := sent(t, fake)["about"]; ok {
			t.Errorf("sent %v", sent(t, fake))
		}
	})
	t.Run("only the chosen fields are sent", func(t *testing.T) {
		fake := &fakeClient{}
		checkSymptoms(t, fake, "I have a headache", [2]string{"sex", "female"}, [2]string{"pregnant", "true"}, [2]string{"weeks", "20"}, [2]string{"severity", "severe"})
		got, _ := json.Marshal(sent(t, fake)["about"])
		if want := `{"pregnant":true,"severity":"severe","sex":"female","weeks":20}`; string(got) != want {
			t.Errorf("about = %s, want %s", got, want)
		}
	})
	t.Run("choosing male clears a pregnancy", func(t *testing.T) {
		s := &Symptoms{}
		s.setAbout("sex", "female")
		s.setAbout("pregnant", "true")
		s.setAbout("weeks", "12")
		s.setAbout("sex", "male")
		if s.about.Pregnant || s.about.Weeks != 0 {
			t.Errorf("about = %+v", s.about)
		}
		if strings.Contains(html(s), `id="about-pregnant"`) {
			t.Error("the pregnancy box is offered for male")
		}
	})
	t.Run("unreadable weeks are refused at the field and nothing runs", func(t *testing.T) {
		fake := &fakeClient{}
		e, ctx := harness(t, fake)
		s := &Symptoms{}
		s.OnMount(ctx)
		s.setAbout("sex", "female")
		s.setAbout("pregnant", "true")
		s.setAbout("weeks", "60")
		s.setText("I have a headache")
		s.submit(ctx)
		e.ConsumeAll()
		mustShow(t, html(s), tr("about.weeks.error"))
		if fake.called("predict") != 0 {
			t.Error("the model ran with 60 weeks of pregnancy")
		}
	})
	for _, c := range []struct {
		name, text string
		about      [][2]string
		reason     string
	}{
		{"a child is said to be out of scope", "I have a cough", [][2]string{{"age", "5-to-15"}}, "child"},
		{"a pregnancy is said to be out of scope", "I have a headache", [][2]string{{"sex", "female"}, {"pregnant", "true"}}, "pregnancy"},
	} {
		for _, l := range Langs {
			t.Run(c.name+" in "+string(l), func(t *testing.T) {
				fake := &fakeClient{}
				e, ctx := harness(t, fake)
				SetLang(l)
				s := &Symptoms{}
				s.OnMount(ctx)
				for _, a := range c.about {
					s.setAbout(a[0], a[1])
				}
				mustShow(t, html(s), tr("about.scope"))
				s.setText(c.text)
				s.submit(ctx)
				e.ConsumeAll()
				mustShow(t, html(s), message(clinical.Message{Code: clinical.MsgOutOfScope, Args: map[string]string{"reason": c.reason}}))
			})
		}
	}
	t.Run("the labels are in both languages", func(t *testing.T) {
		for _, l := range Langs {
			SetLang(l)
			page := html(&Symptoms{})
			for _, k := range []string{"about.title", "about.who.other", "about.age.under-3-months", "about.duration.days", "about.severity.severe"} {
				mustShow(t, page, tr(k))
			}
		}
		SetLang(English)
	})
}

func TestAbstention(t *testing.T) {
	for _, text := range []string{"I would like to order a pizza with extra cheese", "the weather is nice today and I like football"} {
		t.Run("a non-medical text shows no condition: "+text, func(t *testing.T) {
			s, page := checkSymptoms(t, &fakeClient{}, text)
			if !s.result.Abstain {
				t.Fatalf("the shipped model does not abstain: %+v", s.result.Triage)
			}
			mustShow(t, page, message(clinical.Message{Code: clinical.MsgCannotTell}))
			mustNotContain(t, page, `class="bars"`, escaped(tr("symptoms.conditions")), escaped(tr("symptoms.considered")), escaped(tr("triage.label")))
			if len(s.result.Classes) != 0 {
				t.Errorf("an abstention carries classes: %v", s.result.Classes)
			}
			result := page[strings.Index(page, `id="result-h"`):]
			for _, label := range shippedCard(t, symptomModel).Labels {
				mustNotContain(t, result, ">"+escaped(diseaseName(label))+"<")
			}
		})
	}
	for _, l := range Langs {
		t.Run("Chinese text says the classifier reads English and still highlights in "+string(l), func(t *testing.T) {
			fake := &fakeClient{}
			e, ctx := harness(t, fake)
			SetLang(l)
			s := &Symptoms{}
			s.OnMount(ctx)
			s.setText("我头痛，有点发烧")
			s.submit(ctx)
			e.ConsumeAll()
			page := html(s)
			if !s.result.Abstain || len(s.result.Findings) == 0 {
				t.Fatalf("expected an abstention with findings, got %+v", s.result)
			}
			mustShow(t, page, tr("symptoms.english_only"), message(clinical.Message{Code: clinical.MsgCannotTell}))
			for _, f := range s.result.Findings {
				mustContain(t, page, ">"+f.Text+"</mark>")
			}
			// The clinic suggestion has bars of its own; no disease has.
			mustNotContain(t, withoutDepartment(page), `class="bars"`)
		})
	}
	t.Run("an abstention keeps an urgent red flag", func(t *testing.T) {
		_, ctx := harness(t, &fakeClient{})
		s := &Symptoms{}
		s.OnMount(ctx)
		s.result = &clinical.TextPrediction{Model: symptomModel, Abstain: true, Uncertain: true,
			Classes: []clinical.ClassProb{{Label: "allergy", Prob: 0.3}},
			Triage: &clinical.Triage{Level: "urgent", RedFlags: []string{"coughing-blood"}, Reasons: []clinical.Message{
				{Code: clinical.MsgRedFlag, Args: map[string]string{"rule": "coughing-blood"}},
				{Code: clinical.MsgDiseaseLevel, Args: map[string]string{"label": "allergy", "level": "self-care", "prob": "0.3"}},
			}}}
		page := html(s)
		mustShow(t, page, tr("flag.coughing-blood"), triageName("urgent"))
		mustNotContain(t, page, escaped(diseaseName("allergy")), `class="bars"`)
	})
}

func TestConditionsHaveDisplayNames(t *testing.T) {
	card := shippedCard(t, symptomModel)
	if len(card.Labels) == 0 {
		t.Fatal("the symptom card lists no labels")
	}
	for _, l := range Langs {
		for _, label := range card.Labels {
			if _, ok := tables[l]["disease."+normKey(label)]; !ok {
				t.Errorf("%s has no name for the class %q", l, label)
			}
		}
	}
	_, page := checkSymptoms(t, &fakeClient{}, "itchy red patches on my elbows, no fever")
	for _, raw := range []string{">Chicken pox<", ">allergy<", ">drug reaction<"} {
		mustNotContain(t, page, raw)
	}
}

func TestAStaleResultIsDimmedThenRemoved(t *testing.T) {
	stale := `stale-note`
	t.Run("symptoms", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		s := &Symptoms{}
		s.OnMount(ctx)
		s.setText("itchy red patches on my elbows, no fever")
		s.submit(ctx)
		e.ConsumeAll()
		mustNotContain(t, html(s), stale)
		s.setText("itchy red patches on my elbows, no fever, and a cough")
		page := html(s)
		mustContain(t, page, `class="result stale"`, stale)
		mustShow(t, page, tr("result.stale"))
		s.setText("itchy red patches on my elbows, no fever")
		mustNotContain(t, html(s), stale)
		s.setAbout("age", "65-plus")
		mustContain(t, html(s), stale)
		s.setText("")
		s.submit(ctx)
		e.ConsumeAll()
		page = html(s)
		mustNotContain(t, page, `id="result-h"`, stale)
		mustShow(t, page, tr("err.text.empty"))
	})
	t.Run("an emergency card too", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		s := &Symptoms{}
		s.OnMount(ctx)
		s.setText("Crushing chest pain and I am short of breath")
		s.submit(ctx)
		e.ConsumeAll()
		s.setText("Crushing chest pain")
		mustContain(t, html(s), `class="emergency stale"`, stale)
	})
	t.Run("risk form", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		r := &Risk{Model: "pima"}
		r.OnMount(ctx)
		e.ConsumeAll()
		r.applyExample(0)
		r.submit(ctx)
		e.ConsumeAll()
		if r.risk == nil {
			t.Fatalf("no result: %s", r.failure)
		}
		mustNotContain(t, html(r), stale)
		r.setField("glucose", "150", true)
		page := html(r)
		mustContain(t, page, `class="result stale"`, stale)
		mustShow(t, page, tr("risk.stale"))
		r.setField("glucose", "abc", true)
		r.submit(ctx)
		e.ConsumeAll()
		mustNotContain(t, html(r), `id="risk-result-h"`, stale)
	})
	t.Run("survival form", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		r := &Risk{Model: survivalModel}
		r.OnMount(ctx)
		e.ConsumeAll()
		r.applyExample(0)
		r.submit(ctx)
		e.ConsumeAll()
		if r.surv == nil {
			t.Fatalf("no result: %s", r.failure)
		}
		f := r.card.Inputs[0]
		r.setField(f.Name, formatNumber(f.Max*100+1), false) // still typing
		mustContain(t, html(r), stale)
		r.setField(f.Name, formatNumber(f.Max*100+1), true) // left the field: invalid
		mustNotContain(t, html(r), `id="surv-result-h"`, stale)
		r.submit(ctx)
		e.ConsumeAll()
		mustNotContain(t, html(r), `id="surv-result-h"`, stale)
	})
	t.Run("notes", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		n := &Notes{}
		n.OnMount(ctx)
		n.setText(en["example.note"])
		n.submit(ctx)
		e.ConsumeAll()
		// The notes page keeps its stale note in the page, shown by the
		// section's stale class alone, so typing needs no redraw.
		mustNotContain(t, html(n), `class="result stale"`)
		n.setText(en["example.note"] + " Denies cough.")
		mustContain(t, html(n), `class="result stale"`, stale)
		n.setText("")
		n.submit(ctx)
		e.ConsumeAll()
		mustNotContain(t, html(n), `id="notes-result-h"`, stale)
	})
}

func TestRegion(t *testing.T) {
	t.Run("Hong Kong dials 999 and Taiwan 119", func(t *testing.T) {
		for r, want := range map[Region]string{HongKong: "999", Taiwan: "119"} {
			if got := r.EmergencyNumber(); got != want {
				t.Errorf("%s dials %s, want %s", r, got, want)
			}
			withRegion(t, r)
			s, page := checkSymptoms(t, &fakeClient{}, "Crushing chest pain and I am short of breath")
			mustBeOnlyEmergency(t, s, page, want)
		}
	})
	t.Run("clear all forgets the region now, not at the next reload", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		withRegion(t, Europe)
		guess := startRegion() // what a browser with nothing stored starts with
		s := &Settings{}
		s.OnMount(ctx)
		e.ConsumeAll()
		pick := Taiwan
		if guess == Taiwan {
			pick = HongKong
		}
		s.setRegion(pick)
		if region != pick {
			t.Fatalf("region %s after choosing %s", region, pick)
		}
		s.clearAll(ctx)
		e.ConsumeAll()
		if region != guess {
			t.Errorf("region %s after clear all, want the locale's guess %s", region, guess)
		}
		if !strings.Contains(html(s), tr("settings.cleared")) {
			t.Errorf("no confirmation that everything was cleared: %s", s.message)
		}
	})
	for _, c := range []struct {
		tag   string
		want  Region
		known bool
	}{
		{"zh-CN", China, true}, {"zh", China, true}, {"zh-Hans-CN", China, true},
		{"en-US", US, true}, {"en-GB", UK, true}, {"en-AU", Australia, true}, {"en-IN", India, true},
		{"de", Europe, true}, {"fr-FR", Europe, true}, {"es", Europe, true}, {"it-IT", Europe, true}, {"en-IE", Europe, true},
		{"zh-HK", HongKong, true}, {"zh-Hant-HK", HongKong, true}, {"en-HK", HongKong, true}, {"zh-TW", Taiwan, true}, {"zh-Hant-TW", Taiwan, true},
		{"es-MX", Europe, false}, {"zh-Hant", Europe, false}, {"en", Europe, false}, {"ja-JP", Europe, false}, {"", Europe, false},
	} {
		if got, known := RegionFromLocale(c.tag); got != c.want || known != c.known {
			t.Errorf("RegionFromLocale(%q) = %s, %v; want %s, %v", c.tag, got, known, c.want, c.known)
		}
	}
	t.Run("each region has a number, a name and an advice line in both languages", func(t *testing.T) {
		for _, r := range Regions {
			if r.EmergencyNumber() == "" {
				t.Errorf("%s has no emergency number", r)
			}
			for _, l := range Langs {
				for _, k := range []string{"region." + string(r), "region." + string(r) + ".line"} {
					if _, ok := tables[l][k]; !ok {
						t.Errorf("%s lacks %q", l, k)
					}
				}
			}
		}
	})
	t.Run("the advice names the region's advice line, and only the UK's names the NHS", func(t *testing.T) {
		defer SetRegion(region)
		for _, l := range Langs {
			SetLang(l)
			for _, r := range Regions {
				SetRegion(r)
				for _, level := range []string{"self-care", "see-doctor", "urgent"} {
					a := triageAdvice(level)
					if !strings.Contains(a, adviceLine()) || strings.Contains(a, "{") {
						t.Errorf("%s %s %s: %q", l, r, level, a)
					}
					if r != UK && (strings.Contains(a, "NHS") || strings.Contains(a, "111") || strings.Contains(a, "Samaritans")) {
						t.Errorf("%s %s %s is UK-only: %q", l, r, level, a)
					}
				}
			}
		}
		SetLang(English)
	})
	t.Run("the settings page offers the regions with their numbers and keeps the choice", func(t *testing.T) {
		_, ctx := harness(t, &fakeClient{})
		withRegion(t, Europe)
		s := &Settings{}
		s.OnMount(ctx)
		page := html(s)
		mustContain(t, page, `id="region-select"`)
		mustShow(t, page, trf("settings.region.option", regionName(China), "120"), trf("settings.region.option", regionName(US), "911"))
		s.setRegion(China)
		if region != China {
			t.Errorf("region = %s after choosing China", region)
		}
		// go-app writes attributes in no fixed order.
		if p := html(s); !regexp.MustCompile(`<option (?:value="cn" selected|selected value="cn")`).MatchString(p) {
			i := strings.Index(p, `region-select`)
			t.Errorf("China is not selected: %s", p[i:i+400])
		}
	})
}

func TestChineseTextGetsAClinicSuggestion(t *testing.T) {
	run := func(t *testing.T, fake *fakeClient, l Lang, text string) (*Symptoms, string) {
		t.Helper()
		e, ctx := harness(t, fake)
		SetLang(l)
		s := &Symptoms{}
		s.OnMount(ctx)
		s.setText(text)
		s.submit(ctx)
		e.ConsumeAll()
		if s.result == nil {
			t.Fatalf("no result for %q: %s", text, s.failure)
		}
		return s, html(s)
	}
	for _, c := range []struct {
		lang        Lang
		title, name string
	}{{Chinese, "建议挂号科室", "消化科"}, {English, "Suggested clinic", "Gastroenterology"}} {
		t.Run("stomach pain in Chinese suggests gastroenterology, read in "+string(c.lang), func(t *testing.T) {
			fake := &fakeClient{}
			s, page := run(t, fake, c.lang, "最近胃痛，吃完饭就胀，还反酸")
			if s.dept == nil || len(s.dept.Classes) < 2 {
				t.Fatalf("no department suggestion: %+v", s.dept)
			}
			if s.dept.Classes[0].Label != "消化科" {
				t.Errorf("the shipped department model's first clinic for stomach pain is %q", s.dept.Classes[0].Label)
			}
			mustContain(t, page, `id="department"`, `href="/models/department"`)
			mustShow(t, page, c.title, c.name, tr("dept.disclaimer"), tr("dept.chars"))
			for _, cl := range s.dept.Classes[:2] {
				mustShow(t, page, departmentName(cl.Label), formatPercent(cl.Prob))
			}
			mustNotContain(t, page, ">"+escaped(departmentName(s.dept.Classes[2].Label))+"<")
			chars := drivingChars(s.dept.Tokens, deptChars)
			if len(chars) == 0 || chars[0] != "胃" {
				t.Errorf("the characters that drove it are %q, want 胃 first", chars)
			}
			for _, ch := range chars {
				mustContain(t, page, `<mark class="dept-char">`+ch+`</mark>`)
			}
			if i, j := strings.Index(page, `id="department"`), strings.Index(page, `id="result-h"`); i < j {
				t.Error("the clinic suggestion comes before the triage result")
			}
		})
	}
	t.Run("a Chinese emergency shows only the call card, no clinic", func(t *testing.T) {
		fake := &fakeClient{}
		withRegion(t, China)
		s, page := run(t, fake, Chinese, "胸口很痛，喘不上气")
		mustBeOnlyEmergency(t, s, page, "120")
		mustNotContain(t, page, `id="department"`, "建议挂号科室")
		if n := fake.called("predict " + departmentModel); n != 0 {
			t.Errorf("the department model was asked %d times about an emergency", n)
		}
	})
	t.Run("English text asks no department model", func(t *testing.T) {
		fake := &fakeClient{}
		_, page := run(t, fake, English, "itchy red patches on my elbows, no fever")
		mustNotContain(t, page, `id="department"`)
		if n := fake.called("predict " + departmentModel); n != 0 {
			t.Errorf("the Chinese-only department model was asked about English text %d times", n)
		}
	})
	t.Run("a department failure leaves the triage standing", func(t *testing.T) {
		fake := &fakeClient{}
		fake.predict = func(name string, input []byte) ([]byte, error) {
			if name == departmentModel {
				return nil, &clinical.Error{Op: "predict", Kind: clinical.Other, Err: errors.New("worker died")}
			}
			return fake.run(name, input)
		}
		s, page := run(t, fake, Chinese, "最近胃痛，吃完饭就胀，还反酸")
		if s.dept != nil || s.failure != "" {
			t.Errorf("dept %+v, failure %q", s.dept, s.failure)
		}
		mustContain(t, page, `id="result-h"`)
		mustNotContain(t, page, `id="department"`)
	})
	t.Run("a validation error removes the suggestion", func(t *testing.T) {
		e, ctx := harness(t, &fakeClient{})
		s := &Symptoms{}
		s.OnMount(ctx)
		s.setText("最近胃痛，吃完饭就胀，还反酸")
		s.submit(ctx)
		e.ConsumeAll()
		if s.dept == nil {
			t.Fatal("no suggestion to remove")
		}
		s.setText("")
		s.submit(ctx)
		e.ConsumeAll()
		if s.dept != nil {
			t.Error("the suggestion outlived a validation error")
		}
		mustNotContain(t, html(s), `id="department"`)
	})
}

// withoutDepartment is the page without the clinic suggestion's section.
func withoutDepartment(page string) string {
	// go-app writes attributes in no fixed order: find the id, then its tag.
	k := strings.Index(page, `id="department"`)
	if k < 0 {
		return page
	}
	i := strings.LastIndex(page[:k], "<section")
	j := strings.Index(page[i:], "</section>")
	if j < 0 {
		return page[:i]
	}
	return page[:i] + page[i+j+len("</section>"):]
}
