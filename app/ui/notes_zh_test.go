package ui

import (
	"testing"

	"github.com/bedside-health/bedside/nlp"
)

// A Chinese note is read in Chinese (sections, findings with their context)
// and the English-only specialty model makes no guess on it.
func TestChineseNote(t *testing.T) {
	const note = "主诉：胸痛2小时。\n现病史：患者否认发热，伴气促。\n既往史：高血压10年。"
	fake := &fakeClient{}
	e, ctx := harness(t, fake)
	n := &Notes{}
	n.OnMount(ctx)
	n.text = note
	n.submit(ctx)
	e.ConsumeAll()
	page := html(n)
	got := nlp.AnalyzeNote(note)
	if len(got.Findings) < 3 || len(got.Sections) < 3 {
		t.Fatalf("the Chinese note gave %d findings and %d sections", len(got.Findings), len(got.Sections))
	}
	for _, f := range got.Findings {
		mustContain(t, page, `class="ctx-`+contextClass(f)+`">`+escaped(f.Text)+"<")
	}
	mustShow(t, page, tr("notes.englishonly"))
	if fake.called("predict specialty") > 0 {
		t.Error("the specialty model was asked about a Chinese note")
	}
}
